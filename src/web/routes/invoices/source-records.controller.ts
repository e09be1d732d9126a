import type { FastifyReply, FastifyRequest } from 'fastify'
import { todayInLondon } from '../../../domain/calendar/index.ts'
import { AppError, isAppError } from '../../../errors.ts'
import { invoiceRepair } from '../../../services/invoicing/invoice-repair.ts'
import { recordRepairDispute } from '../../../services/invoicing/record-repair.ts'
import { accountTenancyId, getAccountRepair, listAccountCarePlans, type RepairView } from '../../../services/invoicing/source-records.ts'
import type { AccountSummary } from '../../../services/statements/get-account-statement.ts'
import { requestActor } from '../../actor.ts'
import { setFlash } from '../../flash.ts'
import { formErrorsFrom, partsOfIso } from '../../form-fields.ts'
import type { FormError, WebDeps } from '../../types.ts'
import { findCustomerAccount } from '../accounts/account.controller.ts'
import { blankRecordInput, validateRecordForm, type RecordField, type RecordInput } from './record-form.validator.ts'
import { RECORD_FORMS, reassessForm, type RecordForm, type RecordFormKey } from './source-record-forms.ts'

type AccountRequest = FastifyRequest<{ Params: { accountNumber: string } }>
type RepairRequest = FastifyRequest<{ Params: { accountNumber: string; repairRef: string } }>
type PlanRequest = FastifyRequest<{ Params: { accountNumber: string; planRef: string } }>

const SERVICE_REFUSALS = new Set(['validation', 'invalid_state', 'conflict'])

/** Whose debt it is: asked only when more than one person is liable for the account. */
const partyField = (account: AccountSummary): RecordField[] =>
  account.parties.length > 1
    ? [{ kind: 'radios', name: 'partyId', label: 'Who is the debt owed by?', items: account.parties.map((p) => ({ value: String(p.id), text: p.name })) }]
    : []

export const REPAIR_DISPUTE_FIELDS: RecordField[] = [
  {
    kind: 'radios',
    name: 'outcome',
    label: 'Dispute',
    items: [
      { value: 'pending', text: 'The tenant disputes the recharge', hint: 'The recharge is held until the dispute is decided' },
      { value: 'recharge_confirmed', text: 'Decided: the tenant is to pay' },
      { value: 'recharge_cancelled', text: 'Decided: the recharge is cancelled' },
    ],
  },
  { kind: 'text', name: 'note', label: 'Details', hint: 'What the tenant said, or how and why it was decided', max: 500, multiline: true },
]
export const REPAIR_INVOICE_FIELDS: RecordField[] = [{ kind: 'date', name: 'issueDate', label: 'Invoice date', notFuture: true }]

