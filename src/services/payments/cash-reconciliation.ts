import type { Queryable } from '../../db/client.ts'
import { isIsoDate } from '../../domain/calendar/dates.ts'
import { AppError } from '../../errors.ts'

export interface CashReconciliationRow {
  date: string
  method: string
  payments: number
  receivedPence: number
  reversedPence: number
  /** received − reversed, from the payments side */
  netPence: number
  /** net movement on the method's receipts control account in the ledger */
  ledgerPence: number
  differencePence: number
}

export interface ImportCheck {
  importId: number
  fileName: string
  format: string
  importedOn: string
  declaredTotalPence: number | null
  postedTotalPence: number
  paymentsTotalPence: number
  ok: boolean
}

export interface CashReconciliation {
  from: string
  to: string
  rows: CashReconciliationRow[]
  imports: ImportCheck[]
  mismatches: number
}

/**
 * Daily cash reconciliation: for each day and payment method, money received less money taken back, against
 * the ledger's receipts account for that method; and each imported file's declared total against what was posted.
 * Any difference is a mismatch to investigate (it should never happen: the ledger and the payments are written
 * in the same transaction — this is the check that proves it).
 */
export async function cashReconciliation(db: Queryable, range: { from: string; to: string }): Promise<CashReconciliation> {
  if (!isIsoDate(range.from) || !isIsoDate(range.to) || range.from > range.to) {
    throw new AppError('validation', 'Give a date range as YYYY-MM-DD, start on or before end')
  }
  const rows = await db.query<{
    date: string
    method: string
    payments: number
    received: number
    reversed: number
    ledger: number
  }>(
    `with received as (
       select received_on as date, method, count(*)::int as payments, sum(amount_pence)::bigint as received
       from payments where received_on between $1 and $2 group by 1, 2
     ),
     reversed as (
       select t.effective_date as date, p.method, sum(p.amount_pence)::bigint as reversed
       from payment_reversals r join payments p on p.id = r.payment_id join ledger_transactions t on t.id = r.transaction_id
       where t.effective_date between $1 and $2 group by 1, 2
     ),
     ledger as (
       select po.effective_date as date, lower(substr(a.account_number, length('GL-RECEIPTS-') + 1)) as method,
         sum(po.amount_pence)::bigint as ledger
       from postings po join accounts a on a.id = po.account_id
       where a.account_type = 'receipts' and po.effective_date between $1 and $2
       group by 1, 2
     ),
     keys as (select date, method from received union select date, method from reversed union select date, method from ledger)
     select k.date, k.method, coalesce(rc.payments, 0) as payments, coalesce(rc.received, 0)::bigint as received,
       coalesce(rv.reversed, 0)::bigint as reversed, coalesce(l.ledger, 0)::bigint as ledger
     from keys k
     left join received rc on rc.date = k.date and rc.method = k.method
     left join reversed rv on rv.date = k.date and rv.method = k.method
     left join ledger l on l.date = k.date and l.method = k.method
     order by k.date, k.method`,
    [range.from, range.to],
  )
  const imports = await db.query<{
    id: number
    file_name: string
    format: string
    imported_on: string
    declared_total_pence: number | null
    total_pence: number
    payments_total: number
  }>(
    `select i.id, i.file_name, i.format, (i.imported_at at time zone 'Europe/London')::date::text as imported_on,
       i.declared_total_pence, i.total_pence,
       coalesce((select sum(p.amount_pence) from payments p where p.import_id = i.id), 0)::bigint as payments_total
     from payment_imports i
     where (i.imported_at at time zone 'Europe/London')::date between $1 and $2
     order by i.id`,
    [range.from, range.to],
  )
  const out: CashReconciliation = {
    from: range.from,
    to: range.to,
    rows: rows.map((r) => {
      const netPence = r.received - r.reversed
      return {
        date: r.date,
        method: r.method,
        payments: r.payments,
        receivedPence: r.received,
        reversedPence: r.reversed,
        netPence,
        ledgerPence: r.ledger,
        differencePence: netPence - r.ledger,
      }
    }),
    imports: imports.map((i) => ({
      importId: i.id,
      fileName: i.file_name,
      format: i.format,
      importedOn: i.imported_on,
      declaredTotalPence: i.declared_total_pence,
      postedTotalPence: i.total_pence,
      paymentsTotalPence: i.payments_total,
      ok: i.total_pence === i.payments_total && (i.declared_total_pence === null || i.declared_total_pence === i.total_pence),
    })),
    mismatches: 0,
  }
  out.mismatches = out.rows.filter((r) => r.differencePence !== 0).length + out.imports.filter((i) => !i.ok).length
  return out
}
