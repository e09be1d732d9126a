/**
 * The forms on an account's debt recovery page, as data: each names its fields (with the options a select offers
 * for this account), the zod schema its values must meet, and the service it runs. `validateForm` is pure: the body
 * as typed → typed values, or GOV.UK errors linked to `#<form>-<field>` (dates to their day box).
 */
import { z } from 'zod'
import type { Queryable } from '../../../db/client.ts'
import { ENFORCEMENT_KINDS, JUDGMENT_TERMS, REPLY_TYPES } from '../../../domain/debt-recovery/index.ts'
import { formatPounds, MoneyParseError, parsePercentToBasisPoints, parsePounds } from '../../../domain/money/pence.ts'
import type { Actor } from '../../../services/actor.ts'
import { ACKNOWLEDGEMENT_FORMS, recordAcknowledgement } from '../../../services/debt-recovery/acknowledgement.ts'
import { endPlacement, PLACEMENT_ENDS, placeWithAgency, recordAgencyReturn } from '../../../services/debt-recovery/agency.ts'
import { applyForEnforcement, ENFORCEMENT_OUTCOMES, recordEnforcementEnd } from '../../../services/debt-recovery/enforcement.ts'
import type { DebtRecoveryView } from '../../../services/debt-recovery/get-debt-recovery-view.ts'
import { recordLetterReply, sendLetterOfClaim } from '../../../services/debt-recovery/letter-of-claim.ts'
import { CLAIM_ROUTES, issueMoneyClaim, JUDGMENT_TYPES, recordJudgment } from '../../../services/debt-recovery/money-claim.ts'
import { recordTraceResult, requestTrace, TRACE_REASONS } from '../../../services/debt-recovery/tracing.ts'
import { checkDateParts, datePartsOf, fieldsOf, textOf, type DateParts } from '../../form-fields.ts'
import type { FormError } from '../../types.ts'

export interface Option {
  value: string
  text: string
}
type Kind = 'text' | 'date' | 'money' | 'percent' | 'select' | 'checkbox' | 'checks' | 'textarea'
export interface FieldSpec {
  name: string
  label: string
  kind: Kind
  optional?: boolean
  /** Money that may be £0.00 (a commission). */
  zeroAllowed?: boolean
  hint?: string
  options?: readonly Option[] | ((v: DebtRecoveryView) => Option[])
}

export interface FormSpec {
  name: string
  title: string
  /** The page section the form sits in (and the redirect's anchor). */
  section: 'tracing' | 'agency' | 'letter' | 'claim' | 'enforcement' | 'acknowledgement'
  submit: string
  fields: readonly FieldSpec[]
  schema: z.ZodType
  run: (tx: Queryable, values: never, ctx: { view: DebtRecoveryView; actor: Actor }) => Promise<string>
}

const words = (values: readonly string[], labels: Record<string, string> = {}): Option[] => values.map((v) => ({ value: v, text: labels[v] ?? v.charAt(0).toUpperCase() + v.slice(1).replaceAll('_', ' ') }))
const DEBT_CHECKS: Option[] = words(['vulnerability_considered', 'breathing_space_checked'])
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)
const maybe = <T extends z.ZodType>(t: T) => t.nullable()

function form<S extends z.ZodType>(spec: Omit<FormSpec, 'schema' | 'run'> & { schema: S; run: (tx: Queryable, values: z.infer<S>, ctx: { view: DebtRecoveryView; actor: Actor }) => Promise<string> }): FormSpec {
  return spec as unknown as FormSpec
}

const LEGAL_FIELDS: FieldSpec[] = [
  { name: 'checks', label: 'Checks done', kind: 'checks', optional: true, options: DEBT_CHECKS },
  { name: 'proportionalityNote', label: 'Why this step is proportionate', kind: 'textarea' },
  { name: 'equalityNote', label: 'Equality Act 2010 considerations', kind: 'textarea' },
]
const legal = { checks: z.array(z.enum(['vulnerability_considered', 'breathing_space_checked'])), proportionalityNote: z.string().min(1), equalityNote: z.string().min(1) }

