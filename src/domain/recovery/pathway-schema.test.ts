import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { formatProblems, parsePathwayJson, validatePathway, type Problem } from './pathway-schema.ts'

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '__fixtures__')
const fixtureText = (name: string) => readFileSync(join(FIXTURES, name), 'utf8')
const fixture = (name: string) => JSON.parse(fixtureText(name)) as Record<string, any>

function problemsOf(doc: unknown): Problem[] {
  const result = validatePathway(doc)
  if (result.ok) throw new Error('expected the pathway to be invalid')
  return result.problems
}

describe('validatePathway: a valid pathway', () => {
  it('returns the typed pathway with next-edges filled in and the default reset rule', () => {
    const result = parsePathwayJson(fixtureText('valid-minimal.json'))
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.pathway.stages.map((s) => [s.id, s.next])).toEqual([
      ['letter_1', ['letter_2']],
      ['letter_2', ['nosp']],
      ['nosp', ['claim']],
      ['claim', []],
    ])
    expect(result.pathway.resetWhen).toEqual({ all: [{ field: 'arrearsPence', op: 'lte', value: 0 }] })
    expect(result.pathway.stages[0]!.blockedByHolds).toEqual([])
  })
})

describe('validatePathway: broken fixtures', () => {
  it.each([
    ['broken-unknown-stage.json', [{ path: 'stages[1].next[0]', message: 'Stage "letter_2" names an unknown next stage "letter_3"' }]],
    [
      'broken-cycle.json',
      [
        {
          path: 'stages[3].next',
          message: 'Cycle letter_2 → nosp → claim → letter_2: stages must not loop back; a case returns to the first stage only through "resetWhen" when the arrears clear',
        },
      ],
    ],
    ['broken-missing-action.json', [{ path: 'stages[1].action', message: 'Missing action: every stage needs an action such as {"type": "letter"}' }]],
    [
      'broken-legal-without-proportionality.json',
      [
        { path: 'stages[2].checks', message: 'Stage "nosp" is a legal step ("notice") and must require "proportionality_recorded" and "equality_act_considered"' },
        { path: 'stages[3].checks', message: 'Stage "claim" is a legal step ("claim") and must require "proportionality_recorded"' },
      ],
    ],
  ])('%s', (file, expected) => {
    const result = parsePathwayJson(fixtureText(file))
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.problems).toEqual(expected)
  })
})

