import type { FastifyReply } from 'fastify'
import { isAppError } from '../../../errors.ts'
import { addNote } from '../../../services/contacts/add-note.ts'
import { MAX_NOTE_LENGTH } from '../../../services/contacts/contact-kinds.ts'
import type { AccountSummary } from '../../../services/statements/get-account-statement.ts'
import { requestActor } from '../../actor.ts'
import { setFlash } from '../../flash.ts'
import { formErrorsFrom } from '../../form-fields.ts'
import type { FormError, WebDeps } from '../../types.ts'
import { findCustomerAccount } from '../accounts/account.controller.ts'
import { validateAddNote, type AddNoteInput } from './add-note.validator.ts'
import { timelinePath, type AccountFormRequest } from './record-contact.controller.ts'

function render(reply: FastifyReply, status: number, account: AccountSummary, input: AddNoteInput, errors: FormError[]) {
  return reply
    .code(status)
    .view('pages/contacts/add-note.njk', { account, input, errors, maxLength: MAX_NOTE_LENGTH, backPath: timelinePath(account.accountNumber) })
}

/** "Add a note": the form, then back to the account's timeline with a success banner. */
export function addNoteController(deps: WebDeps) {
  return {
    async show(request: AccountFormRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      return render(reply, 200, account, { note: '' }, [])
    },

    async add(request: AccountFormRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      const result = validateAddNote(request.body)
      if (!result.ok) return render(reply, 400, account, result.input, result.errors)
      try {
        await addNote(deps.db, { accountId: account.id, text: result.text, actor: requestActor(request) })
      } catch (err) {
        if (!isAppError(err) || err.code !== 'validation') throw err
        return render(reply, 400, account, result.input, formErrorsFrom(err, { text: '#note' }, '#note'))
      }
      setFlash(request, { heading: 'Note added' })
      return reply.redirect(timelinePath(account.accountNumber), 303)
    },
  }
}
