/**
 * Debts that are statute-barred on a date: write-off candidates with the reason `statute_barred` (the write-off
 * module's reason code), each with the limitation sentence as its evidence. Only accounts whose latest debit fell
 * due more than six years ago can be barred (a later payment may not have revived them, s29(7)), so only those
 * are looked at.
 */
import type { Queryable } from '../../db/client.ts'
import { addYears, NOT_A_CAUSE_POSTING_TYPES } from '../../domain/debt-recovery/index.ts'
import { loadDebtFacts } from './debt-facts.ts'

export interface StatuteBarredCandidate {
  accountId: number
  accountNumber: string
  accountType: string
  balancePence: number
  reason: 'statute_barred'
  barredFrom: string
  evidence: string
}

export async function listStatuteBarredCandidates(db: Queryable, onDate: string): Promise<StatuteBarredCandidate[]> {
  const sixYearsAgo = addYears(onDate, -6)
  const rows = await db.query<{ id: number; account_number: string; account_type: string; balance: number }>(
    `select a.id, a.account_number, a.account_type, b.balance
     from accounts a
     cross join lateral (
       select coalesce(sum(p.amount_pence), 0)::bigint as balance,
         max(p.effective_date) filter (where p.amount_pence > 0 and p.posting_type <> all($3::text[])) as cause_on
       from postings p where p.account_id = a.id and p.effective_date <= $1) b
     where a.account_class = 'customer' and a.status = 'open' and b.balance > 0 and b.cause_on < $2
     order by a.id`,
    [onDate, sixYearsAgo, NOT_A_CAUSE_POSTING_TYPES],
  )
  const out: StatuteBarredCandidate[] = []
  for (const r of rows) {
    const facts = await loadDebtFacts(db, r.id, onDate)
    if (facts.limitation.statuteBarred) {
      out.push({ accountId: r.id, accountNumber: r.account_number, accountType: r.account_type, balancePence: r.balance, reason: 'statute_barred', barredFrom: facts.limitation.barredFrom!, evidence: facts.limitation.text })
    }
  }
  return out
}
