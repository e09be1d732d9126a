/**
 * Pure validators for the forms on an account's recovery page. Each form's fields have ids prefixed with the form's
 * name (`hold-type`, `notice-deliveredOn-day`…) because several forms share the page; errors link to those ids.
 */
import { CHECKS, HOLD_TYPES, NOTICE_KINDS, type Check, type HoldType, type NoticeKind } from '../../../domain/recovery/index.ts'
import { EVICTION_OUTCOMES, type ClaimType, type EvictionOutcome, type HearingOutcomeValue } from '../../../services/recovery/court.ts'
import { SERVICE_METHODS, type ServiceMethod } from '../../../services/recovery/notices.ts'
import { PAP_ITEMS, type PapItem } from '../../../services/recovery/pap.ts'
import { checkDateParts, checkPounds, datePartsOf, fieldsOf, textOf, type DateParts, type Fields } from '../../form-fields.ts'
import type { FormError } from '../../types.ts'

export const FORM_NAMES = ['action', 'hold', 'holdEnd', 'notice', 'pap', 'claim', 'hearing', 'outcome', 'warrant', 'eviction', 'evictionOutcome'] as const
export type FormName = (typeof FORM_NAMES)[number]

export type FormInput = Record<string, string | string[] | DateParts>
export type FormResult<T> = { ok: true; form: T; input: FormInput } | { ok: false; errors: FormError[]; input: FormInput }

export const CONTACT_TYPES = ['call', 'visit', 'letter', 'sms'] as const
export const CLAIM_TYPES: { value: ClaimType; text: string }[] = [
  { value: 'possession', text: 'Possession claim' },
  { value: 'fix_date', text: 'Application to fix a date for possession (postponed order)' },
  { value: 'money', text: 'Money claim' },
]
export const HEARING_OUTCOMES: { value: HearingOutcomeValue; text: string }[] = [
  { value: 'outright_order', text: 'Outright possession order' },
  { value: 'suspended_order', text: 'Suspended possession order (on terms)' },
  { value: 'postponed_order', text: 'Postponed possession order (on terms)' },
  { value: 'adjourned_on_terms', text: 'Adjourned on terms' },
  { value: 'adjourned', text: 'Adjourned' },
  { value: 'dismissed', text: 'Dismissed' },
  { value: 'money_judgment', text: 'Money judgment' },
]

/** Reads one form's fields, collecting GOV.UK errors linked to `<prefix>-<field>`. */
class FormReader {
  readonly errors: FormError[] = []
  readonly input: FormInput = {}
  private readonly f: Fields
  constructor(
    body: unknown,
    private readonly prefix: string,
  ) {
    this.f = fieldsOf(body)
  }
  private href(name: string) {
    return `#${this.prefix}-${name}`
  }
  error(name: string, text: string) {
    this.errors.push({ text, href: this.href(name) })
  }
  text(name: string, o: { label: string; required?: boolean; max?: number }): string {
    const v = textOf(this.f, name)
    this.input[name] = v
    if (o.required && !v) this.error(name, `Enter ${o.label}`)
    else if (v.length > (o.max ?? 500)) this.error(name, `${o.label.charAt(0).toUpperCase()}${o.label.slice(1)} must be ${o.max ?? 500} characters or fewer`)
    return v
  }
  choice<T extends string>(name: string, values: readonly T[], message: string, required = true): T | null {
    const v = textOf(this.f, name)
    this.input[name] = v
    if (!v && !required) return null
    if (!(values as readonly string[]).includes(v)) {
      this.error(name, message)
      return null
    }
    return v as T
  }
  list(name: string): string[] {
    const raw = this.f[name]
    const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((x): x is string => typeof x === 'string' && x.length > 0)
    this.input[name] = values
    return values
  }
  date(name: string, label: string, required = true): string | null {
    const parts = datePartsOf(this.f, name)
    this.input[name] = parts
    if (!required && !parts.day && !parts.month && !parts.year) return null
    const r = checkDateParts(parts, `${this.prefix}-${name}`, label)
    if ('error' in r) {
      this.errors.push(r.error)
      return null
    }
    return r.iso
  }
  pounds(name: string, label: string, required: boolean): number | null {
    const v = textOf(this.f, name)
    this.input[name] = v
    if (!v && !required) return null
    const r = checkPounds(v, `${this.prefix}-${name}`, label, 10_000_000)
    if ('error' in r) {
      this.errors.push(r.error)
      return null
    }
    return r.pence
  }
  id(name: string, allowed: readonly number[], message: string): number | null {
    const v = textOf(this.f, name)
    this.input[name] = v
    const n = /^[1-9]\d{0,14}$/.test(v) ? Number(v) : NaN
    if (!allowed.includes(n)) {
      this.error(name, message)
      return null
    }
    return n
  }
  checks(): Check[] {
    return this.list('checks').filter((c): c is Check => (CHECKS as readonly string[]).includes(c))
  }
  result<T>(form: () => T): FormResult<T> {
    return this.errors.length ? { ok: false, errors: this.errors, input: this.input } : { ok: true, form: form(), input: this.input }
  }
}

