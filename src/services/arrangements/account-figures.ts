/**
 * The ledger figures an arrangement is built from, read set-based for a list of accounts as at a date:
 * arrears (the balance before the date, not counting the debit for that date's rent week: the domain's
 * `startingArrearsPence` convention) and the current gross weekly charge (the charge rates in force that week).
 */
import type { Queryable } from '../../db/client.ts'
import { weekCommencing } from '../../domain/calendar/index.ts'
import type { AccountType } from '../../domain/recovery/index.ts'

export interface AccountFigures {
  accountId: number
  accountNumber: string
  accountType: AccountType
  name: string
  status: string
  /** Whether `partyId` (when given) is liable for the account. */
  belongsToParty: boolean
  balancePence: number
  arrearsPence: number
  weeklyChargePence: number
}

export async function accountFigures(db: Queryable, accountIds: readonly number[], onDate: string, partyId?: number | null): Promise<AccountFigures[]> {
  const monday = weekCommencing(onDate)
  const rows = await db.query<{
    id: number
    account_number: string
    account_type: AccountType
    name: string
    status: string
    belongs: boolean
    balance: number
    before: number
    this_week_debits: number
    weekly: number
  }>(
    `select a.id, a.account_number, a.account_type, a.name, a.status,
       exists (select 1 from account_parties ap where ap.account_id = a.id and ap.party_id = $4) as belongs,
       coalesce((select sum(p.amount_pence) from postings p where p.account_id = a.id), 0)::bigint as balance,
       coalesce((select sum(p.amount_pence) from postings p where p.account_id = a.id and p.effective_date < $2), 0)::bigint as before,
       coalesce((select sum(p.amount_pence) from postings p where p.account_id = a.id and p.effective_date < $2
                 and p.amount_pence > 0 and p.period_start >= $3::date), 0)::bigint as this_week_debits,
       coalesce((select sum(r.weekly_pence) from charge_schedules s
                 cross join lateral (select distinct on (cr.charge_type) cr.weekly_pence from charge_rates cr
                                     where cr.schedule_id = s.id and cr.effective_from <= $3::date
                                     order by cr.charge_type, cr.effective_from desc) r
                 where s.account_id = a.id), 0)::bigint as weekly
     from accounts a
     where a.id = any($1::int[]) and a.account_class = 'customer'`,
    [accountIds, onDate, monday, partyId ?? null],
  )
  const byId = new Map(rows.map((r) => [r.id, r]))
  return accountIds.flatMap((id) => {
    const r = byId.get(id)
    if (!r) return []
    return [
      {
        accountId: r.id,
        accountNumber: r.account_number,
        accountType: r.account_type,
        name: r.name,
        status: r.status,
        belongsToParty: r.belongs,
        balancePence: r.balance,
        arrearsPence: r.before - r.this_week_debits,
        weeklyChargePence: r.weekly,
      },
    ]
  })
}
