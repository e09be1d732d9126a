/**
 * Debt collection agencies: placing a debt (a pathway stage; the council then sends no letters of its own), ending
 * the placement (recalled by the council, returned by the agency, paid in full), and the agency's returns.
 *
 * A return is posted as one balanced ledger transaction (decision 0010): the debtor's account is credited with the
 * whole amount the agency collected (posting type `agency_collection`, a part payment for limitation); the
 * remittance the agency sent on (net of its commission) is debited to GL-AGENCY-REMITTANCES, cleared when finance
 * matches it to the bank; the commission it kept is debited to GL-AGENCY-COMMISSION, the council's cost. The
 * commission may not exceed the agreed rate on what was collected (rounded up to the penny).
 */
import type { Queryable } from '../../db/client.ts'
import { formatPounds } from '../../domain/money/pence.ts'
import type { Check } from '../../domain/recovery/index.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { postTransaction } from '../ledger/post-transaction.ts'
import { recordRecoveryAction } from '../recovery/record-action.ts'
import type { Role } from '../users/create-user.ts'
import { balanceOn, loadDebtFacts } from './debt-facts.ts'
import { DEBT_RECOVERY_ROLES, requireCustomerAccount, requireDate, requireNoPlacement, requireNotStatuteBarred, requireRole, stageFor } from './guards.ts'

export interface PlaceWithAgencyOptions {
  accountId: number
  agency: string
  agencyReference?: string | null
  placedOn: string
  /** The commission agreed with the agency, in basis points of what it collects (1500 = 15%). */
  commissionBasisPoints: number
  checksConfirmed?: readonly Check[]
  notes?: string | null
  actor: Actor
}

