import type { FastifyReply, FastifyRequest } from 'fastify'
import { todayInLondon } from '../../../domain/calendar/dates.ts'
import { approversFor } from '../../../domain/write-off/approval-authority.ts'
import { limitationOn } from '../../../domain/write-off/limitation.ts'
import { describeReason } from '../../../domain/write-off/reasons.ts'
import { isAppError } from '../../../errors.ts'
import type { AccountSummary } from '../../../services/statements/get-account-statement.ts'
import { getWriteOffCase, listWriteOffCases, listWriteOffLists } from '../../../services/write-off/get-write-offs.ts'
import { postWriteOff } from '../../../services/write-off/post-write-off.ts'
import { prepareWriteOff } from '../../../services/write-off/prepare-write-off.ts'
import { withdrawWriteOff } from '../../../services/write-off/withdraw-write-off.ts'
import { approvalLimitsOn, balanceOf, limitationFactsOf } from '../../../services/write-off/write-off-common.ts'
import { countWriteOffsWaiting } from '../../../services/write-off/get-write-offs.ts'
import { listWriteOnCandidates } from '../../../services/write-off/write-on.ts'
import { requestActor } from '../../actor.ts'
import { setFlash } from '../../flash.ts'
import { fieldsOf, formErrorsFrom, textOf } from '../../form-fields.ts'
import { recordPageView } from '../../page-views.ts'
import { refusalOf } from '../../refusal.ts'
import type { FormError, WebDeps } from '../../types.ts'
import { findCustomerAccount } from '../accounts/account.controller.ts'
import { validatePrepare, type PrepareInput } from './write-off.validator.ts'
import { casePath, idParam, WRITE_OFF_WORDS } from './write-off-view.ts'

type AccountRequest = FastifyRequest<{ Params: { accountNumber: string } }>
type IdRequest = FastifyRequest<{ Params: { id: string } }>

const PREPARE_FIELDS = { amount: '#amount', reason: '#reason', insolvencyKind: '#insolvencyKind', reasonText: '#reasonText', evidenceNote: '#evidenceNote' }

/** The write-off case page with its history, the decisions and actions the signed-in user may take, and any errors. */
export async function renderCasePage(deps: Pick<WebDeps, 'db' | 'now'>, reply: FastifyReply, caseId: number, status: number, errors: FormError[]) {
  const today = todayInLondon(deps.now())
  const { writeOffCase, approvals, writeOns } = await getWriteOffCase(deps.db, caseId)
  const [{ limits }, balancePence, facts] = await Promise.all([
    approvalLimitsOn(deps.db, today),
    balanceOf(deps.db, writeOffCase.accountId),
    limitationFactsOf(deps.db, writeOffCase.accountId),
  ])
  return reply.code(status).view('pages/write-off/case.njk', {
    ...WRITE_OFF_WORDS,
    c: writeOffCase,
    reasonText: describeReason(writeOffCase.reason, writeOffCase.insolvencyKind, writeOffCase.reasonText),
    approvals,
    writeOns,
    balancePence,
    limitation: limitationOn(facts, today),
    approvers: approversFor(limits, writeOffCase.amountPence),
    outstandingPence: writeOffCase.status === 'posted' ? writeOffCase.amountPence - writeOffCase.writtenOnPence : 0,
    errors,
  })
}

function renderPrepare(reply: FastifyReply, status: number, account: AccountSummary, input: PrepareInput, errors: FormError[]) {
  return reply.code(status).view('pages/write-off/prepare.njk', { ...WRITE_OFF_WORDS, account, input, errors })
}

const blank: PrepareInput = { amountChoice: 'whole', amount: '', reason: '', insolvencyKind: '', reasonText: '', evidenceNote: '' }

