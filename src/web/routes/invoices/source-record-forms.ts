import type { Db } from '../../../db/client.ts'
import { formatPounds } from '../../../domain/money/pence.ts'
import type { Actor } from '../../../services/actor.ts'
import { createCarePlan, setCareContribution } from '../../../services/invoicing/care-plans.ts'
import { raiseInsuranceClaimInvoice } from '../../../services/invoicing/raise-insurance-claim-invoice.ts'
import { raiseStorageInvoice } from '../../../services/invoicing/raise-storage-invoice.ts'
import { HB_OVERPAYMENT_CAUSES, recordHbOverpayment, type HbOverpaymentCause } from '../../../services/invoicing/record-hb-overpayment.ts'
import { recordRepair } from '../../../services/invoicing/record-repair.ts'
import { LOAN_PURPOSES, setUpLoan, type LoanPurpose } from '../../../services/invoicing/set-up-loan.ts'
import { accountNumberOf } from '../../../services/invoicing/source-records.ts'
import type { LoanFrequency } from '../../../domain/invoicing/loan-schedule.ts'
import type { AccountSummary } from '../../../services/statements/get-account-statement.ts'
import type { FormError } from '../../types.ts'
import type { RecordField, RecordValues } from './record-form.validator.ts'

/**
 * The forms that record where a sundry debt comes from, reached from an account's invoices page. Each names its
 * fields (drawn and checked by `record-form`), its cross-field rules, the service it calls and where the officer
 * goes next. The person is the account's (asked only when several are liable); the record's account is this one
 * when it is of the record's type, else the person's own account of that type (opened if need be).
 */

export interface RecordContext {
  db: Db
  account: AccountSummary
  tenancyId: number | null
  partyId: number
  today: string
  actor: Actor
  /** The care plan being reassessed. */
  planRef?: string
}

export interface RecordOutcome {
  redirect: string
  heading: string
  lines?: string[]
}

export interface RecordForm {
  title: string
  intro: string
  button: string
  fields: RecordField[]
  check?: (v: RecordValues) => FormError[]
  /** Where a service's refusal about a field (by the service's field name) is shown. */
  errorHrefs: Record<string, string>
  submit: (ctx: RecordContext, v: RecordValues) => Promise<RecordOutcome>
}

const REF = { pattern: /^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/, patternText: 'Reference must be letters, numbers and hyphens only' }
const yesNo = [{ value: 'yes', text: 'Yes' }, { value: 'no', text: 'No' }] as const
const str = (v: RecordValues, k: string) => v[k] as string
const optStr = (v: RecordValues, k: string) => (v[k] as string | null) ?? null
const num = (v: RecordValues, k: string) => v[k] as number
const invoicePage = (n: string) => `/invoices/${encodeURIComponent(n)}`
const invoicesPage = (accountNumber: string) => `/accounts/${encodeURIComponent(accountNumber)}/invoices`
const mine = (ctx: RecordContext, type: string) => (ctx.account.accountType === type ? ctx.account.id : null)
const afterOrOn = (v: RecordValues, start: string, end: string, text: string): FormError[] =>
  v[end] !== null && (v[end] as string) < (v[start] as string) ? [{ text, href: `#${end}-day` }] : []

