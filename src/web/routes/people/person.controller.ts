import type { FastifyReply, FastifyRequest } from 'fastify'
import { AppError } from '../../../errors.ts'
import { recordPageView } from '../../page-views.ts'
import { todayInLondon } from '../../../domain/calendar/dates.ts'
import { getPersonDebt as getOneViewOfDebt } from '../../../services/one-view/person-debt.ts'
import { REFERRAL_OUTCOME_LABELS, REFERRAL_SERVICE_LABELS } from '../../../services/referrals/referrals.ts'
import { requestActor } from '../../actor.ts'
import { getPersonDebt } from '../../queries/person-debt.ts'
import type { WebDeps } from '../../types.ts'
import { channelLabel, languageLabel } from './person-labels.ts'
import { canSeeRestricted } from './restricted-data.ts'

type PersonRequest = FastifyRequest<{ Params: { partyRef: string }; Querystring: { from?: unknown } }>

const PARTY_REF = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/

/** The person page: one view of debt (DESIGN.md principle 2). Anyone signed in may see it; restricted data is by role. */
export function personController(deps: WebDeps) {
  return {
    async show(request: PersonRequest, reply: FastifyReply) {
      const { partyRef } = request.params
      const debt = PARTY_REF.test(partyRef) ? await getPersonDebt(deps.db, partyRef) : null
      if (!debt) throw new AppError('not_found', `No person ${partyRef}`)
      recordPageView(deps, request, { action: 'person.viewed', entityType: 'party', entityId: debt.person.id })
      // Arrears (with technical arrears), stage, holds, arrangements, referrals; safeguarding by role (the service checks and audits).
      const oneView = await getOneViewOfDebt(deps.db, partyRef, { role: request.user?.role ?? null, actor: requestActor(request), today: todayInLondon(deps.now()) })
      // "Back" goes to the account the officer came from, when it is one of this person's.
      const from = typeof request.query.from === 'string' ? request.query.from : ''
      const backAccount = debt.accounts.find((a) => a.accountNumber === from)?.accountNumber
      return reply.view('pages/people/person.njk', {
        ...debt,
        showRestricted: canSeeRestricted(request.user?.role),
        preferredChannel: channelLabel(debt.person.preferredChannel),
        language: languageLabel(debt.person.language),
        backAccount,
        oneView,
        serviceLabels: REFERRAL_SERVICE_LABELS,
        outcomeLabels: REFERRAL_OUTCOME_LABELS,
        accountNumbers: Object.fromEntries((oneView?.accounts ?? []).map((a) => [a.accountId, a.accountNumber])),
      })
    },
  }
}