export function casesController(deps: WebDeps) {
  const today = () => todayInLondon(deps.now())
  return {
    /** Write-offs home: cases waiting, approved, recent; bulk lists; write-on candidates; find an account. */
    async index(request: FastifyRequest, reply: FastifyReply) {
      const [open, recent, lists, candidates, waiting] = await Promise.all([
        listWriteOffCases(deps.db, { statuses: ['prepared', 'approved'], singleOnly: true }),
        listWriteOffCases(deps.db, { statuses: ['posted', 'rejected', 'withdrawn'], singleOnly: true, limit: 20 }),
        listWriteOffLists(deps.db),
        listWriteOnCandidates(deps.db),
        countWriteOffsWaiting(deps.db),
      ])
      const account = textOf(fieldsOf(request.query), 'account')
      return reply.view('pages/write-off/index.njk', { ...WRITE_OFF_WORDS, open, recent, lists: lists.slice(0, 20), candidateCount: candidates.length, waiting, account, errors: [] })
    },

    /** "Request write-off" for an account typed on the home page. */
    async find(request: FastifyRequest, reply: FastifyReply) {
      const account = textOf(fieldsOf(request.query), 'account')
      if (!account) return reply.code(400).view('pages/write-off/index.njk', { ...WRITE_OFF_WORDS, open: [], recent: [], lists: [], candidateCount: 0, waiting: 0, account, errors: [{ text: 'Enter an account number or payment reference', href: '#account' }] })
      try {
        const found = await findCustomerAccount(deps, account)
        return reply.redirect(`/accounts/${encodeURIComponent(found.accountNumber)}/write-off`, 303)
      } catch (err) {
        if (!isAppError(err) || err.code !== 'not_found') throw err
        return reply.code(404).view('pages/write-off/index.njk', { ...WRITE_OFF_WORDS, open: [], recent: [], lists: [], candidateCount: 0, waiting: 0, account, errors: [{ text: `No account ${account}`, href: '#account' }] })
      }
    },

    async showPrepare(request: AccountRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      return renderPrepare(reply, 200, account, blank, [])
    },

    async prepare(request: AccountRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      const result = validatePrepare(request.body, account.balancePence)
      if (!result.ok) return renderPrepare(reply, 400, account, result.input, result.errors)
      let caseId: number
      try {
        ;({ caseId } = await prepareWriteOff(deps.db, { accountNumber: account.accountNumber, ...result.form, today: today(), actor: requestActor(request) }))
      } catch (err) {
        if (!isAppError(err) || err.code === 'unauthenticated' || err.code === 'forbidden') throw err
        return renderPrepare(reply, 400, account, result.input, formErrorsFrom(err, PREPARE_FIELDS, '#amountChoice'))
      }
      setFlash(request, { heading: `Write-off case ${caseId} prepared`, lines: ['It is waiting for approval by someone else within their delegated limit.'] })
      return reply.redirect(casePath(caseId), 303)
    },

    async show(request: IdRequest, reply: FastifyReply) {
      const id = idParam(request.params.id, 'write-off case')
      recordPageView(deps, request, { action: 'write_off.viewed', entityType: 'write_off_case', entityId: id })
      return renderCasePage(deps, reply, id, 200, [])
    },

    async post(request: IdRequest, reply: FastifyReply) {
      const id = idParam(request.params.id, 'write-off case')
      try {
        await postWriteOff(deps.db, { caseId: id, today: today(), actor: requestActor(request) })
      } catch (err) {
        const refused = refusalOf(err, '#post')
        return renderCasePage(deps, reply, id, refused.status, refused.errors)
      }
      setFlash(request, { heading: `Write-off case ${id} posted to the ledger` })
      return reply.redirect(casePath(id), 303)
    },

    async withdraw(request: IdRequest, reply: FastifyReply) {
      const id = idParam(request.params.id, 'write-off case')
      const reason = textOf(fieldsOf(request.body), 'withdrawReason')
      if (!reason) return renderCasePage(deps, reply, id, 400, [{ text: 'Enter the reason for withdrawing the case', href: '#withdrawReason' }])
      try {
        await withdrawWriteOff(deps.db, { caseId: id, reason, actor: requestActor(request) })
      } catch (err) {
        const refused = refusalOf(err, '#withdrawReason')
        return renderCasePage(deps, reply, id, refused.status, refused.errors)
      }
      setFlash(request, { heading: `Write-off case ${id} withdrawn` })
      return reply.redirect(casePath(id), 303)
    },
  }
}