export const repairForm: RecordForm = {
  title: 'Record a rechargeable repair',
  intro: 'What was repaired, what it cost and whether the tenant is responsible. A repair the tenant is responsible for, and does not dispute, can then be invoiced.',
  button: 'Record the repair',
  fields: [
    { kind: 'text', name: 'repairRef', label: 'Repair reference', hint: 'The job number in the repairs system', max: 40, ...REF, width: 'govuk-input--width-20' },
    { kind: 'text', name: 'description', label: 'What was repaired', hint: 'This is printed on the invoice', max: 150, multiline: true },
    { kind: 'date', name: 'completedOn', label: 'Date the repair was completed', hint: 'For example, 27 3 2026', notFuture: true },
    { kind: 'money', name: 'cost', label: 'Cost', hint: 'What the council will recharge' },
    { kind: 'radios', name: 'tenantResponsible', label: 'Is the tenant responsible for the repair?', items: yesNo },
    { kind: 'text', name: 'responsibilityReason', label: 'Why the tenant is or is not responsible', hint: 'For example, damage beyond fair wear and tear, or the inspection found a defect', max: 500, multiline: true },
    { kind: 'radios', name: 'disputed', label: 'Does the tenant dispute the recharge?', hint: 'A disputed recharge is held until the dispute is decided', items: yesNo },
  ],
  errorHrefs: { cost: '#cost', responsibilityReason: '#responsibilityReason' },
  async submit(ctx, v) {
    await recordRepair(ctx.db, {
      repairRef: str(v, 'repairRef'),
      partyId: ctx.partyId,
      tenancyId: ctx.tenancyId,
      description: str(v, 'description'),
      completedOn: str(v, 'completedOn'),
      costPence: num(v, 'cost'),
      tenantResponsible: v.tenantResponsible === 'yes',
      responsibilityReason: str(v, 'responsibilityReason'),
      disputed: v.disputed === 'yes',
      actor: ctx.actor,
    })
    return { redirect: `${invoicesPage(ctx.account.accountNumber)}/repairs/${encodeURIComponent(str(v, 'repairRef'))}`, heading: `Repair ${str(v, 'repairRef')} recorded` }
  },
}

export const carePlanForm: RecordForm = {
  title: 'Record a care plan',
  intro: 'The care plan and the 4-weekly contribution from the financial assessment. Contributions are invoiced every 4 weeks in arrears by the care invoicing run.',
  button: 'Record the care plan',
  fields: [
    { kind: 'text', name: 'planRef', label: 'Care plan reference', max: 40, ...REF, width: 'govuk-input--width-20' },
    { kind: 'text', name: 'description', label: 'Care provided', hint: 'For example, residential care at Elm House', max: 150 },
    { kind: 'date', name: 'startsOn', label: 'Date the plan starts' },
    { kind: 'date', name: 'endsOn', label: 'Date the plan ends (optional)', hint: 'Leave blank if it has no end date', optional: true },
    { kind: 'money', name: 'contribution', label: 'Contribution every 4 weeks', hint: 'From the financial assessment; £0.00 if the person pays nothing', allowZero: true },
  ],
  check: (v) => afterOrOn(v, 'startsOn', 'endsOn', 'The end date must be on or after the start date'),
  errorHrefs: { contribution: '#contribution', endsOn: '#endsOn-day', accountId: '#planRef' },
  async submit(ctx, v) {
    const r = await createCarePlan(ctx.db, {
      planRef: str(v, 'planRef'),
      partyId: ctx.partyId,
      accountId: mine(ctx, 'social_care'),
      description: str(v, 'description'),
      startsOn: str(v, 'startsOn'),
      endsOn: optStr(v, 'endsOn'),
      fourWeeklyPence: num(v, 'contribution'),
      actor: ctx.actor,
    })
    const n = await accountNumberOf(ctx.db, r.accountId)
    return {
      redirect: invoicesPage(n),
      heading: `Care plan ${str(v, 'planRef')} recorded`,
      lines: [`${formatPounds(num(v, 'contribution'))} every 4 weeks from ${str(v, 'startsOn')}, invoiced in arrears to account ${n}.`],
    }
  },
}

export const reassessForm: RecordForm = {
  title: 'Change a care contribution',
  intro: 'A reassessment changes the 4-weekly contribution from a date. Periods already invoiced are not changed: correct them by credit note.',
  button: 'Change the contribution',
  fields: [
    { kind: 'date', name: 'effectiveFrom', label: 'Date the new contribution starts' },
    { kind: 'money', name: 'contribution', label: 'New contribution every 4 weeks', allowZero: true },
    { kind: 'text', name: 'reason', label: 'Reason', hint: 'For example, reassessed after a change in income', max: 200 },
  ],
  errorHrefs: { effectiveFrom: '#effectiveFrom-day' },
  async submit(ctx, v) {
    await setCareContribution(ctx.db, { planRef: ctx.planRef!, effectiveFrom: str(v, 'effectiveFrom'), fourWeeklyPence: num(v, 'contribution'), reason: str(v, 'reason'), actor: ctx.actor })
    return { redirect: invoicesPage(ctx.account.accountNumber), heading: `Contribution for care plan ${ctx.planRef} changed`, lines: [`${formatPounds(num(v, 'contribution'))} every 4 weeks from ${str(v, 'effectiveFrom')}.`] }
  },
}

