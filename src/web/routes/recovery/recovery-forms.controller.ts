import type { FastifyReply, FastifyRequest } from 'fastify'
import { todayInLondon } from '../../../domain/calendar/dates.ts'
import type { Queryable } from '../../../db/client.ts'
import { isAppError } from '../../../errors.ts'
import type { Actor } from '../../../services/actor.ts'
import { recordClaim, recordEviction, recordEvictionOutcome, recordHearing, recordHearingOutcome, recordWarrant } from '../../../services/recovery/court.ts'
import { getRecoveryView, type RecoveryView } from '../../../services/recovery/get-recovery-view.ts'
import { addHold, endHold } from '../../../services/recovery/holds.ts'
import { serveNotice } from '../../../services/recovery/notices.ts'
import { PAP_ITEM_LABELS, recordPapItem } from '../../../services/recovery/pap.ts'
import { recordRecoveryAction } from '../../../services/recovery/record-action.ts'
import { requestActor } from '../../actor.ts'
import { setFlash } from '../../flash.ts'
import { formErrorsFrom } from '../../form-fields.ts'
import { refusalOf } from '../../refusal.ts'
import type { WebDeps } from '../../types.ts'
import { findCustomerAccount } from '../accounts/account.controller.ts'
import { renderRecoveryPage } from './recovery-page.controller.ts'
import * as forms from './recovery-forms.validator.ts'

type FormRequest = FastifyRequest<{ Params: { accountNumber: string } }>

interface FormSpec<T> {
  name: forms.FormName
  /** Where on the page the form sits (for the redirect back). */
  anchor: string
  /** The first field, and where the services' field names point. */
  fields: Record<string, string>
  validate: (body: unknown, view: RecoveryView) => forms.FormResult<T>
  run: (tx: Queryable, form: T, ctx: { view: RecoveryView; actor: Actor }) => Promise<string>
}

const ALWAYS_NOTES = { checks: '#{p}-checks', proportionalityNote: '#{p}-proportionalityNote', equalityNote: '#{p}-equalityNote' }
const withNotes = (prefix: string, fields: Record<string, string>) => ({ ...fields, ...Object.fromEntries(Object.entries(ALWAYS_NOTES).map(([k, v]) => [k, v.replace('{p}', prefix)])) })

/**
 * One handler for every form on the recovery page: validate → run the service in a transaction → flash and back to
 * the page (post-redirect-get); a validation error or a service's refusal re-renders the page with the errors at
 * the form, keeping what was typed.
 */
function handle<T>(deps: WebDeps, spec: FormSpec<T>) {
  return async (request: FormRequest, reply: FastifyReply) => {
    const account = await findCustomerAccount(deps, request.params.accountNumber)
    const view = await getRecoveryView(deps.db, account.id, todayInLondon(deps.now()))
    const fallback = Object.values(spec.fields)[0]!
    const result = spec.validate(request.body, view)
    if (!result.ok) return renderRecoveryPage(deps, request, reply, account, 400, { errors: result.errors, form: spec.name, input: result.input }, view)
    let heading: string
    try {
      heading = await deps.db.transaction((tx) => spec.run(tx, result.form, { view, actor: requestActor(request) }))
    } catch (err) {
      const refused = refusalOf(err, fallback)
      const errors = isAppError(err) && err.details.length ? formErrorsFrom(err, spec.fields, fallback) : refused.errors
      return renderRecoveryPage(deps, request, reply, account, refused.status, { errors, form: spec.name, input: result.input })
    }
    setFlash(request, { heading })
    return reply.redirect(`/accounts/${encodeURIComponent(account.accountNumber)}/recovery#${spec.anchor}`, 303)
  }
}

