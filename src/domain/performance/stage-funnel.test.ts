import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { stageFunnel, stageLevels, type PathwayInfo, type StageCount } from './stage-funnel.ts'

const secure: PathwayInfo = {
  id: 'secure-rent',
  version: '1',
  name: 'Secure tenancy rent',
  stages: [
    { id: 'letter_1', name: 'First letter', actionType: 'letter' },
    { id: 'nosp', name: 'Notice of seeking possession', actionType: 'notice' },
    { id: 'pre_claim_review', name: 'Pre-claim review', actionType: 'review' },
    { id: 'possession_claim', name: 'Possession claim', actionType: 'claim' },
    { id: 'hearing', name: 'Hearing', actionType: 'hearing' },
    { id: 'warrant', name: 'Warrant', actionType: 'warrant' },
    { id: 'eviction', name: 'Eviction', actionType: 'eviction' },
  ],
}
const fta: PathwayInfo = {
  id: 'former-tenant-arrears',
  version: '1',
  name: 'Former tenant arrears',
  stages: [
    { id: 'fta_letter_1', name: 'Letter', actionType: 'letter' },
    { id: 'money_claim', name: 'Money claim', actionType: 'money_claim' },
    { id: 'limitation_review', name: 'Limitation review', actionType: 'review' },
  ],
}
const c = (pathwayId: string | null, stage: string | null, accounts: number): StageCount => ({ pathwayId, pathwayVersion: pathwayId ? '1' : null, stage, accounts })

describe('stageLevels', () => {
  it('a stage after a legal step keeps that step’s level (a review after the notice is still "notice or beyond")', () => {
    expect(Object.fromEntries(stageLevels(secure))).toEqual({ letter_1: 1, nosp: 2, pre_claim_review: 2, possession_claim: 3, hearing: 4, warrant: 5, eviction: 6 })
    expect(stageLevels(fta).get('limitation_review')).toBe(3)
  })
})

describe('stageFunnel', () => {
  it('counts each account at its stage and at every level up to the stage’s', () => {
    const { rows, funnel } = stageFunnel(
      [c('secure-rent', null, 10), c('secure-rent', 'letter_1', 6), c('secure-rent', 'pre_claim_review', 3), c('secure-rent', 'eviction', 1), c('former-tenant-arrears', 'money_claim', 2)],
      [secure, fta],
    )
    expect(funnel.map((f) => [f.id, f.accounts])).toEqual([
      ['in_arrears', 22],
      ['started', 12],
      ['notice', 6],
      ['claim', 3],
      ['hearing', 1],
      ['warrant', 1],
      ['eviction', 1],
    ])
    expect(rows.map((r) => [r.pathwayName, r.stageName, r.accounts])).toEqual([
      ['Former tenant arrears', 'Money claim', 2],
      ['Secure tenancy rent', 'Not started (in arrears)', 10],
      ['Secure tenancy rent', 'First letter', 6],
      ['Secure tenancy rent', 'Pre-claim review', 3],
      ['Secure tenancy rent', 'Eviction', 1],
    ])
  })

  it('a stage no loaded pathway knows still counts as started, under its own id', () => {
    const { rows, funnel } = stageFunnel([c('gone', 'old_stage', 4)], [secure])
    expect(rows[0]).toMatchObject({ pathwayName: 'gone', stageName: 'old_stage', accounts: 4 })
    expect(funnel[1]!.accounts).toBe(4)
    expect(funnel[2]!.accounts).toBe(0)
  })

  it('the bars never grow, and the first is every account counted (property)', () => {
    const stageIds = [null, ...secure.stages.map((s) => s.id)]
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...stageIds), fc.integer({ min: 0, max: 1000 }))), (parts) => {
        const { funnel } = stageFunnel(parts.map(([s, n]) => c('secure-rent', s, n)), [secure])
        const total = parts.reduce((sum, [, n]) => sum + n, 0)
        return funnel[0]!.accounts === total && funnel.every((f, i) => i === 0 || f.accounts <= funnel[i - 1]!.accounts)
      }),
    )
  })
})
