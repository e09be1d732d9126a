import { MAX_NOTE_LENGTH } from '../../../services/contacts/contact-kinds.ts'
import { fieldsOf, textOf } from '../../form-fields.ts'
import type { FormError } from '../../types.ts'

export interface AddNoteInput {
  note: string
}

export type AddNoteResult = { ok: true; text: string; input: AddNoteInput } | { ok: false; errors: FormError[]; input: AddNoteInput }

/** Pure: the note as typed (line breaks kept, as \n), or the GOV.UK error. */
export function validateAddNote(body: unknown): AddNoteResult {
  const input = { note: textOf(fieldsOf(body), 'note') }
  const text = input.note.replaceAll('\r\n', '\n')
  if (!text) return { ok: false, errors: [{ text: 'Enter the note', href: '#note' }], input }
  if (text.length > MAX_NOTE_LENGTH) {
    return { ok: false, errors: [{ text: `Note must be ${MAX_NOTE_LENGTH.toLocaleString('en-GB')} characters or fewer`, href: '#note' }], input }
  }
  return { ok: true, text, input }
}
