import type { FastifyReply, FastifyRequest } from 'fastify'
import { todayInLondon } from '../../../domain/calendar/dates.ts'
import { approversFor } from '../../../domain/write-off/approval-authority.ts'
import { describeReason } from '../../../domain/write-off/reasons.ts'
import { isAppError } from '../../../errors.ts'
import { getWriteOffList, listWriteOffLists } from '../../../services/write-off/get-write-offs.ts'
import { postWriteOffList } from '../../../services/write-off/post-write-off.ts'
import { prepareWriteOffList } from '../../../services/write-off/prepare-write-off-list.ts'
import { withdrawWriteOffList } from '../../../services/write-off/withdraw-write-off.ts'
import { approvalLimitsOn } from '../../../services/write-off/write-off-common.ts'
import { requestActor } from '../../actor.ts'
import { setFlash } from '../../flash.ts'
import { fieldsOf, formErrorsFrom, textOf } from '../../form-fields.ts'
import { recordPageView } from '../../page-views.ts'
import { refusalOf } from '../../refusal.ts'
import type { FormError, WebDeps } from '../../types.ts'
import { validateList, type ListInput } from './write-off.validator.ts'
import { idParam, LIST_ACCOUNT_TYPES, listPath, WRITE_OFF_WORDS } from './write-off-view.ts'

type IdRequest = FastifyRequest<{ Params: { id: string } }>

/** A bulk list's page: its rule, its cases and total, who may approve it, decisions and the actions open now. */
export async function renderListPage(deps: Pick<WebDeps, 'db' | 'now'>, reply: FastifyReply, listId: number, status: number, errors: FormError[]) {
  const { list, cases, approvals } = await getWriteOffList(deps.db, listId)
  const { limits } = await approvalLimitsOn(deps.db, todayInLondon(deps.now()))
  const listApprovers = Object.entries(limits.roles)
    .filter(([, l]) => (l.casePence === null || l.casePence >= list.largestPence) && (l.listTotalPence === null || l.listTotalPence >= list.totalPence))
    .map(([role]) => role.replaceAll('_', ' '))
    .concat(limits.named.filter((n) => (n.casePence === null || n.casePence >= list.largestPence) && (n.listTotalPence === null || n.listTotalPence >= list.totalPence)).map((n) => n.title))
  return reply.code(status).view('pages/write-off/list.njk', {
    ...WRITE_OFF_WORDS,
    list,
    reasonText: describeReason(list.reason, null, null),
    cases,
    approvals,
    listApprovers,
    caseApprovers: approversFor(limits, list.largestPence),
    errors,
  })
}

const blank: ListInput = { name: '', accountTypes: ['former_tenant'], maxBalance: '', includeOpen: '', reason: '', insolvencyKind: '', reasonText: '', evidenceNote: '' }
const LIST_FIELDS = { name: '#name', reason: '#reason', insolvencyKind: '#insolvencyKind', reasonText: '#reasonText', evidenceNote: '#evidenceNote' }

function renderNew(reply: FastifyReply, status: number, input: ListInput, errors: FormError[]) {
  return reply.code(status).view('pages/write-off/list-new.njk', { ...WRITE_OFF_WORDS, input, errors, accountTypes: LIST_ACCOUNT_TYPES })
}

export function listsController(deps: WebDeps) {
  const today = () => todayInLondon(deps.now())
  return {
    async index(_request: FastifyRequest, reply: FastifyReply) {
      return reply.view('pages/write-off/lists.njk', { ...WRITE_OFF_WORDS, lists: await listWriteOffLists(deps.db), errors: [] })
    },

    async showNew(_request: FastifyRequest, reply: FastifyReply) {
      return renderNew(reply, 200, blank, [])
    },

    async create(request: FastifyRequest, reply: FastifyReply) {
      const result = validateList(request.body, LIST_ACCOUNT_TYPES)
      if (!result.ok) return renderNew(reply, 400, result.input, result.errors)
      let listId: number
      let caseCount: number
      try {
        ;({ listId, caseCount } = await prepareWriteOffList(deps.db, { ...result.form, today: today(), actor: requestActor(request) }))
      } catch (err) {
        if (!isAppError(err) || err.code === 'unauthenticated' || err.code === 'forbidden') throw err
        return renderNew(reply, err.code === 'validation' ? 400 : 422, result.input, formErrorsFrom(err, LIST_FIELDS, '#name'))
      }
      setFlash(request, { heading: `Write-off list ${listId} prepared with ${caseCount} case${caseCount === 1 ? '' : 's'}`, lines: ['Check the cases, then it waits for approval as one decision.'] })
      return reply.redirect(listPath(listId), 303)
    },

    async show(request: IdRequest, reply: FastifyReply) {
      const id = idParam(request.params.id, 'write-off list')
      recordPageView(deps, request, { action: 'write_off_list.viewed', entityType: 'write_off_list', entityId: id })
      return renderListPage(deps, reply, id, 200, [])
    },

    async post(request: IdRequest, reply: FastifyReply) {
      const id = idParam(request.params.id, 'write-off list')
      let r: { caseCount: number }
      try {
        r = await postWriteOffList(deps.db, { listId: id, today: today(), actor: requestActor(request) })
      } catch (err) {
        const refused = refusalOf(err, '#post')
        return renderListPage(deps, reply, id, refused.status, refused.errors)
      }
      setFlash(request, { heading: `Write-off list ${id} posted: ${r.caseCount} case${r.caseCount === 1 ? '' : 's'} written off` })
      return reply.redirect(listPath(id), 303)
    },

    async withdraw(request: IdRequest, reply: FastifyReply) {
      const id = idParam(request.params.id, 'write-off list')
      const reason = textOf(fieldsOf(request.body), 'withdrawReason')
      if (!reason) return renderListPage(deps, reply, id, 400, [{ text: 'Enter the reason for withdrawing the list', href: '#withdrawReason' }])
      try {
        await withdrawWriteOffList(deps.db, { listId: id, reason, actor: requestActor(request) })
      } catch (err) {
        const refused = refusalOf(err, '#withdrawReason')
        return renderListPage(deps, reply, id, refused.status, refused.errors)
      }
      setFlash(request, { heading: `Write-off list ${id} withdrawn` })
      return reply.redirect(listPath(id), 303)
    },
  }
}