export async function placeWithAgency(tx: Queryable, opts: PlaceWithAgencyOptions): Promise<{ placementId: number; actionId: number; balancePlacedPence: number }> {
  requireDate(opts.placedOn, 'placedOn', 'date of the placement')
  if (!opts.agency.trim()) throw new AppError('validation', 'Enter the agency', [{ field: 'agency', message: 'Enter the agency' }])
  if (!Number.isSafeInteger(opts.commissionBasisPoints) || opts.commissionBasisPoints < 0 || opts.commissionBasisPoints > 10_000) {
    throw new AppError('validation', 'Enter the commission agreed, from 0% to 100%', [{ field: 'commission', message: 'Enter the commission agreed, like 15' }])
  }
  await requireCustomerAccount(tx, opts.accountId)
  await requireRole(tx, opts.actor, DEBT_RECOVERY_ROLES, 'place a debt with an agency')
  const facts = await loadDebtFacts(tx, opts.accountId, opts.placedOn)
  requireNoPlacement(facts, 'new placement')
  requireNotStatuteBarred(facts, 'agency placement')
  const balance = await balanceOn(tx, opts.accountId, opts.placedOn)
  if (balance <= 0) throw new AppError('invalid_state', `Nothing to place: the balance on ${opts.placedOn} is ${formatPounds(balance)}`)
  const stage = await stageFor(tx, opts.accountId, opts.placedOn, 'agency')
  const action = await recordRecoveryAction(tx, {
    accountId: opts.accountId,
    stageId: stage.id,
    takenOn: opts.placedOn,
    outcome: `Placed with ${opts.agency.trim()} (${formatPounds(balance)}, commission ${opts.commissionBasisPoints / 100}%)`,
    checksConfirmed: opts.checksConfirmed ?? [],
    notes: opts.notes ?? null,
    actor: opts.actor,
  })
  const [row] = await tx.query<{ id: number }>(
    `insert into agency_placements (account_id, agency, agency_reference, placed_on, balance_placed_pence, commission_basis_points, action_id, actor, user_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
    [opts.accountId, opts.agency.trim(), opts.agencyReference?.trim() || null, opts.placedOn, balance, opts.commissionBasisPoints, action.actionId, opts.actor.label, opts.actor.userId],
  )
  await recordAuditEvent(tx, opts.actor, {
    action: 'debt.agency_placed',
    entityType: 'account',
    entityId: opts.accountId,
    after: { placementId: row!.id, agency: opts.agency.trim(), placedOn: opts.placedOn, balancePlacedPence: balance, commissionBasisPoints: opts.commissionBasisPoints },
  })
  return { placementId: row!.id, actionId: action.actionId, balancePlacedPence: balance }
}

export const PLACEMENT_ENDS = ['recalled', 'returned_by_agency', 'paid_in_full'] as const
export type PlacementEnd = (typeof PLACEMENT_ENDS)[number]

export async function endPlacement(tx: Queryable, opts: { placementId: number; endedOn: string; kind: PlacementEnd; reason: string; actor: Actor }): Promise<void> {
  requireDate(opts.endedOn, 'endedOn', 'date the placement ended')
  if (!(PLACEMENT_ENDS as readonly string[]).includes(opts.kind)) throw new AppError('validation', 'Say how the placement ended', [{ field: 'kind', message: 'Choose recalled, returned by the agency or paid in full' }])
  if (!opts.reason.trim()) throw new AppError('validation', 'Say why the placement ended', [{ field: 'reason', message: 'Enter why' }])
  const [p] = await tx.query<{ account_id: number; placed_on: string; ended_on: string | null; agency: string }>('select account_id, placed_on, ended_on, agency from agency_placements where id = $1 for update', [opts.placementId])
  if (!p) throw new AppError('not_found', `No agency placement ${opts.placementId}`)
  if (p.ended_on) throw new AppError('invalid_state', `The placement with ${p.agency} already ended on ${p.ended_on}`)
  if (opts.endedOn < p.placed_on) throw new AppError('validation', `The placement started on ${p.placed_on}`, [{ field: 'endedOn', message: 'Enter a date on or after the placement' }])
  await requireRole(tx, opts.actor, DEBT_RECOVERY_ROLES, 'end an agency placement')
  await tx.query('update agency_placements set ended_on = $2, end_kind = $3, end_reason = $4, ended_by = $5 where id = $1', [opts.placementId, opts.endedOn, opts.kind, opts.reason.trim(), opts.actor.label])
  await recordAuditEvent(tx, opts.actor, { action: 'debt.agency_placement_ended', entityType: 'account', entityId: p.account_id, after: { placementId: opts.placementId, endedOn: opts.endedOn, kind: opts.kind }, reason: opts.reason.trim() })
}

export interface AgencyReturnOptions {
  placementId: number
  /** The agency's statement or remittance advice reference: one return per statement. */
  statementRef: string
  collectedOn: string
  grossCollectedPence: number
  commissionPence: number
  actor: Actor
}

export interface AgencyReturnResult {
  returnId: number
  transactionId: number
  remittedPence: number
  balanceAfterPence: number
  /** The placement ended as paid in full by this return. */
  paidInFull: boolean
}

const RETURN_ROLES: readonly Role[] = [...DEBT_RECOVERY_ROLES, 'finance']

async function controlAccount(tx: Queryable, number: string): Promise<number> {
  const [a] = await tx.query<{ id: number }>('select id from accounts where account_number = $1', [number])
  if (!a) throw new AppError('invalid_state', `Control account ${number} is missing (migration 0010)`)
  return a.id
}

export async function recordAgencyReturn(tx: Queryable, opts: AgencyReturnOptions): Promise<AgencyReturnResult> {
  requireDate(opts.collectedOn, 'collectedOn', 'date the agency collected the money')
  const ref = opts.statementRef.trim()
  if (!ref) throw new AppError('validation', "Enter the agency's statement reference", [{ field: 'statementRef', message: 'Enter the statement reference' }])
  if (!Number.isSafeInteger(opts.grossCollectedPence) || opts.grossCollectedPence <= 0) throw new AppError('validation', 'Enter what the agency collected, more than £0.00', [{ field: 'gross', message: 'Enter what the agency collected' }])
  if (!Number.isSafeInteger(opts.commissionPence) || opts.commissionPence < 0 || opts.commissionPence > opts.grossCollectedPence) {
    throw new AppError('validation', 'The commission must be between £0.00 and what was collected', [{ field: 'commission', message: 'Enter the commission the agency kept' }])
  }
  const [p] = await tx.query<{ account_id: number; agency: string; placed_on: string; ended_on: string | null; commission_basis_points: number }>(
    'select account_id, agency, placed_on, ended_on, commission_basis_points from agency_placements where id = $1 for update',
    [opts.placementId],
  )
  if (!p) throw new AppError('not_found', `No agency placement ${opts.placementId}`)
  await requireRole(tx, opts.actor, RETURN_ROLES, "record an agency's return")
  if (opts.collectedOn < p.placed_on || (p.ended_on && opts.collectedOn > p.ended_on)) {
    throw new AppError('validation', `The money must have been collected while the debt was placed (from ${p.placed_on}${p.ended_on ? ` to ${p.ended_on}` : ''})`, [{ field: 'collectedOn', message: 'Enter a date within the placement' }])
  }
  const agreed = Math.ceil((opts.grossCollectedPence * p.commission_basis_points) / 10_000)
  if (opts.commissionPence > agreed) {
    throw new AppError('invalid_state', `${p.agency} deducted ${formatPounds(opts.commissionPence)}, more than the agreed ${p.commission_basis_points / 100}% of ${formatPounds(opts.grossCollectedPence)} (${formatPounds(agreed)}): query the return with the agency`, [
      { field: 'commission', message: `No more than ${formatPounds(agreed)}` },
    ])
  }
  const [dup] = await tx.query<{ id: number }>('select id from agency_returns where placement_id = $1 and statement_ref = $2', [opts.placementId, ref])
  if (dup) throw new AppError('conflict', `Statement ${ref} from ${p.agency} was already recorded`)
  const balance = await balanceOn(tx, p.account_id, '9999-12-31')
  if (opts.grossCollectedPence > balance) {
    throw new AppError('invalid_state', `${p.agency} reports ${formatPounds(opts.grossCollectedPence)} collected, more than the ${formatPounds(balance)} owed: query the return with the agency`, [{ field: 'gross', message: `No more than ${formatPounds(balance)}` }])
  }
  const remitted = opts.grossCollectedPence - opts.commissionPence
  const legs = [
    ...(remitted > 0 ? [{ accountId: await controlAccount(tx, 'GL-AGENCY-REMITTANCES'), amountPence: remitted, postingType: 'agency_collection', description: `Remitted by ${p.agency}, statement ${ref}` }] : []),
    ...(opts.commissionPence > 0 ? [{ accountId: await controlAccount(tx, 'GL-AGENCY-COMMISSION'), amountPence: opts.commissionPence, postingType: 'agency_commission', description: `Commission kept by ${p.agency}, statement ${ref}` }] : []),
    { accountId: p.account_id, amountPence: -opts.grossCollectedPence, postingType: 'agency_collection', description: `Collected by ${p.agency} (statement ${ref})` },
  ]
  const posted = await postTransaction(tx, {
    type: 'payment',
    idempotencyKey: `agency-return:${opts.placementId}:${ref}`,
    effectiveDate: opts.collectedOn,
    postingDate: opts.collectedOn,
    source: 'user',
    actor: opts.actor,
    description: `Debt collection agency return: ${p.agency}, statement ${ref}`,
    legs,
  })
  const [row] = await tx.query<{ id: number }>(
    `insert into agency_returns (placement_id, account_id, statement_ref, collected_on, gross_collected_pence, commission_pence, remitted_pence, transaction_id, actor, user_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id`,
    [opts.placementId, p.account_id, ref, opts.collectedOn, opts.grossCollectedPence, opts.commissionPence, remitted, posted.transactionId, opts.actor.label, opts.actor.userId],
  )
  const balanceAfter = balance - opts.grossCollectedPence
  const paidInFull = balanceAfter <= 0 && p.ended_on === null
  if (paidInFull) {
    await tx.query('update agency_placements set ended_on = $2, end_kind = $3, end_reason = $4, ended_by = $5 where id = $1', [opts.placementId, opts.collectedOn, 'paid_in_full', `Paid in full (statement ${ref})`, opts.actor.label])
  }
  await recordAuditEvent(tx, opts.actor, {
    action: 'debt.agency_return',
    entityType: 'account',
    entityId: p.account_id,
    after: { returnId: row!.id, placementId: opts.placementId, statementRef: ref, grossPence: opts.grossCollectedPence, commissionPence: opts.commissionPence, remittedPence: remitted, transactionId: posted.transactionId, paidInFull },
  })
  return { returnId: row!.id, transactionId: posted.transactionId, remittedPence: remitted, balanceAfterPence: balanceAfter, paidInFull }
}
