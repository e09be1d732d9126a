/**
 * Retention for the trawl's recommendations (`reeve run prune-recommendations --date D`): the nights older than the
 * dated retention period (`recovery.recommendation_retention`, migration 0014) are deleted, one trawl run per
 * transaction, except the rows a recorded recovery action or stage move refers to (kept with that record).
 *
 * `recommendations` stays append-only: its trigger lets a delete through only inside a transaction that has set
 * `reeve.prune_recommendations_before` (this job, transaction-local), and only for rows of runs dated before it.
 * The `trawl_runs` rows stay, with their counts, so the history of what each night found is not lost.
 *
 * Idempotent: a second run for the same date finds nothing left to delete. Resumable: each run (night) is its own
 * transaction, so a crash leaves whole nights either pruned or not.
 */
import { z } from 'zod'
import type { Db } from '../db/client.ts'
import { addDays, isIsoDate } from '../domain/calendar/dates.ts'
import { AppError } from '../errors.ts'
import { systemActor, type Actor } from '../services/actor.ts'
import { recordAuditEvent } from '../services/audit/record-audit-event.ts'
import { getPolicyValue } from '../services/policy/get-policy-value.ts'
import { failJobRun, finishJobRun, startJobRun } from './job-runs.ts'

export const RETENTION_POLICY_KEY = 'recovery.recommendation_retention'
const retentionSchema = z.object({ keepDays: z.number().int().min(30) })

export interface PruneResult {
  date: string
  keepDays: number
  /** Runs dated before this day were pruned. */
  before: string
  runs: number
  deleted: number
  /** Rows of pruned runs kept because a recorded action or stage move refers to them. */
  kept: number
}

export async function pruneRecommendations(db: Db, opts: { date: string; actor?: Actor }): Promise<PruneResult> {
  if (!isIsoDate(opts.date)) throw new AppError('validation', `--date must be a date as YYYY-MM-DD, got ${opts.date}`)
  const actor = opts.actor ?? systemActor('prune-recommendations')
  const { keepDays } = await getPolicyValue(db, RETENTION_POLICY_KEY, opts.date, retentionSchema)
  // Keep `keepDays` nights up to and including the date: runs dated on or after this day stay.
  const before = addDays(opts.date, -(keepDays - 1))
  const job = await startJobRun(db, 'prune-recommendations', `prune-recommendations:${opts.date}`, { date: opts.date, keepDays, before })
  try {
    const runs = await db.query<{ id: number; run_date: string }>(
      `select t.id, t.run_date from trawl_runs t
       where t.run_date < $1::date and exists (select 1 from recommendations r where r.run_id = t.id)
       order by t.run_date, t.id`,
      [before],
    )
    const result: PruneResult = { date: opts.date, keepDays, before, runs: 0, deleted: 0, kept: 0 }
    for (const run of runs) {
      const { deleted, kept } = await db.transaction(async (tx) => {
        await tx.query(`select set_config('reeve.prune_recommendations_before', $1, true)`, [before])
        const [d] = await tx.query<{ n: number }>(
          `with gone as (
             delete from recommendations r
             where r.run_id = $1
               and not exists (select 1 from recovery_actions a where a.recommendation_id = r.id)
               and not exists (select 1 from recovery_stage_history h where h.recommendation_id = r.id)
             returning 1)
           select count(*)::int as n from gone`,
          [run.id],
        )
        const [k] = await tx.query<{ n: number }>('select count(*)::int as n from recommendations where run_id = $1', [run.id])
        // A night already pruned keeps only the rows records refer to: nothing to do, nothing to audit.
        if (d!.n === 0) return { deleted: 0, kept: 0 }
        await recordAuditEvent(tx, actor, {
          action: 'recommendations.pruned',
          entityType: 'trawl_run',
          entityId: run.id,
          after: { runDate: run.run_date, deleted: d!.n, keptForRecordedActions: k!.n, keepDays },
          reason: `Retention: recommendations are kept ${keepDays} days (${RETENTION_POLICY_KEY})`,
        })
        return { deleted: d!.n, kept: k!.n }
      })
      if (deleted === 0) continue
      result.runs++
      result.deleted += deleted
      result.kept += kept
    }
    await finishJobRun(db, job.id, { runs: result.runs, deleted: result.deleted, kept: result.kept, before })
    return result
  } catch (e) {
    await failJobRun(db, job.id, e).catch(() => {})
    throw e
  }
}
