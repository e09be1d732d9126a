import type { Queryable } from '../../db/client.ts'
import { isIsoDate } from '../../domain/calendar/dates.ts'
import { describePosting } from '../../domain/ledger/describe-posting.ts'
import { buildStatement, type Statement } from '../../domain/ledger/statement.ts'
import { AppError } from '../../errors.ts'

export interface AccountSummary {
  id: number
  accountNumber: string
  paymentReference: string | null
  accountType: string
  name: string
  status: string
  openedOn: string
  closedOn: string | null
  tenancyRef: string | null
  tenure: string | null
  propertyAddress: string | null
  patchName: string | null
  parties: { id: number; partyRef: string; name: string }[]
  balancePence: number
}

/** Finds an account by its account number, payment reference or numeric id. */
export async function getAccountSummary(db: Queryable, accountKey: string | number): Promise<AccountSummary> {
  const [a] = await db.query<{
    id: number
    account_number: string
    payment_reference: string | null
    account_type: string
    name: string
    status: string
    opened_on: string
    closed_on: string | null
    tenancy_ref: string | null
    tenure: string | null
    address: string | null
    patch_name: string | null
    balance: number
  }>(
    `select a.id, a.account_number, a.payment_reference, a.account_type, a.name, a.status, a.opened_on, a.closed_on,
       t.tenancy_ref, t.tenure,
       concat_ws(', ', pr.address_line1, pr.address_line2, pr.town, pr.postcode) as address,
       pa.name as patch_name,
       coalesce((select sum(p.amount_pence) from postings p where p.account_id = a.id), 0)::bigint as balance
     from accounts a
     left join tenancies t on t.id = a.tenancy_id
     left join properties pr on pr.id = t.property_id
     left join patches pa on pa.id = a.patch_id
     where a.account_number = $1 or a.payment_reference = $1 or a.id::text = $1
     limit 1`,
    [String(accountKey)],
  )
  if (!a) throw new AppError('not_found', `No account ${accountKey}`)
  const parties = await db.query<{ id: number; party_ref: string; name: string }>(
    `select p.id, p.party_ref,
       coalesce(p.organisation_name, concat_ws(' ', p.title, p.forename, p.surname)) as name
     from account_parties ap join parties p on p.id = ap.party_id
     where ap.account_id = $1 order by p.id`,
    [a.id],
  )
  return {
    id: a.id,
    accountNumber: a.account_number,
    paymentReference: a.payment_reference,
    accountType: a.account_type,
    name: a.name,
    status: a.status,
    openedOn: a.opened_on,
    closedOn: a.closed_on,
    tenancyRef: a.tenancy_ref,
    tenure: a.tenure,
    propertyAddress: a.address,
    patchName: a.patch_name,
    parties: parties.map((p) => ({ id: p.id, partyRef: p.party_ref, name: p.name })),
    balancePence: a.balance,
  }
}

export interface AccountStatement {
  account: AccountSummary
  statement: Statement
}

/** Statement for any account over any date range (inclusive), by effective date, with running balance. */
export async function getAccountStatement(
  db: Queryable,
  accountKey: string | number,
  range: { from: string; to: string },
): Promise<AccountStatement> {
  const problems = []
  if (!isIsoDate(range.from)) problems.push({ field: 'from', message: 'Enter the start date as YYYY-MM-DD' })
  if (!isIsoDate(range.to)) problems.push({ field: 'to', message: 'Enter the end date as YYYY-MM-DD' })
  if (problems.length) throw new AppError('validation', 'The statement dates are not valid', problems)
  if (range.from > range.to) {
    throw new AppError('validation', 'The start date must be on or before the end date', [
      { field: 'from', message: 'The start date must be on or before the end date' },
    ])
  }
  const account = await getAccountSummary(db, accountKey)
  const [opening] = await db.query<{ total: number }>(
    'select coalesce(sum(amount_pence), 0)::bigint as total from postings where account_id = $1 and effective_date < $2',
    [account.id, range.from],
  )
  const rows = await db.query<{
    id: number
    effective_date: string
    posting_date: string
    posting_type: string
    txn_type: string
    description: string | null
    txn_description: string
    period_start: string | null
    amount_pence: number
  }>(
    `select p.id, p.effective_date, t.posting_date, p.posting_type, t.txn_type, p.description,
       t.description as txn_description, p.period_start, p.amount_pence
     from postings p join ledger_transactions t on t.id = p.transaction_id
     where p.account_id = $1 and p.effective_date between $2 and $3
     order by p.effective_date, p.id`,
    [account.id, range.from, range.to],
  )
  const entries = rows.map((r) => ({
    postingId: r.id,
    effectiveDate: r.effective_date,
    postingDate: r.posting_date,
    postingType: r.posting_type,
    txnType: r.txn_type,
    amountPence: r.amount_pence,
    description: describePosting({
      postingType: r.posting_type,
      txnType: r.txn_type,
      description: r.description,
      txnDescription: r.txn_description,
      periodStart: r.period_start,
    }),
  }))
  return { account, statement: buildStatement(range.from, range.to, opening!.total, entries) }
}
