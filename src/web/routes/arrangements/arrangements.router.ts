import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { todayInLondon } from '../../../domain/calendar/dates.ts'
import { AppError } from '../../../errors.ts'
import { getPersonDebt } from '../../../services/one-view/person-debt.ts'
import type { Role } from '../../../services/users/create-user.ts'
import { requestActor } from '../../actor.ts'
import { requireRole } from '../../middleware/require-signed-in.ts'
import type { WebDeps } from '../../types.ts'
import { arrangementsController } from './arrangements.controller.ts'

/** Who may set up, change and cancel arrangements and record income and expenditure. */
export const ARRANGEMENT_ROLES = ['income_officer', 'debt_recovery_officer', 'team_leader'] as const satisfies readonly Role[]
/** Who may read an account's arrangement. */
export const ARRANGEMENT_READER_ROLES = [...ARRANGEMENT_ROLES, 'finance', 'auditor'] as const satisfies readonly Role[]

const PARTY_REF = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/

/** Arrangements (with income and expenditure) per account, and the one view of debt as JSON. */
export async function arrangementsRouter(app: FastifyInstance, deps: WebDeps): Promise<void> {
  const c = arrangementsController(deps)
  await app.register(async (readers) => {
    readers.addHook('onRequest', requireRole(...ARRANGEMENT_READER_ROLES))
    readers.get('/accounts/:accountNumber/arrangement', c.show)
  })
  await app.register(async (officers) => {
    officers.addHook('onRequest', requireRole(...ARRANGEMENT_ROLES))
    officers.get('/accounts/:accountNumber/arrangement/income-expenditure', c.showIe)
    officers.post('/accounts/:accountNumber/arrangement/income-expenditure', c.saveIe)
    officers.get('/accounts/:accountNumber/arrangement/new', c.newTerms)
    officers.post('/accounts/:accountNumber/arrangement/new', c.checkTerms)
    officers.post('/accounts/:accountNumber/arrangement/confirm', c.confirm)
    officers.get('/accounts/:accountNumber/arrangement/amend', c.showAmend)
    officers.post('/accounts/:accountNumber/arrangement/amend', c.amend)
    officers.get('/accounts/:accountNumber/arrangement/cancel', c.showCancel)
    officers.post('/accounts/:accountNumber/arrangement/cancel', c.cancel)
  })

  // One view of debt as JSON for any signed-in user (session authentication for now; API tokens come later).
  // Safeguarding concerns are included only for the restricted roles (the service checks the role and audits).
  app.get('/api/v1/people/:partyRef/debt', async (request: FastifyRequest<{ Params: { partyRef: string } }>, reply: FastifyReply) => {
    const { partyRef } = request.params
    const view = PARTY_REF.test(partyRef)
      ? await getPersonDebt(deps.db, partyRef, { role: request.user?.role ?? null, actor: requestActor(request), today: todayInLondon(deps.now()) })
      : null
    if (!view) throw new AppError('not_found', `No person ${partyRef}`)
    return reply.header('cache-control', 'no-store').send(view)
  })
}
