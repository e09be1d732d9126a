import type { Queryable } from '../../db/client.ts'
import { repairInvoiceability, type DisputeOutcome } from '../../domain/invoicing/repair.ts'
import { AppError } from '../../errors.ts'

/**
 * Read-only look-ups for the pages and commands that record the source of a sundry debt: the repairs and care
 * plans an officer can reach from an account, and where a record's account is.
 */

export interface RepairView {
  repairRef: string
  partyId: number
  partyName: string
  description: string
  completedOn: string
  costPence: number
  tenantResponsible: boolean
  responsibilityReason: string
  disputed: boolean
  disputeOutcome: DisputeOutcome | null
  disputeNote: string | null
  invoiceNumber: string | null
  /** Whether it may be invoiced now, and if not why not. */
  invoiceable: { ok: true } | { ok: false; reason: string }
}

interface RepairRow {
  repair_ref: string
  party_id: number
  party_name: string
  description: string
  completed_on: string
  cost_pence: number | string
  tenant_responsible: boolean
  responsibility_reason: string
  disputed: boolean
  dispute_outcome: DisputeOutcome | null
  dispute_note: string | null
  invoice_number: string | null
}

const REPAIR_SELECT = `
  select r.repair_ref, r.party_id, trim(concat_ws(' ', p.title, p.forename, p.surname, p.organisation_name)) as party_name, r.description,
         r.completed_on::text as completed_on, r.cost_pence, r.tenant_responsible, r.responsibility_reason, r.disputed, r.dispute_outcome,
         r.dispute_note, i.invoice_number, i.account_id as invoice_account_id
  from repair_recharges r join parties p on p.id = r.party_id left join invoices i on i.id = r.invoice_id`

function repairView(r: RepairRow): RepairView {
  return {
    repairRef: r.repair_ref,
    partyId: r.party_id,
    partyName: r.party_name,
    description: r.description,
    completedOn: r.completed_on,
    costPence: Number(r.cost_pence),
    tenantResponsible: r.tenant_responsible,
    responsibilityReason: r.responsibility_reason,
    disputed: r.disputed,
    disputeOutcome: r.dispute_outcome,
    disputeNote: r.dispute_note,
    invoiceNumber: r.invoice_number,
    invoiceable: repairInvoiceability({ tenantResponsible: r.tenant_responsible, disputed: r.disputed, disputeOutcome: r.dispute_outcome, invoiced: r.invoice_number !== null }),
  }
}

/**
 * The repairs reachable from an account: those of the people liable for it that are not yet invoiced, or were
 * invoiced to this account. Newest first.
 */
export async function listAccountRepairs(db: Queryable, accountId: number): Promise<RepairView[]> {
  const rows = await db.query<RepairRow>(
    `${REPAIR_SELECT}
     where (r.invoice_id is null and r.party_id in (select party_id from account_parties where account_id = $1)) or i.account_id = $1
     order by r.completed_on desc, r.id desc`,
    [accountId],
  )
  return rows.map(repairView)
}

/** One repair, if it is reachable from the account (see `listAccountRepairs`). */
export async function getAccountRepair(db: Queryable, accountId: number, repairRef: string): Promise<RepairView> {
  const [r] = await db.query<RepairRow>(
    `${REPAIR_SELECT}
     where r.repair_ref = $2 and ((r.invoice_id is null and r.party_id in (select party_id from account_parties where account_id = $1)) or i.account_id = $1)`,
    [accountId, repairRef],
  )
  if (!r) throw new AppError('not_found', `No repair ${repairRef} for this account`)
  return repairView(r)
}

export interface CarePlanView {
  planRef: string
  description: string
  startsOn: string
  endsOn: string | null
  contributions: { effectiveFrom: string; fourWeeklyPence: number; reason: string }[]
}

/** The care plans invoiced to an account, each with its contributions from each date (oldest first). */
export async function listAccountCarePlans(db: Queryable, accountId: number): Promise<CarePlanView[]> {
  const rows = await db.query<{ plan_ref: string; description: string; starts_on: string; ends_on: string | null; effective_from: string; four_weekly_pence: number | string; reason: string }>(
    `select p.plan_ref, p.description, p.starts_on::text as starts_on, p.ends_on::text as ends_on,
            c.effective_from::text as effective_from, c.four_weekly_pence, c.reason
     from care_plans p join care_plan_contributions c on c.care_plan_id = p.id
     where p.account_id = $1 order by p.starts_on desc, p.id desc, c.effective_from`,
    [accountId],
  )
  const plans = new Map<string, CarePlanView>()
  for (const r of rows) {
    let p = plans.get(r.plan_ref)
    if (!p) plans.set(r.plan_ref, (p = { planRef: r.plan_ref, description: r.description, startsOn: r.starts_on, endsOn: r.ends_on, contributions: [] }))
    p.contributions.push({ effectiveFrom: r.effective_from, fourWeeklyPence: Number(r.four_weekly_pence), reason: r.reason })
  }
  return [...plans.values()]
}

/** The tenancy an account belongs to, if any (a rent or former tenant account, or a TA resident's). */
export async function accountTenancyId(db: Queryable, accountId: number): Promise<number | null> {
  const [a] = await db.query<{ tenancy_id: number | null }>('select tenancy_id from accounts where id = $1', [accountId])
  return a?.tenancy_id ?? null
}

export async function accountNumberOf(db: Queryable, accountId: number): Promise<string> {
  const [a] = await db.query<{ account_number: string }>('select account_number from accounts where id = $1', [accountId])
  if (!a) throw new AppError('not_found', `No account ${accountId}`)
  return a.account_number
}

/** The customer account an officer names on the command line by account number or payment reference. */
export async function customerAccountByKey(db: Queryable, key: string): Promise<{ id: number; accountType: string; tenancyId: number | null; partyIds: number[] }> {
  const [a] = await db.query<{ id: number; account_type: string; tenancy_id: number | null; party_ids: number[] }>(
    `select a.id, a.account_type, a.tenancy_id, coalesce(array_agg(ap.party_id order by ap.party_id) filter (where ap.party_id is not null), '{}') as party_ids
     from accounts a left join account_parties ap on ap.account_id = a.id
     where (a.account_number = $1 or a.payment_reference = $1) and a.account_class = 'customer'
     group by a.id`,
    [key],
  )
  if (!a) throw new AppError('not_found', `No customer account ${key}`)
  return { id: a.id, accountType: a.account_type, tenancyId: a.tenancy_id, partyIds: a.party_ids.map(Number) }
}
