/**
 * The merge fields a template may use: a typed catalogue, so that a template refers only to fields that exist
 * (checked when it is saved, not when a letter is half-printed) and an administrator can see what each one means.
 *
 * Values are ready to print: money as "£1,234.56" (with a `_pence` twin for comparisons such as
 * `{% if arrears.amount_pence > 0 %}`), dates as "22 November 2026" in the template's language, lists of lines.
 * The merge data a service builds (`MergeData`) has exactly this shape: `catalogueProblems` checks it in the tests.
 */

export type FieldKind = 'text' | 'money' | 'date' | 'number' | 'boolean' | 'list' | 'object'

export interface FieldSpec {
  kind: FieldKind
  description: string
  /** For an object, its fields; for a list of objects, the fields of each item. */
  fields?: Readonly<Record<string, FieldSpec>>
  /** For a list: what each item is (text lines unless it has `fields`). */
  item?: FieldKind
}

const text = (description: string): FieldSpec => ({ kind: 'text', description })
const money = (description: string): FieldSpec => ({ kind: 'money', description })
const date = (description: string): FieldSpec => ({ kind: 'date', description })
const num = (description: string): FieldSpec => ({ kind: 'number', description })
const bool = (description: string): FieldSpec => ({ kind: 'boolean', description })
const lines = (description: string): FieldSpec => ({ kind: 'list', item: 'text', description })
const obj = (description: string, fields: Record<string, FieldSpec>): FieldSpec => ({ kind: 'object', description, fields })
const listOf = (description: string, fields: Record<string, FieldSpec>): FieldSpec => ({ kind: 'list', item: 'object', description, fields })

