import { describe, expect, it } from 'vitest'
import { approvalLimitsSchema, approversFor, authorityOf, checkApprovalAuthority, type ApprovalLimits } from './approval-authority.ts'

const LIMITS: ApprovalLimits = {
  roles: { team_leader: { casePence: 100_000, listTotalPence: 500_000 }, finance: { casePence: 1_000_000, listTotalPence: 5_000_000 } },
  named: [{ username: 's151', title: 'Section 151 officer', casePence: null, listTotalPence: null }],
}
const leader = { role: 'team_leader', username: 'tl' }
const finance = { role: 'finance', username: 'fin' }

describe('checkApprovalAuthority', () => {
  it.each([
    ['a team leader approves a case at their limit', leader, [100_000], true],
    ['a team leader cannot approve a penny over it', leader, [100_001], false],
    ['finance approves what a team leader cannot', finance, [100_001], true],
    ['finance cannot approve over £10,000', finance, [1_000_001], false],
    ['a named senior officer has no upper limit', { role: 'finance', username: 's151' }, [50_000_000], true],
  ])('%s', (_name, approver, amounts, ok) => {
    expect(checkApprovalAuthority(LIMITS, approver, amounts, 'case').ok).toBe(ok)
  })

  it('refuses officers who may only prepare, saying so', () => {
    for (const role of ['income_officer', 'debt_recovery_officer']) {
      const r = checkApprovalAuthority(LIMITS, { role, username: 'x' }, [100], 'case')
      expect(r).toEqual({ ok: false, message: expect.stringMatching(/may prepare write-offs but not approve them/) })
    }
  })

  it('checks a bulk list against both the per-case limit and the list total', () => {
    // 6 cases of £900: each within £1,000, but £5,400 in all is over the £5,000 list limit.
    const six = Array.from({ length: 6 }, () => 90_000)
    const overTotal = checkApprovalAuthority(LIMITS, leader, six, 'list')
    expect(overTotal.ok).toBe(false)
    if (!overTotal.ok) expect(overTotal.message).toContain('This list totals £5,400.00, over your limit of £5,000.00')
    expect(checkApprovalAuthority(LIMITS, leader, six.slice(1), 'list').ok).toBe(true)
    const oneTooBig = checkApprovalAuthority(LIMITS, leader, [100, 100_500], 'list')
    expect(oneTooBig.ok).toBe(false)
    if (!oneTooBig.ok) expect(oneTooBig.message).toContain('A case in this list of £1,005.00 is over your limit of £1,000.00 a case')
    expect(checkApprovalAuthority(LIMITS, finance, six, 'list').ok).toBe(true)
  })

  it('uses the wider of a role limit and a named delegation', () => {
    const named: ApprovalLimits = { ...LIMITS, named: [{ username: 'tl', title: 'Income manager', casePence: 300_000, listTotalPence: 300_000 }] }
    expect(authorityOf(named, leader)).toMatchObject({ basis: 'named', casePence: 300_000 })
    expect(authorityOf(LIMITS, leader)).toMatchObject({ basis: 'role', casePence: 100_000 })
  })

  it('reads the migration default and refuses malformed limits', () => {
    expect(approvalLimitsSchema.safeParse({ roles: { team_leader: { casePence: 1, listTotalPence: null } }, named: [] }).success).toBe(true)
    expect(approvalLimitsSchema.safeParse({ roles: { team_leader: { casePence: 1.5, listTotalPence: 1 } }, named: [] }).success).toBe(false)
    expect(approvalLimitsSchema.safeParse({ roles: {}, named: [{ username: 'x', casePence: 1, listTotalPence: 1 }] }).success).toBe(false)
  })
})

describe('approversFor', () => {
  it('names the roles and senior officers whose limit covers the amount', () => {
    expect(approversFor(LIMITS, 50_000)).toEqual(['team leader (up to £1,000.00)', 'finance (up to £10,000.00)', 'Section 151 officer'])
    expect(approversFor(LIMITS, 2_000_000)).toEqual(['Section 151 officer'])
    expect(approversFor({ ...LIMITS, named: [] }, 2_000_000)).toEqual([])
  })
})
