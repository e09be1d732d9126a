import type { Queryable } from '../../db/client.ts'
import { addDays, isIsoDate, weekCommencing } from '../../domain/calendar/dates.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { openCustomerAccount } from '../accounts/open-customer-account.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { postTransaction } from '../ledger/post-transaction.ts'
import { postWeeklyCharges } from '../../jobs/rent-debit-run.ts'

export type EndReason = 'notice_given' | 'transfer' | 'deceased' | 'eviction' | 'abandonment' | 'mutual_exchange' | 'licence_ended' | 'other'

export interface EndTenancyOptions {
  tenancyId: number
  /** The last day of the tenancy (usually a Sunday, the end of a rent week). */
  endDate: string
  reason: EndReason
  postingDate: string
  actor: Actor
}

export interface EndedTenancy {
  rentAccountId: number
  formerTenantAccountId: number | null
  transferredPence: number
}

/**
 * Ends a tenancy: charges it exactly to the end date (final part week pro rata, and a credit for any
 * week already debited beyond the end), closes the rent account, and opens a former tenant account
 * for the same people with the balance transferred — a transfer transaction visible on both statements.
 * A zero balance needs no former tenant account.
 */
export async function endTenancy(tx: Queryable, opts: EndTenancyOptions): Promise<EndedTenancy> {
  if (!isIsoDate(opts.endDate)) throw new AppError('validation', `End date ${opts.endDate} is not a date`)
  const [t] = await tx.query<{ id: number; tenancy_ref: string; start_date: string; end_date: string | null }>(
    'select id, tenancy_ref, start_date, end_date from tenancies where id = $1 for update',
    [opts.tenancyId],
  )
  if (!t) throw new AppError('not_found', `Tenancy ${opts.tenancyId} does not exist`)
  if (t.end_date) throw new AppError('invalid_state', `Tenancy ${t.tenancy_ref} already ended on ${t.end_date}`)
  if (opts.endDate < t.start_date) throw new AppError('validation', `The end date is before the tenancy started (${t.start_date})`)
  const [account] = await tx.query<{ id: number; account_number: string; patch_id: number | null; name: string }>(
    `select id, account_number, patch_id, name from accounts where tenancy_id = $1 and status = 'open' and account_class = 'customer'
     order by id limit 1`,
    [t.id],
  )
  if (!account) throw new AppError('invalid_state', `Tenancy ${t.tenancy_ref} has no open account`)

  await tx.query('update tenancies set end_date = $2, end_reason = $3 where id = $1', [t.id, opts.endDate, opts.reason])

  // Charge every week up to the end that has not been debited yet (the last one pro rata).
  const lastWeek = weekCommencing(opts.endDate)
  const [firstUndebited] = await tx.query<{ week: string | null }>(
    `select (coalesce(max(period_start), $2::date - 7) + 7)::date as week from postings where account_id = $1 and charge_key is not null`,
    [account.id, weekCommencing(t.start_date)],
  )
  for (let week = firstUndebited!.week!; week <= lastWeek; week = addDays(week, 7)) {
    await postWeeklyCharges(tx, {
      week,
      postingDate: opts.postingDate,
      lo: account.id,
      hi: account.id + 1,
      key: `tenancy-end-charges:${t.id}:${week}`,
      runId: null,
    })
  }
  await creditChargesBeyondEnd(tx, account.id, t.id, opts)

  const [bal] = await tx.query<{ balance: number }>(
    'select coalesce(sum(amount_pence), 0)::bigint as balance from postings where account_id = $1',
    [account.id],
  )
  const balance = bal!.balance
  let formerTenantAccountId: number | null = null
  if (balance !== 0) {
    const partyIds = (
      await tx.query<{ party_id: number }>('select party_id from account_parties where account_id = $1 order by party_id', [account.id])
    ).map((r) => r.party_id)
    const fta = await openCustomerAccount(tx, {
      type: 'former_tenant',
      name: account.name,
      partyIds,
      openedOn: addDays(opts.endDate, 1),
      tenancyId: t.id,
      patchId: account.patch_id,
      actor: opts.actor,
    })
    formerTenantAccountId = fta.id
    await postTransaction(tx, {
      type: 'transfer',
      idempotencyKey: `tenancy-end-transfer:${t.id}`,
      effectiveDate: opts.endDate,
      postingDate: opts.postingDate,
      source: 'system',
      actor: opts.actor,
      description: `Tenancy ${t.tenancy_ref} ended`,
      legs: [
        { accountId: account.id, amountPence: -balance, postingType: 'transfer_out', description: `Balance transferred to former tenant account ${fta.accountNumber}` },
        { accountId: fta.id, amountPence: balance, postingType: 'transfer_in', description: `Balance transferred from account ${account.account_number}` },
      ],
    })
  }
  await tx.query(`update accounts set status = 'closed', closed_on = $2, transferred_to_account_id = $3 where id = $1`, [
    account.id,
    opts.endDate,
    formerTenantAccountId,
  ])
  await recordAuditEvent(tx, opts.actor, {
    action: 'tenancy.ended',
    entityType: 'tenancy',
    entityId: t.id,
    before: { endDate: null },
    after: { endDate: opts.endDate, reason: opts.reason, rentAccountId: account.id, formerTenantAccountId, transferredPence: balance },
  })
  return { rentAccountId: account.id, formerTenantAccountId, transferredPence: balance }
}

/** Weeks already debited in full that run past the end date get the unused days credited back. */
async function creditChargesBeyondEnd(tx: Queryable, accountId: number, tenancyId: number, opts: EndTenancyOptions): Promise<void> {
  const over = await tx.query<{ posting_type: string; period_start: string; excess: number; income_id: number }>(
    `with charged as (
       select p.posting_type, p.period_start, sum(p.amount_pence)::bigint as charged,
         -- what the week should cost given the end date: the same pro rata rule as the debit run
         (least($2::date, p.period_start + 6) - p.period_start + 1) as days
       from postings p
       where p.account_id = $1 and p.period_start is not null and p.period_start + 6 > $2::date
       group by p.posting_type, p.period_start
     )
     select c.posting_type, c.period_start,
       (c.charged - case when c.days <= 0 then 0 else (c.charged * c.days * 2 + 7) / 14 end)::bigint as excess,
       ia.id as income_id
     from charged c join accounts ia on ia.account_number = 'GL-INCOME-' || upper(c.posting_type)
     where c.charged > 0`,
    [accountId, opts.endDate],
  )
  const legs = over
    .filter((o) => o.excess > 0)
    .flatMap((o) => [
      { accountId, amountPence: -o.excess, postingType: o.posting_type, periodStart: o.period_start, description: `Charge after tenancy end credited (w/c ${o.period_start})` },
      { accountId: o.income_id, amountPence: o.excess, postingType: o.posting_type, periodStart: o.period_start },
    ])
  if (legs.length === 0) return
  await postTransaction(tx, {
    type: 'adjustment',
    idempotencyKey: `tenancy-end-credit:${tenancyId}`,
    effectiveDate: opts.endDate,
    postingDate: opts.postingDate,
    source: 'system',
    actor: opts.actor,
    description: 'Charges after the tenancy end date credited',
    legs,
  })
}
