import type { FastifyReply, FastifyRequest } from 'fastify'
import { todayInLondon } from '../../../domain/calendar/dates.ts'
import { AppError } from '../../../errors.ts'
import { decideRefund } from '../../../services/payments/refunds.ts'
import { decideSuspenseClearance } from '../../../services/payments/suspense.ts'
import { requestActor } from '../../actor.ts'
import { setFlash } from '../../flash.ts'
import { fieldsOf, textOf } from '../../form-fields.ts'
import { refusalOf } from '../../refusal.ts'
import type { FormError, WebDeps } from '../../types.ts'
import { renderRefundsPage } from '../finance/refunds.controller.ts'
import { renderSuspensePage } from '../finance/suspense.controller.ts'
import { renderApprovalsPage } from './approvals.controller.ts'

type Renderer = (deps: Pick<WebDeps, 'db'>, reply: FastifyReply, status: number, errors: FormError[]) => Promise<FastifyReply>

/** The pages a decision can be made from, and so may go back to (never an arbitrary URL). */
const PAGES: Record<string, Renderer> = {
  '/approvals': renderApprovalsPage,
  '/finance/suspense': renderSuspensePage,
  '/finance/refunds': renderRefundsPage,
}

type DecisionRequest = FastifyRequest<{ Params: { id: string } }>

function readDecision(request: DecisionRequest, ownPage: string) {
  const { id } = request.params
  if (!/^[1-9]\d{0,14}$/.test(id)) throw new AppError('not_found', `Nothing numbered ${id} to decide`)
  const f = fieldsOf(request.body)
  const decision = textOf(f, 'decision')
  if (decision !== 'approve' && decision !== 'reject') throw new AppError('validation', 'Choose to approve or reject')
  const returnTo = textOf(f, 'returnTo')
  const page = returnTo in PAGES ? returnTo : ownPage
  return { id: Number(id), approve: decision === 'approve', page, render: PAGES[page]! }
}

/** Approve or reject a suspense clearance or a refund, then back to the page it was decided on. */
export function decisionsController(deps: WebDeps) {
  const today = () => todayInLondon(deps.now())
  return {
    async suspense(request: DecisionRequest, reply: FastifyReply) {
      const d = readDecision(request, '/finance/suspense')
      try {
        await decideSuspenseClearance(deps.db, { suspenseId: d.id, approve: d.approve, today: today(), actor: requestActor(request) })
      } catch (err) {
        const refused = refusalOf(err, `#suspense-${d.id}`)
        return d.render(deps, reply, refused.status, refused.errors)
      }
      const heading = d.approve ? `Suspense item ${d.id} approved and cleared` : `Clearing suspense item ${d.id} rejected: it is back in suspense`
      setFlash(request, { heading })
      return reply.redirect(d.page, 303)
    },

    async refund(request: DecisionRequest, reply: FastifyReply) {
      const d = readDecision(request, '/finance/refunds')
      try {
        await decideRefund(deps.db, { refundId: d.id, approve: d.approve, today: today(), actor: requestActor(request) })
      } catch (err) {
        const refused = refusalOf(err, `#refund-${d.id}`)
        return d.render(deps, reply, refused.status, refused.errors)
      }
      setFlash(request, { heading: d.approve ? `Refund ${d.id} approved: it is ready to export` : `Refund ${d.id} rejected` })
      return reply.redirect(d.page, 303)
    },
  }
}
