import type { Db } from '../../db/client.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { MAX_NOTE_LENGTH } from './contact-kinds.ts'
import { requireCustomerAccount } from './customer-account.ts'

export interface AddNoteOptions {
  accountId: number
  text: string
  actor: Actor
}

export interface AddedNote {
  id: number
  accountId: number
}

/** Adds a case note to an account, with its audit event, in one transaction. Notes are append-only. */
export async function addNote(db: Db, opts: AddNoteOptions): Promise<AddedNote> {
  const text = opts.text.trim()
  if (!text) throw new AppError('validation', 'The note is empty', [{ field: 'text', message: 'Enter the note' }])
  if (text.length > MAX_NOTE_LENGTH) {
    throw new AppError('validation', 'The note is too long', [{ field: 'text', message: `Note must be ${MAX_NOTE_LENGTH} characters or fewer` }])
  }
  return db.transaction(async (tx) => {
    await requireCustomerAccount(tx, opts.accountId)
    const [row] = await tx.query<{ id: number }>(
      'insert into notes (account_id, text, recorded_by, user_id) values ($1, $2, $3, $4) returning id',
      [opts.accountId, text, opts.actor.label, opts.actor.userId],
    )
    const id = row!.id
    await recordAuditEvent(tx, opts.actor, { action: 'note.added', entityType: 'account', entityId: opts.accountId, after: { noteId: id, length: text.length } })
    return { id, accountId: opts.accountId }
  })
}