export const loanForm: RecordForm = {
  title: 'Set up a homelessness-prevention loan',
  intro: 'The loan gets an account of its own. The amount lent is invoiced once, with the repayment schedule printed on the invoice.',
  button: 'Set up the loan',
  fields: [
    { kind: 'text', name: 'loanRef', label: 'Loan reference', max: 40, ...REF, width: 'govuk-input--width-20' },
    { kind: 'radios', name: 'purpose', label: 'What the loan is for', items: LOAN_PURPOSES.map((p) => ({ value: p, text: p.charAt(0).toUpperCase() + p.slice(1).replace(/_/g, ' ') })) },
    { kind: 'text', name: 'purposeNote', label: 'Details (optional)', max: 200, optional: true },
    { kind: 'date', name: 'advancedOn', label: 'Date the loan was made', notFuture: true },
    { kind: 'money', name: 'principal', label: 'Amount lent' },
    { kind: 'radios', name: 'frequency', label: 'How often repayments are due', items: [{ value: 'weekly', text: 'Weekly' }, { value: 'four_weekly', text: 'Every 4 weeks' }, { value: 'monthly', text: 'Monthly' }] },
    { kind: 'date', name: 'firstDueOn', label: 'Date the first repayment is due' },
    { kind: 'whole', name: 'instalments', label: 'Number of repayments', hint: 'Give either the number of repayments or the amount of each', optional: true, min: 1, max: 520 },
    { kind: 'money', name: 'instalment', label: 'Amount of each repayment', hint: 'The last repayment is whatever is left', optional: true },
  ],
  check: (v) => [
    ...afterOrOn(v, 'advancedOn', 'firstDueOn', 'The first repayment date must be on or after the loan date'),
    ...((v.instalments === null) === (v.instalment === null) ? [{ text: 'Enter either the number of repayments or the amount of each, not both', href: '#instalments' }] : []),
  ],
  errorHrefs: { firstDueOn: '#firstDueOn-day', instalments: '#instalments', instalment: '#instalment', principal: '#principal' },
  async submit(ctx, v) {
    const r = await setUpLoan(ctx.db, {
      loanRef: str(v, 'loanRef'),
      partyId: ctx.partyId,
      purpose: str(v, 'purpose') as LoanPurpose,
      purposeNote: optStr(v, 'purposeNote'),
      advancedOn: str(v, 'advancedOn'),
      principalPence: num(v, 'principal'),
      frequency: str(v, 'frequency') as LoanFrequency,
      firstDueOn: str(v, 'firstDueOn'),
      ...(v.instalments !== null ? { instalments: num(v, 'instalments') } : { instalmentPence: num(v, 'instalment') }),
      postingDate: ctx.today,
      actor: ctx.actor,
    })
    return { redirect: invoicePage(r.invoiceNumber), heading: `Loan ${str(v, 'loanRef')} set up: invoice ${r.invoiceNumber} raised`, lines: [`${r.schedule.length} repayments from ${r.schedule[0]!.dueOn}.`] }
  },
}