interface LegalNotes {
  checksConfirmed: Check[]
  proportionalityNote: string | null
  equalityNote: string | null
}

function legalNotes(r: FormReader): LegalNotes {
  const checksConfirmed = r.checks()
  const proportionalityNote = r.text('proportionalityNote', { label: 'why the step is proportionate', max: 2000 }) || null
  const equalityNote = r.text('equalityNote', { label: 'the Equality Act considerations', max: 2000 }) || null
  return { checksConfirmed, proportionalityNote, equalityNote }
}

export interface ActionForm extends LegalNotes {
  stageId: string | null
  actionType: (typeof CONTACT_TYPES)[number] | null
  takenOn: string
  outcome: string
  contactMade: boolean
  recommendationId: number | null
}

/** `stage` is a stage id that may come next, or `contact:<type>` for contact outside the pathway. */
export function validateAction(body: unknown, stageIds: readonly string[]): FormResult<ActionForm> {
  const r = new FormReader(body, 'action')
  const stage = r.choice('stage', [...stageIds, ...CONTACT_TYPES.map((t) => `contact:${t}`)], 'Choose the action taken')
  const takenOn = r.date('takenOn', 'Date of the action')
  const outcome = r.text('outcome', { label: 'what happened', required: true })
  const contactMade = r.choice('contactMade', ['yes', 'no'], 'Say whether you spoke to the customer', false) === 'yes'
  const notes = legalNotes(r)
  const rec = textOf(fieldsOf(body), 'recommendationId')
  return r.result(() => ({
    stageId: stage!.startsWith('contact:') ? null : stage!,
    actionType: stage!.startsWith('contact:') ? (stage!.slice('contact:'.length) as ActionForm['actionType']) : null,
    takenOn: takenOn!,
    outcome,
    contactMade,
    recommendationId: /^[1-9]\d{0,14}$/.test(rec) ? Number(rec) : null,
    ...notes,
  }))
}

export interface HoldForm {
  scope: { accountId: true } | { partyId: number }
  type: HoldType
  startsOn: string
  endsOn: string | null
  treatmentEndsOn: string | null
  reason: string
  reference: string | null
}

export function validateHold(body: unknown, partyIds: readonly number[]): FormResult<HoldForm> {
  const r = new FormReader(body, 'hold')
  const scope = r.choice('scope', ['account', ...partyIds.map((p) => `party:${p}`)], 'Choose what the hold covers')
  const type = r.choice('type', HOLD_TYPES, 'Choose the type of hold')
  const startsOn = r.date('startsOn', 'Start date')
  const endsOn = r.date('endsOn', 'End date', false)
  const treatmentEndsOn = r.date('treatmentEndsOn', 'Treatment end date', false)
  const reason = r.text('reason', { label: 'the reason for the hold', required: true })
  const reference = r.text('reference', { label: 'the reference', max: 80 }) || null
  if (startsOn && endsOn && endsOn < startsOn) r.error('endsOn-day', 'End date must be the same as or after the start date')
  if (treatmentEndsOn && type && type !== 'breathing_space_mental_health') r.error('treatmentEndsOn-day', 'A treatment end date is only for a mental health crisis Breathing Space')
  return r.result(() => ({
    scope: scope === 'account' ? { accountId: true as const } : { partyId: Number(scope!.slice('party:'.length)) },
    type: type!,
    startsOn: startsOn!,
    endsOn,
    treatmentEndsOn,
    reason,
    reference,
  }))
}

export function validateHoldEnd(body: unknown, holdIds: readonly number[]): FormResult<{ holdId: number; endedOn: string; reason: string }> {
  const r = new FormReader(body, 'holdEnd')
  const holdId = r.id('holdId', holdIds, 'Choose the hold to end')
  const endedOn = r.date('endedOn', 'Last day of the hold')
  const reason = r.text('endReason', { label: 'why the hold is ending', required: true })
  return r.result(() => ({ holdId: holdId!, endedOn: endedOn!, reason }))
}

export interface NoticeForm extends LegalNotes {
  kind: NoticeKind
  deliveredOn: string
  method: ServiceMethod
  dateInNotice: string | null
  servedPartyIds: number[]
  grounds: string[]
}

export function validateNotice(body: unknown, kinds: readonly string[], partyIds: readonly number[]): FormResult<NoticeForm> {
  const r = new FormReader(body, 'notice')
  const kind = r.choice('kind', NOTICE_KINDS.filter((k) => kinds.includes(k)), 'Choose the notice served')
  const deliveredOn = r.date('deliveredOn', 'Date served')
  const method = r.choice('method', SERVICE_METHODS, 'Choose how the notice was served')
  const dateInNotice = r.date('dateInNotice', 'Date in the notice', false)
  const parties = r.list('parties').map(Number)
  if (parties.length === 0 || parties.some((p) => !partyIds.includes(p))) r.error('parties', 'Choose the named tenants the notice was served on')
  const grounds = r
    .text('grounds', { label: 'the grounds', max: 200 })
    .split(',')
    .map((g) => g.trim())
    .filter(Boolean)
  const notes = legalNotes(r)
  return r.result(() => ({ kind: kind!, deliveredOn: deliveredOn!, method: method!, dateInNotice, servedPartyIds: parties, grounds, ...notes }))
}

