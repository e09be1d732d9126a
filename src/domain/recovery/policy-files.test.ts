import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PATHWAY_DIR, pathwayFileNames, readPathwayFile } from './default-pathways.testing.ts'
import { formatProblems, parsePathwayJson, type Pathway } from './pathway-schema.ts'
import { checkPathwaySet } from './select-pathway.ts'
import { isLegalAction } from './vocabulary.ts'

const files = pathwayFileNames()

function load(file: string): Pathway {
  const result = parsePathwayJson(readPathwayFile(file))
  if (!result.ok) throw new Error(`\n${formatProblems(result.problems, file)}`)
  return result.pathway
}

describe('policies/pathways', () => {
  it('holds the default pathways the issue asks for', () => {
    expect(files).toEqual([
      'assured-rent-pre-rra.json',
      'assured-rent-rra-2025-social.json',
      'assured-rent-rra-2025.json',
      'former-tenant-arrears.json',
      'garage.json',
      'introductory-rent.json',
      'pitch-with-utilities.json',
      'secure-rent.json',
      'sundry-debt.json',
      'temporary-accommodation-licence.json',
      'temporary-accommodation-tenancy.json',
    ])
  })

  describe.each(files)('%s', (file) => {
    it('is a valid pathway', () => {
      expect(() => load(file)).not.toThrow()
    })

    it('is named after its id', () => {
      expect(file).toBe(`${load(file).id}.json`)
    })

    it('cites a source for the pathway and for every notice, legal and court stage', () => {
      const pathway = load(file)
      expect(pathway.source.length).toBeGreaterThan(40)
      for (const stage of pathway.stages) {
        if (isLegalAction(stage.action.type) || stage.action.type === 'hearing') {
          expect(stage.source, `${file} ${stage.id}`).toBeTruthy()
        }
      }
    })
  })

  it('contains no two pathways that would tie for the same account', () => {
    expect(checkPathwaySet(files.map(load))).toEqual([])
  })

  it('keeps the unconfirmed social housing RRA commencement out of force until configured [U]', () => {
    const social = load('assured-rent-rra-2025-social.json')
    expect(social.commencement?.key).toBe('rra2025.social-housing-assured')
    expect(social.commencement?.note).toContain('[U]')
  })
})

describe('policies/README.md', () => {
  it('shows an example that is itself a valid pathway', () => {
    const readme = readFileSync(join(PATHWAY_DIR, '..', 'README.md'), 'utf8')
    const example = /```json\n([\s\S]*?)```/.exec(readme)?.[1]
    expect(example).toBeDefined()
    const result = parsePathwayJson(example!)
    expect(result.ok ? [] : result.problems).toEqual([])
  })
})
