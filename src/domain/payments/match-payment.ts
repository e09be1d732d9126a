/**
 * Decides which account a payment from a file belongs to, or that it goes to suspense.
 *
 * The rules, tried in this order (each can be switched off in `payments.match_rules`):
 *  1. exact-reference  the normalised reference is an account's payment reference;
 *  2. account-number   the reference is an account number (`RNT0100001`, any case);
 *  3. reference-typo   the reference fails its Luhn check digit and exactly one account's reference
 *                      is one edit away (one digit changed, or two neighbouring digits swapped), and
 *                      that account is open;
 *  4. name-and-amount  exactly one open account has a liable party whose surname is in the payer's
 *                      name, with a weekly charge the amount is 1..maxWeeksMultiple weeks of.
 * Otherwise the payment goes to suspense with a reason an officer can act on.
 *
 * The rules never guess: two candidates are as good as none. Closed accounts match only on their
 * exact reference or account number (a former tenant paying off arrears still reaches their
 * account), but still count as candidates for the typo rule so a typo is never resolved to an open
 * account when it is equally near a closed one.
 *
 * Everything here is pure: the index is built once per import from plain rows.
 */
import { z } from 'zod'
import { isValidLuhn } from '../accounts/payment-reference.ts'
import { formatPounds } from '../money/pence.ts'

export const MATCH_RULES = ['exact-reference', 'account-number', 'reference-typo', 'name-and-amount'] as const

export type MatchRule = (typeof MATCH_RULES)[number]

export interface MatchRulesConfig {
  /** Which rules run (they always run in the order of MATCH_RULES). */
  enabled: MatchRule[]
  /** name-and-amount accepts 1..maxWeeksMultiple weeks of the weekly charge. */
  maxWeeksMultiple: number
}

export const DEFAULT_MATCH_RULES: MatchRulesConfig = {
  enabled: [...MATCH_RULES],
  maxWeeksMultiple: 4,
}

/** Schema for the `payments.match_rules` policy value. */
export const matchRulesConfigSchema = z.object({
  enabled: z.array(z.enum(MATCH_RULES)).refine((rules) => new Set(rules).size === rules.length, 'A rule is listed twice'),
  maxWeeksMultiple: z.number().int().min(1).max(52),
})

export interface MatchAccountRow {
  accountId: number
  /** The account's Luhn payment reference (9 digits for Reeve accounts). */
  paymentReference: string | null
  accountNumber: string
  status: 'open' | 'closed'
  /**
   * Names of the liable parties, each `Forenames Surname` (the last word is taken as the surname)
   * or `Surname, Forenames` (everything before the comma is the surname: `de la Cruz, Ana`). An
   * organisation is best given as `Name,` so its whole name must appear (`Acme Housing Association,`).
   */
  names: string[]
  /** The account's current total weekly charge; 0 when it has none. */
  expectedWeeklyPence: number
}

interface IndexedAccount {
  accountId: number
  accountNumber: string
  paymentReference: string | null
  open: boolean
  expectedWeeklyPence: number
}

export interface MatchIndex {
  readonly byReference: ReadonlyMap<string, readonly IndexedAccount[]>
  readonly byAccountNumber: ReadonlyMap<string, readonly IndexedAccount[]>
  /** Normalised surname (`SMITH`, `DE LA CRUZ`) → accounts with a liable party of that surname. */
  readonly bySurname: ReadonlyMap<string, readonly IndexedAccount[]>
  readonly size: number
}

export type MatchResult =
  | { kind: 'matched'; accountId: number; rule: MatchRule; explanation: string }
  | { kind: 'suspense'; reason: string }

export interface PaymentToMatch {
  reference: string
  payerName?: string
  amountPence: number
}

/** Reeve payment references are 9 digits: type digit, 7-digit serial, Luhn check digit. */
export const REFERENCE_DIGITS = 9
/** Payment cards carry 19 digits: an issuer prefix and the reference. */
const CARD_DIGITS = 19

/**
 * The reference as the index holds it: spaces and hyphens removed, upper case, and a long card
 * number reduced to its trailing 9 digits when it is 19 digits long (a payment card) or its extra
 * leading digits are zero padding.
 */
export function normaliseReference(reference: string): string {
  const s = reference.normalize('NFKC').replace(/[\s\-\u2010-\u2015\u2212]+/g, '').toUpperCase()
  if (/^\d+$/.test(s) && s.length > REFERENCE_DIGITS) {
    const prefix = s.slice(0, -REFERENCE_DIGITS)
    if (s.length === CARD_DIGITS || /^0+$/.test(prefix)) return s.slice(-REFERENCE_DIGITS)
  }
  return s
}