export function recoveryFormsController(deps: WebDeps) {
  return {
    action: handle(deps, {
      name: 'action',
      anchor: 'next-step',
      fields: withNotes('action', { stage: '#action-stage', takenOn: '#action-takenOn-day', outcome: '#action-outcome', actionType: '#action-stage' }),
      validate: (body, v) => forms.validateAction(body, v.candidates.map((c) => c.id)),
      run: async (tx, f, { view, actor }) => {
        const r = await recordRecoveryAction(tx, { accountId: view.account.id, stageId: f.stageId, ...(f.actionType ? { actionType: f.actionType } : {}), takenOn: f.takenOn, outcome: f.outcome, contactMade: f.contactMade, checksConfirmed: f.checksConfirmed, proportionalityNote: f.proportionalityNote, equalityNote: f.equalityNote, recommendationId: f.recommendationId, actor })
        return r.stage ? `Recorded: ${r.stage.name}` : `Recorded: ${f.actionType} outside the pathway`
      },
    }),

    addHold: handle(deps, {
      name: 'hold',
      anchor: 'holds',
      fields: { scope: '#hold-scope', type: '#hold-type', startsOn: '#hold-startsOn-day', endsOn: '#hold-endsOn-day', treatmentEndsOn: '#hold-treatmentEndsOn-day', reason: '#hold-reason' },
      validate: (body, v) => forms.validateHold(body, v.account.parties.map((p) => p.id)),
      run: async (tx, f, { view, actor }) => {
        const scope = 'partyId' in f.scope ? { partyId: f.scope.partyId } : { accountId: view.account.id }
        const r = await addHold(tx, { ...scope, type: f.type, startsOn: f.startsOn, endsOn: f.endsOn, treatmentEndsOn: f.treatmentEndsOn, reason: f.reason, reference: f.reference, actor })
        return `Hold added, from ${f.startsOn}${r.endsOn ? ` to ${r.endsOn}` : ' until it is ended'}`
      },
    }),

    endHold: handle(deps, {
      name: 'holdEnd',
      anchor: 'holds',
      fields: { holdId: '#holdEnd-holdId', endedOn: '#holdEnd-endedOn-day', endReason: '#holdEnd-endReason' },
      validate: (body, v) => forms.validateHoldEnd(body, v.holds.filter((h) => !h.endedOn).map((h) => h.id)),
      run: async (tx, f, { actor }) => {
        await endHold(tx, { holdId: f.holdId, endedOn: f.endedOn, reason: f.reason, actor })
        return `Hold ended: its last day is ${f.endedOn}`
      },
    }),

    serveNotice: handle(deps, {
      name: 'notice',
      anchor: 'notices',
      fields: withNotes('notice', { kind: '#notice-kind', deliveredOn: '#notice-deliveredOn-day', method: '#notice-method', dateInNotice: '#notice-dateInNotice-day', servedPartyIds: '#notice-parties' }),
      validate: (body, v) => forms.validateNotice(body, v.noticeKinds.map((k) => k.kind), v.account.parties.map((p) => p.id)),
      run: async (tx, f, { view, actor }) => {
        const r = await serveNotice(tx, { accountId: view.account.id, kind: f.kind, deliveredOn: f.deliveredOn, method: f.method, dateInNotice: f.dateInNotice, servedPartyIds: f.servedPartyIds, ...(f.grounds.length ? { grounds: f.grounds } : {}), checksConfirmed: f.checksConfirmed, proportionalityNote: f.proportionalityNote, equalityNote: f.equalityNote, actor })
        return `Notice recorded: proceedings may begin from ${r.dateInNotice}${r.validUntil ? `; in force until ${r.validUntil}` : ''}`
      },
    }),

    papItem: handle(deps, {
      name: 'pap',
      anchor: 'pap',
      fields: { item: '#pap-item', doneOn: '#pap-doneOn-day' },
      validate: (body) => forms.validatePap(body),
      run: async (tx, f, { view, actor }) => {
        await recordPapItem(tx, { accountId: view.account.id, item: f.item, doneOn: f.doneOn, detail: f.detail, actor })
        return `Pre-Action Protocol: ${PAP_ITEM_LABELS[f.item].toLowerCase()} recorded`
      },
    }),

    claim: handle(deps, {
      name: 'claim',
      anchor: 'court',
      fields: withNotes('claim', { claimType: '#claim-claimType', court: '#claim-court', issuedOn: '#claim-issuedOn-day', feePence: '#claim-fee', pap: '#pap' }),
      validate: (body) => forms.validateClaim(body),
      run: async (tx, f, { view, actor }) => {
        await recordClaim(tx, { accountId: view.account.id, ...f, actor })
        return `Claim recorded, issued ${f.issuedOn}`
      },
    }),

    hearing: handle(deps, {
      name: 'hearing',
      anchor: 'court',
      fields: { claimId: '#hearing-claimId', hearingOn: '#hearing-hearingOn-day' },
      validate: (body, v) => forms.validateHearing(body, v.claims.map((c) => c.id)),
      run: async (tx, f, { actor }) => {
        await recordHearing(tx, { claimId: f.claimId, hearingOn: f.hearingOn, actor })
        return `Hearing listed for ${f.hearingOn}`
      },
    }),

    outcome: handle(deps, {
      name: 'outcome',
      anchor: 'court',
      fields: { hearingId: '#outcome-hearingId', outcome: '#outcome-outcome', possessionOn: '#outcome-possessionOn-day', termsWeeklyPence: '#outcome-termsWeekly', termsStartOn: '#outcome-termsStartOn-day' },
      validate: (body, v) => forms.validateOutcome(body, v.claims.flatMap((c) => c.hearings.filter((h) => !h.outcome).map((h) => h.id))),
      run: async (tx, f, { actor }) => {
        await recordHearingOutcome(tx, { ...f, actor })
        return `Hearing outcome recorded: ${f.outcome.replaceAll('_', ' ')}`
      },
    }),

    warrant: handle(deps, {
      name: 'warrant',
      anchor: 'court',
      fields: withNotes('warrant', { orderId: '#warrant-orderId', appliedOn: '#warrant-appliedOn-day' }),
      validate: (body, v) => forms.validateWarrant(body, v.orders.map((o) => o.id)),
      run: async (tx, f, { actor }) => {
        const r = await recordWarrant(tx, { ...f, actor })
        return `Warrant recorded; valid until ${r.expiresOn}`
      },
    }),

    eviction: handle(deps, {
      name: 'eviction',
      anchor: 'court',
      fields: withNotes('eviction', { warrantId: '#eviction-warrantId', scheduledOn: '#eviction-scheduledOn-day', n54ReceivedOn: '#eviction-n54ReceivedOn-day' }),
      validate: (body, v) => forms.validateEviction(body, v.warrants.map((w) => w.id)),
      run: async (tx, f, { actor }) => {
        await recordEviction(tx, { ...f, actor })
        return `Eviction booked for ${f.scheduledOn}`
      },
    }),

    evictionOutcome: handle(deps, {
      name: 'evictionOutcome',
      anchor: 'court',
      fields: { evictionId: '#evictionOutcome-evictionId', outcome: '#evictionOutcome-outcome', outcomeOn: '#evictionOutcome-outcomeOn-day' },
      validate: (body, v) => forms.validateEvictionOutcome(body, v.evictions.filter((e) => !e.outcome).map((e) => e.id)),
      run: async (tx, f, { actor }) => {
        await recordEvictionOutcome(tx, { ...f, actor })
        return `Eviction outcome recorded: ${f.outcome.replaceAll('_', ' ')}`
      },
    }),
  }
}