export function validatePap(body: unknown): FormResult<{ item: PapItem; doneOn: string; detail: string | null }> {
  const r = new FormReader(body, 'pap')
  const item = r.choice('item', PAP_ITEMS, 'Choose what was done')
  const doneOn = r.date('doneOn', 'Date done')
  const detail = r.text('detail', { label: 'the detail' }) || null
  return r.result(() => ({ item: item!, doneOn: doneOn!, detail }))
}

export interface ClaimForm extends LegalNotes {
  claimType: ClaimType
  court: string
  claimNumber: string | null
  issuedOn: string
  feePence: number | null
}

export function validateClaim(body: unknown): FormResult<ClaimForm> {
  const r = new FormReader(body, 'claim')
  const claimType = r.choice('claimType', CLAIM_TYPES.map((c) => c.value), 'Choose the kind of claim')
  const court = r.text('court', { label: 'the court', required: true, max: 120 })
  const claimNumber = r.text('claimNumber', { label: 'the claim number', max: 40 }) || null
  const issuedOn = r.date('issuedOn', 'Date issued')
  const feePence = r.pounds('fee', 'Court fee', false)
  const notes = legalNotes(r)
  return r.result(() => ({ claimType: claimType!, court, claimNumber, issuedOn: issuedOn!, feePence, ...notes }))
}

export function validateHearing(body: unknown, claimIds: readonly number[]): FormResult<{ claimId: number; hearingOn: string }> {
  const r = new FormReader(body, 'hearing')
  const claimId = r.id('claimId', claimIds, 'Choose the claim')
  const hearingOn = r.date('hearingOn', 'Hearing date')
  return r.result(() => ({ claimId: claimId!, hearingOn: hearingOn! }))
}

export interface OutcomeForm {
  outcome: HearingOutcomeValue
  possessionOn: string | null
  termsWeeklyPence: number | null
  termsStartOn: string | null
  note: string | null
}

export function validateOutcome(body: unknown, hearingIds: readonly number[]): FormResult<OutcomeForm & { hearingId: number }> {
  const r = new FormReader(body, 'outcome')
  const hearingId = r.id('hearingId', hearingIds, 'Choose the hearing')
  const outcome = r.choice('outcome', HEARING_OUTCOMES.map((o) => o.value), 'Choose the outcome')
  const possessionOn = r.date('possessionOn', 'Date for possession', false)
  const termsWeeklyPence = r.pounds('termsWeekly', 'Weekly amount on top of the rent', false)
  const termsStartOn = r.date('termsStartOn', 'Date the terms start', false)
  const note = r.text('note', { label: 'the note' }) || null
  return r.result(() => ({ hearingId: hearingId!, outcome: outcome!, possessionOn, termsWeeklyPence, termsStartOn, note }))
}

export function validateWarrant(body: unknown, orderIds: readonly number[]): FormResult<LegalNotes & { orderId: number; appliedOn: string; warrantNumber: string | null }> {
  const r = new FormReader(body, 'warrant')
  const orderId = r.id('orderId', orderIds, 'Choose the order')
  const appliedOn = r.date('appliedOn', 'Date requested')
  const warrantNumber = r.text('warrantNumber', { label: 'the warrant number', max: 40 }) || null
  const notes = legalNotes(r)
  return r.result(() => ({ orderId: orderId!, appliedOn: appliedOn!, warrantNumber, ...notes }))
}

export function validateEviction(body: unknown, warrantIds: readonly number[]): FormResult<LegalNotes & { warrantId: number; scheduledOn: string; n54ReceivedOn: string | null }> {
  const r = new FormReader(body, 'eviction')
  const warrantId = r.id('warrantId', warrantIds, 'Choose the warrant')
  const scheduledOn = r.date('scheduledOn', 'Eviction date')
  const n54ReceivedOn = r.date('n54ReceivedOn', 'Date the notice of eviction (N54) was received', false)
  const notes = legalNotes(r)
  return r.result(() => ({ warrantId: warrantId!, scheduledOn: scheduledOn!, n54ReceivedOn, ...notes }))
}

export function validateEvictionOutcome(body: unknown, evictionIds: readonly number[]): FormResult<{ evictionId: number; outcome: EvictionOutcome; outcomeOn: string; note: string | null }> {
  const r = new FormReader(body, 'evictionOutcome')
  const evictionId = r.id('evictionId', evictionIds, 'Choose the eviction')
  const outcome = r.choice('outcome', EVICTION_OUTCOMES, 'Choose what happened')
  const outcomeOn = r.date('outcomeOn', 'Date')
  const note = r.text('note', { label: 'the note' }) || null
  return r.result(() => ({ evictionId: evictionId!, outcome: outcome!, outcomeOn: outcomeOn!, note }))
}