export const FORMS: readonly FormSpec[] = [
  form({
    name: 'trace-request',
    title: 'Request a trace',
    section: 'tracing',
    submit: 'Record the request',
    fields: [
      { name: 'agent', label: 'Tracing agent', kind: 'text' },
      { name: 'reason', label: 'Why', kind: 'select', options: words(TRACE_REASONS) },
      { name: 'requestedOn', label: 'Date of the request', kind: 'date' },
    ],
    schema: z.object({ agent: z.string().min(1), reason: z.enum(TRACE_REASONS), requestedOn: date }),
    run: async (tx, f, { view, actor }) => {
      await requestTrace(tx, { accountId: view.account.id, agent: f.agent, reason: f.reason, requestedOn: f.requestedOn, actor })
      return `Trace requested from ${f.agent}`
    },
  }),
  form({
    name: 'trace-result',
    title: 'Record a trace result',
    section: 'tracing',
    submit: 'Record the result',
    fields: [
      { name: 'traceId', label: 'Trace', kind: 'select', options: (v) => v.traces.filter((t) => !t.result).map((t) => ({ value: String(t.id), text: `${t.agent}, requested ${t.requested_on}` })) },
      { name: 'result', label: 'Result', kind: 'select', options: words(['traced', 'not_traced']) },
      { name: 'returnedOn', label: 'Date the result came back', kind: 'date' },
      { name: 'forwardingAddress', label: 'Forwarding address found', kind: 'textarea', optional: true },
    ],
    schema: z.object({ traceId: z.coerce.number().int().positive(), result: z.enum(['traced', 'not_traced']), returnedOn: date, forwardingAddress: maybe(z.string()) }),
    run: async (tx, f, { actor }) => {
      await recordTraceResult(tx, { traceId: f.traceId, result: f.result, returnedOn: f.returnedOn, forwardingAddress: f.forwardingAddress, actor })
      return `Trace result recorded: ${f.result.replaceAll('_', ' ')}`
    },
  }),
  form({
    name: 'agency-place',
    title: 'Place with a debt collection agency',
    section: 'agency',
    submit: 'Record the placement',
    fields: [
      { name: 'agency', label: 'Agency', kind: 'text' },
      { name: 'agencyReference', label: "Agency's reference", kind: 'text', optional: true },
      { name: 'placedOn', label: 'Date of the placement', kind: 'date' },
      { name: 'commission', label: 'Commission agreed (%)', kind: 'percent', hint: 'For example, 15' },
      { name: 'checks', label: 'Checks done', kind: 'checks', optional: true, options: DEBT_CHECKS },
    ],
    schema: z.object({ agency: z.string().min(1), agencyReference: maybe(z.string()), placedOn: date, commission: z.number().int(), checks: legal.checks }),
    run: async (tx, f, { view, actor }) => {
      const r = await placeWithAgency(tx, { accountId: view.account.id, agency: f.agency, agencyReference: f.agencyReference, placedOn: f.placedOn, commissionBasisPoints: f.commission, checksConfirmed: f.checks, actor })
      return `${formatPounds(r.balancePlacedPence)} placed with ${f.agency}`
    },
  }),
  form({
    name: 'agency-end',
    title: 'End the placement',
    section: 'agency',
    submit: 'End the placement',
    fields: [
      { name: 'placementId', label: 'Placement', kind: 'select', options: (v) => v.placements.filter((p) => !p.ended_on).map((p) => ({ value: String(p.id), text: `${p.agency} since ${p.placed_on}` })) },
      { name: 'kind', label: 'How it ended', kind: 'select', options: words(PLACEMENT_ENDS, { recalled: 'Recalled by the council', returned_by_agency: 'Returned by the agency', paid_in_full: 'Paid in full' }) },
      { name: 'endedOn', label: 'Date it ended', kind: 'date' },
      { name: 'reason', label: 'Why', kind: 'textarea' },
    ],
    schema: z.object({ placementId: z.coerce.number().int().positive(), kind: z.enum(PLACEMENT_ENDS), endedOn: date, reason: z.string().min(1) }),
    run: async (tx, f, { actor }) => {
      await endPlacement(tx, { placementId: f.placementId, kind: f.kind, endedOn: f.endedOn, reason: f.reason, actor })
      return 'Placement ended'
    },
  }),
  form({
    name: 'agency-return',
    title: "Record an agency's return",
    section: 'agency',
    submit: 'Post the return',
    fields: [
      { name: 'placementId', label: 'Placement', kind: 'select', options: (v) => v.placements.map((p) => ({ value: String(p.id), text: `${p.agency} from ${p.placed_on}` })) },
      { name: 'statementRef', label: "Agency's statement reference", kind: 'text' },
      { name: 'collectedOn', label: 'Date collected', kind: 'date' },
      { name: 'gross', label: 'Collected from the debtor (£)', kind: 'money' },
      { name: 'commission', label: 'Commission the agency kept (£)', kind: 'money', zeroAllowed: true },
    ],
    schema: z.object({ placementId: z.coerce.number().int().positive(), statementRef: z.string().min(1), collectedOn: date, gross: z.number().int().positive(), commission: z.number().int().min(0) }),
    run: async (tx, f, { actor }) => {
      const r = await recordAgencyReturn(tx, { placementId: f.placementId, statementRef: f.statementRef, collectedOn: f.collectedOn, grossCollectedPence: f.gross, commissionPence: f.commission, actor })
      return `Return posted: ${formatPounds(f.gross)} credited, ${formatPounds(r.remittedPence)} remitted`
    },
  }),
  form({
    name: 'letter-send',
    title: 'Record the letter of claim sent',
    section: 'letter',
    submit: 'Record the letter',
    fields: [
      { name: 'sentOn', label: 'Date sent', kind: 'date' },
      { name: 'method', label: 'Sent by', kind: 'select', options: words(['post', 'email']) },
      { name: 'amount', label: 'Amount claimed (£)', kind: 'money', optional: true, hint: 'Leave empty for the balance' },
      { name: 'checks', label: 'Checks done', kind: 'checks', optional: true, options: DEBT_CHECKS },
    ],
    schema: z.object({ sentOn: date, method: z.enum(['post', 'email']), amount: maybe(z.number().int().positive()), checks: legal.checks }),
    run: async (tx, f, { view, actor }) => {
      const r = await sendLetterOfClaim(tx, { accountId: view.account.id, sentOn: f.sentOn, method: f.method, amountClaimedPence: f.amount, checksConfirmed: f.checks, actor })
      return `Letter of claim recorded: reply due by ${r.responseDueOn}`
    },
  }),
  form({
    name: 'letter-reply',
    title: "Record the debtor's reply",
    section: 'letter',
    submit: 'Record the reply',
    fields: [
      { name: 'letterId', label: 'Letter of claim', kind: 'select', options: (v) => v.letters.map((l) => ({ value: String(l.id), text: `Sent ${l.sent_on} for ${formatPounds(l.amount_claimed_pence)}` })) },
      { name: 'receivedOn', label: 'Date received', kind: 'date' },
      { name: 'replyType', label: 'The reply', kind: 'select', options: words(REPLY_TYPES, { admits: 'Admits the debt', admits_part: 'Admits part', asks_for_time: 'Asks for time (debt advice)', requests_documents: 'Asks for documents', disputes: 'Disputes the debt' }) },
      { name: 'admitted', label: 'Amount admitted (£)', kind: 'money', optional: true },
      { name: 'timeAllowedUntil', label: 'Time agreed until', kind: 'date', optional: true },
      { name: 'signed', label: 'The Reply Form is signed by the debtor', kind: 'checkbox' },
    ],
    schema: z.object({ letterId: z.coerce.number().int().positive(), receivedOn: date, replyType: z.enum(REPLY_TYPES), admitted: maybe(z.number().int().positive()), timeAllowedUntil: maybe(date), signed: z.boolean() }),
    run: async (tx, f, { actor }) => {
      const r = await recordLetterReply(tx, { letterId: f.letterId, receivedOn: f.receivedOn, replyType: f.replyType, admittedPence: f.admitted, timeAllowedUntil: f.timeAllowedUntil, signed: f.signed, actor })
      return `Reply recorded${r.holdId ? ': a dispute hold was added' : ''}`
    },
  }),
  form({
    name: 'claim-issue',
    title: 'Record a money claim issued',
    section: 'claim',
    submit: 'Record the claim',
    fields: [
      { name: 'route', label: 'How', kind: 'select', options: words(CLAIM_ROUTES, { mcol: 'Money Claim Online', ocmc: 'Online Civil Money Claims', paper: 'Paper claim (N1)' }) },
      { name: 'issuedOn', label: 'Date issued', kind: 'date' },
      { name: 'claimNumber', label: 'Claim number', kind: 'text', optional: true },
      { name: 'claimValue', label: 'Amount claimed including interest (£)', kind: 'money', optional: true, hint: 'Leave empty for the balance' },
      ...LEGAL_FIELDS,
    ],
    schema: z.object({ route: z.enum(CLAIM_ROUTES), issuedOn: date, claimNumber: maybe(z.string()), claimValue: maybe(z.number().int().positive()), ...legal }),
    run: async (tx, f, { view, actor }) => {
      const r = await issueMoneyClaim(tx, { accountId: view.account.id, route: f.route, issuedOn: f.issuedOn, claimNumber: f.claimNumber, claimValuePence: f.claimValue, checksConfirmed: f.checks, proportionalityNote: f.proportionalityNote, equalityNote: f.equalityNote, actor })
      return `Money claim recorded: fee ${formatPounds(r.feePence)} (${r.feeBand})`
    },
  }),
  form({
    name: 'judgment',
    title: 'Record a judgment',
    section: 'claim',
    submit: 'Record the judgment',
    fields: [
      { name: 'moneyClaimId', label: 'Claim', kind: 'select', options: (v) => v.claims.filter((c) => !c.judgment).map((c) => ({ value: String(c.id), text: `Issued ${c.issued_on}${c.claim_number ? ` (${c.claim_number})` : ''}` })) },
      { name: 'judgmentType', label: 'Judgment', kind: 'select', options: words(JUDGMENT_TYPES, { default: 'In default', admission: 'On admission', hearing: 'After a hearing' }) },
      { name: 'enteredOn', label: 'Date of the judgment', kind: 'date' },
      { name: 'amount', label: 'Judgment sum including costs (£)', kind: 'money' },
      { name: 'costs', label: 'Of which costs (£)', kind: 'money', optional: true },
      { name: 'terms', label: 'Terms', kind: 'select', options: words(JUDGMENT_TERMS, { forthwith: 'Forthwith', by_date: 'In full by a date', instalments: 'By instalments' }) },
      { name: 'payBy', label: 'Pay by', kind: 'date', optional: true },
      { name: 'instalment', label: 'Instalment (£)', kind: 'money', optional: true },
      { name: 'frequency', label: 'How often', kind: 'select', optional: true, options: words(['weekly', 'monthly']) },
      { name: 'firstInstalmentOn', label: 'First instalment', kind: 'date', optional: true },
    ],
    schema: z.object({
      moneyClaimId: z.coerce.number().int().positive(),
      judgmentType: z.enum(JUDGMENT_TYPES),
      enteredOn: date,
      amount: z.number().int().positive(),
      costs: maybe(z.number().int().positive()),
      terms: z.enum(JUDGMENT_TERMS),
      payBy: maybe(date),
      instalment: maybe(z.number().int().positive()),
      frequency: maybe(z.enum(['weekly', 'monthly'])),
      firstInstalmentOn: maybe(date),
    }),
    run: async (tx, f, { actor }) => {
      await recordJudgment(tx, { moneyClaimId: f.moneyClaimId, judgmentType: f.judgmentType, enteredOn: f.enteredOn, amountPence: f.amount, costsPence: f.costs ?? 0, terms: f.terms, payBy: f.payBy, instalmentPence: f.instalment, instalmentFrequency: f.frequency, firstInstalmentOn: f.firstInstalmentOn, actor })
      return 'Judgment recorded'
    },
  }),
  form({
    name: 'enforcement-apply',
    title: 'Apply for enforcement',
    section: 'enforcement',
    submit: 'Record the application',
    fields: [
      { name: 'judgmentId', label: 'Judgment', kind: 'select', options: (v) => v.claims.flatMap((c) => (c.judgment ? [{ value: String(c.judgment.id), text: `${c.judgment.entered_on}: ${formatPounds(c.judgment.amount_pence)}` }] : [])) },
      { name: 'kind', label: 'Enforcement', kind: 'select', options: words(ENFORCEMENT_KINDS) },
      { name: 'appliedOn', label: 'Date of the application', kind: 'date' },
      { name: 'employerName', label: 'Employer (attachment of earnings)', kind: 'text', optional: true },
      { name: 'propertyAddress', label: 'Property (charging order)', kind: 'textarea', optional: true },
      ...LEGAL_FIELDS,
    ],
    schema: z.object({ judgmentId: z.coerce.number().int().positive(), kind: z.enum(ENFORCEMENT_KINDS), appliedOn: date, employerName: maybe(z.string()), propertyAddress: maybe(z.string()), ...legal }),
    run: async (tx, f, { actor }) => {
      const r = await applyForEnforcement(tx, { judgmentId: f.judgmentId, kind: f.kind, appliedOn: f.appliedOn, employerName: f.employerName, propertyAddress: f.propertyAddress, checksConfirmed: f.checks, proportionalityNote: f.proportionalityNote, equalityNote: f.equalityNote, actor })
      return `Enforcement recorded: fee ${formatPounds(r.feePence)}${r.feeConfirmed ? '' : ' (unconfirmed)'}`
    },
  }),
  form({
    name: 'enforcement-end',
    title: 'Record how enforcement ended',
    section: 'enforcement',
    submit: 'Record the end',
    fields: [
      { name: 'enforcementId', label: 'Enforcement', kind: 'select', options: (v) => v.enforcement.filter((e) => !e.ended_on).map((e) => ({ value: String(e.id), text: `${e.kind.replaceAll('_', ' ')}, applied ${e.applied_on}` })) },
      { name: 'outcome', label: 'Outcome', kind: 'select', options: words(ENFORCEMENT_OUTCOMES) },
      { name: 'endedOn', label: 'Date it ended', kind: 'date' },
    ],
    schema: z.object({ enforcementId: z.coerce.number().int().positive(), outcome: z.enum(ENFORCEMENT_OUTCOMES), endedOn: date }),
    run: async (tx, f, { actor }) => {
      await recordEnforcementEnd(tx, { enforcementId: f.enforcementId, outcome: f.outcome, endedOn: f.endedOn, actor })
      return 'Enforcement ended'
    },
  }),
  form({
    name: 'acknowledgement',
    title: 'Record a written acknowledgement',
    section: 'acknowledgement',
    submit: 'Record the acknowledgement',
    fields: [
      { name: 'acknowledgedOn', label: 'Date of the acknowledgement', kind: 'date' },
      { name: 'form', label: 'Form', kind: 'select', options: words(ACKNOWLEDGEMENT_FORMS) },
      { name: 'signed', label: 'It is in writing and signed by the debtor', kind: 'checkbox' },
      { name: 'documentRef', label: 'Document reference', kind: 'text', optional: true },
    ],
    schema: z.object({ acknowledgedOn: date, form: z.enum(ACKNOWLEDGEMENT_FORMS), signed: z.boolean(), documentRef: maybe(z.string()) }),
    run: async (tx, f, { view, actor }) => {
      const r = await recordAcknowledgement(tx, { accountId: view.account.id, acknowledgedOn: f.acknowledgedOn, form: f.form, signed: f.signed, documentRef: f.documentRef, actor })
      return r.restartsClock ? 'Acknowledgement recorded: the limitation clock restarts' : 'Acknowledgement recorded: it does not restart the clock'
    },
  }),
]

