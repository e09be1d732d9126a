/**
 * The court pack's rent schedule (Practice Direction 55A para 2.3): in schedule form, the dates and amounts of all
 * payments due and payments made, with a running total of the arrears, for the two years immediately before issue,
 * or from the first date of default if that is less than two years before issue [C] (DOMAIN.md §1.5). With it: the
 * amount due at issue, the daily rate of rent, the notice relied on and the previous steps taken to recover.
 *
 * "First date of default" is read from the ledger: the day after the last day the account was clear (balance £0 or
 * in credit at the end of the day) before the issue date; an account never clear since it opened defaults from its
 * first posting. The issue date is the claim's, or `to` (default today) before a claim is issued.
 */
import type { Queryable } from '../../db/client.ts'
import { addDays, isIsoDate, weekCommencing, type IsoDate } from '../../domain/calendar/dates.ts'
import { addMonths } from '../../domain/recovery/index.ts'
import { AppError } from '../../errors.ts'
import { getAccountStatement, getAccountSummary, type AccountStatement } from '../statements/get-account-statement.ts'
import { NOTICE_LABELS } from './notices.ts'

export interface CourtPack extends AccountStatement {
  issueDate: IsoDate
  /** Whether the date is a claim's issue date or the date asked for (no claim yet). */
  issueDateIsClaim: boolean
  firstDefaultOn: IsoDate | null
  basis: string
  rentWeeklyPence: number
  grossWeeklyPence: number
  /** Rent only, per day: weekly ÷ 7, to the nearest penny. */
  dailyRatePence: number
  arrearsAtIssuePence: number
  claim: { court: string; claimNumber: string | null; issuedOn: IsoDate; feePence: number } | null
  notice: { kind: string; label: string; servedOn: IsoDate; dateInNotice: IsoDate; validUntil: IsoDate | null; arrearsAtServicePence: number } | null
  previousSteps: { on: IsoDate; what: string }[]
}

/** The day after the last day the end-of-day balance was £0 or less, up to `to`; null if not in arrears on `to`. */
export async function firstDefaultDate(db: Queryable, accountId: number, to: IsoDate): Promise<IsoDate | null> {
  const days = await db.query<{ d: string; balance: number }>(
    `select d, (sum(day_total) over (order by d))::bigint as balance
     from (select effective_date as d, sum(amount_pence) as day_total from postings where account_id = $1 and effective_date <= $2 group by effective_date) x
     order by d`,
    [accountId, to],
  )
  const last = days.at(-1)
  if (!last || last.balance <= 0) return null
  for (let i = days.length - 1; i >= 0; i--) {
    if (days[i]!.balance <= 0) return days[i + 1]!.d
  }
  return days[0]!.d
}

export async function buildCourtPack(db: Queryable, accountKey: string | number, opts: { to?: IsoDate | null; today: IsoDate }): Promise<CourtPack> {
  if (opts.to != null && !isIsoDate(opts.to)) throw new AppError('validation', '--to must be a date as YYYY-MM-DD', [{ field: 'to', message: 'Enter a real date' }])
  const account = await getAccountSummary(db, accountKey)
  if (account.paymentReference === null) throw new AppError('not_found', `No account ${accountKey}`)
  const [claim] = await db.query<{ court: string; claim_number: string | null; issued_on: string; fee_pence: number }>(
    `select court, claim_number, issued_on, fee_pence from court_claims where account_id = $1 and claim_type = 'possession' and ($2::date is null or issued_on <= $2)
     order by issued_on desc, id desc limit 1`,
    [account.id, opts.to ?? null],
  )
  const issueDate = opts.to ?? claim?.issued_on ?? opts.today
  const issueDateIsClaim = claim !== undefined && claim.issued_on === issueDate
  const twoYears = addMonths(issueDate, -24)
  const firstDefaultOn = await firstDefaultDate(db, account.id, issueDate)
  const from = firstDefaultOn && firstDefaultOn > twoYears ? firstDefaultOn : twoYears
  const basis =
    firstDefaultOn === null
      ? `The account is not in arrears on ${issueDate}; the schedule covers the two years before it`
      : firstDefaultOn > twoYears
        ? `From the first date of default, ${firstDefaultOn}, less than two years before ${issueDateIsClaim ? 'issue' : issueDate}`
        : `The two years immediately before ${issueDateIsClaim ? 'issue' : issueDate} (arrears first arose on ${firstDefaultOn})`
  const statement = await getAccountStatement(db, account.id, { from, to: issueDate })

  const rates = await db.query<{ charge_type: string; weekly_pence: number }>(
    `select distinct on (cr.charge_type) cr.charge_type, cr.weekly_pence
     from charge_schedules cs join charge_rates cr on cr.schedule_id = cs.id
     where cs.account_id = $1 and cr.effective_from <= $2
     order by cr.charge_type, cr.effective_from desc`,
    [account.id, weekCommencing(issueDate)],
  )
  const rentWeeklyPence = rates.filter((r) => r.charge_type === 'rent' || r.charge_type === 'garage_rent' || r.charge_type === 'ta_charge').reduce((s, r) => s + r.weekly_pence, 0)
  const grossWeeklyPence = rates.reduce((s, r) => s + r.weekly_pence, 0)

  const [notice] = await db.query<{ notice_kind: string; served_on: string; date_in_notice: string; valid_until: string | null; arrears_at_service_pence: number }>(
    `select notice_kind, served_on, date_in_notice, valid_until, arrears_at_service_pence from legal_notices
     where account_id = $1 and served_on <= $2 and withdrawn_on is null order by served_on desc, id desc limit 1`,
    [account.id, issueDate],
  )
  const steps = await db.query<{ taken_on: string; action_type: string; outcome: string; stage: string | null }>(
    `select taken_on, action_type, outcome, stage from recovery_actions
     where account_id = $1 and taken_on between $2 and $3 and action_type <> 'review' order by taken_on, id`,
    [account.id, addDays(from, -365), issueDate],
  )
  return {
    account: statement.account,
    statement: statement.statement,
    issueDate,
    issueDateIsClaim,
    firstDefaultOn,
    basis,
    rentWeeklyPence,
    grossWeeklyPence,
    dailyRatePence: Math.round(rentWeeklyPence / 7),
    arrearsAtIssuePence: statement.statement.closingBalancePence,
    claim: claim ? { court: claim.court, claimNumber: claim.claim_number, issuedOn: claim.issued_on, feePence: claim.fee_pence } : null,
    notice: notice
      ? {
          kind: notice.notice_kind,
          label: NOTICE_LABELS[notice.notice_kind as keyof typeof NOTICE_LABELS] ?? notice.notice_kind,
          servedOn: notice.served_on,
          dateInNotice: notice.date_in_notice,
          validUntil: notice.valid_until,
          arrearsAtServicePence: notice.arrears_at_service_pence,
        }
      : null,
    previousSteps: steps.map((s) => ({ on: s.taken_on, what: `${s.action_type.replaceAll('_', ' ')}: ${s.outcome}` })),
  }
}