/** The forms recording the sources of sundry debts (repairs, care plans, loans, storage, claims, HB overpayments). */
export function sourceRecordsController(deps: WebDeps) {
  const today = () => todayInLondon(deps.now())

  const renderForm = (reply: FastifyReply, status: number, account: AccountSummary, form: RecordForm, action: string, input: RecordInput, errors: FormError[], caption?: string) =>
    reply.code(status).view('pages/invoices/record-form.njk', { account, form, fields: [...partyField(account), ...form.fields], action, input, errors, caption })

  async function post(request: AccountRequest, reply: FastifyReply, account: AccountSummary, form: RecordForm, action: string, planRef?: string, caption?: string) {
    const fields = [...partyField(account), ...form.fields]
    const result = validateRecordForm(fields, request.body, today(), form.check)
    if (!result.ok) return renderForm(reply, 400, account, form, action, result.input, result.errors, caption)
    try {
      const partyId = result.values.partyId ? Number(result.values.partyId) : account.parties[0]!.id
      const ctx = { db: deps.db, account, tenancyId: await accountTenancyId(deps.db, account.id), partyId, today: today(), actor: requestActor(request), ...(planRef ? { planRef } : {}) }
      const done = await form.submit(ctx, result.values)
      setFlash(request, { heading: done.heading, ...(done.lines ? { lines: done.lines } : {}) })
      return reply.redirect(done.redirect, 303)
    } catch (err) {
      if (!isAppError(err) || !SERVICE_REFUSALS.has(err.code)) throw err
      const first = fields[account.parties.length > 1 ? 1 : 0]!
      return renderForm(reply, 400, account, form, action, result.input, formErrorsFrom(err, form.errorHrefs, `#${first.name}${first.kind === 'date' ? '-day' : ''}`), caption)
    }
  }

  const actionFor = (account: AccountSummary, key: string) => `/accounts/${encodeURIComponent(account.accountNumber)}/invoices/${key}/new`

  const carePlanOf = async (account: AccountSummary, planRef: string) => {
    const plan = (await listAccountCarePlans(deps.db, account.id)).find((p) => p.planRef === planRef)
    if (!plan) throw new AppError('not_found', `No care plan ${planRef} on this account`)
    return plan
  }

  const renderRepair = (reply: FastifyReply, status: number, account: AccountSummary, repair: RepairView, input: { dispute: RecordInput; invoice: RecordInput }, errors: FormError[]) =>
    reply.code(status).view('pages/invoices/repair.njk', { account, repair, input, errors, disputeFields: REPAIR_DISPUTE_FIELDS, invoiceFields: REPAIR_INVOICE_FIELDS })
  const blankRepairInput = () => ({ dispute: blankRecordInput(REPAIR_DISPUTE_FIELDS), invoice: blankRecordInput(REPAIR_INVOICE_FIELDS, { issueDate: partsOfIso(today()) }) })

  return {
    showForm: (key: RecordFormKey) => async (request: AccountRequest, reply: FastifyReply) => {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      return renderForm(reply, 200, account, RECORD_FORMS[key], actionFor(account, key), blankRecordInput(RECORD_FORMS[key].fields), [])
    },

    postForm: (key: RecordFormKey) => async (request: AccountRequest, reply: FastifyReply) => {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      return post(request, reply, account, RECORD_FORMS[key], actionFor(account, key))
    },

    async showReassess(request: PlanRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      const plan = await carePlanOf(account, request.params.planRef)
      return renderForm(reply, 200, account, reassessForm, request.url, blankRecordInput(reassessForm.fields), [], `Care plan ${plan.planRef}: ${plan.description}`)
    },

    async reassess(request: PlanRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      const plan = await carePlanOf(account, request.params.planRef)
      // Reassessing is about the plan, not a person: no "who owes it" question.
      const single = { ...account, parties: account.parties.slice(0, 1) }
      return post(request, reply, single, reassessForm, request.url, plan.planRef, `Care plan ${plan.planRef}: ${plan.description}`)
    },

    async showRepair(request: RepairRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      const repair = await getAccountRepair(deps.db, account.id, request.params.repairRef)
      return renderRepair(reply, 200, account, repair, blankRepairInput(), [])
    },

    async dispute(request: RepairRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      const repair = await getAccountRepair(deps.db, account.id, request.params.repairRef)
      const result = validateRecordForm(REPAIR_DISPUTE_FIELDS, request.body, today())
      const input = { ...blankRepairInput(), dispute: result.input }
      if (!result.ok) return renderRepair(reply, 400, account, repair, input, result.errors)
      try {
        await recordRepairDispute(deps.db, { repairRef: repair.repairRef, outcome: result.values.outcome as 'pending', note: result.values.note as string, actor: requestActor(request) })
      } catch (err) {
        if (!isAppError(err) || !SERVICE_REFUSALS.has(err.code)) throw err
        return renderRepair(reply, 400, account, repair, input, formErrorsFrom(err, { note: '#note' }, '#outcome'))
      }
      setFlash(request, { heading: `Dispute recorded for repair ${repair.repairRef}` })
      return reply.redirect(request.url.replace(/\/dispute$/, ''), 303)
    },

    async invoice(request: RepairRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      const repair = await getAccountRepair(deps.db, account.id, request.params.repairRef)
      const result = validateRecordForm(REPAIR_INVOICE_FIELDS, request.body, today())
      const input = { ...blankRepairInput(), invoice: result.input }
      if (!result.ok) return renderRepair(reply, 400, account, repair, input, result.errors)
      try {
        const raised = await invoiceRepair(deps.db, {
          repairRef: repair.repairRef,
          issueDate: result.values.issueDate as string,
          postingDate: today(),
          accountId: account.accountType === 'rechargeable_repair' ? account.id : null,
          actor: requestActor(request),
        })
        setFlash(request, { heading: `Invoice ${raised.invoiceNumber} raised for repair ${repair.repairRef}` })
        return reply.redirect(`/invoices/${encodeURIComponent(raised.invoiceNumber)}`, 303)
      } catch (err) {
        if (!isAppError(err) || !SERVICE_REFUSALS.has(err.code)) throw err
        return renderRepair(reply, 400, account, repair, input, formErrorsFrom(err, {}, '#issueDate-day'))
      }
    },
  }
}