export const MERGE_FIELDS = {
  today: date('The date the document is produced'),
  language: text('The template language: en or cy'),
  council: obj('The council (letterhead settings and the dated letters.council_contact policy value)', {
    name: text('Council name'),
    address: lines('Council address lines'),
    phone: text('Telephone number for the income team'),
    email: text('E-mail address for the income team'),
    opening_hours: text('When the phone lines are open'),
    website: text('Web page about paying rent'),
    payment_line: text('Telephone number to pay by card'),
    money_advice: text('Free, independent money advice to signpost'),
  }),
  recipient: obj('The person this copy is addressed to (each named tenant gets their own copy)', {
    name: text('Full name, e.g. Ms Jane Doe'),
    salutation: text('For "Dear …", e.g. Ms Doe'),
    email: text('E-mail address held (may be empty)'),
    phone: text('Phone number held (may be empty)'),
  }),
  tenants: obj('Everyone named on the account', {
    names: text('All names joined: "Ms Jane Doe and Mr John Doe"'),
    count: num('How many people are named'),
    list: listOf('Each person named', { name: text('Full name') }),
  }),
  address: obj('The correspondence address (the property, or for a former tenant the last property)', {
    lines: lines('Address lines, postcode last'),
    single_line: text('The address on one line'),
    postcode: text('Postcode'),
  }),
  account: obj('The account', {
    number: text('Account number'),
    payment_reference: text('Payment reference to quote when paying'),
    type: text('Account type code, e.g. rent, former_tenant, garage'),
    type_label: text('Account type in words, e.g. Rent account'),
    name: text('The property or the debt, as the account is named'),
    tenure: text('Tenure code (secure, introductory, assured…), empty when not a tenancy'),
    tenure_label: text('Tenure in words, e.g. secure tenancy'),
    opened_on: date('When the account was opened'),
  }),
  balance: obj('The balance today', {
    amount: money('The balance (always positive; see in_credit)'),
    amount_pence: num('The balance in pence (negative when in credit)'),
    in_credit: bool('True when the account is in credit'),
  }),
  rent: obj('The current charge', {
    weekly: money('Weekly charge (rent and service charges)'),
    weekly_pence: num('Weekly charge in pence'),
  }),
  arrears: obj('What is owed', {
    amount: money('Arrears (the balance owed, £0.00 when clear)'),
    amount_pence: num('Arrears in pence'),
    weeks: text('Arrears as weeks of the weekly charge, e.g. 3.5 (empty without a weekly charge)'),
    last_payment_on: date('The date of the last payment (empty if none)'),
    last_payment_amount: money('The amount of the last payment (empty if none)'),
  }),
  arrangement: obj('The payment arrangement in force (exists is false when there is none)', {
    exists: bool('True when an arrangement is being kept or is breached'),
    status: text('kept or breached'),
    instalment: money('The instalment, on top of the current charge'),
    frequency: text('weekly, fortnightly, every four weeks or monthly'),
    starts_on: date('The first instalment'),
    payment_method: text('How it is paid, in words'),
    lump_sum: money('A lump sum agreed (empty if none)'),
    lump_sum_on: date('When the lump sum is due (empty if none)'),
    completes_on: date('When the arrears will be cleared if the terms are kept'),
  }),
  officer: obj('The income officer for the patch (or the team)', {
    name: text('Officer name'),
    email: text('Officer e-mail (the team e-mail when none)'),
    phone: text('Phone number to ask for them on'),
    patch: text('The patch name'),
  }),
  dates: obj('Dates counted from today (working days skip weekends and England and Wales bank holidays)', {
    in_5_working_days: date('5 working days from today'),
    in_10_working_days: date('10 working days from today'),
    in_14_working_days: date('14 working days from today'),
    in_7_days: date('7 days from today'),
    in_14_days: date('14 days from today'),
    in_28_days: date('28 days from today'),
    in_30_days: date('30 days from today'),
  }),
  notice: obj('The latest notice served (exists is false when none)', {
    exists: bool('True when a notice has been served'),
    kind_label: text('The kind of notice in words'),
    served_on: date('The date it was served (deemed)'),
    date_in_notice: date('The date after which proceedings may begin'),
    valid_until: date('The last day it is in force (empty if it does not lapse)'),
    grounds: text('Grounds relied on, e.g. 1 or 8, 10 and 11'),
    arrears_at_service: money('Arrears when it was served'),
  }),
  hearing: obj('The next (or latest) court hearing (exists is false when none)', {
    exists: bool('True when a hearing is listed'),
    date: date('The hearing date'),
    court: text('The court'),
    claim_number: text('The claim number (empty until the court gives one)'),
  }),
  direct_debit: obj('The latest Direct Debit advance notice (exists is false when none)', {
    exists: bool('True when an advance notice has been produced'),
    heading: text('The notice heading'),
    reference: text('The Direct Debit reference'),
    service_user_name: text('The name on the payer\'s bank statement'),
    paragraphs: lines('What the notice says, paragraph by paragraph'),
    collections: listOf('The collections notified', { date: date('Collection date'), amount: money('Amount') }),
    guarantee_heading: text('The Direct Debit Guarantee heading'),
    guarantee: lines('The Direct Debit Guarantee, paragraph by paragraph'),
  }),
  statement: obj('The rent statement period (sent with the letter or by a statement run)', {
    from: date('First day of the statement'),
    to: date('Last day of the statement'),
    opening_balance: text('Opening balance in words, e.g. £12.00 owed'),
    closing_balance: text('Closing balance in words'),
  }),
  holds: obj('Holds in force today', {
    demands_stopped: bool('True when a hold (such as Breathing Space) stops any demand for the arrears'),
  }),
} as const satisfies Record<string, FieldSpec>

export type MergeFieldName = keyof typeof MERGE_FIELDS

/** Filters a template may use besides the catalogue's fields: Reeve's own, and these Liquid standard ones. */
export const REEVE_FILTERS = {
  money: 'Pence as pounds: {{ arrears.amount_pence | money }} → £123.45',
  working_days_from_today: 'A date that many working days from today: {{ 14 | working_days_from_today }}',
  days_from_today: 'A date that many calendar days from today: {{ 28 | days_from_today }}',
} as const

export const STANDARD_FILTERS = [
  'upcase', 'downcase', 'capitalize', 'default', 'join', 'size', 'first', 'last', 'plus', 'minus', 'times', 'divided_by',
  'round', 'abs', 'strip', 'append', 'prepend', 'replace', 'remove', 'truncate', 'split', 'at_least', 'at_most',
] as const

/** Tags a template may use. No include, render or layout: a template can never read a file. */
export const ALLOWED_TAGS = ['if', 'elsif', 'else', 'unless', 'case', 'when', 'for', 'break', 'continue', 'assign', 'capture', 'comment', 'raw', 'liquid', 'echo'] as const

