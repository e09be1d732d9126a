import type { FastifyReply, FastifyRequest } from 'fastify'
import { suggestOffer } from '../../../domain/affordability/index.ts'
import { ARRANGEMENT_FREQUENCIES, ARRANGEMENT_PAYMENT_METHODS, DEFAULT_PRIORITY_ORDER, FREQUENCY_LABELS, PAYMENT_METHOD_LABELS, priorityFromTiers, tierOf } from '../../../domain/arrangements/index.ts'
import { formatPounds } from '../../../domain/money/pence.ts'
import { ACCOUNT_TYPES, type AccountType } from '../../../domain/recovery/index.ts'
import { todayInLondon } from '../../../domain/calendar/dates.ts'
import { FREQUENCIES } from '../../../domain/affordability/index.ts'
import { AppError, isAppError } from '../../../errors.ts'
import { getIncomeExpenditure, recordIncomeExpenditure } from '../../../services/affordability/record-statement.ts'
import { accountFigures } from '../../../services/arrangements/account-figures.ts'
import { arrangementSettings } from '../../../services/arrangements/arrangement-settings.ts'
import { amendArrangement, cancelArrangement, previewArrangement, setUpArrangement } from '../../../services/arrangements/arrangements.ts'
import { getAccountArrangement, type ArrangementView } from '../../../services/arrangements/get-arrangement.ts'
import type { AccountSummary } from '../../../services/statements/get-account-statement.ts'
import { requestActor } from '../../actor.ts'
import { setFlash } from '../../flash.ts'
import { fieldsOf, formErrorsFrom, partsOfIso, textOf } from '../../form-fields.ts'
import type { FormError, WebDeps } from '../../types.ts'
import { findCustomerAccount } from '../accounts/account.controller.ts'
import { AMEND_FIELD_HREFS, validateAmend, type AmendInput } from './arrangement-amend.validator.ts'
import { blankTerms, TERMS_FIELD_HREFS, validateTerms, type TermsForm, type TermsInput } from './arrangement-terms.validator.ts'
import { blankIe, IE_SECTIONS, readIe, type IeInput } from './income-expenditure.form.ts'

type AccountRequest = FastifyRequest<{ Params: { accountNumber: string }; Querystring: Record<string, unknown> }>

const FREQUENCY_ITEMS = ARRANGEMENT_FREQUENCIES.map((f) => ({ value: f, text: FREQUENCY_LABELS[f].adjective.charAt(0).toUpperCase() + FREQUENCY_LABELS[f].adjective.slice(1) }))
const METHOD_ITEMS = ARRANGEMENT_PAYMENT_METHODS.map((m) => ({ value: m, text: PAYMENT_METHOD_LABELS[m] }))
const IE_FREQUENCY_ITEMS = FREQUENCIES.map((f) => ({ value: f, text: f.replace('_', '-').replace('four-weekly', '4-weekly') }))

