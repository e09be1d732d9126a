/**
 * The Pre-Action Protocol for Debt Claims: the letter of claim (a pathway stage) with its enclosures recorded, the
 * debtor's reply (admits, admits part, asks for time, asks for documents, disputes), the documents sent and the
 * dispute answered. A dispute puts a `dispute` hold on the account (no demands, agency or legal step) until it is
 * answered; an admission on the signed Reply Form is a written acknowledgement for limitation.
 *
 * The letter itself (its text and PDF) is the documents module's template `debt-pap-letter-of-claim`; this records
 * that it was sent, when, for how much and with what.
 */
import type { Queryable } from '../../db/client.ts'
import { addDays } from '../../domain/calendar/dates.ts'
import { REPLY_TYPES, responseDueOn, type ReplyType } from '../../domain/debt-recovery/index.ts'
import { formatPounds } from '../../domain/money/pence.ts'
import type { Check } from '../../domain/recovery/index.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { addHold, endHold } from '../recovery/holds.ts'
import { recordRecoveryAction } from '../recovery/record-action.ts'
import { recordAcknowledgement } from './acknowledgement.ts'
import { balanceOn, loadDebtFacts } from './debt-facts.ts'
import { readPapDebtRules } from './debt-settings.ts'
import { DEBT_RECOVERY_ROLES, requireCustomerAccount, requireDate, requireNoPlacement, requireNotStatuteBarred, requireRole, stageFor } from './guards.ts'

export const ENCLOSURES = ['statement_of_account', 'information_sheet', 'reply_form', 'financial_statement'] as const
export type Enclosure = (typeof ENCLOSURES)[number]
export const LETTER_TEMPLATE = 'debt-pap-letter-of-claim'

export interface SendLetterOfClaimOptions {
  accountId: number
  sentOn: string
  method: 'post' | 'email'
  /** Default: the balance on the day. */
  amountClaimedPence?: number | null
  interestClaimed?: boolean
  /** Default: all four the protocol requires. */
  enclosures?: readonly string[]
  documentRef?: string | null
  addressUsed?: string | null
  checksConfirmed?: readonly Check[]
  actor: Actor
}

export interface SentLetter {
  letterId: number
  actionId: number
  amountClaimedPence: number
  responseDueOn: string
  /** The first day a claim may be issued if the debtor does not reply. */
  claimPossibleFrom: string
}

export async function sendLetterOfClaim(tx: Queryable, opts: SendLetterOfClaimOptions): Promise<SentLetter> {
  requireDate(opts.sentOn, 'sentOn', 'date the letter was sent')
  if (opts.method !== 'post' && opts.method !== 'email') throw new AppError('validation', 'Say how the letter was sent', [{ field: 'method', message: 'Choose post or email' }])
  const enclosures = [...new Set(opts.enclosures ?? ENCLOSURES)]
  const missing = ENCLOSURES.filter((e) => !enclosures.includes(e))
  if (missing.length) {
    throw new AppError('validation', `The protocol requires the letter of claim to enclose ${missing.map((e) => e.replaceAll('_', ' ')).join(', ')}`, [{ field: 'enclosures', message: 'Enclose the statement of account, Information Sheet, Reply Form and financial statement' }])
  }
  await requireCustomerAccount(tx, opts.accountId)
  await requireRole(tx, opts.actor, DEBT_RECOVERY_ROLES, 'send a letter of claim')
  const facts = await loadDebtFacts(tx, opts.accountId, opts.sentOn)
  requireNotStatuteBarred(facts, 'letter of claim')
  requireNoPlacement(facts, 'letter of claim')
  const balance = await balanceOn(tx, opts.accountId, opts.sentOn)
  const amount = opts.amountClaimedPence ?? balance
  if (!Number.isSafeInteger(amount) || amount <= 0) throw new AppError('invalid_state', `Nothing to claim: the balance on ${opts.sentOn} is ${formatPounds(balance)}`, [{ field: 'amountClaimed', message: 'Enter the amount claimed' }])
  if (amount > balance) throw new AppError('validation', `The amount claimed cannot be more than the ${formatPounds(balance)} owed on ${opts.sentOn}`, [{ field: 'amountClaimed', message: `No more than ${formatPounds(balance)}` }])
  const rules = await readPapDebtRules(tx, opts.sentOn)
  const dueOn = responseDueOn(opts.sentOn, rules)
  const stage = await stageFor(tx, opts.accountId, opts.sentOn, 'letter_before_claim')
  const documentRef = opts.documentRef?.trim() || LETTER_TEMPLATE
  const action = await recordRecoveryAction(tx, {
    accountId: opts.accountId,
    stageId: stage.id,
    takenOn: opts.sentOn,
    outcome: `Letter of claim for ${formatPounds(amount)} sent by ${opts.method} with the statement of account, Information Sheet, Reply Form and financial statement; reply due by ${dueOn}`,
    channel: opts.method === 'post' ? 'letter' : 'email',
    documentRef,
    checksConfirmed: opts.checksConfirmed ?? [],
    actor: opts.actor,
  })
  const [row] = await tx.query<{ id: number }>(
    `insert into letters_of_claim (account_id, sent_on, method, amount_claimed_pence, interest_claimed, enclosures, address_used, document_ref, response_due_on, action_id, actor, user_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning id`,
    [opts.accountId, opts.sentOn, opts.method, amount, opts.interestClaimed ?? false, enclosures, opts.addressUsed?.trim() || null, documentRef, dueOn, action.actionId, opts.actor.label, opts.actor.userId],
  )
  await recordAuditEvent(tx, opts.actor, { action: 'debt.letter_of_claim_sent', entityType: 'account', entityId: opts.accountId, after: { letterId: row!.id, sentOn: opts.sentOn, amountPence: amount, responseDueOn: dueOn, documentRef } })
  return { letterId: row!.id, actionId: action.actionId, amountClaimedPence: amount, responseDueOn: dueOn, claimPossibleFrom: addDays(dueOn, 1) }
}