describe('validatePathway: problems named field by field', () => {
  type Mutate = (doc: Record<string, any>) => void
  it.each<[string, Mutate, Problem[]]>([
    [
      'duplicate stage ids',
      (d) => (d.stages[1].id = 'letter_1'),
      [{ path: 'stages[1].id', message: 'Duplicate stage id "letter_1" (also stages[0])' }],
    ],
    [
      'a condition on an unknown field',
      (d) => (d.stages[0].entry.all[0].field = 'arrears'),
      [{ path: 'stages[0].entry.all[0].field', message: expect.stringContaining('Unknown condition field "arrears"') as unknown as string }],
    ],
    [
      'a condition value of the wrong type',
      (d) => (d.stages[0].entry.all[0].value = 'four'),
      [{ path: 'stages[0].entry.all[0].value', message: '"arrearsWeeks" needs a number of weeks ≥ 0 with at most 2 decimal places, got "four"' }],
    ],
    [
      'weeks with too many decimals',
      (d) => (d.stages[0].entry.all[0].value = 2.125),
      [{ path: 'stages[0].entry.all[0].value', message: '"arrearsWeeks" needs a number of weeks ≥ 0 with at most 2 decimal places, got 2.125' }],
    ],
    [
      'pence that are not whole',
      (d) => (d.stages[0].entry.all[0] = { field: 'arrearsPence', op: 'gte', value: 100.5 }),
      [{ path: 'stages[0].entry.all[0].value', message: '"arrearsPence" needs a whole number of pence, got 100.5' }],
    ],
    [
      'an operator that does not apply to the field',
      (d) => (d.stages[0].entry.all[0].op = 'in'),
      [{ path: 'stages[0].entry.all[0].op', message: 'Operator "in" does not apply to "arrearsWeeks"; use one of "gte", "gt", "lte", "lt", "eq", "neq"' }],
    ],
    [
      'an unknown word for an enum field',
      (d) => d.stages[0].entry.all.push({ field: 'arrangementStatus', op: 'in', value: ['kept', 'broken'] }),
      [{ path: 'stages[0].entry.all[1].value[1]', message: '"arrangementStatus" cannot be "broken"; use one of "kept", "breached", "none"' }],
    ],
    [
      'noticeKind on a field that is not about a notice',
      (d) => (d.stages[0].entry.all[0].noticeKind = 'nosp_secure'),
      [{ path: 'stages[0].entry.all[0].noticeKind', message: '"noticeKind" only applies to noticeExpired and noticeValid' }],
    ],
    [
      'an empty "any" group',
      (d) => (d.stages[0].entry = { any: [] }),
      [{ path: 'stages[0].entry.any', message: 'An empty "any" group can never be met' }],
    ],
    [
      'a stage with no entry conditions',
      (d) => delete d.stages[0].entry,
      [{ path: 'stages[0].entry', message: 'Missing conditions: write {"all": [conditions]} or {"any": [conditions]} ({"all": []} for none)' }],
    ],
    [
      'a notice stage without notice details',
      (d) => delete d.stages[2].action.notice,
      [{ path: 'stages[2].action.notice', message: 'Stage "nosp" serves a notice but has no notice details {"kind", "minimumDays", …}' }],
    ],
    [
      'notice details on a letter',
      (d) => (d.stages[0].action.notice = { kind: 'nosp_secure' }),
      [{ path: 'stages[0].action.notice', message: 'Stage "letter_1" has notice details but its action is "letter", not "notice"' }],
    ],
    [
      'a legal step the system may take by itself',
      (d) => (d.stages[2].authorisedBy = ['system']),
      [{ path: 'stages[2].authorisedBy', message: 'Stage "nosp" is a legal step ("notice") and cannot be authorised by "system": an officer must decide' }],
    ],
    [
      'a claim after a notice that does not check the notice',
      (d) => (d.stages[3].entry = { all: [{ field: 'noticeExpired', op: 'eq', value: true }] }),
      [
        {
          path: 'stages[3].entry',
          message: 'Stage "claim" issues a claim after a notice and must require {"field": "noticeValid", "op": "eq", "value": true} in its top-level "all"',
        },
      ],
    ],
    [
      'a stage that cannot be reached',
      (d) => (d.stages[1].next = ['claim']),
      [{ path: 'stages[2]', message: 'Stage "nosp" cannot be reached from the first stage "letter_1"' }],
    ],
    [
      'a stage that names itself next',
      (d) => (d.stages[3].next = ['claim']),
      [expect.objectContaining({ path: 'stages[3].next', message: expect.stringContaining('Cycle claim → claim') }) as unknown as Problem],
    ],
    [
      'an unknown action type',
      (d) => (d.stages[0].action.type = 'email'),
      [{ path: 'stages[0].action.type', message: expect.stringContaining('Invalid option') as unknown as string }],
    ],
    [
      'a misspelt key',
      (d) => {
        d.stages[0].waitdays = d.stages[0].waitDays
        delete d.stages[0].waitDays
      },
      [
        { path: 'stages[0].waitDays', message: 'Missing "waitDays"' },
        { path: 'stages[0]', message: 'Unrecognized key: "waitdays"' },
      ],
    ],
    [
      'an impossible effective date',
      (d) => (d.effectiveFrom = '2026-02-30'),
      [{ path: 'effectiveFrom', message: 'Must be a real date written YYYY-MM-DD' }],
    ],
    [
      'an unknown account type and an empty tenure list',
      (d) => (d.appliesTo = { accountTypes: ['parking'], tenures: [] }),
      [
        { path: 'appliesTo.accountTypes[0]', message: expect.stringContaining('Invalid option') as unknown as string },
        { path: 'appliesTo.tenures', message: 'Omit "tenures" to apply to any tenure' },
      ],
    ],
    [
      'no role to authorise a stage',
      (d) => (d.stages[0].authorisedBy = []),
      [{ path: 'stages[0].authorisedBy', message: 'At least one role must be able to authorise the stage' }],
    ],
  ])('%s', (_name, mutate, expected) => {
    const doc = fixture('valid-minimal.json')
    mutate(doc)
    expect(problemsOf(doc)).toEqual(expected)
  })

  it('reports every problem at once, not just the first', () => {
    const doc = fixture('valid-minimal.json')
    delete doc.stages[1].action
    doc.stages[1].next = ['nowhere']
    doc.stages[2].checks = []
    expect(problemsOf(doc).map((p) => p.path)).toEqual(['stages[1].action', 'stages[2].checks', 'stages[1].next[0]'])
  })

  it('accepts nested condition groups and a custom reset rule', () => {
    const doc = fixture('valid-minimal.json')
    doc.stages[2].entry = {
      all: [
        { field: 'arrangementStatus', op: 'neq', value: 'kept' },
        { any: [{ field: 'arrearsWeeks', op: 'gte', value: 7 }, { all: [{ field: 'arrangementStatus', op: 'eq', value: 'breached' }, { field: 'arrearsWeeks', op: 'gte', value: 5 }] }] },
      ],
    }
    doc.resetWhen = { all: [{ field: 'balancePence', op: 'lte', value: 0 }] }
    const result = validatePathway(doc)
    expect(result.ok).toBe(true)
  })

  it('rejects a document that is not an object, and text that is not JSON', () => {
    expect(problemsOf(null)).toEqual([{ path: '', message: 'Invalid input: expected object, received null' }])
    const result = parsePathwayJson('{"id": ')
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.problems[0]!.message).toMatch(/^Not valid JSON/)
  })
})

