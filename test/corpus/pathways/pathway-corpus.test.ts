import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parsePathwayJson } from '../../../src/domain/recovery/pathway-schema.ts'

const dir = path.dirname(fileURLToPath(import.meta.url))
type Expected = { ok: true } | { ok: false; problems: { path: string; messageContains: string }[] }
const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected-errors.json'), 'utf8')) as Record<string, Expected>
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'expected-errors.json').sort()
const good = fs.readFileSync(path.join(dir, 'good-minimal.json'), 'utf8')

describe('the pathway file corpus', () => {
  it('has an expected result for every file, and a file for every expected result', () => {
    expect(files).toEqual(Object.keys(expected).sort())
  })

  it.each(files)('%s gives the expected result', (file) => {
    const result = parsePathwayJson(fs.readFileSync(path.join(dir, file), 'utf8'))
    const want = expected[file]!
    if (want.ok) {
      expect(result.ok ? [] : result.problems).toEqual([])
      return
    }
    expect(result.ok).toBe(false)
    if (result.ok) return
    for (const p of want.problems) {
      const found = result.problems.find((r) => r.path === p.path && r.message.includes(p.messageContains))
      expect(found, `${file}: a problem at "${p.path}" containing "${p.messageContains}"; got ${JSON.stringify(result.problems)}`).toBeDefined()
    }
  })
})

describe('parsePathwayJson under fuzzing', () => {
  const wellFormed = (r: ReturnType<typeof parsePathwayJson>) =>
    r.ok ? typeof r.pathway.id === 'string' && r.pathway.stages.length > 0 : r.problems.length > 0 && r.problems.every((p) => typeof p.path === 'string' && p.message.length > 0)

  it('never throws on arbitrary text, and always explains a refusal', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (text) => wellFormed(parsePathwayJson(text))), { numRuns: 300 })
  })

  it('never throws on arbitrary JSON values', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => wellFormed(parsePathwayJson(JSON.stringify(value)))), { numRuns: 300 })
  })

  it('never throws on a good file with a value replaced anywhere, truncated or with a character changed', () => {
    const doc = JSON.parse(good) as unknown
    const paths: (string | number)[][] = []
    const walk = (v: unknown, at: (string | number)[]) => {
      paths.push(at)
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...at, i]))
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...at, k])
    }
    walk(doc, [])
    const replace = fc.tuple(fc.constantFrom(...paths.filter((p) => p.length > 0)), fc.jsonValue({ maxDepth: 2 })).map(([at, value]) => {
      const copy = JSON.parse(good) as Record<string | number, unknown>
      let node = copy as Record<string | number, unknown>
      for (const k of at.slice(0, -1)) node = node[k] as Record<string | number, unknown>
      node[at[at.length - 1]!] = value
      return JSON.stringify(copy)
    })
    const truncate = fc.nat({ max: good.length }).map((n) => good.slice(0, n))
    const flip = fc.tuple(fc.nat({ max: good.length - 1 }), fc.string({ minLength: 1, maxLength: 1 })).map(([i, c]) => good.slice(0, i) + c + good.slice(i + 1))
    fc.assert(fc.property(fc.oneof(replace, truncate, flip), (text) => wellFormed(parsePathwayJson(text))), { numRuns: 500 })
  })
})
