/** The words letters use for account types, tenures, frequencies and notices (English; Welsh where given). */
import type { Language } from './format.ts'

const ACCOUNT_TYPES: Record<string, string> = {
  rent: 'Rent account',
  former_tenant: 'Former tenant account',
  garage: 'Garage rent account',
  temporary_accommodation: 'Temporary accommodation account',
  pitch: 'Pitch fee account',
  rechargeable_repair: 'Rechargeable repair account',
  loan: 'Loan account',
  storage_removals: 'Storage and removals account',
  social_care: 'Social care account',
  insurance_claim: 'Insurance claim account',
  hb_overpayment: 'Housing Benefit overpayment account',
  council_tax: 'Council Tax account',
  court_costs: 'Court costs account',
  sundry: 'Sundry debt account',
}

const TENURES: Record<string, string> = {
  secure: 'secure tenancy',
  introductory: 'introductory tenancy',
  flexible: 'flexible tenancy',
  assured: 'assured tenancy',
  assured_shorthold: 'assured shorthold tenancy',
  non_secure: 'non-secure tenancy',
  ta_licence: 'temporary accommodation licence',
  private_sector_lease: 'private sector leased accommodation',
  garage_licence: 'garage licence',
  pitch_licence: 'pitch agreement',
}

const FREQUENCIES: Record<string, Record<Language, string>> = {
  weekly: { en: 'each week', cy: 'bob wythnos' },
  fortnightly: { en: 'every two weeks', cy: 'bob pythefnos' },
  four_weekly: { en: 'every four weeks', cy: 'bob pedair wythnos' },
  monthly: { en: 'each month', cy: 'bob mis' },
}

const NOTICES: Record<string, string> = {
  nosp_secure: 'Notice of seeking possession (Housing Act 1985 s83)',
  s8_assured: 'Notice seeking possession (Housing Act 1988 s8)',
  s128_introductory: 'Notice of proceedings (Housing Act 1996 s128)',
  notice_to_quit: 'Notice to quit',
  licence_termination: 'Notice ending the licence',
}

export const accountTypeLabel = (t: string): string => ACCOUNT_TYPES[t] ?? 'Account'
export const tenureLabel = (t: string | null): string => (t ? (TENURES[t] ?? t.replaceAll('_', ' ')) : '')
export const frequencyLabel = (f: string, language: Language = 'en'): string => FREQUENCIES[f]?.[language] ?? f.replaceAll('_', ' ')
export const noticeLabel = (k: string): string => NOTICES[k] ?? k.replaceAll('_', ' ')
