import type { FastifyReply, FastifyRequest } from 'fastify'
import { DHP_REASONS, type DhpChange, type DhpReason, type HbChange, type UcChange } from '../../../domain/benefits/index.ts'
import { addDays, todayInLondon } from '../../../domain/calendar/dates.ts'
import { AppError, isAppError } from '../../../errors.ts'
import { applyForDhp, changeBenefitClaim, changeDhp, getAccountBenefits, recordBenefitClaim, type BenefitClaimChange } from '../../../services/benefits/benefits.ts'
import {
  listReferrals,
  makeReferral,
  raiseSafeguardingConcern,
  readSafeguardingConcerns,
  recordReferralOutcome,
  REFERRAL_OUTCOME_LABELS,
  REFERRAL_OUTCOMES,
  REFERRAL_SERVICE_LABELS,
  REFERRAL_SERVICES,
} from '../../../services/referrals/referrals.ts'
import type { AccountSummary } from '../../../services/statements/get-account-statement.ts'
import { requestActor } from '../../actor.ts'
import { setFlash } from '../../flash.ts'
import { checkDateParts, checkPounds, datePartsOf, fieldsOf, formErrorsFrom, partsOfIso, textOf, type DateParts } from '../../form-fields.ts'
import type { FormError, WebDeps } from '../../types.ts'
import { findCustomerAccount } from '../accounts/account.controller.ts'

type AccountRequest = FastifyRequest<{ Params: { accountNumber: string } }>

/** The changes an officer can record, as one list for the select (value → label). */
export const CLAIM_CHANGES: Record<string, string> = {
  'hb:awarded': 'Housing Benefit awarded (weekly amount)',
  'hb:suspended': 'Housing Benefit suspended',
  'hb:ended': 'Housing Benefit ended or refused',
  'uc:claim:housing_costs_awarded': 'UC housing costs awarded',
  'uc:claim:closed': 'UC claim closed',
  'uc:verification:requested': 'UC landlord verification requested',
  'uc:verification:done': 'UC landlord verification done',
  'uc:apa:requested': 'UC managed payment (APA) requested',
  'uc:apa:received': 'UC managed payment received (monthly amount)',
  'uc:apa:refused': 'UC managed payment (APA) refused',
  'uc:apa:stopped': 'UC managed payment stopped',
  'uc:deduction:requested': 'UC deduction for arrears requested',
  'uc:deduction:in_payment': 'UC deduction for arrears in payment (monthly amount)',
  'uc:deduction:refused': 'UC deduction for arrears refused',
  'uc:deduction:stopped': 'UC deduction for arrears stopped',
}

/** The decisions on a DHP application an officer can record (value → label). */
export const DHP_DECISIONS: Record<string, string> = {
  awarded: 'Awarded',
  refused: 'Refused',
  withdrawn: 'Withdrawn',
  applied: 'Review requested after a refusal',
}

/**
 * Pure: the change an officer chose, as the domain's change. `periodStart` is the first day an award or payment covers
 * (HB award from; the UC assessment period the payment or deduction starts with); default the date of the change.
 */
function toChange(value: string, on: string, amountPence: number | null, note: string, periodStart: string | null = null): BenefitClaimChange | { error: string } {
  const start = periodStart ?? on
  const reason = note || 'Recorded by an officer'
  const needAmount = (): number | { error: string } => (amountPence === null ? { error: 'Enter the amount' } : amountPence)
  switch (value) {
    case 'hb:awarded': {
      const a = needAmount()
      if (typeof a !== 'number') return a
      const change: HbChange = { to: 'awarded', on, award: { weeklyPence: a, from: start, cycle: 'two_weekly', firstPaymentOn: addDays(on, 14) } }
      return { kind: 'housing_benefit', change }
    }
    case 'hb:suspended':
      return { kind: 'housing_benefit', change: { to: 'suspended', on, reason } }
    case 'hb:ended':
      return { kind: 'housing_benefit', change: { to: 'ended', on, reason } }
  }
  const [, track, to] = value.split(':')
  let change: UcChange
  if (track === 'claim' && (to === 'housing_costs_awarded' || to === 'closed')) change = { track, to, on, note: reason }
  else if (track === 'verification' && (to === 'requested' || to === 'done')) change = { track, to, on, note: reason }
  else if (track === 'apa' && to === 'requested') change = { track, to, on, type: 'managed_payment', note: reason }
  else if (track === 'apa' && to === 'received') {
    const a = needAmount()
    if (typeof a !== 'number') return a
    change = { track, to, on, monthlyPence: a, assessmentPeriodStart: start, note: reason }
  } else if (track === 'apa' && (to === 'refused' || to === 'stopped')) change = { track, to, on, note: reason }
  else if (track === 'deduction' && to === 'requested') change = { track, to, on, note: reason }
  else if (track === 'deduction' && (to === 'refused' || to === 'stopped')) change = { track, to, on, note: reason }
  else if (track === 'deduction' && to === 'in_payment') {
    const a = needAmount()
    if (typeof a !== 'number') return a
    change = { track, to, on, monthlyPence: a, assessmentPeriodStart: start, note: reason }
  } else return { error: 'Select what has changed' }
  return { kind: 'universal_credit', change }
}

