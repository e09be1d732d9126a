import type { FastifyReply, FastifyRequest } from 'fastify'
import { todayInLondon } from '../../../domain/calendar/dates.ts'
import { decideWriteOffCase, decideWriteOffList } from '../../../services/write-off/decide-write-off.ts'
import { requestActor } from '../../actor.ts'
import { setFlash } from '../../flash.ts'
import { fieldsOf, textOf } from '../../form-fields.ts'
import { refusalOf } from '../../refusal.ts'
import type { FormError, WebDeps } from '../../types.ts'
import { renderApprovalsPage } from '../approvals/approvals.controller.ts'
import { renderCasePage } from './cases.controller.ts'
import { renderListPage } from './lists.controller.ts'
import { casePath, idParam, listPath } from './write-off-view.ts'

type IdRequest = FastifyRequest<{ Params: { id: string } }>

function readDecision(request: IdRequest, what: string) {
  const id = idParam(request.params.id, what)
  const f = fieldsOf(request.body)
  const decision = textOf(f, 'decision')
  const reason = textOf(f, 'decisionReason')
  // Back to the approvals queue or to the case/list page it was decided on: nowhere else.
  const fromQueue = textOf(f, 'returnTo') === '/approvals'
  return { id, decision, reason, fromQueue }
}

/**
 * Approve or reject a write-off case or bulk list, from the approvals queue or its own page. The service checks
 * the approver's delegated limit and refuses anyone deciding what they prepared; a refusal shows on the page.
 */
export function writeOffDecisionController(deps: WebDeps) {
  const today = () => todayInLondon(deps.now())
  async function decide(
    request: IdRequest,
    reply: FastifyReply,
    kind: 'case' | 'list',
  ) {
    const d = readDecision(request, kind === 'case' ? 'write-off case' : 'write-off list')
    const href = `#write-off-${kind}-${d.id}`
    const back = (status: number, errors: FormError[]) =>
      d.fromQueue ? renderApprovalsPage(deps, reply, status, errors) : kind === 'case' ? renderCasePage(deps, reply, d.id, status, errors) : renderListPage(deps, reply, d.id, status, errors)
    if (d.decision !== 'approve' && d.decision !== 'reject') return back(400, [{ text: 'Choose to approve or reject', href }])
    if (d.decision === 'reject' && !d.reason) return back(400, [{ text: 'Enter the reason for rejecting the write-off', href: d.fromQueue ? href : '#decisionReason' }])
    const opts = { approve: d.decision === 'approve', reason: d.reason || null, today: today(), actor: requestActor(request) }
    try {
      if (kind === 'case') await decideWriteOffCase(deps.db, { caseId: d.id, ...opts })
      else await decideWriteOffList(deps.db, { listId: d.id, ...opts })
    } catch (err) {
      const refused = refusalOf(err, d.fromQueue ? href : '#decision')
      return back(refused.status, refused.errors)
    }
    const name = kind === 'case' ? `Write-off case ${d.id}` : `Write-off list ${d.id}`
    setFlash(request, { heading: opts.approve ? `${name} approved: it can now be posted` : `${name} rejected` })
    return reply.redirect(d.fromQueue ? '/approvals' : kind === 'case' ? casePath(d.id) : listPath(d.id), 303)
  }
  return {
    case: (request: IdRequest, reply: FastifyReply) => decide(request, reply, 'case'),
    list: (request: IdRequest, reply: FastifyReply) => decide(request, reply, 'list'),
  }
}