/** Upper case letters and digits in single-spaced words; apostrophes and accents dropped (O'Brien → OBRIEN). */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/['’‘`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}

// Company suffixes are not surnames: "Acme Housing Ltd" must not match every payer called "… LTD".
const NOT_A_SURNAME = new Set(['LTD', 'LIMITED', 'PLC', 'LLP', 'CIC', 'INC', 'CO', 'AND'])

/** The normalised surname of a party name (see MatchAccountRow.names), or null if there is none. */
export function surnameOf(name: string): string | null {
  const comma = name.indexOf(',')
  if (comma >= 0) {
    const surname = normaliseName(name.slice(0, comma))
    return surname.length >= 2 ? surname : null
  }
  const whole = normaliseName(name)
  const words = whole.split(' ')
  const last = words[words.length - 1] ?? ''
  const surname = NOT_A_SURNAME.has(last) ? whole : last
  return surname.length >= 2 ? surname : null
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

export function buildMatchIndex(rows: readonly MatchAccountRow[]): MatchIndex {
  const byReference = new Map<string, IndexedAccount[]>()
  const byAccountNumber = new Map<string, IndexedAccount[]>()
  const bySurname = new Map<string, IndexedAccount[]>()
  for (const row of rows) {
    const weekly = Number(row.expectedWeeklyPence)
    const account: IndexedAccount = {
      accountId: row.accountId,
      accountNumber: row.accountNumber,
      paymentReference: row.paymentReference,
      open: row.status === 'open',
      expectedWeeklyPence: Number.isSafeInteger(weekly) && weekly > 0 ? weekly : 0,
    }
    const ref = row.paymentReference ? normaliseReference(row.paymentReference) : ''
    if (ref !== '') pushTo(byReference, ref, account)
    const number = normaliseReference(row.accountNumber)
    if (number !== '') pushTo(byAccountNumber, number, account)
    const surnames = new Set(row.names.map(surnameOf).filter((s): s is string => s !== null))
    for (const surname of surnames) pushTo(bySurname, surname, account)
  }
  return { byReference, byAccountNumber, bySurname, size: rows.length }
}

/** Every string one digit substitution or one adjacent transposition away from digits. */
export function oneEditAway(digits: string): { candidate: string; edit: 'substitution' | 'transposition' }[] {
  const out: { candidate: string; edit: 'substitution' | 'transposition' }[] = []
  for (let i = 0; i < digits.length; i++) {
    for (let d = 0; d <= 9; d++) {
      const c = String(d)
      if (c !== digits[i]) out.push({ candidate: digits.slice(0, i) + c + digits.slice(i + 1), edit: 'substitution' })
    }
  }
  for (let i = 0; i + 1 < digits.length; i++) {
    if (digits[i] !== digits[i + 1]) {
      out.push({ candidate: digits.slice(0, i) + digits[i + 1] + digits[i] + digits.slice(i + 2), edit: 'transposition' })
    }
  }
  return out
}

const MAX_LISTED = 5

function listAccounts(accounts: readonly IndexedAccount[]): string {
  const sorted = [...accounts].sort((a, b) => (a.accountNumber < b.accountNumber ? -1 : a.accountNumber > b.accountNumber ? 1 : 0))
  const shown = sorted.slice(0, MAX_LISTED).map((a) => a.accountNumber + (a.open ? '' : ' (closed)'))
  return shown.join(', ') + (accounts.length > MAX_LISTED ? ` and ${accounts.length - MAX_LISTED} more` : '')
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`
}

export function matchPayment(p: PaymentToMatch, index: MatchIndex, config: MatchRulesConfig = DEFAULT_MATCH_RULES): MatchResult {
  const enabled = new Set(config.enabled)
  const ref = normaliseReference(p.reference)
  const reasons: string[] = []

  if (ref === '') reasons.push('there is no reference')
  let referenceHits = 0
  if (ref !== '' && enabled.has('exact-reference')) {
    const hits = index.byReference.get(ref) ?? []
    const [only] = hits
    if (hits.length === 1 && only) {
      return {
        kind: 'matched',
        accountId: only.accountId,
        rule: 'exact-reference',
        explanation: `Reference ${ref} is the payment reference of ${only.accountNumber}${only.open ? '' : ' (closed)'}`,
      }
    }
    if (hits.length > 1) reasons.push(`reference ${ref} is the payment reference of ${hits.length} accounts (${listAccounts(hits)})`)
    referenceHits += hits.length
  }

  if (ref !== '' && enabled.has('account-number')) {
    const hits = index.byAccountNumber.get(ref) ?? []
    const [only] = hits
    if (hits.length === 1 && only) {
      return {
        kind: 'matched',
        accountId: only.accountId,
        rule: 'account-number',
        explanation: `Reference "${p.reference.trim()}" is the account number ${only.accountNumber}${only.open ? '' : ' (closed)'}`,
      }
    }
    if (hits.length > 1) reasons.push(`reference ${ref} is the account number of ${hits.length} accounts (${listAccounts(hits)})`)
    referenceHits += hits.length
  }
  const triedReference = enabled.has('exact-reference') || enabled.has('account-number')
  if (ref !== '' && triedReference && referenceHits === 0) reasons.push(`reference ${ref} matches no account`)

  if (ref !== '' && enabled.has('reference-typo') && /^\d{2,}$/.test(ref)) {
    if (isValidLuhn(ref)) {
      reasons.push('its check digit is right, so it is not a one-digit typo of another reference')
    } else {
      const near = new Map<number, { account: IndexedAccount; edit: 'substitution' | 'transposition' }>()
      for (const { candidate, edit } of oneEditAway(ref)) {
        for (const account of index.byReference.get(candidate) ?? []) {
          if (!near.has(account.accountId)) near.set(account.accountId, { account, edit })
        }
      }
      const [first] = near.values()
      if (near.size === 1 && first && first.account.open) {
        const how = first.edit === 'substitution' ? 'one digit different' : 'two neighbouring digits swapped'
        return {
          kind: 'matched',
          accountId: first.account.accountId,
          rule: 'reference-typo',
          explanation: `Reference ${ref} fails its check digit; ${first.account.accountNumber} (${first.account.paymentReference}) is the only account with ${how}`,
        }
      }
      if (near.size === 0) reasons.push('no account is one digit away')
      else if (near.size === 1 && first) reasons.push(`the only account one digit away is closed (${listAccounts([first.account])})`)
      else {
        const accounts = [...near.values()].map((n) => n.account)
        reasons.push(`${accounts.length} accounts are one digit away (${listAccounts(accounts)})`)
      }
    }
  }

  if (enabled.has('name-and-amount')) {
    const payer = p.payerName ? normaliseName(p.payerName) : ''
    if (payer === '') {
      reasons.push('there is no payer name to match on')
    } else {
      const fits = accountsByNameAndAmount(payer, p.amountPence, index, config.maxWeeksMultiple)
      const [only] = fits
      if (fits.length === 1 && only) {
        const weeks = p.amountPence / only.account.expectedWeeklyPence
        return {
          kind: 'matched',
          accountId: only.account.accountId,
          rule: 'name-and-amount',
          explanation:
            `Payer "${p.payerName!.trim()}" names ${only.surname} on ${only.account.accountNumber}, and ${formatPounds(p.amountPence)} is ` +
            `${plural(weeks, 'week', 'weeks')} of its ${formatPounds(only.account.expectedWeeklyPence)} weekly charge`,
        }
      }
      const amount = formatPounds(p.amountPence)
      if (fits.length === 0) {
        reasons.push(`no open account in a name in "${p.payerName!.trim()}" has a weekly charge that ${amount} is 1 to ${config.maxWeeksMultiple} weeks of`)
      } else {
        reasons.push(`the name "${p.payerName!.trim()}" and ${amount} fit ${fits.length} open accounts (${listAccounts(fits.map((f) => f.account))})`)
      }
    }
  }

  if (enabled.size === 0) reasons.push('no matching rules are switched on')
  const reason = reasons.join('; ')
  return { kind: 'suspense', reason: reason.charAt(0).toUpperCase() + reason.slice(1) }
}

/** Open accounts with a party surname among the payer's words and a weekly charge the amount is a whole number of weeks of. */
function accountsByNameAndAmount(
  payer: string,
  amountPence: number,
  index: MatchIndex,
  maxWeeks: number,
): { account: IndexedAccount; surname: string }[] {
  const words = payer.split(' ')
  const found = new Map<number, { account: IndexedAccount; surname: string }>()
  // Surnames of up to four words ("DE LA CRUZ") are looked up as runs of the payer's words.
  for (let i = 0; i < words.length; i++) {
    for (let n = 1; n <= 4 && i + n <= words.length; n++) {
      const surname = words.slice(i, i + n).join(' ')
      for (const account of index.bySurname.get(surname) ?? []) {
        if (!account.open || found.has(account.accountId)) continue
        const weekly = account.expectedWeeklyPence
        if (weekly <= 0 || amountPence <= 0 || amountPence % weekly !== 0) continue
        const weeks = amountPence / weekly
        if (weeks >= 1 && weeks <= maxWeeks) found.set(account.accountId, { account, surname })
      }
    }
  }
  return [...found.values()]
}
