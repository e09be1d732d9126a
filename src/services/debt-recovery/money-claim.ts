/**
 * Money claims and judgments for former tenant and sundry debts.
 *
 * Issuing a claim (the pathway's money claim stage, a legal step: a team leader, with the proportionality and
 * Equality Act records) is refused when the debt is statute-barred, while an agency holds it, and until the letter of
 * claim's time under the Pre-Action Protocol for Debt Claims has passed (30 days, longer after a reply; never while
 * a dispute or a request for documents is unanswered). The issue fee comes from the dated EX50 band table; whether
 * the table was confirmed is kept with the claim. The claim is recorded as every court claim is (court_claims, via
 * the recovery module's `recordClaim`), with its route, value and fee band beside it.
 *
 * A judgment (default, on admission, or after a hearing) is a court record: it takes the pathway's `judgment`
 * stage whatever the case's position, and its terms are what the trawl then checks payments against.
 */
import type { Queryable } from '../../db/client.ts'
import { JUDGMENT_TERMS, moneyClaimFee, type JudgmentTerms } from '../../domain/debt-recovery/index.ts'
import { formatPounds } from '../../domain/money/pence.ts'
import { findStage, type Check } from '../../domain/recovery/index.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { loadCaseContext } from '../recovery/case-context.ts'
import { recordClaim } from '../recovery/court.ts'
import { recordRecoveryAction } from '../recovery/record-action.ts'
import { balanceOn, loadDebtFacts } from './debt-facts.ts'
import { readMoneyClaimFees } from './debt-settings.ts'
import { DEBT_RECOVERY_ROLES, requireCustomerAccount, requireDate, requireNoPlacement, requireNotStatuteBarred, requireRole } from './guards.ts'

export const CLAIM_ROUTES = ['mcol', 'ocmc', 'paper'] as const
export type ClaimRoute = (typeof CLAIM_ROUTES)[number]
/** Where each route's claims are issued (the officer may name another court). */
export const DEFAULT_COURT: Record<ClaimRoute, string> = {
  mcol: 'County Court Business Centre (Money Claim Online)',
  ocmc: 'Civil National Business Centre (Online Civil Money Claims)',
  paper: 'County Court Money Claims Centre',
}

export interface IssueMoneyClaimOptions {
  accountId: number
  route: ClaimRoute
  court?: string | null
  claimNumber?: string | null
  issuedOn: string
  /** The amount claimed including any interest; default the balance on the day. */
  claimValuePence?: number | null
  checksConfirmed?: readonly Check[]
  proportionalityNote?: string | null
  equalityNote?: string | null
  actor: Actor
}

export interface IssuedClaim {
  moneyClaimId: number
  courtClaimId: number
  claimValuePence: number
  feePence: number
  feeBand: string
  feeConfirmed: boolean
}

export async function issueMoneyClaim(tx: Queryable, opts: IssueMoneyClaimOptions): Promise<IssuedClaim> {
  requireDate(opts.issuedOn, 'issuedOn', 'date the claim was issued')
  if (!(CLAIM_ROUTES as readonly string[]).includes(opts.route)) throw new AppError('validation', 'Choose how the claim was made', [{ field: 'route', message: 'Choose Money Claim Online, Online Civil Money Claims or paper' }])
  await requireCustomerAccount(tx, opts.accountId)
  await requireRole(tx, opts.actor, DEBT_RECOVERY_ROLES, 'issue a money claim')
  const facts = await loadDebtFacts(tx, opts.accountId, opts.issuedOn)
  requireNotStatuteBarred(facts, 'money claim')
  requireNoPlacement(facts, 'money claim')
  if (!facts.letter) throw new AppError('invalid_state', 'No money claim before a letter of claim under the Pre-Action Protocol for Debt Claims: send one first')
  if (!facts.letter.expired) throw new AppError('invalid_state', `Not yet: the ${facts.letter.text}`)
  const balance = await balanceOn(tx, opts.accountId, opts.issuedOn)
  const value = opts.claimValuePence ?? balance
  if (!Number.isSafeInteger(value) || value <= 0) throw new AppError('invalid_state', `Nothing to claim: the balance on ${opts.issuedOn} is ${formatPounds(balance)}`, [{ field: 'claimValue', message: 'Enter the amount claimed' }])
  const fee = moneyClaimFee(value, await readMoneyClaimFees(tx, opts.issuedOn))
  const court = opts.court?.trim() || DEFAULT_COURT[opts.route]
  const claim = await recordClaim(tx, {
    accountId: opts.accountId,
    claimType: 'money',
    court,
    claimNumber: opts.claimNumber ?? null,
    issuedOn: opts.issuedOn,
    feePence: fee.feePence,
    // The Debt Claims protocol was checked above: the letter of claim's time has passed with no dispute outstanding.
    checksConfirmed: [...new Set<Check>([...(opts.checksConfirmed ?? []), 'pap_complied'])],
    proportionalityNote: opts.proportionalityNote ?? null,
    equalityNote: opts.equalityNote ?? null,
    actor: opts.actor,
  })
  const [row] = await tx.query<{ id: number }>(
    `insert into money_claims (court_claim_id, account_id, route, letter_id, issued_on, claim_value_pence, fee_pence, fee_band, fee_confirmed, actor, user_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning id`,
    [claim.claimId, opts.accountId, opts.route, facts.letter.letterId, opts.issuedOn, value, fee.feePence, fee.band, fee.confirmed, opts.actor.label, opts.actor.userId],
  )
  await recordAuditEvent(tx, opts.actor, {
    action: 'debt.money_claim_issued',
    entityType: 'account',
    entityId: opts.accountId,
    after: { moneyClaimId: row!.id, courtClaimId: claim.claimId, route: opts.route, claimValuePence: value, feePence: fee.feePence, feeBand: fee.band, feeConfirmed: fee.confirmed },
  })
  return { moneyClaimId: row!.id, courtClaimId: claim.claimId, claimValuePence: value, feePence: fee.feePence, feeBand: fee.band, feeConfirmed: fee.confirmed }
}