export const storageForm: RecordForm = {
  title: 'Charge for storage or removals',
  intro: 'For belongings the council stored or moved for a temporary accommodation resident. VAT is added to storage.',
  button: 'Raise the invoice',
  fields: [
    { kind: 'radios', name: 'kind', label: 'What is the charge for?', items: [{ value: 'storage', text: 'Storage' }, { value: 'removals', text: 'Removals' }] },
    { kind: 'text', name: 'description', label: 'Description', hint: 'For example, storage of furniture at the council store', max: 150 },
    { kind: 'date', name: 'periodStart', label: 'Start date', hint: 'For removals, the day of the removal', notFuture: true },
    { kind: 'date', name: 'periodEnd', label: 'End date (storage only)', hint: 'Leave blank for removals', optional: true, notFuture: true },
    { kind: 'money', name: 'amount', label: 'Amount', hint: 'Before any VAT' },
  ],
  check: (v) => afterOrOn(v, 'periodStart', 'periodEnd', 'The end date must be on or after the start date'),
  errorHrefs: { periodEnd: '#periodEnd-day', tenancyId: '#kind', accountId: '#kind' },
  async submit(ctx, v) {
    const r = await raiseStorageInvoice(ctx.db, {
      partyId: ctx.partyId,
      accountId: mine(ctx, 'storage_removals'),
      tenancyId: ctx.tenancyId,
      kind: str(v, 'kind') as 'storage' | 'removals',
      description: str(v, 'description'),
      periodStart: str(v, 'periodStart'),
      periodEnd: optStr(v, 'periodEnd') ?? str(v, 'periodStart'),
      amountPence: num(v, 'amount'),
      issueDate: ctx.today,
      postingDate: ctx.today,
      actor: ctx.actor,
    })
    return { redirect: invoicePage(r.invoiceNumber), heading: `Invoice ${r.invoiceNumber} raised` }
  },
}

export const claimForm: RecordForm = {
  title: 'Record an insurance or damage claim',
  intro: 'Claims back the cost of damage to council property, or another loss, from the person responsible. One invoice per claim.',
  button: 'Raise the invoice',
  fields: [
    { kind: 'text', name: 'claimRef', label: 'Claim reference', max: 40, ...REF, width: 'govuk-input--width-20' },
    { kind: 'date', name: 'incidentOn', label: 'Date of the incident', notFuture: true },
    { kind: 'text', name: 'description', label: 'What happened', hint: 'This is printed on the invoice', max: 150 },
    { kind: 'money', name: 'amount', label: 'Amount claimed' },
  ],
  errorHrefs: { incidentOn: '#incidentOn-day', accountId: '#claimRef' },
  async submit(ctx, v) {
    const r = await raiseInsuranceClaimInvoice(ctx.db, {
      claimRef: str(v, 'claimRef'),
      partyId: ctx.partyId,
      accountId: mine(ctx, 'insurance_claim'),
      incidentOn: str(v, 'incidentOn'),
      description: str(v, 'description'),
      amountPence: num(v, 'amount'),
      issueDate: ctx.today,
      postingDate: ctx.today,
      actor: ctx.actor,
    })
    return { redirect: invoicePage(r.invoiceNumber), heading: `Claim ${str(v, 'claimRef')}: invoice ${r.invoiceNumber} raised` }
  },
}

const CAUSE_TEXT: Record<HbOverpaymentCause, string> = {
  claimant_error: 'Claimant error',
  official_error: 'Official error',
  late_notification_of_change: 'Change of circumstances reported late',
  fraud: 'Fraud',
  other: 'Other',
}

