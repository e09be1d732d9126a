import type { FastifyReply, FastifyRequest } from 'fastify'
import { suggestOffer } from '../../../domain/affordability/index.ts'
import { ARRANGEMENT_FREQUENCIES, FREQUENCY_LABELS, PAYMENT_METHOD_LABELS, ARRANGEMENT_PAYMENT_METHODS } from '../../../domain/arrangements/index.ts'
import { todayInLondon } from '../../../domain/calendar/dates.ts'
import { FREQUENCIES } from '../../../domain/affordability/index.ts'
import { AppError, isAppError } from '../../../errors.ts'
import { getIncomeExpenditure, recordIncomeExpenditure } from '../../../services/affordability/record-statement.ts'
import { accountFigures } from '../../../services/arrangements/account-figures.ts'
import { arrangementSettings } from '../../../services/arrangements/arrangement-settings.ts'
import { amendArrangement, cancelArrangement, previewArrangement, setUpArrangement } from '../../../services/arrangements/arrangements.ts'
import { getAccountArrangement } from '../../../services/arrangements/get-arrangement.ts'
import type { AccountSummary } from '../../../services/statements/get-account-statement.ts'
import { requestActor } from '../../actor.ts'
import { setFlash } from '../../flash.ts'
import { checkDateParts, checkPounds, datePartsOf, fieldsOf, formErrorsFrom, partsOfIso, textOf } from '../../form-fields.ts'
import type { FormError, WebDeps } from '../../types.ts'
import { findCustomerAccount } from '../accounts/account.controller.ts'
import { blankTerms, TERMS_FIELD_HREFS, validateTerms, type TermsForm, type TermsInput } from './arrangement-terms.validator.ts'
import { blankIe, IE_SECTIONS, readIe, type IeInput } from './income-expenditure.form.ts'

type AccountRequest = FastifyRequest<{ Params: { accountNumber: string }; Querystring: Record<string, unknown> }>

const FREQUENCY_ITEMS = ARRANGEMENT_FREQUENCIES.map((f) => ({ value: f, text: FREQUENCY_LABELS[f].adjective.charAt(0).toUpperCase() + FREQUENCY_LABELS[f].adjective.slice(1) }))
const METHOD_ITEMS = ARRANGEMENT_PAYMENT_METHODS.map((m) => ({ value: m, text: PAYMENT_METHOD_LABELS[m] }))
const IE_FREQUENCY_ITEMS = FREQUENCIES.map((f) => ({ value: f, text: f.replace('_', '-').replace('four-weekly', '4-weekly') }))

function leadParty(account: AccountSummary): { id: number; partyRef: string; name: string } {
  const p = account.parties[0]
  if (!p) throw new AppError('invalid_state', `Account ${account.accountNumber} has no account holder`)
  return p
}

/** The person's other open accounts with arrears, for "also include" checkboxes. */
async function otherAccounts(deps: WebDeps, account: AccountSummary, partyId: number, today: string) {
  const ids = (
    await deps.db.query<{ account_id: number }>(
      `select ap.account_id from account_parties ap join accounts a on a.id = ap.account_id
       where ap.party_id = $1 and a.id <> $2 and a.status = 'open' and a.account_class = 'customer' order by a.account_number`,
      [partyId, account.id],
    )
  ).map((r) => r.account_id)
  return (await accountFigures(deps.db, ids, today, partyId)).filter((a) => a.arrearsPence > 0)
}

