import type { FastifyReply, FastifyRequest } from 'fastify'
import { isAppError } from '../../../errors.ts'
import { CONTACT_CHANNELS, CONTACT_OUTCOMES, MAX_CONTACT_SUMMARY_LENGTH } from '../../../services/contacts/contact-kinds.ts'
import { recordContact } from '../../../services/contacts/record-contact.ts'
import type { AccountSummary } from '../../../services/statements/get-account-statement.ts'
import { requestActor } from '../../actor.ts'
import { setFlash } from '../../flash.ts'
import { formErrorsFrom } from '../../form-fields.ts'
import type { FormError, WebDeps } from '../../types.ts'
import { findCustomerAccount } from '../accounts/account.controller.ts'
import { CHANNEL_HINTS, CHANNEL_LABELS, DIRECTION_LABELS, OUTCOME_LABELS } from './contact-labels.ts'
import { blankRecordContact, SOMEONE_ELSE, validateRecordContact, type RecordContactInput } from './record-contact.validator.ts'

export type AccountFormRequest = FastifyRequest<{ Params: { accountNumber: string } }>

const SERVICE_FIELDS = {
  partyId: '#partyId',
  direction: '#direction',
  channel: '#channel',
  contactedAt: '#contactedTime',
  outcome: '#outcome',
  summary: '#summary',
}

/** Where the timeline is on the account page. */
export const timelinePath = (accountNumber: string) => `/accounts/${encodeURIComponent(accountNumber)}#contacts-and-notes`

function render(reply: FastifyReply, status: number, account: AccountSummary, input: RecordContactInput, errors: FormError[]) {
  return reply.code(status).view('pages/contacts/record-contact.njk', {
    account,
    input,
    errors,
    someoneElse: SOMEONE_ELSE,
    maxSummaryLength: MAX_CONTACT_SUMMARY_LENGTH,
    channels: CONTACT_CHANNELS.map((value) => ({ value, text: CHANNEL_LABELS[value], hint: CHANNEL_HINTS[value] })),
    directions: Object.entries(DIRECTION_LABELS).map(([value, text]) => ({ value, text })),
    outcomes: CONTACT_OUTCOMES.map((value) => ({ value, text: OUTCOME_LABELS[value] })),
    backPath: timelinePath(account.accountNumber),
  })
}

/** "Record a contact or visit": the form, then back to the account's timeline with a success banner. */
export function recordContactController(deps: WebDeps) {
  const context = (account: AccountSummary) => ({ partyIds: account.parties.map((p) => p.id), now: deps.now() })
  return {
    async show(request: AccountFormRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      return render(reply, 200, account, blankRecordContact(context(account)), [])
    },

    async record(request: AccountFormRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      const result = validateRecordContact(request.body, context(account))
      if (!result.ok) return render(reply, 400, account, result.input, result.errors)
      try {
        await recordContact(deps.db, { accountId: account.id, ...result.form, actor: requestActor(request), now: deps.now() })
      } catch (err) {
        if (!isAppError(err) || err.code !== 'validation') throw err
        return render(reply, 400, account, result.input, formErrorsFrom(err, SERVICE_FIELDS, '#summary'))
      }
      const { channel, outcome } = result.form
      setFlash(request, { heading: 'Contact recorded', lines: [`${CHANNEL_LABELS[channel]}: ${OUTCOME_LABELS[outcome].toLowerCase()}.`] })
      return reply.redirect(timelinePath(account.accountNumber), 303)
    },
  }
}
