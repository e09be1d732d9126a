import { describe, expect, it } from 'vitest'
import { loadDefaultPathways } from './default-pathways.testing.ts'
import type { Pathway } from './pathway-schema.ts'
import { checkPathwaySet, selectPathway, type AccountForPathway } from './select-pathway.ts'

const PATHWAYS = loadDefaultPathways()

function chosen(account: AccountForPathway, commencements?: Record<string, string>): string {
  const result = selectPathway(PATHWAYS, account, commencements ? { commencements } : {})
  if (!result.ok) throw new Error(result.error)
  return `${result.pathway.id}@${result.pathway.version}`
}

const rent = (tenure: AccountForPathway['tenure'], socialHousing: boolean, onDate: string): AccountForPathway => ({ accountType: 'rent', tenure, socialHousing, onDate })

describe('selectPathway', () => {
  it.each<[string, AccountForPathway, string]>([
    ['a secure tenancy', rent('secure', true, '2026-06-01'), 'secure-rent@2026-04'],
    ['a flexible (secure) tenancy', rent('flexible', true, '2026-06-01'), 'secure-rent@2026-04'],
    ['an introductory tenancy', rent('introductory', true, '2026-06-01'), 'introductory-rent@2026-04'],
    ['a TA licence', { accountType: 'temporary_accommodation', tenure: 'ta_licence', socialHousing: true, onDate: '2026-06-01' }, 'temporary-accommodation-licence@2026-04'],
    ['a TA non-secure tenancy', { accountType: 'temporary_accommodation', tenure: 'non_secure', socialHousing: true, onDate: '2026-06-01' }, 'temporary-accommodation-tenancy@2026-04'],
    ['a garage', { accountType: 'garage', tenure: 'garage_licence', socialHousing: true, onDate: '2026-06-01' }, 'garage@2026-04'],
    ['a garage account with no tenancy', { accountType: 'garage', tenure: null, socialHousing: false, onDate: '2026-06-01' }, 'garage@2026-04'],
    ['a pitch', { accountType: 'pitch', tenure: 'pitch_licence', socialHousing: true, onDate: '2026-06-01' }, 'pitch-with-utilities@2026-04'],
    ['former tenant arrears', { accountType: 'former_tenant', tenure: null, socialHousing: true, onDate: '2026-06-01' }, 'former-tenant-arrears@2026-11'],
    ['a rechargeable repair', { accountType: 'rechargeable_repair', tenure: null, socialHousing: true, onDate: '2026-06-01' }, 'sundry-debt@2026-11'],
  ])('%s', (_name, account, expected) => {
    expect(chosen(account)).toBe(expected)
  })

  describe("the Renters' Rights Act switch", () => {
    it.each<[string, AccountForPathway['tenure'], boolean, string, string]>([
      ['non-social assured, the day before RRA commencement', 'assured', false, '2026-04-30', 'assured-rent-pre-rra@2021-10'],
      ['non-social assured, on RRA commencement (SI 2026/421)', 'assured', false, '2026-05-01', 'assured-rent-rra-2025@2026-05'],
      ['social housing assured after 1 May 2026 (its date is unconfirmed)', 'assured', true, '2026-05-01', 'assured-rent-pre-rra@2021-10'],
      ['social housing assured in 2030 with no date configured', 'assured', true, '2030-01-01', 'assured-rent-pre-rra@2021-10'],
      ['a non-social assured shorthold tenancy after commencement', 'assured_shorthold', false, '2026-06-01', 'assured-rent-rra-2025@2026-05'],
      ['a social housing starter (assured shorthold) tenancy', 'assured_shorthold', true, '2026-06-01', 'assured-rent-pre-rra@2021-10'],
    ])('%s', (_name, tenure, socialHousing, onDate, expected) => {
      expect(chosen(rent(tenure, socialHousing, onDate))).toBe(expected)
    })

    it('switches social housing assured tenancies on the configured commencement date', () => {
      const commencements = { 'rra2025.social-housing-assured': '2027-04-01' }
      expect(chosen(rent('assured', true, '2027-03-31'), commencements)).toBe('assured-rent-pre-rra@2021-10')
      expect(chosen(rent('assured', true, '2027-04-01'), commencements)).toBe('assured-rent-rra-2025-social@2026-05')
      // A non-social tenancy is unaffected by the social housing date.
      expect(chosen(rent('assured', false, '2026-06-01'), commencements)).toBe('assured-rent-rra-2025@2026-05')
    })

    it('never starts a version before its own effectiveFrom, whatever date is configured', () => {
      const commencements = { 'rra2025.social-housing-assured': '2026-01-01' }
      expect(chosen(rent('assured', true, '2026-04-30'), commencements)).toBe('assured-rent-pre-rra@2021-10')
      expect(chosen(rent('assured', true, '2026-05-01'), commencements)).toBe('assured-rent-rra-2025-social@2026-05')
    })

    it('explains the choice', () => {
      const result = selectPathway(PATHWAYS, rent('assured', false, '2026-05-01'))
      expect(result.ok && result.explanation).toBe(
        `"Assured tenancy rent (Renters' Rights Act 2025, not social housing)" (assured-rent-rra-2025 v2026-05) in force from 2026-05-01 applies to a rent account (assured, not social housing) on 2026-05-01; it replaces "Assured tenancy rent (before the Renters' Rights Act)" (assured-rent-pre-rra v2021-10)`,
      )
    })
  })

  it('says clearly when no pathway applies', () => {
    expect(selectPathway(PATHWAYS, { accountType: 'council_tax', tenure: null, socialHousing: true, onDate: '2026-06-01' })).toEqual({
      ok: false,
      error: 'No recovery pathway applies to a council_tax account',
    })
  })

  it('says clearly when a pathway applies but is not yet in force', () => {
    const result = selectPathway(PATHWAYS, rent('secure', true, '2026-04-05'))
    expect(result).toEqual({
      ok: false,
      error: 'No recovery pathway for a rent account (secure, social housing) is in force on 2026-04-05: "Secure tenancy rent" (secure-rent v2026-04) from 2026-04-06',
    })
  })

  it('picks the latest version of a pathway in force', () => {
    const secure = PATHWAYS.find((p) => p.id === 'secure-rent')!
    const v2: Pathway = { ...secure, version: '2027-04', effectiveFrom: '2027-04-05' }
    const all = [...PATHWAYS, v2]
    const on = (onDate: string) => {
      const r = selectPathway(all, rent('secure', true, onDate))
      return r.ok ? r.pathway.version : r.error
    }
    expect(on('2027-04-04')).toBe('2026-04')
    expect(on('2027-04-05')).toBe('2027-04')
  })

  it('refuses to guess between two pathways that start on the same day', () => {
    const secure = PATHWAYS.find((p) => p.id === 'secure-rent')!
    const rival: Pathway = { ...secure, id: 'secure-rent-local', name: 'Local secure rent' }
    const result = selectPathway([...PATHWAYS, rival], rent('secure', true, '2026-06-01'))
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error).toMatch(/^Ambiguous: .*secure-rent v2026-04.* and .*secure-rent-local v2026-04/)
    expect(checkPathwaySet([...PATHWAYS, rival])).toHaveLength(1)
    expect(checkPathwaySet([...PATHWAYS, secure])[0]!.message).toBe('Pathway secure-rent version 2026-04 is loaded twice')
  })
})
