import crypto from 'node:crypto'
import type { Db, Queryable } from '../db/client.ts'
import { addDays, isMonday, weekCommencing } from '../domain/calendar/dates.ts'
import { AppError } from '../errors.ts'
import { failJobRun, finishJobRun, recordChunkDone, startJobRun } from './job-runs.ts'
import { POST_WEEKLY_CHARGES_SQL, SUMMARISE_DUE_CHARGES_SQL } from './weekly-charges.sql.ts'

export interface DebitRunOptions {
  /** The Monday of the rent week to debit. */
  week: string
  /** The date the postings are recorded (normally today). */
  postingDate: string
  /** Accounts per chunk: each chunk commits on its own, so a crash loses at most one chunk of work. */
  chunkSize?: number
  onProgress?: (done: number, total: number) => void
}

export interface DebitRunResult {
  runId: number
  week: string
  postings: number
  totalPence: number
  chunks: number
  chunksSkipped: number
  resumed: boolean
}

export interface DueSummary {
  chargeType: string
  postings: number
  totalPence: number
}

function assertWeek(week: string): void {
  if (!isMonday(week)) throw new AppError('validation', `--week must be a Monday (rent weeks start on Monday), got ${week}`)
}

async function accountIdBounds(db: Queryable): Promise<{ lo: number; hi: number } | null> {
  const [b] = await db.query<{ lo: number | null; hi: number | null }>(
    'select min(account_id)::int as lo, max(account_id)::int as hi from charge_schedules',
  )
  return b?.lo == null || b.hi == null ? null : { lo: b.lo, hi: b.hi + 1 }
}

/** Posts one week's charges for accounts with ids in [lo, hi) in the caller's transaction. */
export async function postWeeklyCharges(
  tx: Queryable,
  opts: { week: string; postingDate: string; lo: number; hi: number; key: string; runId: number | null },
): Promise<{ postings: number; totalPence: number }> {
  // Enough sort memory to rank a chunk's charge rates without spilling to disk (transaction-local).
  await tx.query(`select set_config('work_mem', '64MB', true)`)
  const [r] = await tx.query<{ postings: number; total_pence: number }>(
    POST_WEEKLY_CHARGES_SQL,
    [opts.week, opts.lo, opts.hi, opts.key, opts.postingDate, opts.runId, `Weekly charges w/c ${opts.week}`],
  )
  const postings = r!.postings
  const totalPence = r!.total_pence
  return { postings, totalPence }
}

/**
 * The weekly rent debit run (`reeve run debits --week`): idempotent (a week run twice posts nothing more),
 * resumable (a crashed run picks up at the first uncommitted chunk), with progress per chunk.
 */
export async function runRentDebits(db: Db, opts: DebitRunOptions): Promise<DebitRunResult> {
  assertWeek(opts.week)
  const chunkSize = opts.chunkSize ?? 20_000
  const run = await startJobRun(db, 'rent-debits', `rent-debits:${opts.week}`, { week: opts.week })
  try {
    const bounds = await accountIdBounds(db)
    const chunks: { no: number; lo: number; hi: number }[] = []
    if (bounds) {
      for (let lo = bounds.lo, no = 0; lo < bounds.hi; lo += chunkSize, no++) {
        chunks.push({ no, lo, hi: Math.min(lo + chunkSize, bounds.hi) })
      }
    }
    let postings = 0
    let totalPence = 0
    let skipped = 0
    opts.onProgress?.(0, chunks.length)
    for (const [i, c] of chunks.entries()) {
      // On resume, chunks committed by the crashed run are skipped; on a re-run of a completed week every
      // chunk is checked again, and the charge keys make that post nothing already posted.
      if (run.status !== 'completed' && run.doneChunks.has(c.no)) {
        skipped++
      } else {
        const r = await db.transaction(async (tx) => {
          const posted = await postWeeklyCharges(tx, {
            week: opts.week,
            postingDate: opts.postingDate,
            lo: c.lo,
            hi: c.hi,
            key: `charges:${opts.week}:run-${run.id}:chunk-${c.no}:${crypto.randomUUID()}`,
            runId: run.id,
          })
          await recordChunkDone(tx, run.id, c.no, posted.postings)
          return posted
        })
        postings += r.postings
        totalPence += r.totalPence
      }
      opts.onProgress?.(i + 1, chunks.length)
    }
    const result = {
      runId: run.id,
      week: opts.week,
      postings,
      totalPence,
      chunks: chunks.length,
      chunksSkipped: skipped,
      resumed: run.resumed,
    }
    await finishJobRun(db, run.id, { postings, totalPence, chunks: chunks.length, chunksSkipped: skipped })
    return result
  } catch (e) {
    await failJobRun(db, run.id, e).catch(() => {})
    throw e
  }
}

/** What the run for a week would post, without posting (`--dry-run`). */
export async function summariseDueCharges(db: Queryable, week: string): Promise<DueSummary[]> {
  assertWeek(week)
  const bounds = await accountIdBounds(db)
  if (!bounds) return []
  const rows = await db.query<{ charge_type: string; postings: number; total_pence: number }>(SUMMARISE_DUE_CHARGES_SQL, [
    week,
    bounds.lo,
    bounds.hi,
  ])
  return rows.map((r) => ({ chargeType: r.charge_type, postings: r.postings, totalPence: r.total_pence }))
}

/**
 * Brings the weekly debits up to date: runs every rent week after the last one debited, up to the week
 * containing `today`. The demo calls this at start so a database seeded last week is current today;
 * in production the scheduler runs `reeve run debits` each Monday.
 */
export async function catchUpRentDebits(db: Db, today: string, onWeek?: (week: string) => void): Promise<string[]> {
  const [last] = await db.query<{ week: string | null }>(
    `select max(period_start) as week from postings where charge_key is not null`,
  )
  if (!last?.week) return []
  const weeks: string[] = []
  for (let week = addDays(last.week, 7); week <= weekCommencing(today); week = addDays(week, 7)) {
    onWeek?.(week)
    await runRentDebits(db, { week, postingDate: today })
    weeks.push(week)
  }
  return weeks
}
