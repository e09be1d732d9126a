import { describe, expect, it } from 'vitest'
import { ROLES } from '../../../services/users/create-user.ts'
import { totalDebt } from '../../queries/person-debt.ts'
import { channelLabel, languageLabel } from './person-labels.ts'
import { canSeeRestricted } from './restricted-data.ts'

describe('canSeeRestricted', () => {
  it.each([
    ['income_officer', true],
    ['debt_recovery_officer', true],
    ['team_leader', true],
    ['finance', true],
    ['auditor', false],
    ['administrator', false],
  ] as const)('%s: %s', (role, can) => {
    expect(canSeeRestricted(role)).toBe(can)
  })

  it('knows every role, and nobody signed in sees nothing', () => {
    expect(ROLES).toHaveLength(6)
    expect(canSeeRestricted(undefined)).toBe(false)
  })
})

describe('totalDebt', () => {
  it('adds up the balances, with what is owed and what is in credit apart', () => {
    expect(totalDebt([{ balancePence: 10_000 }, { balancePence: -2_500 }, { balancePence: 0 }, { balancePence: 1 }])).toEqual({
      balancePence: 7_501,
      owedPence: 10_001,
      creditPence: 2_500,
      accountsOwing: 2,
      accountsInCredit: 1,
    })
    expect(totalDebt([])).toEqual({ balancePence: 0, owedPence: 0, creditPence: 0, accountsOwing: 0, accountsInCredit: 0 })
  })
})

describe('person labels', () => {
  it.each([
    ['en', 'English'],
    ['cy', 'Welsh'],
    ['pl', 'Polish'],
    ['zz', 'zz'],
    ['not a tag!', 'not a tag!'],
  ])('language %s is %s', (tag, label) => {
    expect(languageLabel(tag)).toBe(label)
  })

  it('names the preferred channels', () => {
    expect(['letter', 'email', 'sms', 'phone', 'pigeon'].map(channelLabel)).toEqual(['Letter', 'Email', 'Text message', 'Phone', 'pigeon'])
  })
})
