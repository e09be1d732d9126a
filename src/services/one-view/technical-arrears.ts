/**
 * Technical arrears for the one view of debt: the part of each account's arrears that is only there because Housing
 * Benefit or Universal Credit housing costs, paid in arrears for periods already charged, have not arrived yet
 * (DOMAIN.md §9; domain `measureArrears`). Read set-based for all of a person's accounts.
 *
 * Where the expected benefit comes from (each account, in this order):
 * 1. **Recorded claims.** An HB award or a UC managed payment recorded on the account (`benefit_claims`): the domain's
 *    `expectedBenefitCredits` from the award's payment schedule, less the HB/UC payments allocated to the account.
 * 2. **Payment history.** Otherwise, when HB/UC credits arrived in the last 62 days, the recovery trawl's own
 *    approximation from their cadence (`services/recovery/benefit-credits.ts`), so the figure matches the trawl.
 * 3. Otherwise none: every arrear is collectable.
 *
 * A credit counts as technical until the council's grace days (`recovery.benefit_grace_days`) after its expected
 * date; after that it is overdue benefit (to chase) and counted in the collectable arrears, as the trawl does.
 */
import { z } from 'zod'
import type { Queryable } from '../../db/client.ts'
import {
  expectedBenefitCredits as expectedFromClaims,
  type BenefitRecord,
  type ReceivedBenefitPayment,
} from '../../domain/benefits/index.ts'
import { addDays, type IsoDate } from '../../domain/calendar/index.ts'
import { measureArrears, type ExpectedBenefitCredit } from '../../domain/recovery/index.ts'
import { getPolicyValue } from '../policy/get-policy-value.ts'
import { BENEFIT_WINDOW_DAYS, expectedBenefitCredits as expectedFromHistory } from '../recovery/benefit-credits.ts'

export type TechnicalArrearsBasis = 'benefit_claims' | 'payment_history' | 'none'

export interface AccountArrearsInput {
  accountId: number
  balancePence: number
  /** Debits in the rent week containing `today` (allowed for: not yet late). */
  currentWeekDebitPence: number
}

export interface TechnicalArrears {
  /** Benefit expected for periods already charged and not yet late: allowed for. */
  technicalArrearsPence: number
  /** Arrears less technical arrears (and less this week's charge). */
  collectableArrearsPence: number
  /** Benefit past its grace days: counted in the collectable arrears, to chase. */
  overdueBenefitPence: number
  basis: TechnicalArrearsBasis
}

export async function technicalArrears(db: Queryable, accounts: readonly AccountArrearsInput[], today: IsoDate): Promise<Map<number, TechnicalArrears>> {
  const ids = accounts.map((a) => a.accountId)
  const out = new Map<number, TechnicalArrears>()
  if (ids.length === 0) return out
  const graceDays = await getPolicyValue(db, 'recovery.benefit_grace_days', today, z.number().int().min(0).max(90))
  const claims = await db.query<{ account_id: number; record: BenefitRecord }>(
    `select account_id, record from benefit_claims where account_id = any($1::int[]) and claimed_on <= $2 order by id`,
    [ids, today],
  )
  const received = await db.query<{ account_id: number; method: string; received_on: string; amount: number }>(
    `select pa.account_id, p.method, p.received_on, sum(pa.amount_pence)::bigint as amount
     from payment_allocations pa join payments p on p.id = pa.payment_id
     where pa.account_id = any($1::int[]) and p.method in ('housing_benefit', 'universal_credit') and p.received_on <= $2
     group by pa.account_id, p.id, p.method, p.received_on`,
    [ids, today],
  )
  const history = await db.query<{ account_id: number; kind: 'housing_benefit' | 'universal_credit'; last_on: string; recent: number; n: number }>(
    `select p.account_id, max(p.posting_type) as kind, max(p.effective_date) as last_on, sum(-p.amount_pence)::bigint as recent, count(*)::int as n
     from postings p
     where p.account_id = any($1::int[]) and p.amount_pence < 0 and p.posting_type in ('housing_benefit', 'universal_credit')
       and p.effective_date > $2::date and p.effective_date <= $3::date
     group by p.account_id`,
    [ids, addDays(today, -BENEFIT_WINDOW_DAYS), today],
  )

  for (const a of accounts) {
    const records = claims.filter((c) => c.account_id === a.accountId).map((c) => c.record)
    const got: ReceivedBenefitPayment[] = received
      .filter((r) => r.account_id === a.accountId)
      .map((r) => ({ kind: r.method === 'housing_benefit' ? 'housing_benefit' : 'uc_managed_payment', receivedOn: r.received_on, amountPence: r.amount }))
    let expected: ExpectedBenefitCredit[] = expectedFromClaims(records, today, { received: got })
    let basis: TechnicalArrearsBasis = expected.length ? 'benefit_claims' : 'none'
    const scheduled = records.some((r) => (r.kind === 'housing_benefit' && r.award) || (r.kind === 'universal_credit' && r.apa.monthlyPence))
    if (!scheduled) {
      const h = history.find((x) => x.account_id === a.accountId)
      expected = h ? expectedFromHistory(today, { kind: h.kind, lastOn: h.last_on, recentPence: h.recent, recentCount: h.n }) : []
      basis = expected.length ? 'payment_history' : 'none'
    }
    const m = measureArrears({
      today,
      balancePence: a.balancePence,
      grossWeeklyChargePence: 0,
      currentWeekDebitPence: Math.max(0, a.currentWeekDebitPence),
      expectedBenefit: expected,
      lastPaymentOn: null,
      benefitGraceDays: graceDays,
    })
    out.set(a.accountId, {
      technicalArrearsPence: m.technicalArrearsPence,
      collectableArrearsPence: m.collectableArrearsPence,
      overdueBenefitPence: m.overdueBenefitPence,
      basis: m.technicalArrearsPence > 0 || m.overdueBenefitPence > 0 ? basis : 'none',
    })
  }
  return out
}