/** Every path in the catalogue, e.g. "arrears.amount", "tenants.list[].name" (for the administrator's list). */
export function catalogueEntries(): { path: string; kind: FieldKind; description: string }[] {
  const out: { path: string; kind: FieldKind; description: string }[] = []
  const walk = (prefix: string, spec: FieldSpec) => {
    out.push({ path: prefix, kind: spec.kind, description: spec.description })
    if (spec.fields) for (const [k, child] of Object.entries(spec.fields)) walk(`${prefix}${spec.kind === 'list' ? '[]' : ''}.${k}`, child)
  }
  for (const [k, spec] of Object.entries(MERGE_FIELDS)) walk(k, spec)
  return out
}

/**
 * Whether a variable path (its segments, as Liquid's static analysis gives them) names a field of the catalogue.
 * Returns the problem in words, or null. `size`, `first` and `last` are allowed on lists and `size` on text.
 */
export function pathProblem(segments: readonly (string | number | unknown)[]): string | null {
  const [root, ...rest] = segments
  if (typeof root !== 'string' || !(root in MERGE_FIELDS)) return `"${String(root)}" is not a merge field`
  let spec: FieldSpec = MERGE_FIELDS[root as MergeFieldName]
  let path = root
  for (let i = 0; i < rest.length; i++) {
    const seg = rest[i]
    if (spec.kind === 'list') {
      if (seg === 'size') return i === rest.length - 1 ? null : `"${path}.size" has no fields`
      if (typeof seg === 'number' || seg === 'first' || seg === 'last' || typeof seg !== 'string') {
        path = `${path}[]`
        if (!spec.fields) return i === rest.length - 1 ? null : `"${path}" is a line of text and has no fields`
        spec = { kind: 'object', description: spec.description, fields: spec.fields }
        continue
      }
      return `"${path}" is a list: use {% for item in ${path} %} or ${path}.size, not "${path}.${seg}"`
    }
    if (spec.kind === 'object' && spec.fields) {
      if (typeof seg !== 'string' || !(seg in spec.fields)) return `"${path}.${String(seg)}" is not a merge field (${path} has ${Object.keys(spec.fields).join(', ')})`
      spec = spec.fields[seg]!
      path = `${path}.${seg}`
      continue
    }
    if (seg === 'size' && spec.kind === 'text' && i === rest.length - 1) return null
    return `"${path}" is ${spec.kind === 'money' || spec.kind === 'date' ? `a ${spec.kind} printed as text` : `a ${spec.kind}`} and has no field "${String(seg)}"`
  }
  return null
}

/**
 * Problems with merge data against the catalogue (missing or extra fields, wrong kinds), for tests: the data a
 * service builds must be exactly what the catalogue promises, so a validated template always renders.
 */
export function catalogueProblems(data: Record<string, unknown>): string[] {
  const problems: string[] = []
  const check = (path: string, spec: FieldSpec, value: unknown) => {
    const is = (ok: boolean, what: string) => {
      if (!ok) problems.push(`${path}: expected ${what}, got ${JSON.stringify(value)}`)
      return ok
    }
    switch (spec.kind) {
      case 'text':
      case 'money':
      case 'date':
        is(typeof value === 'string', 'text')
        return
      case 'number':
        is(typeof value === 'number' && Number.isFinite(value), 'a number')
        return
      case 'boolean':
        is(typeof value === 'boolean', 'true or false')
        return
      case 'list':
        if (!is(Array.isArray(value), 'a list')) return
        ;(value as unknown[]).forEach((item, i) => (spec.fields ? checkObject(`${path}[${i}]`, spec.fields, item) : check(`${path}[${i}]`, { kind: 'text', description: '' }, item)))
        return
      case 'object':
        checkObject(path, spec.fields ?? {}, value)
    }
  }
  const checkObject = (path: string, fields: Readonly<Record<string, FieldSpec>>, value: unknown) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push(`${path || 'merge data'}: expected an object`)
      return
    }
    const v = value as Record<string, unknown>
    for (const [k, spec] of Object.entries(fields)) {
      if (!(k in v)) problems.push(`${path ? `${path}.` : ''}${k}: missing`)
      else check(path ? `${path}.${k}` : k, spec, v[k])
    }
    for (const k of Object.keys(v)) if (!(k in fields)) problems.push(`${path ? `${path}.` : ''}${k}: not in the catalogue`)
  }
  checkObject('', MERGE_FIELDS, data)
  return problems
}
