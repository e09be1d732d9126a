import { todayInLondon } from '../../domain/calendar/dates.ts'
import { AppError } from '../../errors.ts'
import { getAccountArrangement } from '../../services/arrangements/get-arrangement.ts'
import { getRecoveryView } from '../../services/recovery/get-recovery-view.ts'
import { addHold, listAccountHolds } from '../../services/recovery/holds.ts'
import { listWorktray } from '../../services/recovery/worktray.ts'
import { getAccountSummary } from '../../services/statements/get-account-statement.ts'
import { ARRANGEMENT_READER_ROLES } from '../../web/routes/arrangements/arrangements.router.ts'
import { RECOVERY_ACT_ROLES, RECOVERY_READ_ROLES } from '../../web/routes/recovery/recovery-roles.ts'
import { auditApiRead, type ApiDeps } from '../api-deps.ts'
import { defineRoute, type ApiRouteSpec } from '../define-route.ts'
import { AccountKeyParams, NoParams } from '../schemas/common.ts'
import { ArrangementResponse, HoldsResponse, PlaceHoldBody, PlacedHoldResponse, RecommendationResponse, WorktrayQuery, WorktrayResponse } from '../schemas/recovery.ts'
import { customerAccountId } from './accounts.ts'

/**
 * The worktray over the API shows every patch, so only roles that see every patch on the page may read it (an income
 * officer's page shows their own patches, and a token belongs to no officer).
 */
const WORKTRAY_ROLES = RECOVERY_READ_ROLES.filter((r) => r !== 'income_officer')

/** Recovery: arrangements (read), holds (read, place), the recommended next step, the worktray. */
export function recoveryRoutes(deps: ApiDeps): ApiRouteSpec[] {
  const today = () => todayInLondon(deps.now())
  return [
    defineRoute({
      method: 'GET',
      url: '/accounts/:accountKey/arrangement',
      operationId: 'getArrangement',
      summary: "Read an account's arrangement",
      description: 'The arrangement in force (or the latest), its terms, next payment and history; null when there has been none.',
      tag: 'Arrangements',
      roles: ARRANGEMENT_READER_ROLES,
      params: AccountKeyParams,
      response: ArrangementResponse,
      handler: async ({ params, request }) => {
        const account = await customerAccountId(deps, params.accountKey)
        auditApiRead(deps, request, { action: 'arrangement.viewed', entityType: 'account', entityId: account.id })
        return { accountNumber: account.accountNumber, arrangement: await getAccountArrangement(deps.db, account.id, today()) }
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/accounts/:accountKey/holds',
      operationId: 'listHolds',
      summary: "List an account's holds",
      description: "Every hold on the account or on its holders (Breathing Space, insolvency, disputes…), with whether it is in force today.",
      tag: 'Recovery',
      roles: RECOVERY_READ_ROLES,
      params: AccountKeyParams,
      response: HoldsResponse,
      handler: async ({ params }) => {
        const account = await customerAccountId(deps, params.accountKey)
        return { accountNumber: account.accountNumber, onDate: today(), holds: await listAccountHolds(deps.db, account.id, today()) }
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/accounts/:accountKey/holds',
      operationId: 'placeHold',
      summary: 'Place a hold on an account',
      description:
        'Stops recovery on the account (scope "account") or on every account of one of its holders (scope "person"), e.g. on a Breathing Space notification. ' +
        'An Idempotency-Key header is optional: with one, a retry with the same key and body returns the first hold and places no second.',
      tag: 'Recovery',
      roles: RECOVERY_ACT_ROLES,
      params: AccountKeyParams,
      body: PlaceHoldBody,
      status: 201,
      response: PlacedHoldResponse,
      idempotency: 'optional',
      handler: async ({ params, body, client, db }) => {
        const account = await customerAccountId({ ...deps, db }, params.accountKey)
        let scope: { accountId: number } | { partyId: number } = { accountId: account.id }
        if (body.scope === 'person') {
          const summary = await getAccountSummary(db, account.id)
          const party = summary.parties.find((p) => p.partyRef === body.partyRef)
          if (!party) throw new AppError('validation', 'Name a holder of the account', [{ field: 'body.partyRef', message: `Give the party reference of one of: ${summary.parties.map((p) => p.partyRef).join(', ')}` }])
          scope = { partyId: party.id }
        }
        return db.transaction((tx) =>
          addHold(tx, {
            ...scope,
            type: body.type,
            startsOn: body.startsOn,
            endsOn: body.endsOn ?? null,
            treatmentEndsOn: body.treatmentEndsOn ?? null,
            reason: body.reason,
            reference: body.reference ?? null,
            actor: deps.actorOf(client),
          }),
        )
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/accounts/:accountKey/recommendation',
      operationId: 'getRecommendation',
      summary: "Read an account's recommended next step",
      description: "The account's pathway, stage and the latest trawl's recommendation, with its reason and what blocks it.",
      tag: 'Recovery',
      roles: RECOVERY_READ_ROLES,
      params: AccountKeyParams,
      response: RecommendationResponse,
      handler: async ({ params, request }) => {
        const account = await customerAccountId(deps, params.accountKey)
        auditApiRead(deps, request, { action: 'recovery.viewed', entityType: 'account', entityId: account.id })
        const view = await getRecoveryView(deps.db, account.id, today())
        return { accountNumber: account.accountNumber, pathway: view.pathway, stage: view.stage, recommendation: view.recommendation }
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/worktray',
      operationId: 'getWorktray',
      summary: 'Read the worktray',
      description: 'The accounts needing action from the latest completed trawl, most urgent first, paged.',
      tag: 'Recovery',
      roles: WORKTRAY_ROLES,
      params: NoParams,
      query: WorktrayQuery,
      response: WorktrayResponse,
      handler: async ({ query }) =>
        listWorktray(deps.db, {
          patchIds: query.patch ? [query.patch] : null,
          actionType: query.action ?? null,
          stage: query.stage ?? null,
          hold: query.hold ?? null,
          page: query.page,
          pageSize: query.pageSize,
        }),
    }),
  ]
}
