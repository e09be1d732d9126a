import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { accountNumberFor, type CustomerAccountType, isValidLuhn, paymentReferenceFor } from '../accounts/payment-reference.ts'
import {
  buildMatchIndex,
  DEFAULT_MATCH_RULES,
  type MatchAccountRow,
  matchPayment,
  type MatchResult,
  matchRulesConfigSchema,
  normaliseReference,
  oneEditAway,
  surnameOf,
} from './match-payment.ts'

function account(id: number, type: CustomerAccountType, serial: number, names: string[], weekly: number, status: 'open' | 'closed' = 'open'): MatchAccountRow {
  return {
    accountId: id,
    paymentReference: paymentReferenceFor(type, serial),
    accountNumber: accountNumberFor(type, serial),
    status,
    names,
    expectedWeeklyPence: weekly,
  }
}

// References: 1 → 101000016, 2 → 101000024, 3 → 202000071, 4 → 101000032, 5 → 303000129.
const ROWS: MatchAccountRow[] = [
  account(1, 'rent', 100001, ['Jane Smith'], 9520),
  account(2, 'rent', 100002, ['Amir Khan', 'Sara Khan'], 11000),
  account(3, 'former_tenant', 200007, ['Dan Jones'], 0, 'closed'),
  account(4, 'rent', 100003, ["O'Brien, Patricia"], 8000),
  account(5, 'garage', 300012, ['Jane Smith'], 1500),
  account(6, 'rent', 100010, ['de la Cruz, Ana'], 10000),
  account(7, 'rent', 100011, ['Imran Khan'], 11000),
  account(8, 'garage', 300020, ['Acme Housing Ltd'], 5000),
  account(9, 'rent', 100012, ['Tom Brown'], 9000, 'closed'),
]
const INDEX = buildMatchIndex(ROWS)

function match(reference: string, amountPence = 100, payerName?: string, config = DEFAULT_MATCH_RULES): MatchResult {
  return matchPayment({ reference, amountPence, ...(payerName !== undefined ? { payerName } : {}) }, INDEX, config)
}

describe('the sample references', () => {
  it('are what the comments say', () => {
    expect(ROWS.slice(0, 5).map((r) => r.paymentReference)).toEqual(['101000016', '101000024', '202000071', '101000032', '303000129'])
  })
})

describe('rule 1: exact payment reference', () => {
  it.each([
    ['101000016', 1],
    [' 1010 0001-6 ', 1],
    ['0000000000101000016', 1], // zero-padded card number
    ['9826150000101000016', 1], // card number with the network's issuer prefix
    ['00101000024', 2], // zero padding of any length
    ['202000071', 3], // closed accounts still receive money paid to their reference
  ])('%j → account %i', (reference, accountId) => {
    expect(match(reference)).toMatchObject({ kind: 'matched', accountId, rule: 'exact-reference' })
  })

  it('does not cut a long reference down when its extra digits are not padding', () => {
    expect(normaliseReference('12101000016')).toBe('12101000016')
    expect(match('12101000016').kind).toBe('suspense')
  })

  it('explains the match', () => {
    expect(match('202000071')).toEqual({ kind: 'matched', accountId: 3, rule: 'exact-reference', explanation: 'Reference 202000071 is the payment reference of FTA0200007 (closed)' })
  })

  it('never picks between two accounts with the same reference', () => {
    const index = buildMatchIndex([account(1, 'rent', 100001, [], 0), { ...account(2, 'rent', 100002, [], 0), paymentReference: '101000016' }])
    const result = matchPayment({ reference: '101000016', amountPence: 100 }, index)
    expect(result.kind).toBe('suspense')
    expect(result.kind === 'suspense' && result.reason).toContain('is the payment reference of 2 accounts (RNT0100001, RNT0100002)')
  })
})

describe('rule 2: account number', () => {
  it.each([
    ['RNT0100001', 1],
    ['rnt0100002', 2],
    ['RNT 01000-03', 4],
    ['FTA0200007', 3], // closed
  ])('%j → account %i', (reference, accountId) => {
    expect(match(reference)).toMatchObject({ kind: 'matched', accountId, rule: 'account-number' })
  })
})