export const hbOverpaymentForm: RecordForm = {
  title: 'Record a Housing Benefit overpayment',
  intro: 'The overpayment decision: the period, why it happened, whether it is recoverable and how.',
  button: 'Record the overpayment',
  fields: [
    { kind: 'text', name: 'overpaymentRef', label: 'Overpayment reference', max: 40, ...REF, width: 'govuk-input--width-20' },
    { kind: 'text', name: 'claimRef', label: 'Housing Benefit claim reference (optional)', max: 40, optional: true, width: 'govuk-input--width-20' },
    { kind: 'date', name: 'periodFrom', label: 'Overpaid from' },
    { kind: 'date', name: 'periodTo', label: 'Overpaid to' },
    { kind: 'money', name: 'amount', label: 'Amount overpaid' },
    { kind: 'radios', name: 'cause', label: 'Cause', items: HB_OVERPAYMENT_CAUSES.map((c) => ({ value: c, text: CAUSE_TEXT[c] })) },
    { kind: 'text', name: 'reason', label: 'Reason', hint: 'What happened, as the decision letter says it', max: 500, multiline: true },
    { kind: 'radios', name: 'recoverable', label: 'Is the overpayment recoverable?', hint: 'Not recoverable: an official error the claimant could not reasonably have known of (HB Regulations, regulation 100)', items: yesNo },
    { kind: 'radios', name: 'method', label: 'How is it recovered? (if recoverable)', optional: true, items: [{ value: 'invoice', text: 'By invoice' }, { value: 'ongoing_hb_deduction', text: 'By deductions from ongoing Housing Benefit' }] },
    { kind: 'money', name: 'weeklyDeduction', label: 'Weekly deduction (if deducted from Housing Benefit)', optional: true },
    { kind: 'date', name: 'decidedOn', label: 'Date of the decision', notFuture: true },
  ],
  check: (v) => [
    ...afterOrOn(v, 'periodFrom', 'periodTo', 'The overpaid period must end on or after it starts'),
    ...(v.recoverable === 'yes' && v.method === null ? [{ text: 'Select how the overpayment is recovered', href: '#method' }] : []),
    ...(v.recoverable === 'yes' && v.method === 'ongoing_hb_deduction' && v.weeklyDeduction === null ? [{ text: 'Enter the weekly deduction', href: '#weeklyDeduction' }] : []),
  ],
  errorHrefs: { periodTo: '#periodTo-day', amount: '#amount', reason: '#reason', method: '#method', weeklyDeduction: '#weeklyDeduction', accountId: '#overpaymentRef' },
  async submit(ctx, v) {
    const recoverable = v.recoverable === 'yes'
    const method = recoverable ? (str(v, 'method') as 'invoice' | 'ongoing_hb_deduction') : undefined
    const r = await recordHbOverpayment(ctx.db, {
      overpaymentRef: str(v, 'overpaymentRef'),
      partyId: ctx.partyId,
      accountId: mine(ctx, 'hb_overpayment'),
      claimRef: optStr(v, 'claimRef'),
      periodFrom: str(v, 'periodFrom'),
      periodTo: str(v, 'periodTo'),
      amountPence: num(v, 'amount'),
      cause: str(v, 'cause') as HbOverpaymentCause,
      reason: str(v, 'reason'),
      recoverable,
      ...(method ? { method } : {}),
      ...(method === 'ongoing_hb_deduction' ? { weeklyDeductionPence: num(v, 'weeklyDeduction') } : {}),
      decidedOn: str(v, 'decidedOn'),
      postingDate: ctx.today,
      actor: ctx.actor,
    })
    const ref = str(v, 'overpaymentRef')
    if (r.invoiceNumber) return { redirect: invoicePage(r.invoiceNumber), heading: `Overpayment ${ref} recorded: invoice ${r.invoiceNumber} raised` }
    if (r.accountId) {
      const n = await accountNumberOf(ctx.db, r.accountId)
      return { redirect: invoicesPage(n), heading: `Overpayment ${ref} recorded`, lines: [`${formatPounds(num(v, 'amount'))} charged to account ${n}, recovered from ongoing Housing Benefit.`] }
    }
    return { redirect: invoicesPage(ctx.account.accountNumber), heading: `Overpayment ${ref} recorded`, lines: ['It is not recoverable: nothing was charged.'] }
  },
}

/** The forms by the last part of their address: `/accounts/:n/invoices/<key>/new`. */
export const RECORD_FORMS = {
  repairs: repairForm,
  'care-plans': carePlanForm,
  loans: loanForm,
  storage: storageForm,
  claims: claimForm,
  'hb-overpayments': hbOverpaymentForm,
} as const satisfies Record<string, RecordForm>
export type RecordFormKey = keyof typeof RECORD_FORMS