const ordinal = (n: number) => `${n}${n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th'}`

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

  /** The arrangement in force that covers the account (404 otherwise: amend and cancel start from it). */
  async function inForce(account: AccountSummary): Promise<ArrangementView> {
    const arrangement = await getAccountArrangement(deps.db, account.id, today())
    const covers = arrangement?.accounts.some((a) => a.accountId === account.id)
    if (!arrangement || !covers || (arrangement.status !== 'kept' && arrangement.status !== 'breached')) throw new AppError('not_found', 'No arrangement in force on this account')
    return arrangement
  }

  /** What the amend form offers: the accounts covered now and the person's other debts free to add, and their types. */
  async function amendContext(account: AccountSummary) {
    const arrangement = await inForce(account)
    const coveredIds = arrangement.accounts.map((a) => a.accountId)
    const free = (
      await deps.db.query<{ account_id: number }>(
        `select ap.account_id from account_parties ap join accounts a on a.id = ap.account_id
         where ap.party_id = $1 and a.status = 'open' and a.account_class = 'customer' and not (a.id = any($2::int[]))
           and not exists (select 1 from arrangement_accounts aa join arrangements x on x.id = aa.arrangement_id
                           where aa.account_id = a.id and x.status in ('kept', 'breached'))`,
        [arrangement.partyId, coveredIds],
      )
    ).map((r) => r.account_id)
    const figures = await accountFigures(deps.db, [...coveredIds, ...free], today(), arrangement.partyId)
    const candidates = figures.filter((f) => coveredIds.includes(f.accountId) || f.arrearsPence > 0)
    const types = ACCOUNT_TYPES.filter((t) => candidates.some((c) => c.accountType === t))
    const order = arrangement.terms.apportion?.priorityOrder ?? DEFAULT_PRIORITY_ORDER
    return { arrangement, candidates, types, currentTier: (type: AccountType) => Math.min(tierOf(type, order), types.length) }
  }

  function amendPage(reply: FastifyReply, status: number, account: AccountSummary, ctx: Awaited<ReturnType<typeof amendContext>>, input: AmendInput, errors: FormError[]) {
    const tierItems = (type: AccountType) =>
      ctx.types.map((_, i) => ({ value: String(i + 1), text: ordinal(i + 1), selected: input.priority[type] === String(i + 1) }))
    return reply.code(status).view('pages/arrangements/amend.njk', {
      account,
      arrangement: ctx.arrangement,
      input,
      errors,
      frequencyItems: FREQUENCY_ITEMS.map((i) => ({ ...i, checked: input.frequency === i.value })),
      methodItems: METHOD_ITEMS.map((i) => ({ ...i, selected: input.paymentMethod === i.value })),
      accountItems: ctx.candidates.map((c) => ({
        value: String(c.accountId),
        text: `${c.accountNumber} (${c.accountType.replaceAll('_', ' ')}): ${formatPounds(Math.max(0, c.arrearsPence))} arrears`,
        checked: input.accounts.includes(String(c.accountId)),
      })),
      priorityFields: ctx.types.map((type) => ({ type, id: `priority-${type}`, label: type.replaceAll('_', ' '), items: tierItems(type) })),
    })
  }

  return {
    /** The arrangement section for an account: terms, status, next payment, breach history; amend and cancel. */
    async show(request: AccountRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      const arrangement = await getAccountArrangement(deps.db, account.id, today())
      const covers = arrangement?.accounts.some((a) => a.accountId === account.id) ?? false
      return reply.view('pages/arrangements/arrangement.njk', { account, arrangement, covers, canChange: request.user?.role !== 'auditor' && request.user?.role !== 'finance' })
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
      const ctx = await amendContext(account)
      const t = ctx.arrangement.terms
      const priority: AmendInput['priority'] = {}
      for (const type of ctx.types) priority[type] = String(ctx.currentTier(type))
      const input: AmendInput = {
        instalment: (t.instalmentPence / 100).toFixed(2),
        frequency: t.frequency,
        paymentMethod: t.paymentMethod,
        effectiveFrom: partsOfIso(today()),
        accounts: ctx.arrangement.accounts.map((a) => String(a.accountId)),
        priority,
        toleranceAmount: (t.tolerance.amountPence / 100).toFixed(2),
        toleranceDays: String(t.tolerance.days),
        reason: '',
        version: String(ctx.arrangement.version),
      }
      return amendPage(reply, 200, account, ctx, input, [])
    },

    async amend(request: AccountRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      const ctx = await amendContext(account)
      const v = validateAmend(request.body, ctx.types)
      if (!v.ok) return amendPage(reply, 400, account, ctx, v.input, v.errors)
      // Only a real change of order is sent: the form shows the types of debt on it, the stored order may name others.
      const unchanged = JSON.stringify(priorityFromTiers(Object.fromEntries(ctx.types.map((type) => [type, ctx.currentTier(type)])))) === JSON.stringify(v.form.priorityOrder)
      try {
        const r = await amendArrangement(deps.db, {
          arrangementId: ctx.arrangement.id,
          effectiveFrom: v.form.effectiveFrom,
          instalmentPence: v.form.instalmentPence,
          frequency: v.form.frequency,
          paymentMethod: v.form.paymentMethod,
          accountIds: v.form.accountIds,
          ...(unchanged ? {} : { priorityOrder: v.form.priorityOrder }),
          tolerance: v.form.tolerance,
          reason: v.form.reason,
          ...(v.form.expectedVersion === null ? {} : { expectedVersion: v.form.expectedVersion }),
          today: today(),
          actor: requestActor(request),
        })
        const lines = [`Version ${r.version} applies from ${v.form.effectiveFrom}; the arrears should be cleared by ${r.schedule.completesOn}.`]
        if (r.accountsAdded.length) lines.push(`Added: ${r.accountsAdded.join(', ')}.`)
        if (r.accountsRemoved.length) lines.push(`Taken out: ${r.accountsRemoved.join(', ')}.`)
        setFlash(request, { heading: 'Arrangement changed', lines })
        return reply.redirect(`/accounts/${encodeURIComponent(account.accountNumber)}/arrangement`, 303)
      } catch (err) {
        if (!isAppError(err) || (err.code !== 'validation' && err.code !== 'conflict')) throw err
        return amendPage(reply, 400, account, ctx, v.input, formErrorsFrom(err, AMEND_FIELD_HREFS, '#instalment'))
      }
    },

    async showCancel(request: AccountRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      const arrangement = await inForce(account)
      return reply.view('pages/arrangements/cancel.njk', { account, arrangement, input: { reason: '' }, errors: [] })
    },

    async cancel(request: AccountRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      const arrangement = await inForce(account)
      const reason = textOf(fieldsOf(request.body), 'reason')
      if (!reason) return reply.code(400).view('pages/arrangements/cancel.njk', { account, arrangement, input: { reason }, errors: [{ text: 'Enter why the arrangement is being cancelled', href: '#reason' }] })
      await cancelArrangement(deps.db, { arrangementId: arrangement.id, on: today(), reason, actor: requestActor(request) })
      setFlash(request, { heading: 'Arrangement cancelled', lines: [reason] })
      return reply.redirect(`/accounts/${encodeURIComponent(account.accountNumber)}/arrangement`, 303)
    },
  }
}