export interface LetterReplyOptions {
  letterId: number
  receivedOn: string
  replyType: ReplyType
  admittedPence?: number | null
  /** Asks for time: the date agreed, before which no claim is issued. */
  timeAllowedUntil?: string | null
  /** The Reply Form is signed by the debtor: an admission is then a written acknowledgement (Limitation Act s30). */
  signed?: boolean
  note?: string | null
  actor: Actor
}

export async function recordLetterReply(tx: Queryable, opts: LetterReplyOptions): Promise<{ replyId: number; holdId: number | null; acknowledgementId: number | null }> {
  requireDate(opts.receivedOn, 'receivedOn', 'date the reply was received')
  if (!(REPLY_TYPES as readonly string[]).includes(opts.replyType)) throw new AppError('validation', 'Say what the reply says', [{ field: 'replyType', message: 'Choose what the debtor replied' }])
  if (opts.replyType === 'asks_for_time') requireDate(opts.timeAllowedUntil, 'timeAllowedUntil', 'date agreed before which no claim is issued')
  if (opts.replyType === 'admits_part' && !(opts.admittedPence && opts.admittedPence > 0)) throw new AppError('validation', 'Enter the amount the debtor admits', [{ field: 'admitted', message: 'Enter the amount admitted' }])
  const [l] = await tx.query<{ account_id: number; sent_on: string }>('select account_id, sent_on from letters_of_claim where id = $1', [opts.letterId])
  if (!l) throw new AppError('not_found', `No letter of claim ${opts.letterId}`)
  if (opts.receivedOn < l.sent_on) throw new AppError('validation', `The letter was sent on ${l.sent_on}`, [{ field: 'receivedOn', message: 'Enter a date on or after the letter' }])
  if (opts.timeAllowedUntil && opts.timeAllowedUntil < opts.receivedOn) throw new AppError('validation', 'The time allowed must end on or after the reply', [{ field: 'timeAllowedUntil', message: 'Enter a later date' }])
  await requireRole(tx, opts.actor, DEBT_RECOVERY_ROLES, 'record a reply to a letter of claim')
  const [row] = await tx.query<{ id: number }>(
    `insert into letter_of_claim_replies (letter_id, account_id, received_on, reply_type, admitted_pence, time_allowed_until, note, actor, user_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
    [opts.letterId, l.account_id, opts.receivedOn, opts.replyType, opts.replyType === 'admits_part' ? opts.admittedPence : null, opts.replyType === 'asks_for_time' ? opts.timeAllowedUntil : null, opts.note?.trim() || null, opts.actor.label, opts.actor.userId],
  )
  let holdId: number | null = null
  if (opts.replyType === 'disputes') {
    holdId = (await addHold(tx, { accountId: l.account_id, type: 'dispute', startsOn: opts.receivedOn, reason: `Debt disputed in reply to the letter of claim of ${l.sent_on}`, actor: opts.actor })).id
  }
  let acknowledgementId: number | null = null
  if ((opts.replyType === 'admits' || opts.replyType === 'admits_part') && opts.signed) {
    acknowledgementId = (
      await recordAcknowledgement(tx, {
        accountId: l.account_id,
        acknowledgedOn: opts.receivedOn,
        form: 'signed_reply_form',
        signed: true,
        amountPence: opts.replyType === 'admits_part' ? (opts.admittedPence ?? null) : null,
        replyId: row!.id,
        note: 'Admission on the signed Reply Form',
        actor: opts.actor,
      })
    ).acknowledgementId
  }
  await recordAuditEvent(tx, opts.actor, { action: 'debt.letter_of_claim_reply', entityType: 'account', entityId: l.account_id, after: { letterId: opts.letterId, replyId: row!.id, replyType: opts.replyType, receivedOn: opts.receivedOn, holdId, acknowledgementId } })
  return { replyId: row!.id, holdId, acknowledgementId }
}

/** The documents the debtor asked for were sent (the 30 days then run from here). */
export async function recordDocumentsProvided(tx: Queryable, opts: { replyId: number; providedOn: string; actor: Actor }): Promise<void> {
  requireDate(opts.providedOn, 'providedOn', 'date the documents were sent')
  const [r] = await tx.query<{ account_id: number; reply_type: string; received_on: string; documents_provided_on: string | null }>(
    'select account_id, reply_type, received_on, documents_provided_on from letter_of_claim_replies where id = $1 for update',
    [opts.replyId],
  )
  if (!r) throw new AppError('not_found', `No reply ${opts.replyId}`)
  if (r.reply_type !== 'requests_documents') throw new AppError('invalid_state', 'That reply did not ask for documents')
  if (r.documents_provided_on) throw new AppError('invalid_state', `The documents were already recorded as sent on ${r.documents_provided_on}`)
  if (opts.providedOn < r.received_on) throw new AppError('validation', `The reply came on ${r.received_on}`, [{ field: 'providedOn', message: 'Enter a date on or after the reply' }])
  await requireRole(tx, opts.actor, DEBT_RECOVERY_ROLES, 'record documents sent')
  await tx.query('update letter_of_claim_replies set documents_provided_on = $2 where id = $1', [opts.replyId, opts.providedOn])
  await recordAuditEvent(tx, opts.actor, { action: 'debt.letter_documents_sent', entityType: 'account', entityId: r.account_id, after: { replyId: opts.replyId, providedOn: opts.providedOn } })
}

/** The council answered the dispute: the dispute hold ends that day, and the protocol's 30 days run from it. */
export async function recordDisputeAnswered(tx: Queryable, opts: { replyId: number; answeredOn: string; actor: Actor }): Promise<void> {
  requireDate(opts.answeredOn, 'answeredOn', 'date the dispute was answered')
  const [r] = await tx.query<{ account_id: number; reply_type: string; received_on: string; dispute_answered_on: string | null }>(
    'select account_id, reply_type, received_on, dispute_answered_on from letter_of_claim_replies where id = $1 for update',
    [opts.replyId],
  )
  if (!r) throw new AppError('not_found', `No reply ${opts.replyId}`)
  if (r.reply_type !== 'disputes') throw new AppError('invalid_state', 'That reply did not dispute the debt')
  if (r.dispute_answered_on) throw new AppError('invalid_state', `The dispute was already answered on ${r.dispute_answered_on}`)
  if (opts.answeredOn < r.received_on) throw new AppError('validation', `The dispute came on ${r.received_on}`, [{ field: 'answeredOn', message: 'Enter a date on or after the reply' }])
  await requireRole(tx, opts.actor, DEBT_RECOVERY_ROLES, 'record a dispute answered')
  await tx.query('update letter_of_claim_replies set dispute_answered_on = $2 where id = $1', [opts.replyId, opts.answeredOn])
  const holds = await tx.query<{ id: number }>(
    `select id from holds where account_id = $1 and hold_type = 'dispute' and ended_on is null and starts_on <= $2 and (ends_on is null or ends_on >= $2)`,
    [r.account_id, opts.answeredOn],
  )
  for (const h of holds) await endHold(tx, { holdId: h.id, endedOn: opts.answeredOn, reason: 'Dispute answered in writing (Pre-Action Protocol for Debt Claims)', actor: opts.actor })
  await recordAuditEvent(tx, opts.actor, { action: 'debt.dispute_answered', entityType: 'account', entityId: r.account_id, after: { replyId: opts.replyId, answeredOn: opts.answeredOn, holdsEnded: holds.map((h) => h.id) } })
}
