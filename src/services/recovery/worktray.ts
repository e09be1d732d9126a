/**
 * The worktray: the accounts needing action today, from the latest completed trawl, most urgent first.
 *
 * - Rows are the steps due for an officer (the trawl's `action` recommendations it did not take itself), then the
 *   steps due but blocked (by a hold, an incomplete Pre-Action Protocol checklist, a possession date not yet
 *   reached), each group by priority. A step recorded since the trawl drops off.
 * - Filters: patches (an income officer's own by default), action type, stage, held or not held.
 */
import type { Queryable } from '../../db/client.ts'
import type { PriorityFactor } from './priority.ts'

export interface WorktrayFilters {
  /** null: every patch. */
  patchIds: number[] | null
  actionType?: string | null
  stage?: string | null
  hold?: 'held' | 'not_held' | null
  page: number
  pageSize: number
}

export interface WorktrayRow {
  recommendationId: number
  accountId: number
  accountNumber: string
  accountType: string
  names: string
  address: string | null
  patchName: string | null
  kind: 'action' | 'blocked'
  actionType: string
  stage: string
  stageName: string
  reason: string
  arrearsPence: number
  balancePence: number
  arrearsWeeksHundredths: number | null
  trend: string
  longTrend: string | null
  lastPaymentOn: string | null
  priority: number
  priorityFactors: PriorityFactor[]
  holdTypes: string[]
  blockedBy: string[]
}

export interface Worktray {
  run: { id: number; date: string } | null
  rows: WorktrayRow[]
  total: number
  page: number
  pageCount: number
  /** What the filters can choose from, within the patches shown. */
  actionTypes: string[]
  stages: { id: string; name: string }[]
}

export async function latestCompletedRun(db: Queryable): Promise<{ id: number; date: string } | null> {
  const [run] = await db.query<{ id: number; run_date: string }>(`select id, run_date from trawl_runs where status = 'completed' order by run_date desc limit 1`)
  return run ? { id: run.id, date: run.run_date } : null
}

const OPEN_STEPS = `
  r.run_id = $1 and r.kind in ('action', 'blocked') and not r.applied
  and ($2::int[] is null or r.patch_id = any($2::int[]))
  and not exists (select 1 from recovery_actions x where x.account_id = r.account_id and x.stage = r.stage and x.taken_on >= $3::date)`

const STAGE_NAME = `coalesce((select st ->> 'name' from pathways pw cross join lateral jsonb_array_elements(pw.document -> 'stages') st
  where pw.id = r.pathway_id and pw.version = r.pathway_version and st ->> 'id' = r.stage), r.stage)`

export async function listWorktray(db: Queryable, f: WorktrayFilters): Promise<Worktray> {
  const run = await latestCompletedRun(db)
  const page = Math.max(1, f.page)
  if (!run) return { run: null, rows: [], total: 0, page, pageCount: 0, actionTypes: [], stages: [] }
  const scope = [run.id, f.patchIds, run.date]
  const rows = await db.query<{
    id: number
    account_id: number
    account_number: string
    account_type: string
    names: string | null
    address: string | null
    patch_name: string | null
    kind: 'action' | 'blocked'
    action_type: string
    stage: string
    stage_name: string
    reason: string
    arrears_pence: number
    balance_pence: number
    arrears_weeks_hundredths: number | null
    trend: string
    long_trend: string | null
    last_payment_on: string | null
    priority: number
    priority_factors: PriorityFactor[]
    hold_types: string[]
    blocked_by: string[]
    total: number
  }>(
    `select r.id, r.account_id, a.account_number, a.account_type,
       (select string_agg(coalesce(p.organisation_name, concat_ws(' ', p.title, p.forename, p.surname)), ' and ' order by p.id)
          from account_parties ap join parties p on p.id = ap.party_id where ap.account_id = a.id) as names,
       concat_ws(', ', pr.address_line1, pr.address_line2, pr.town, pr.postcode) as address,
       pa.name as patch_name, r.kind, r.action_type, r.stage, ${STAGE_NAME} as stage_name, r.reason,
       r.arrears_pence, r.balance_pence, r.arrears_weeks_hundredths, r.trend, r.long_trend, r.last_payment_on, r.priority, r.priority_factors,
       r.hold_types, r.blocked_by, count(*) over ()::int as total
     from recommendations r
     join accounts a on a.id = r.account_id
     left join tenancies t on t.id = a.tenancy_id
     left join properties pr on pr.id = t.property_id
     left join patches pa on pa.id = r.patch_id
     where ${OPEN_STEPS}
       and ($4::text is null or r.action_type = $4)
       and ($5::text is null or r.stage = $5)
       and ($6::text is null or ($6 = 'held') = (cardinality(r.hold_types) > 0))
     order by (r.kind = 'action') desc, r.priority desc, r.arrears_pence desc, r.account_id
     limit $7 offset $8`,
    [...scope, f.actionType || null, f.stage || null, f.hold || null, f.pageSize, (page - 1) * f.pageSize],
  )
  const facets = await db.query<{ action_type: string; stage: string; stage_name: string }>(
    `select distinct r.action_type, r.stage, ${STAGE_NAME} as stage_name from recommendations r where ${OPEN_STEPS} order by 1, 3`,
    scope,
  )
  let total = rows[0]?.total ?? 0
  if (rows.length === 0 && page > 1) {
    const [c] = await db.query<{ n: number }>(
      `select count(*)::int as n from recommendations r where ${OPEN_STEPS}
         and ($4::text is null or r.action_type = $4) and ($5::text is null or r.stage = $5)
         and ($6::text is null or ($6 = 'held') = (cardinality(r.hold_types) > 0))`,
      [...scope, f.actionType || null, f.stage || null, f.hold || null],
    )
    total = c!.n
  }
  const stages = new Map<string, string>()
  for (const x of facets) stages.set(x.stage, x.stage_name)
  return {
    run,
    rows: rows.map((r) => ({
      recommendationId: r.id,
      accountId: r.account_id,
      accountNumber: r.account_number,
      accountType: r.account_type,
      names: r.names ?? '',
      address: r.address || null,
      patchName: r.patch_name,
      kind: r.kind,
      actionType: r.action_type,
      stage: r.stage,
      stageName: r.stage_name,
      reason: r.reason,
      arrearsPence: r.arrears_pence,
      balancePence: r.balance_pence,
      arrearsWeeksHundredths: r.arrears_weeks_hundredths,
      trend: r.trend,
      longTrend: r.long_trend,
      lastPaymentOn: r.last_payment_on,
      priority: r.priority,
      priorityFactors: r.priority_factors,
      holdTypes: r.hold_types,
      blockedBy: r.blocked_by,
    })),
    total,
    page,
    pageCount: Math.ceil(total / f.pageSize),
    actionTypes: [...new Set(facets.map((x) => x.action_type))].sort(),
    stages: [...stages].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
  }
}

export interface PatchRow {
  id: number
  code: string
  name: string
  officerUserId: number | null
}

export async function listPatches(db: Queryable): Promise<PatchRow[]> {
  const rows = await db.query<{ id: number; code: string; name: string; officer_user_id: number | null }>('select id, code, name, officer_user_id from patches order by name, id')
  return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, officerUserId: r.officer_user_id }))
}
