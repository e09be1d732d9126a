import { describe, expect, it } from 'vitest'
import { ApportionError } from './apportion.ts'
import { describePriority, formatPriority, parsePriority, priorityFromTiers } from './priority.ts'

describe('parsePriority', () => {
  it.each([
    ['rent,council_tax > rechargeable_repair', [['rent', 'council_tax'], ['rechargeable_repair']]],
    [' rent >council_tax ', [['rent'], ['council_tax']]],
    ['', []],
    ['none', []],
  ])('%j', (text, order) => {
    expect(parsePriority(text)).toEqual(order)
    expect(parsePriority(formatPriority(parsePriority(text)))).toEqual(order)
  })

  it.each([
    ['rent > > sundry', 'Priority tier 2 is empty'],
    ['rent > parking', 'Priority tier 2 names an unknown account type "parking"'],
    ['rent, council_tax > rent', 'Account type "rent" is named in more than one priority tier'],
  ])('refuses %j', (text, message) => {
    expect(() => parsePriority(text)).toThrow(ApportionError)
    expect(() => parsePriority(text)).toThrow(message)
  })
})

describe('priorityFromTiers', () => {
  it('groups types by tier number, closing up gaps, in the order of account types', () => {
    expect(priorityFromTiers({ council_tax: 1, rent: 1, rechargeable_repair: 3 })).toEqual([['rent', 'council_tax'], ['rechargeable_repair']])
    expect(priorityFromTiers({})).toEqual([])
  })
})

describe('describePriority', () => {
  it('names the tiers and the rule within each', () => {
    expect(describePriority([['rent', 'council_tax'], ['sundry']])).toBe('rent, council tax > sundry > the rest, pro rata within each')
    expect(describePriority([], 'oldest_first')).toBe('all debts together, oldest first')
  })
})