export const JUDGMENT_TYPES = ['default', 'admission', 'hearing'] as const
export type JudgmentType = (typeof JUDGMENT_TYPES)[number]

export interface RecordJudgmentOptions {
  moneyClaimId: number
  judgmentType: JudgmentType
  enteredOn: string
  amountPence: number
  costsPence?: number
  terms: JudgmentTerms
  payBy?: string | null
  instalmentPence?: number | null
  instalmentFrequency?: 'weekly' | 'monthly' | null
  firstInstalmentOn?: string | null
  actor: Actor
}

export async function recordJudgment(tx: Queryable, opts: RecordJudgmentOptions): Promise<{ judgmentId: number }> {
  requireDate(opts.enteredOn, 'enteredOn', 'date of the judgment')
  if (!(JUDGMENT_TYPES as readonly string[]).includes(opts.judgmentType)) throw new AppError('validation', 'Choose the kind of judgment', [{ field: 'judgmentType', message: 'Choose default, on admission or after a hearing' }])
  if (!(JUDGMENT_TERMS as readonly string[]).includes(opts.terms)) throw new AppError('validation', 'Choose the terms', [{ field: 'terms', message: 'Choose forthwith, by a date or by instalments' }])
  if (!Number.isSafeInteger(opts.amountPence) || opts.amountPence <= 0) throw new AppError('validation', 'Enter the judgment sum', [{ field: 'amount', message: 'Enter the judgment sum' }])
  const costs = opts.costsPence ?? 0
  if (!Number.isSafeInteger(costs) || costs < 0 || costs > opts.amountPence) throw new AppError('validation', 'The costs are part of the judgment sum', [{ field: 'costs', message: 'Enter costs no more than the judgment sum' }])
  if (opts.terms === 'by_date') requireDate(opts.payBy, 'payBy', 'date to pay by')
  if (opts.terms === 'instalments') {
    if (!(opts.instalmentPence && opts.instalmentPence > 0)) throw new AppError('validation', 'Enter the instalment', [{ field: 'instalment', message: 'Enter the instalment' }])
    if (opts.instalmentFrequency !== 'weekly' && opts.instalmentFrequency !== 'monthly') throw new AppError('validation', 'Say how often', [{ field: 'frequency', message: 'Choose weekly or monthly' }])
    requireDate(opts.firstInstalmentOn, 'firstInstalmentOn', 'date of the first instalment')
  }
  const [c] = await tx.query<{ account_id: number; issued_on: string }>('select account_id, issued_on from money_claims where id = $1', [opts.moneyClaimId])
  if (!c) throw new AppError('not_found', `No money claim ${opts.moneyClaimId}`)
  if (opts.enteredOn < c.issued_on) throw new AppError('validation', `The claim was issued on ${c.issued_on}`, [{ field: 'enteredOn', message: 'Enter a date on or after the claim' }])
  const [existing] = await tx.query<{ id: number }>('select id from money_judgments where money_claim_id = $1 and set_aside_on is null', [opts.moneyClaimId])
  if (existing) throw new AppError('invalid_state', 'A judgment on this claim is already recorded')
  await requireRole(tx, opts.actor, DEBT_RECOVERY_ROLES, 'record a judgment')
  const instalments = opts.terms === 'instalments'
  const [row] = await tx.query<{ id: number }>(
    `insert into money_judgments (money_claim_id, account_id, judgment_type, entered_on, amount_pence, costs_pence, terms, pay_by, instalment_pence, instalment_frequency, first_instalment_on, actor, user_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) returning id`,
    [
      opts.moneyClaimId,
      c.account_id,
      opts.judgmentType,
      opts.enteredOn,
      opts.amountPence,
      costs,
      opts.terms,
      opts.terms === 'by_date' ? opts.payBy : null,
      instalments ? opts.instalmentPence : null,
      instalments ? opts.instalmentFrequency : null,
      instalments ? opts.firstInstalmentOn : null,
      opts.actor.label,
      opts.actor.userId,
    ],
  )
  // The pathway's judgment stage, as a court record (the court's decision is a fact, whatever the case's position).
  const ctx = await loadCaseContext(tx, c.account_id, opts.enteredOn)
  const stage = ctx.pathway ? findStage(ctx.pathway, 'judgment') : undefined
  if (stage && ctx.currentStage?.id !== stage.id) {
    await recordRecoveryAction(tx, {
      accountId: c.account_id,
      stageId: stage.id,
      takenOn: opts.enteredOn,
      outcome: `Judgment (${opts.judgmentType}) for ${formatPounds(opts.amountPence)}, ${opts.terms.replaceAll('_', ' ')}`,
      channel: 'court',
      courtRecord: true,
      actor: opts.actor,
    })
  }
  await recordAuditEvent(tx, opts.actor, {
    action: 'debt.judgment_recorded',
    entityType: 'account',
    entityId: c.account_id,
    after: { judgmentId: row!.id, moneyClaimId: opts.moneyClaimId, judgmentType: opts.judgmentType, enteredOn: opts.enteredOn, amountPence: opts.amountPence, costsPence: costs, terms: opts.terms },
  })
  return { judgmentId: row!.id }
}