export function arrangementsController(deps: WebDeps) {
  const today = () => todayInLondon(deps.now())

  async function termsPage(reply: FastifyReply, status: number, account: AccountSummary, input: TermsInput, errors: FormError[]) {
    const party = leadParty(account)
    const others = await otherAccounts(deps, account, party.id, today())
    const ieId = /^[1-9]\d{0,14}$/.test(input.ie) ? Number(input.ie) : null
    const ie = ieId ? await getIncomeExpenditure(deps.db, ieId) : null
    let offer = null
    if (ie && ie.partyId === party.id) {
      const settings = await arrangementSettings(deps.db, today())
      const mine = await accountFigures(deps.db, [account.id, ...others.map((o) => o.accountId)], today(), party.id)
      offer = suggestOffer({
        surplusPence: ie.assessment.disposableIncomePence,
        debts: mine.map((a) => ({ accountId: a.accountNumber, type: a.accountType, balancePence: Math.max(0, a.arrearsPence) })),
        minimumInstalmentPence: settings.minimumInstalmentPence,
        priorityOrder: settings.priorityOrder,
        frequency: 'weekly',
      })
    }
    return reply.code(status).view('pages/arrangements/terms.njk', {
      account,
      party,
      input,
      errors,
      others,
      ie: ie && ie.partyId === party.id ? ie : null,
      offer,
      frequencyItems: FREQUENCY_ITEMS.map((i) => ({ ...i, checked: input.frequency === i.value })),
      methodItems: METHOD_ITEMS.map((i) => ({ ...i, selected: input.paymentMethod === i.value })),
    })
  }

  function ieItems(input: IeInput) {
    return IE_SECTIONS.map((s) => ({
      ...s,
      lines: s.lines.map((l) => ({ ...l, amount: input.lines[l.id]?.amount ?? '', frequencyItems: IE_FREQUENCY_ITEMS.map((f) => ({ ...f, selected: (input.lines[l.id]?.frequency ?? 'monthly') === f.value })) })),
    }))
  }

  async function serviceInput(account: AccountSummary, form: TermsForm) {
    const party = leadParty(account)
    return {
      partyId: party.id,
      accountIds: [account.id, ...form.extraAccountIds.filter((id) => id !== account.id)],
      frequency: form.frequency,
      instalmentPence: form.instalmentPence,
      startDate: form.startDate,
      lumpSum: form.lumpSum,
      paymentMethod: form.paymentMethod,
      today: today(),
    }
  }

  return {
    /** The arrangement section for an account: terms, status, next payment, breach history; amend and cancel. */
    async show(request: AccountRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      const arrangement = await getAccountArrangement(deps.db, account.id, today())
      return reply.view('pages/arrangements/arrangement.njk', { account, arrangement, canChange: request.user?.role !== 'auditor' && request.user?.role !== 'finance' })
    },

    async showIe(request: AccountRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      const input = blankIe()
      return reply.view('pages/arrangements/income-expenditure.njk', { account, input, sections: ieItems(input), errors: [] })
    },

    async saveIe(request: AccountRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      const r = readIe(request.body)
      const render = (errors: FormError[]) => reply.code(400).view('pages/arrangements/income-expenditure.njk', { account, input: r.input, sections: ieItems(r.input), errors })
      if (r.errors.length || !r.household || !r.lines) return render(r.errors)
      try {
        const s = await recordIncomeExpenditure(deps.db, {
          partyId: leadParty(account).id,
          accountId: account.id,
          statement: { takenOn: today(), household: r.household, lines: r.lines },
          today: today(),
          actor: requestActor(request),
        })
        return reply.redirect(`/accounts/${encodeURIComponent(account.accountNumber)}/arrangement/new?ie=${s.id}`, 303)
      } catch (err) {
        if (!isAppError(err) || err.code !== 'validation') throw err
        return render(formErrorsFrom(err, {}, '#adults'))
      }
    },

    async newTerms(request: AccountRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      const ie = typeof request.query.ie === 'string' ? request.query.ie : ''
      return termsPage(reply, 200, account, blankTerms(today(), ie), [])
    },

    /** Checks the terms and shows the confirmation page with the expected schedule (nothing saved yet). */
    async checkTerms(request: AccountRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      const v = validateTerms(request.body)
      if (!v.ok) return termsPage(reply, 400, account, v.input, v.errors)
      try {
        const preview = await previewArrangement(deps.db, await serviceInput(account, v.form))
        return reply.view('pages/arrangements/confirm.njk', { account, input: v.input, preview, errors: [] })
      } catch (err) {
        if (!isAppError(err) || (err.code !== 'validation' && err.code !== 'conflict')) throw err
        return termsPage(reply, 400, account, v.input, formErrorsFrom(err, TERMS_FIELD_HREFS, '#instalment'))
      }
    },

    async confirm(request: AccountRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      const v = validateTerms(request.body)
      if (!v.ok) return termsPage(reply, 400, account, v.input, v.errors)
      try {
        const { preview } = await setUpArrangement(deps.db, { ...(await serviceInput(account, v.form)), incomeExpenditureId: v.form.incomeExpenditureId, actor: requestActor(request) })
        setFlash(request, { heading: 'Arrangement set up', lines: [`${preview.description}.`, `The arrears should be cleared by ${preview.schedule.completesOn}.`] })
        return reply.redirect(`/accounts/${encodeURIComponent(account.accountNumber)}`, 303)
      } catch (err) {
        if (!isAppError(err) || (err.code !== 'validation' && err.code !== 'conflict')) throw err
        return termsPage(reply, 400, account, v.input, formErrorsFrom(err, TERMS_FIELD_HREFS, '#instalment'))
      }
    },

    async showAmend(request: AccountRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      const arrangement = await getAccountArrangement(deps.db, account.id, today())
      if (!arrangement || (arrangement.status !== 'kept' && arrangement.status !== 'breached')) throw new AppError('not_found', 'No arrangement in force on this account')
      const input = { instalment: (arrangement.terms.instalmentPence / 100).toFixed(2), frequency: arrangement.terms.frequency, effectiveFrom: partsOfIso(today()), reason: '' }
      return reply.view('pages/arrangements/amend.njk', { account, arrangement, input, errors: [], frequencyItems: FREQUENCY_ITEMS.map((i) => ({ ...i, checked: input.frequency === i.value })) })
    },

    async amend(request: AccountRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      const arrangement = await getAccountArrangement(deps.db, account.id, today())
      if (!arrangement || (arrangement.status !== 'kept' && arrangement.status !== 'breached')) throw new AppError('not_found', 'No arrangement in force on this account')
      const f = fieldsOf(request.body)
      const input = { instalment: textOf(f, 'instalment'), frequency: textOf(f, 'frequency'), effectiveFrom: datePartsOf(f, 'effectiveFrom'), reason: textOf(f, 'reason') }
      const errors: FormError[] = []
      const amount = checkPounds(input.instalment, 'instalment', 'Instalment', 10_000_000)
      if ('error' in amount) errors.push(amount.error)
      const frequency = (ARRANGEMENT_FREQUENCIES as readonly string[]).includes(input.frequency) ? (input.frequency as (typeof ARRANGEMENT_FREQUENCIES)[number]) : null
      if (!frequency) errors.push({ text: 'Select how often the instalments are paid', href: '#frequency' })
      const from = checkDateParts(input.effectiveFrom, 'effectiveFrom', 'Date the change takes effect')
      if ('error' in from) errors.push(from.error)
      if (!input.reason) errors.push({ text: 'Enter why the arrangement is being changed', href: '#reason' })
      const render = (errs: FormError[]) =>
        reply.code(400).view('pages/arrangements/amend.njk', { account, arrangement, input, errors: errs, frequencyItems: FREQUENCY_ITEMS.map((i) => ({ ...i, checked: input.frequency === i.value })) })
      if (errors.length || 'error' in amount || 'error' in from || !frequency) return render(errors)
      try {
        const r = await amendArrangement(deps.db, { arrangementId: arrangement.id, effectiveFrom: from.iso, instalmentPence: amount.pence, frequency, reason: input.reason, today: today(), actor: requestActor(request) })
        setFlash(request, { heading: 'Arrangement changed', lines: [`Version ${r.version} applies from ${from.iso}; the arrears should be cleared by ${r.schedule.completesOn}.`] })
        return reply.redirect(`/accounts/${encodeURIComponent(account.accountNumber)}/arrangement`, 303)
      } catch (err) {
        if (!isAppError(err) || err.code !== 'validation') throw err
        return render(formErrorsFrom(err, { effectiveFrom: '#effectiveFrom-day', instalmentPence: '#instalment', frequency: '#frequency', reason: '#reason', startDate: '#effectiveFrom-day' }, '#instalment'))
      }
    },

    async showCancel(request: AccountRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      const arrangement = await getAccountArrangement(deps.db, account.id, today())
      if (!arrangement || (arrangement.status !== 'kept' && arrangement.status !== 'breached')) throw new AppError('not_found', 'No arrangement in force on this account')
      return reply.view('pages/arrangements/cancel.njk', { account, arrangement, input: { reason: '' }, errors: [] })
    },

    async cancel(request: AccountRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      const arrangement = await getAccountArrangement(deps.db, account.id, today())
      if (!arrangement || (arrangement.status !== 'kept' && arrangement.status !== 'breached')) throw new AppError('not_found', 'No arrangement in force on this account')
      const reason = textOf(fieldsOf(request.body), 'reason')
      if (!reason) return reply.code(400).view('pages/arrangements/cancel.njk', { account, arrangement, input: { reason }, errors: [{ text: 'Enter why the arrangement is being cancelled', href: '#reason' }] })
      await cancelArrangement(deps.db, { arrangementId: arrangement.id, on: today(), reason, actor: requestActor(request) })
      setFlash(request, { heading: 'Arrangement cancelled', lines: [reason] })
      return reply.redirect(`/accounts/${encodeURIComponent(account.accountNumber)}/arrangement`, 303)
    },
  }
}