export function findForm(name: string): FormSpec | undefined {
  return FORMS.find((f) => f.name === name)
}

export function optionsOf(field: FieldSpec, v: DebtRecoveryView): Option[] {
  return typeof field.options === 'function' ? field.options(v) : [...(field.options ?? [])]
}

export type FormInput = Record<string, string | string[] | DateParts>
export type FormResult = { ok: true; values: unknown; input: FormInput } | { ok: false; errors: FormError[]; input: FormInput }

/** Pure: the body as typed → the values the form's schema accepts, or GOV.UK errors linked to each field. */
export function validateForm(spec: FormSpec, body: unknown, v: DebtRecoveryView): FormResult {
  const fields = fieldsOf(body)
  const input: FormInput = {}
  const values: Record<string, unknown> = {}
  const errors: FormError[] = []
  for (const f of spec.fields) {
    const id = `${spec.name}-${f.name}`
    const lower = f.label.toLowerCase().replace(/ \(.*\)$/, '')
    switch (f.kind) {
      case 'date': {
        const parts = datePartsOf(fields, f.name)
        input[f.name] = parts
        if (f.optional && !parts.day && !parts.month && !parts.year) {
          values[f.name] = null
          break
        }
        const r = checkDateParts(parts, id, f.label)
        if ('error' in r) errors.push(r.error)
        else values[f.name] = r.iso
        break
      }
      case 'checks': {
        const raw = fields[f.name]
        const list = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((x): x is string => typeof x === 'string')
        input[f.name] = list
        values[f.name] = list
        break
      }
      case 'checkbox':
        input[f.name] = textOf(fields, f.name)
        values[f.name] = textOf(fields, f.name) === 'yes'
        break
      default: {
        const text = textOf(fields, f.name)
        input[f.name] = text
        if (!text) {
          if (f.optional) values[f.name] = null
          else errors.push({ text: f.kind === 'select' ? `Choose the ${lower}` : `Enter the ${lower}`, href: `#${id}` })
          break
        }
        if (f.kind === 'money') {
          try {
            const pence = parsePounds(text)
            if (pence < 0 || (pence === 0 && !f.zeroAllowed)) errors.push({ text: `${f.label.replace(/ \(£\)$/, '')} must be more than £0.00`, href: `#${id}` })
            else values[f.name] = pence
          } catch (e) {
            if (!(e instanceof MoneyParseError)) throw e
            errors.push({ text: `${f.label.replace(/ \(£\)$/, '')} must be an amount of money, like 25.50`, href: `#${id}` })
          }
        } else if (f.kind === 'percent') {
          try {
            values[f.name] = parsePercentToBasisPoints(text)
          } catch (e) {
            if (!(e instanceof MoneyParseError)) throw e
            errors.push({ text: `${f.label.replace(/ \(%\)$/, '')} must be a percentage, like 15`, href: `#${id}` })
          }
        } else if (f.kind === 'select') {
          if (!optionsOf(f, v).some((o) => o.value === text)) errors.push({ text: `Choose the ${lower}`, href: `#${id}` })
          else values[f.name] = text
        } else {
          values[f.name] = text
        }
      }
    }
  }
  if (errors.length) return { ok: false, errors, input }
  const parsed = spec.schema.safeParse(values)
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => ({ text: `Check the ${String(i.path[0] ?? 'form')}: ${i.message}`, href: `#${spec.name}-${String(i.path[0] ?? spec.fields[0]!.name)}` })), input }
  }
  return { ok: true, values: parsed.data, input }
}