describe('rule 3: reference typo', () => {
  it('matches a one-digit slip to the only account one digit away', () => {
    const result = match('191000016')
    expect(result).toMatchObject({ kind: 'matched', accountId: 1, rule: 'reference-typo' })
    expect(result.kind === 'matched' && result.explanation).toBe(
      'Reference 191000016 fails its check digit; RNT0100001 (101000016) is the only account with one digit different',
    )
  })

  it('counts a swap as one edit when looking for other accounts', () => {
    // 101000017 is one digit from 101000016 (account 1) and a swap from 101000107 (account 6).
    const result = match('101000017')
    expect(result.kind === 'suspense' && result.reason).toContain('2 accounts are one digit away (RNT0100001, RNT0100010)')
  })

  it('matches two swapped neighbouring digits', () => {
    expect(isValidLuhn('101000061')).toBe(false)
    const result = match('101000061')
    expect(result).toMatchObject({ kind: 'matched', accountId: 1, rule: 'reference-typo' })
    expect(result.kind === 'matched' && result.explanation).toContain('two neighbouring digits swapped')
  })

  it('never guesses between two accounts one digit away', () => {
    // 101000014 is one digit from 101000016 (account 1) and from 101000024 (account 2).
    expect(match('101000014')).toEqual({
      kind: 'suspense',
      reason: 'Reference 101000014 matches no account; 2 accounts are one digit away (RNT0100001, RNT0100002); there is no payer name to match on',
    })
  })

  it('never resolves a typo to a closed account', () => {
    const result = match('202000072')
    expect(result.kind).toBe('suspense')
    expect(result.kind === 'suspense' && result.reason).toContain('the only account one digit away is closed (FTA0200007 (closed))')
  })

  it('leaves alone a reference whose check digit is right', () => {
    const unknown = paymentReferenceFor('rent', 999_999)
    const result = match(unknown)
    expect(result.kind === 'suspense' && result.reason).toBe(
      `Reference ${unknown} matches no account; its check digit is right, so it is not a one-digit typo of another reference; there is no payer name to match on`,
    )
  })

  it('suggests nothing when no account is near', () => {
    expect(match('12345')).toEqual({ kind: 'suspense', reason: 'Reference 12345 matches no account; no account is one digit away; there is no payer name to match on' })
  })
})

describe('rule 4: name and amount', () => {
  it.each([
    ['MRS J SMITH', 9520 * 2, 1, '2 weeks of its £95.20 weekly charge'],
    ['J SMITH', 1500 * 3, 5, '3 weeks of its £15.00 weekly charge'],
    ['P OBRIEN', 8000, 4, '1 week of its £80.00 weekly charge'],
    ["Patricia O'Brien", 8000 * 4, 4, '4 weeks'],
    ['MS ANA DE LA CRUZ', 10000, 6, 'names DE LA CRUZ on RNT0100010'],
    ['Señora Ana de la Crúz', 10000, 6, 'names DE LA CRUZ'],
  ])('%j paying %i → account %i', (payer, amount, accountId, explanation) => {
    const result = match('UNKNOWN REF', amount, payer)
    expect(result).toMatchObject({ kind: 'matched', accountId, rule: 'name-and-amount' })
    expect(result.kind === 'matched' && result.explanation).toContain(explanation)
  })

  it('explains the match', () => {
    expect(match('', 19040, 'MRS J SMITH')).toEqual({
      kind: 'matched',
      accountId: 1,
      rule: 'name-and-amount',
      explanation: 'Payer "MRS J SMITH" names SMITH on RNT0100001, and £190.40 is 2 weeks of its £95.20 weekly charge',
    })
  })

  it('never guesses between two open accounts that fit', () => {
    const result = match('', 11000, 'MR KHAN')
    expect(result).toEqual({ kind: 'suspense', reason: 'There is no reference; the name "MR KHAN" and £110.00 fit 2 open accounts (RNT0100002, RNT0100011)' })
  })

  it('counts an account once however many of its parties share the surname', () => {
    const index = buildMatchIndex([account(2, 'rent', 100002, ['Amir Khan', 'Sara Khan'], 11000)])
    expect(matchPayment({ reference: '', amountPence: 11000, payerName: 'A KHAN' }, index)).toMatchObject({ kind: 'matched', accountId: 2 })
  })

  it.each([
    ['more weeks than allowed', 'J SMITH', 9520 * 5],
    ['not a whole number of weeks', 'J SMITH', 9521],
    ['a surname only as part of a word', 'J SMITHSON', 9520],
    ['a closed account', 'D JONES', 9000],
    ['a closed account with a weekly charge', 'T BROWN', 9000],
    ['a company suffix is not a surname', 'BETA LTD', 5000],
  ])('no match for %s', (_what, payer, amount) => {
    expect(match('', amount, payer).kind).toBe('suspense')
  })

  it('matches an organisation on its whole name', () => {
    expect(match('', 5000, 'ACME HOUSING LTD')).toMatchObject({ kind: 'matched', accountId: 8, rule: 'name-and-amount' })
  })

  it('follows maxWeeksMultiple', () => {
    expect(match('', 9520 * 3, 'J SMITH', { ...DEFAULT_MATCH_RULES, maxWeeksMultiple: 2 }).kind).toBe('suspense')
    expect(match('', 9520 * 6, 'J SMITH', { ...DEFAULT_MATCH_RULES, maxWeeksMultiple: 6 })).toMatchObject({ kind: 'matched', accountId: 1 })
  })
})

