import type { FastifyReply, FastifyRequest } from 'fastify'
import { todayInLondon } from '../../../domain/calendar/dates.ts'
import { proposedWriteOnPence } from '../../../domain/write-off/write-on.ts'
import { isAppError } from '../../../errors.ts'
import type { AccountSummary } from '../../../services/statements/get-account-statement.ts'
import { listWriteOffCases } from '../../../services/write-off/get-write-offs.ts'
import { listWriteOnCandidates, writeOn, writtenOffCasesOf } from '../../../services/write-off/write-on.ts'
import { requestActor } from '../../actor.ts'
import { setFlash } from '../../flash.ts'
import { formErrorsFrom } from '../../form-fields.ts'
import type { FormError, WebDeps } from '../../types.ts'
import { findCustomerAccount } from '../accounts/account.controller.ts'
import { validateWriteOn, type WriteOnInput } from './write-off.validator.ts'
import { WRITE_OFF_WORDS } from './write-off-view.ts'

type AccountRequest = FastifyRequest<{ Params: { accountNumber: string } }>

export function writeOnController(deps: WebDeps) {
  const today = () => todayInLondon(deps.now())

  async function render(reply: FastifyReply, status: number, account: AccountSummary, input: WriteOnInput, errors: FormError[]) {
    const cases = await writtenOffCasesOf(deps.db, account.id)
    const outstandingPence = cases.reduce((s, c) => s + c.outstandingPence, 0)
    const posted = await listWriteOffCases(deps.db, { accountId: account.id, statuses: ['posted'] })
    return reply.code(status).view('pages/write-off/write-on.njk', {
      ...WRITE_OFF_WORDS,
      account,
      input,
      errors,
      cases: posted,
      outstandingPence,
      proposedPence: proposedWriteOnPence(account.balancePence, outstandingPence),
    })
  }

  return {
    /** Write-on candidates: written-off accounts a payment has put in credit (proposed from the ledger). */
    async candidates(_request: FastifyRequest, reply: FastifyReply) {
      return reply.view('pages/write-off/write-ons.njk', { ...WRITE_OFF_WORDS, candidates: await listWriteOnCandidates(deps.db), errors: [] })
    },

    async show(request: AccountRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      return render(reply, 200, account, { basis: account.balancePence < 0 ? 'payment_received' : '', amount: '', reason: '' }, [])
    },

    async submit(request: AccountRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      const result = validateWriteOn(request.body)
      if (!result.ok) return render(reply, 400, account, result.input, result.errors)
      let total: number
      try {
        ;({ totalPence: total } = await writeOn(deps.db, { accountNumber: account.accountNumber, ...result.form, today: today(), actor: requestActor(request) }))
      } catch (err) {
        if (!isAppError(err) || err.code === 'unauthenticated' || err.code === 'forbidden') throw err
        return render(reply, err.code === 'validation' ? 400 : 422, account, result.input, formErrorsFrom(err, { amount: '#amount', reason: '#reason' }, '#basis'))
      }
      setFlash(request, { heading: `Written back on: £${(total / 100).toFixed(2)}`, lines: ['The written-off debt is reinstated on the account.'] })
      return reply.redirect(`/accounts/${encodeURIComponent(account.accountNumber)}`, 303)
    },
  }
}