/** Where on the page each service field is. */
const FIELD_HREFS: Record<string, string> = {
  claimId: '#claimId',
  dhpId: '#dhpId',
  referralId: '#referralId',
  outcome: '#outcome',
  outcomeOn: '#outcomeOn-day',
  service: '#service',
  serviceDetail: '#serviceDetail',
  reason: '#reason',
  referredOn: '#referredOn-day',
  concern: '#concern',
  claimedOn: '#claimedOn-day',
  to: '#change',
}

export function benefitsController(deps: WebDeps) {
  const today = () => todayInLondon(deps.now())

  async function page(request: FastifyRequest, reply: FastifyReply, status: number, account: AccountSummary, errors: FormError[], input: Record<string, unknown> = {}) {
    const benefits = await getAccountBenefits(deps.db, account.id, today())
    const partyIds = account.parties.map((p) => p.id)
    const referrals = await listReferrals(deps.db, partyIds)
    const safeguarding = account.parties[0]
      ? await readSafeguardingConcerns(deps.db, { partyId: account.parties[0].id, role: request.user?.role ?? null, actor: requestActor(request) })
      : { visible: false, count: 0, concerns: [] }
    const blankDate = partsOfIso(today())
    return reply.code(status).view('pages/benefits/benefits.njk', {
      account,
      benefits,
      referrals,
      safeguarding,
      errors,
      input: { claimedOn: blankDate, changeOn: blankDate, appliedOn: blankDate, referredOn: blankDate, decisionOn: blankDate, outcomeOn: blankDate, ...input },
      changeItems: Object.entries(CLAIM_CHANGES).map(([value, text]) => ({ value, text })),
      decisionItems: Object.entries(DHP_DECISIONS).map(([value, text]) => ({ value, text })),
      outcomeItems: REFERRAL_OUTCOMES.map((o) => ({ value: o, text: REFERRAL_OUTCOME_LABELS[o] })),
      dhpReasons: DHP_REASONS.map((r) => ({ value: r, text: r.replaceAll('_', ' ') })),
      serviceItems: REFERRAL_SERVICES.map((s) => ({ value: s, text: REFERRAL_SERVICE_LABELS[s] })),
      serviceLabels: REFERRAL_SERVICE_LABELS,
      outcomeLabels: REFERRAL_OUTCOME_LABELS,
      canChange: request.user?.role !== 'auditor' && request.user?.role !== 'finance',
    })
  }

  const date = (f: Record<string, unknown>, name: string, label: string, errors: FormError[]): { iso: string | null; parts: DateParts } => {
    const parts = datePartsOf(f, name)
    const d = checkDateParts(parts, name, label)
    if ('error' in d) {
      errors.push(d.error)
      return { iso: null, parts }
    }
    if (d.iso > today()) {
      errors.push({ text: `${label} must be today or in the past`, href: `#${name}-day` })
      return { iso: null, parts }
    }
    return { iso: d.iso, parts }
  }

  async function handle(
    request: AccountRequest,
    reply: FastifyReply,
    account: AccountSummary,
    errors: FormError[],
    input: Record<string, unknown>,
    write: () => Promise<string>,
    hrefs: Record<string, string> = FIELD_HREFS,
  ) {
    if (errors.length) return page(request, reply, 400, account, errors, input)
    try {
      setFlash(request, { heading: await write() })
      return reply.redirect(`/accounts/${encodeURIComponent(account.accountNumber)}/benefits`, 303)
    } catch (err) {
      if (!isAppError(err) || (err.code !== 'validation' && err.code !== 'invalid_state')) throw err
      return page(request, reply, 400, account, formErrorsFrom(err, hrefs, '#main-content'), input)
    }
  }

  return {
    async show(request: AccountRequest, reply: FastifyReply) {
      return page(request, reply, 200, await findCustomerAccount(deps, request.params.accountNumber), [])
    },

    async newClaim(request: AccountRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      const f = fieldsOf(request.body)
      const errors: FormError[] = []
      const kind = textOf(f, 'kind')
      if (kind !== 'housing_benefit' && kind !== 'universal_credit') errors.push({ text: 'Select the benefit claimed', href: '#kind' })
      const d = date(f, 'claimedOn', 'Date of the claim', errors)
      const cooperating = textOf(f, 'cooperating') !== 'no'
      return handle(request, reply, account, errors, { kind, claimedOn: d.parts }, async () => {
        const r = await recordBenefitClaim(deps.db, { accountId: account.id, kind: kind as 'housing_benefit', claimedOn: d.iso!, reference: textOf(f, 'reference') || null, tenantCooperating: cooperating, actor: requestActor(request) })
        return r.hold.applies ? 'Claim recorded: legal steps are on hold while it is pending' : 'Claim recorded'
      })
    },

    async changeClaim(request: AccountRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      const f = fieldsOf(request.body)
      const errors: FormError[] = []
      const claimId = textOf(f, 'claimId')
      if (!/^[1-9]\d{0,14}$/.test(claimId)) errors.push({ text: 'Select the claim', href: '#claimId' })
      const d = date(f, 'changeOn', 'Date of the change', errors)
      const amountText = textOf(f, 'amount')
      let amount: number | null = null
      if (amountText) {
        const a = checkPounds(amountText, 'amount', 'Amount', 10_000_000)
        if ('error' in a) errors.push(a.error)
        else amount = a.pence
      }
      // The first day the award or payment covers (optional; default the date of the change).
      const startParts = datePartsOf(f, 'periodStart')
      let periodStart: string | null = null
      if (startParts.day || startParts.month || startParts.year) {
        const ps = checkDateParts(startParts, 'periodStart', 'First day it covers')
        if ('error' in ps) errors.push(ps.error)
        else periodStart = ps.iso
      }
      const change = d.iso ? toChange(textOf(f, 'change'), d.iso, amount, textOf(f, 'note'), periodStart) : null
      if (change && 'error' in change) errors.push({ text: change.error, href: change.error === 'Enter the amount' ? '#amount' : '#change' })
      return handle(request, reply, account, errors, { changeOn: d.parts, periodStart: startParts }, async () => {
        // The claim must be on this account.
        const [own] = await deps.db.query('select 1 from benefit_claims where id = $1 and account_id = $2', [Number(claimId), account.id])
        if (!own) throw new AppError('validation', 'Select one of this account’s claims', [{ field: 'claimId', message: 'Select one of this account’s claims' }])
        await changeBenefitClaim(deps.db, { claimId: Number(claimId), change: change as BenefitClaimChange, actor: requestActor(request) })
        return 'Claim updated'
      })
    },

    async newDhp(request: AccountRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      const f = fieldsOf(request.body)
      const errors: FormError[] = []
      const reason = textOf(f, 'dhpReason')
      if (!(DHP_REASONS as readonly string[]).includes(reason)) errors.push({ text: 'Select what the DHP is for', href: '#dhpReason' })
      const d = date(f, 'appliedOn', 'Date of the application', errors)
      return handle(request, reply, account, errors, { appliedOn: d.parts }, async () => {
        await applyForDhp(deps.db, { accountId: account.id, appliedOn: d.iso!, reason: reason as DhpReason, actor: requestActor(request) })
        return 'DHP application recorded'
      })
    },

    /** The decision on a DHP application: awarded (amount, weekly or once, the period, paid to), refused, withdrawn, or a review. */
    async dhpDecision(request: AccountRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      const f = fieldsOf(request.body)
      const errors: FormError[] = []
      const dhpId = textOf(f, 'dhpId')
      if (!/^[1-9]\d{0,14}$/.test(dhpId)) errors.push({ text: 'Select the application', href: '#dhpId' })
      const decision = textOf(f, 'decision')
      if (!(decision in DHP_DECISIONS)) errors.push({ text: 'Select the decision', href: '#decision' })
      const d = date(f, 'decisionOn', 'Date of the decision', errors)
      const note = textOf(f, 'dhpNote')
      const fromParts = datePartsOf(f, 'awardFrom')
      const toParts = datePartsOf(f, 'awardTo')
      let change: DhpChange | null = null
      if (decision === 'awarded') {
        const amount = checkPounds(textOf(f, 'awardAmount'), 'awardAmount', 'Amount awarded', 10_000_000)
        if ('error' in amount) errors.push(amount.error)
        const basis = textOf(f, 'awardBasis')
        if (basis !== 'weekly' && basis !== 'lump_sum') errors.push({ text: 'Select whether the award is weekly or one payment', href: '#awardBasis' })
        const from = checkDateParts(fromParts, 'awardFrom', 'Award start date')
        if ('error' in from) errors.push(from.error)
        const to = checkDateParts(toParts, 'awardTo', 'Award end date')
        if ('error' in to) errors.push(to.error)
        else if (!('error' in from) && to.iso < from.iso) errors.push({ text: 'Award end date must be on or after the start date', href: '#awardTo-day' })
        const paidTo = textOf(f, 'awardPaidTo') === 'claimant' ? 'claimant' : 'rent_account'
        if (d.iso && !('error' in amount) && !('error' in from) && !('error' in to) && (basis === 'weekly' || basis === 'lump_sum')) {
          change = { to: 'awarded', on: d.iso, award: { basis, amountPence: amount.pence, from: from.iso, to: to.iso, paidTo } }
        }
      } else if (decision === 'refused') {
        if (!note) errors.push({ text: 'Enter why the application was refused', href: '#dhpNote' })
        else if (d.iso) change = { to: 'refused', on: d.iso, reason: note }
      } else if (decision === 'withdrawn' && d.iso) change = { to: 'withdrawn', on: d.iso, ...(note ? { reason: note } : {}) }
      else if (decision === 'applied' && d.iso) change = { to: 'applied', on: d.iso, ...(note ? { note } : {}) }
      const input = { decisionOn: d.parts, awardFrom: fromParts, awardTo: toParts, awardAmount: textOf(f, 'awardAmount'), dhpNote: note }
      return handle(request, reply, account, errors, input, async () => {
        const [own] = await deps.db.query('select 1 from dhp_applications where id = $1 and account_id = $2', [Number(dhpId), account.id])
        if (!own) throw new AppError('validation', 'Select one of this account’s applications', [{ field: 'dhpId', message: 'Select one of this account’s applications' }])
        await changeDhp(deps.db, { applicationId: Number(dhpId), change: change!, actor: requestActor(request) })
        return `DHP decision recorded: ${DHP_DECISIONS[decision]!.toLowerCase()}`
      }, { ...FIELD_HREFS, to: '#decision', on: '#decisionOn-day' })
    },

    /** The outcome of a referral made for this account's holders. */
    async referralOutcome(request: AccountRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      const f = fieldsOf(request.body)
      const errors: FormError[] = []
      const referralId = textOf(f, 'referralId')
      if (!/^[1-9]\d{0,14}$/.test(referralId)) errors.push({ text: 'Select the referral', href: '#referralId' })
      const outcome = textOf(f, 'outcome')
      if (!(REFERRAL_OUTCOMES as readonly string[]).includes(outcome)) errors.push({ text: 'Select the outcome', href: '#outcome' })
      const d = date(f, 'outcomeOn', 'Date of the outcome', errors)
      const note = textOf(f, 'outcomeNote')
      if (note.length > 1000) errors.push({ text: 'Note must be 1000 characters or fewer', href: '#outcomeNote' })
      return handle(request, reply, account, errors, { outcomeOn: d.parts, outcomeNote: note }, async () => {
        const [own] = await deps.db.query('select 1 from referrals where id = $1 and party_id = any($2::int[])', [Number(referralId), account.parties.map((p) => p.id)])
        if (!own) throw new AppError('validation', 'Select one of these referrals', [{ field: 'referralId', message: 'Select one of these referrals' }])
        await recordReferralOutcome(deps.db, { referralId: Number(referralId), outcome, outcomeOn: d.iso!, note: note || null, actor: requestActor(request) })
        return 'Referral outcome recorded'
      })
    },

    async newReferral(request: AccountRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      const f = fieldsOf(request.body)
      const errors: FormError[] = []
      const d = date(f, 'referredOn', 'Date referred', errors)
      const party = account.parties[0]
      return handle(request, reply, account, errors, { referredOn: d.parts, reason: textOf(f, 'reason'), service: textOf(f, 'service') }, async () => {
        await makeReferral(deps.db, { partyId: party!.id, accountId: account.id, service: textOf(f, 'service'), serviceDetail: textOf(f, 'serviceDetail') || null, reason: textOf(f, 'reason'), referredOn: d.iso!, today: today(), actor: requestActor(request) })
        return 'Referral recorded'
      })
    },

    async newConcern(request: AccountRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      const f = fieldsOf(request.body)
      const party = account.parties[0]
      return handle(request, reply, account, [], {}, async () => {
        await raiseSafeguardingConcern(deps.db, { partyId: party!.id, accountId: account.id, concern: textOf(f, 'concern'), raisedOn: today(), actor: requestActor(request) })
        return 'Safeguarding concern recorded: team leaders can see it'
      })
    },
  }
}