describe('rule order and configuration', () => {
  it('tries the reference before the name and amount', () => {
    // Account 1's reference, but the payer and amount fit account 4.
    expect(match('101000016', 8000, "P O'Brien")).toMatchObject({ kind: 'matched', accountId: 1, rule: 'exact-reference' })
  })

  it('skips rules that are switched off', () => {
    const only = (...enabled: (typeof DEFAULT_MATCH_RULES.enabled)[number][]) => ({ ...DEFAULT_MATCH_RULES, enabled })
    expect(match('RNT0100001', 100, undefined, only('exact-reference')).kind).toBe('suspense')
    expect(match('191000016', 100, undefined, only('exact-reference', 'account-number')).kind).toBe('suspense')
    expect(match('191000016', 100, undefined, only('reference-typo'))).toMatchObject({ kind: 'matched', accountId: 1 })
    expect(match('', 9520, 'J SMITH', only('exact-reference', 'account-number', 'reference-typo')).kind).toBe('suspense')
    expect(match('101000016', 100, undefined, only('account-number', 'reference-typo'))).toMatchObject({ kind: 'suspense' })
    expect(match('101000016', 100, undefined, only())).toEqual({ kind: 'suspense', reason: 'No matching rules are switched on' })
  })

  it('validates the policy value', () => {
    expect(matchRulesConfigSchema.parse(DEFAULT_MATCH_RULES)).toEqual(DEFAULT_MATCH_RULES)
    expect(matchRulesConfigSchema.parse({ enabled: ['exact-reference', 'account-number', 'reference-typo', 'name-and-amount'], maxWeeksMultiple: 4 })).toEqual(
      DEFAULT_MATCH_RULES,
    )
    expect(matchRulesConfigSchema.safeParse({ enabled: ['exact-reference', 'guess'], maxWeeksMultiple: 4 }).success).toBe(false)
    expect(matchRulesConfigSchema.safeParse({ enabled: ['exact-reference', 'exact-reference'], maxWeeksMultiple: 4 }).success).toBe(false)
    expect(matchRulesConfigSchema.safeParse({ enabled: [], maxWeeksMultiple: 0 }).success).toBe(false)
    expect(matchRulesConfigSchema.safeParse({ enabled: [], maxWeeksMultiple: 1.5 }).success).toBe(false)
  })
})

describe('helpers', () => {
  it('reads surnames from either name form', () => {
    expect(surnameOf('Jane Smith')).toBe('SMITH')
    expect(surnameOf('Smith-Jones, Jane')).toBe('SMITH JONES')
    expect(surnameOf("O'Brien, Patricia")).toBe('OBRIEN')
    expect(surnameOf('Acme Housing Ltd')).toBe('ACME HOUSING LTD')
    expect(surnameOf('X')).toBeNull()
    expect(surnameOf('')).toBeNull()
  })

  it('lists substitutions and transpositions', () => {
    const edits = oneEditAway('123')
    expect(edits.filter((e) => e.edit === 'substitution')).toHaveLength(27)
    expect(edits.filter((e) => e.edit === 'transposition').map((e) => e.candidate)).toEqual(['213', '132'])
  })
})