describe('formatProblems', () => {
  it('gives one line per problem with the file and path', () => {
    expect(formatProblems([{ path: 'stages[1].next[0]', message: 'bad' }, { path: '', message: 'worse' }], 'mine.json')).toBe(
      'mine.json: stages[1].next[0]: bad\nmine.json: (document): worse',
    )
  })
})

describe('validatePathway: start stages and debt conditions', () => {
  // valid-minimal: letter_1 → letter_2 → nosp → claim. A fifth stage reachable only as a start stage.
  const withStart = (startStages: unknown) => {
    const doc = fixture('valid-minimal.json')
    doc.stages.at(-1).next = []
    doc.stages.push({
      id: 'barred_review',
      name: 'Write-off review: statute-barred',
      action: { type: 'write_off_review' },
      entry: { all: [{ field: 'statuteBarred', op: 'eq', value: true }, { field: 'letterOfClaimReply', op: 'neq', value: 'disputes' }] },
      waitDays: 0,
      checks: [],
      authorisedBy: ['team_leader'],
      next: [],
    })
    doc.startStages = startStages
    return doc
  }

  it('accepts a stage reachable only as a start stage, and the debt condition fields', () => {
    const result = validatePathway(withStart(['barred_review']))
    expect(result.ok ? result.pathway.startStages : result.problems).toEqual(['barred_review'])
  })

  it('says a stage is unreachable without it, and names an unknown start stage', () => {
    expect(problemsOf(withStart(undefined)).map((p) => p.message)).toEqual(['Stage "barred_review" cannot be reached from the first stage "letter_1"'])
    expect(problemsOf(withStart(['nope']))).toEqual([{ path: 'startStages[0]', message: '"startStages" names an unknown stage "nope"' }])
  })

  it('refuses a debt condition with a value outside its vocabulary', () => {
    const doc = withStart(['barred_review'])
    doc.stages.at(-1).entry.all[1].value = 'maybe'
    expect(problemsOf(doc)[0]!.message).toContain('"letterOfClaimReply" cannot be "maybe"')
  })
})
