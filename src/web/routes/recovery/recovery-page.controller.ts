import type { FastifyReply, FastifyRequest } from 'fastify'
import { todayInLondon } from '../../../domain/calendar/dates.ts'
import { formatWeeks, HOLD_RULES, HOLD_TYPES, CHECKS, type HoldType } from '../../../domain/recovery/index.ts'
import { renderCourtPackCsv } from '../../../documents/court-pack-csv.ts'
import { renderCourtPackPdf } from '../../../documents/court-pack-pdf.ts'
import { buildCourtPack } from '../../../services/recovery/court-pack.ts'
import type { HoldRecord } from '../../../services/recovery/holds.ts'
import { EVICTION_OUTCOMES } from '../../../services/recovery/court.ts'
import { getRecoveryView, type RecoveryView } from '../../../services/recovery/get-recovery-view.ts'
import { SERVICE_METHODS } from '../../../services/recovery/notices.ts'
import { PAP_ITEM_LABELS, PAP_ITEMS } from '../../../services/recovery/pap.ts'
import type { AccountSummary } from '../../../services/statements/get-account-statement.ts'
import { safeFilename, sendAttachment } from '../../downloads.ts'
import { recordPageView } from '../../page-views.ts'
import type { FormError, WebDeps } from '../../types.ts'
import { findCustomerAccount, type AccountRequest } from '../accounts/account.controller.ts'
import { canSeeRestricted } from '../people/restricted-data.ts'
import { CLAIM_TYPES, CONTACT_TYPES, HEARING_OUTCOMES, type FormInput, type FormName } from './recovery-forms.validator.ts'
import { mayActOnRecovery } from './recovery-roles.ts'

const SERVICE_METHOD_LABELS: Record<string, string> = { hand: 'By hand', left_at_property: 'Left at the property', first_class_post: 'First class post' }

export interface PageState {
  errors: FormError[]
  /** The form that failed, with what was typed. */
  form?: FormName
  input?: FormInput
}

/**
 * Holds whose reason is special category data (a mental health crisis, a vulnerability) keep their type and dates
 * for everyone who reads the case, since they stop enforcement; the reason, reference and treatment date only for
 * the roles that may see restricted data (web/routes/people/restricted-data.ts).
 */
const SPECIAL_CATEGORY_HOLDS: ReadonlySet<HoldType> = new Set<HoldType>(['breathing_space_mental_health', 'vulnerability_review'])
const RESTRICTED_TEXT = 'Restricted: ask a team leader'

function withoutSpecialCategoryDetail(h: HoldRecord): HoldRecord {
  return SPECIAL_CATEGORY_HOLDS.has(h.type) ? { ...h, reason: RESTRICTED_TEXT, reference: null, treatmentEndsOn: null, endReason: h.endReason === null ? null : RESTRICTED_TEXT } : h
}

/** Renders the account's recovery page (also after a refused form, with its errors and input). */
export async function renderRecoveryPage(deps: WebDeps, request: FastifyRequest, reply: FastifyReply, account: AccountSummary, status: number, state: PageState, view?: RecoveryView) {
  const today = todayInLondon(deps.now())
  const v = view ?? (await getRecoveryView(deps.db, account.id, today))
  const rec = v.recommendation
  const restricted = !canSeeRestricted(request.user?.role)
  return reply.code(status).view('pages/recovery/account-recovery.njk', {
    v: restricted ? { ...v, holds: v.holds.map(withoutSpecialCategoryDetail) } : v,
    account: v.account,
    recommendationWeeks: rec && rec.arrearsWeeksHundredths !== null ? formatWeeks(rec.arrearsWeeksHundredths) : null,
    canAct: mayActOnRecovery(request.user?.role),
    errors: state.errors,
    openForm: state.form ?? null,
    formInput: state.input ?? {},
    holdTypes: HOLD_TYPES.map((t) => ({ value: t, text: HOLD_RULES[t].label })),
    serviceMethods: SERVICE_METHODS.map((m) => ({ value: m, text: SERVICE_METHOD_LABELS[m] ?? m })),
    checks: CHECKS.map((c) => ({ value: c, text: c.replaceAll('_', ' ') })),
    papItems: PAP_ITEMS.map((i) => ({ value: i, text: PAP_ITEM_LABELS[i] })),
    contactTypes: CONTACT_TYPES,
    claimTypes: CLAIM_TYPES,
    hearingOutcomes: HEARING_OUTCOMES,
    evictionOutcomes: EVICTION_OUTCOMES.map((o) => ({ value: o, text: o.replaceAll('_', ' ') })),
    activeHolds: v.holds.filter((h) => h.activeOn && !h.endedOn),
    openHearings: v.claims.flatMap((c) => c.hearings.filter((h) => !h.outcome).map((h) => ({ ...h, claimNumber: c.claimNumber, court: c.court }))),
    openEvictions: v.evictions.filter((e) => !e.outcome),
    base: `/accounts/${encodeURIComponent(account.accountNumber)}/recovery`,
  })
}

async function loadPack(deps: WebDeps, request: AccountRequest) {
  const account = await findCustomerAccount(deps, request.params.accountNumber)
  const to = typeof request.query.to === 'string' && request.query.to ? request.query.to : null
  const pack = await buildCourtPack(deps.db, account.id, { to, today: todayInLondon(deps.now()) })
  recordPageView(deps, request, { action: 'court_pack.downloaded', entityType: 'account', entityId: account.id, after: { to: pack.issueDate } })
  return pack
}

export function recoveryPageController(deps: WebDeps) {
  return {
    async show(request: AccountRequest, reply: FastifyReply) {
      const account = await findCustomerAccount(deps, request.params.accountNumber)
      if (account.accountNumber !== request.params.accountNumber) {
        return reply.redirect(`/accounts/${encodeURIComponent(account.accountNumber)}/recovery`, 301)
      }
      recordPageView(deps, request, { action: 'recovery.viewed', entityType: 'account', entityId: account.id })
      return renderRecoveryPage(deps, request, reply, account, 200, { errors: [] })
    },

    async courtPackCsv(request: AccountRequest, reply: FastifyReply) {
      const pack = await loadPack(deps, request)
      return sendAttachment(reply, 'text/csv; charset=utf-8', safeFilename(`rent-schedule-${pack.account.accountNumber}-to-${pack.issueDate}.csv`), renderCourtPackCsv(pack))
    },

    async courtPackPdf(request: AccountRequest, reply: FastifyReply) {
      const pack = await loadPack(deps, request)
      const pdf = await renderCourtPackPdf(pack, { councilName: deps.council.name, councilAddress: deps.council.address, generatedOn: todayInLondon(deps.now()) })
      return sendAttachment(reply, 'application/pdf', safeFilename(`rent-schedule-${pack.account.accountNumber}-to-${pack.issueDate}.pdf`), pdf)
    },
  }
}