// ---------------------------------------------------------------------------------------------
// Properties: a typo goes to the right account or to suspense, never to someone else.

/** Independent of the matcher: true when a and b differ by one digit or one swap of neighbours. */
function oneEditApart(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false
  const diff = [...a].flatMap((c, i) => (c === b[i] ? [] : [i]))
  if (diff.length === 1) return true
  return diff.length === 2 && diff[1] === diff[0]! + 1 && a[diff[0]!] === b[diff[1]!] && a[diff[1]!] === b[diff[0]!]
}

const TYPES: CustomerAccountType[] = ['rent', 'garage', 'former_tenant']

// Serials close together so that many references have neighbours one edit away.
const accountsArb = fc
  .uniqueArray(fc.record({ type: fc.constantFrom(...TYPES), serial: fc.integer({ min: 100_000, max: 100_150 }) }), {
    minLength: 1,
    maxLength: 60,
    selector: (a) => paymentReferenceFor(a.type, a.serial),
  })
  .chain((list) => fc.tuple(fc.constant(list), fc.array(fc.boolean(), { minLength: list.length, maxLength: list.length })))
  .map(([list, closed]) => list.map((a, i) => account(i + 1, a.type, a.serial, ['Pat Doe'], 1000, closed[i] ? 'closed' : 'open')))

function checkTypo(rows: MatchAccountRow[], original: MatchAccountRow, typo: string): void {
  const result = matchPayment({ reference: typo, amountPence: 1000 }, buildMatchIndex(rows))
  if (result.kind === 'matched') {
    expect(result.rule).toBe('reference-typo')
    expect(result.accountId).toBe(original.accountId)
  }
  const near = rows.filter((r) => oneEditApart(r.paymentReference!, typo))
  if (near.length === 1 && near[0] === original && original.status === 'open') {
    expect(result).toMatchObject({ kind: 'matched', accountId: original.accountId })
  } else {
    expect(result.kind).toBe('suspense')
  }
}

describe('typo properties', () => {
  it('a reference with one digit changed matches its own account or goes to suspense', () => {
    fc.assert(
      fc.property(accountsArb, fc.nat(), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 1, max: 9 }), (rows, pick, pos, delta) => {
        const original = rows[pick % rows.length]!
        const ref = original.paymentReference!
        const typo = ref.slice(0, pos) + String((Number(ref[pos]) + delta) % 10) + ref.slice(pos + 1)
        checkTypo(rows, original, typo)
      }),
      { numRuns: 500 },
    )
  })

  it('a reference with two neighbouring digits swapped matches its own account or goes to suspense', () => {
    fc.assert(
      fc.property(accountsArb, fc.nat(), fc.integer({ min: 0, max: 7 }), (rows, pick, pos) => {
        const original = rows[pick % rows.length]!
        const ref = original.paymentReference!
        fc.pre(ref[pos] !== ref[pos + 1])
        const typo = ref.slice(0, pos) + ref[pos + 1] + ref[pos] + ref.slice(pos + 2)
        // Luhn misses 09 ↔ 90; such a swap is a different valid reference, not a typo the rule can see.
        fc.pre(!isValidLuhn(typo))
        checkTypo(rows, original, typo)
      }),
      { numRuns: 500 },
    )
  })

  it('every account is found by its own reference however it is written', () => {
    fc.assert(
      fc.property(accountsArb, fc.nat(), fc.constantFrom('plain', 'spaced', 'padded', 'card'), (rows, pick, style) => {
        const original = rows[pick % rows.length]!
        const ref = original.paymentReference!
        const written = { plain: ref, spaced: `${ref.slice(0, 3)} ${ref.slice(3, 6)}-${ref.slice(6)}`, padded: ref.padStart(19, '0'), card: `9826150000${ref}` }[style]
        expect(matchPayment({ reference: written, amountPence: 1 }, buildMatchIndex(rows))).toMatchObject({
          kind: 'matched',
          accountId: original.accountId,
          rule: 'exact-reference',
        })
      }),
    )
  })
})
