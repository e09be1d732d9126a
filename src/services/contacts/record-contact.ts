import type { Db } from '../../db/client.ts'
import { AppError, type FieldProblem } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { requireCustomerAccount } from './customer-account.ts'
import {
  isContactChannel,
  isContactDirection,
  isContactOutcome,
  MAX_CONTACT_SUMMARY_LENGTH,
  type ContactChannel,
  type ContactDirection,
  type ContactOutcome,
} from './contact-kinds.ts'

export interface RecordContactOptions {
  accountId: number
  /** The account holder the contact was with; null for someone else (a support worker, a relative). */
  partyId: number | null
  direction: ContactDirection
  channel: ContactChannel
  /** When the contact happened. Not in the future. */
  contactedAt: Date
  outcome: ContactOutcome
  summary: string
  actor: Actor
  /** The clock that decides what "the future" is. Default: the system clock. */
  now?: Date
}

export interface RecordedContact {
  id: number
  accountId: number
}

function problemsWith(opts: RecordContactOptions, now: Date): FieldProblem[] {
  const problems: FieldProblem[] = []
  if (!isContactDirection(opts.direction)) problems.push({ field: 'direction', message: 'Select who made contact' })
  if (!isContactChannel(opts.channel)) problems.push({ field: 'channel', message: 'Select how the contact was made' })
  if (Number.isNaN(opts.contactedAt.getTime())) problems.push({ field: 'contactedAt', message: 'Enter when the contact was made' })
  else if (opts.contactedAt.getTime() > now.getTime()) problems.push({ field: 'contactedAt', message: 'The contact must be in the past' })
  if (!isContactOutcome(opts.outcome)) problems.push({ field: 'outcome', message: 'Select the outcome' })
  const summary = opts.summary.trim()
  if (!summary) problems.push({ field: 'summary', message: 'Enter a summary of the contact' })
  else if (summary.length > MAX_CONTACT_SUMMARY_LENGTH) {
    problems.push({ field: 'summary', message: `Summary must be ${MAX_CONTACT_SUMMARY_LENGTH} characters or fewer` })
  }
  return problems
}

/**
 * Records a contact with (or about) the customer of an account: a call, visit, letter, email, text or office visit,
 * its direction and outcome. Guards first, then one transaction writing the contact and its audit event. Contacts
 * are append-only: a mistake is put right with a note.
 */
export async function recordContact(db: Db, opts: RecordContactOptions): Promise<RecordedContact> {
  const problems = problemsWith(opts, opts.now ?? new Date())
  if (problems.length) throw new AppError('validation', 'The contact could not be recorded', problems)
  return db.transaction(async (tx) => {
    await requireCustomerAccount(tx, opts.accountId)
    if (opts.partyId !== null) {
      const [holder] = await tx.query('select 1 from account_parties where account_id = $1 and party_id = $2', [opts.accountId, opts.partyId])
      if (!holder) {
        throw new AppError('validation', 'That person is not an account holder', [{ field: 'partyId', message: 'Select who the contact was with' }])
      }
    }
    const [row] = await tx.query<{ id: number }>(
      `insert into contacts (account_id, party_id, direction, channel, contacted_at, outcome, summary, recorded_by, user_id)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
      [
        opts.accountId,
        opts.partyId,
        opts.direction,
        opts.channel,
        opts.contactedAt.toISOString(),
        opts.outcome,
        opts.summary.trim(),
        opts.actor.label,
        opts.actor.userId,
      ],
    )
    const id = row!.id
    // The summary itself stays in the (append-only) contact; the audit says what kind of contact was recorded.
    await recordAuditEvent(tx, opts.actor, {
      action: 'contact.recorded',
      entityType: 'account',
      entityId: opts.accountId,
      after: {
        contactId: id,
        partyId: opts.partyId,
        direction: opts.direction,
        channel: opts.channel,
        outcome: opts.outcome,
        contactedAt: opts.contactedAt.toISOString(),
      },
    })
    return { id, accountId: opts.accountId }
  })
}
