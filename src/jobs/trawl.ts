/**
 * The nightly trawl (`reeve run trawl --date D`): every open customer account with a recovery pathway gets its
 * current stage and a recommended next step with the reason — the rule that fired and the figures it fired on —
 * or an explained "no action". The recommendations drive the worktray.
 *
 * Shape (decision 0005): the inputs come from ONE set-based query over the ledger (trawl.sql.ts); the rules run in
 * JavaScript through the pure domain (`services/recovery/evaluate-account.ts`), chunk by chunk of account ids; each
 * chunk's recommendations, and the steps the trawl takes itself (resets, reminder SMS and letters the pathway lets
 * the system send), are written set-based in one transaction per chunk, logged in job_run_chunks.
 *
 * - Idempotent per date: a completed run for the date is returned as stored, nothing is evaluated again.
 * - Resumable: a run that crashed picks up at the first chunk not committed (the inputs are read again; chunks
 *   are ranges of account ids, so they are the same chunks).
 */
import type { Db, Queryable } from '../db/client.ts'
import { addDays, isIsoDate, weekCommencing } from '../domain/calendar/dates.ts'
import { findStage, type AccountType, type HearingOutcome, type Hold, type HoldType, type NoticeKind, type Pathway, type Tenure } from '../domain/recovery/index.ts'
import type { DebtFacts, EnforcementKind, JudgmentTerms, ReplyType } from '../domain/debt-recovery/index.ts'
import { AppError } from '../errors.ts'
import { systemActor, type Actor } from '../services/actor.ts'
import { BENEFIT_WINDOW_DAYS, type BenefitHistory } from '../services/recovery/benefit-credits.ts'
import { insertActions, moveCases, switchCasePathways, type StageMove } from '../services/recovery/case-writes.ts'
import { applyPapGate, evaluateAccount, type EvaluationContext, type OrderState, type TrawlDecision, type TrawlInput } from '../services/recovery/evaluate-account.ts'
import { readPapChecklists } from '../services/recovery/pap.ts'
import { loadPathways } from '../services/recovery/pathways.ts'
import { readRecoverySettings } from '../services/recovery/recovery-settings.ts'
import { failJobRun, finishJobRun, recordChunkDone, startJobRun } from './job-runs.ts'
import { trawlInputsSql, type TrawlInputRow } from './trawl.sql.ts'

export interface TrawlOptions {
  date: string
  /** Account ids per committed chunk (default 5,000: small enough that writing one overlaps evaluating the next). */
  chunkSize?: number
  /** Let the trawl take system steps itself (default true). Resets always apply. */
  applySystemSteps?: boolean
  onProgress?: (done: number, total: number) => void
  actor?: Actor
}

export interface TrawlCounts {
  accounts: number
  action: number
  blocked: number
  none: number
  reset: number
  applied: number
  notEvaluated: number
}

export interface TrawlResult {
  /** Where the time went (milliseconds): waiting for the inputs, evaluating (overlapping the writes), waiting for writes. */
  timings: { inputsMs: number; evaluateMs: number; writeWaitMs: number; totalMs: number }
  runId: number
  date: string
  /** True when the date had already been trawled: the stored run is returned. */
  replayed: boolean
  resumed: boolean
  chunks: number
  chunksSkipped: number
  counts: TrawlCounts
  pathways: { id: string; version: string }[]
}

const EMPTY_COUNTS: TrawlCounts = { accounts: 0, action: 0, blocked: 0, none: 0, reset: 0, applied: 0, notEvaluated: 0 }

function benefitOf(r: TrawlInputRow): BenefitHistory | null {
  if (!r.benefit_kind || !r.benefit_last_on || r.benefit_count <= 0) return null
  return { kind: r.benefit_kind, lastOn: r.benefit_last_on, recentPence: r.benefit_recent, recentCount: r.benefit_count }
}

/** The query's row as the evaluator's input (the database's words are the domain's: same check constraints). */
export function toTrawlInput(r: TrawlInputRow): TrawlInput {
  const order: OrderState | null = r.order_type
    ? {
        orderType: r.order_type as OrderState['orderType'],
        possessionOn: r.possession_on,
        termsWeeklyPence: r.terms_weekly_pence,
        termsStartOn: r.terms_start_on,
        balanceBeforeTermsPence: r.balance_before_terms,
      }
    : null
  return {
    accountId: r.account_id,
    accountNumber: r.account_number,
    accountType: r.account_type as AccountType,
    patchId: r.patch_id,
    tenure: r.tenure as Tenure | null,
    socialHousing: r.social_housing,
    openedOn: r.opened_on,
    balancePence: r.balance,
    balance4wPence: r.balance_4w,
    balance13wPence: r.balance_13w,
    currentWeekDebitPence: r.week_debit,
    grossWeeklyChargePence: r.gross_weekly,
    lastPaymentOn: r.last_payment_on,
    benefit: benefitOf(r),
    oldestUnpaidOn: r.oldest_unpaid_on,
    case: r.pathway_id && r.pathway_version ? { pathwayId: r.pathway_id, pathwayVersion: r.pathway_version, currentStage: r.current_stage, stageEnteredOn: r.stage_entered_on } : null,
    lastContactOn: r.last_contact_on,
    lastAcknowledgementOn: r.last_ack_on,
    holds: (r.holds ?? []).map(
      (h): Hold => ({ id: h.id, type: h.type as HoldType, startsOn: h.startsOn, endsOn: h.endsOn, treatmentEndsOn: h.treatmentEndsOn, reason: h.reason }),
    ),
    notices: (r.notices ?? []).map((n) => ({ kind: n.kind as NoticeKind, servedOn: n.servedOn, expiresOn: n.expiresOn, validUntil: n.validUntil })),
    hearingOutcome: (r.hearing_outcome ?? 'none') as HearingOutcome,
    order,
    arrangementStatus: r.arrangement_status === 'kept' || r.arrangement_status === 'breached' ? r.arrangement_status : 'none',
    ...debtOf(r),
  }
}

/** Former tenant and sundry debt facts (limitation, tracing, agency, letter of claim, judgment, enforcement), if any. */
function debtOf(r: TrawlInputRow): { debt?: DebtFacts } {
  const any = r.cause_on || r.trace_requested_on || r.agency_placed_on || r.letter_sent_on || r.claim_issued_on || r.judgment_on || r.enforcement_applied_on
  if (!any) return {}
  const debt: DebtFacts = {
    causeOfActionOn: r.cause_on,
    payments: r.pay_dates ?? [],
    acknowledgements: r.ack_dates ?? [],
    claimIssuedOn: r.claim_issued_on,
    tracing: r.trace_requested_on ? { requestedOn: r.trace_requested_on, result: r.trace_result } : null,
    agency: r.agency_placed_on && r.agency_name ? { agency: r.agency_name, placedOn: r.agency_placed_on } : null,
    letter:
      r.letter_sent_on && r.letter_due_on && r.pap_debt
        ? {
            sentOn: r.letter_sent_on,
            responseDueOn: r.letter_due_on,
            rules: r.pap_debt,
            replies: (r.letter_replies ?? []).map((x) => ({ ...x, replyType: x.replyType as ReplyType })),
          }
        : null,
    judgment:
      r.judgment_on && r.judgment_pence !== null && r.judgment_tolerance
        ? {
            enteredOn: r.judgment_on,
            amountPence: r.judgment_pence,
            terms: r.judgment_terms as JudgmentTerms,
            payBy: r.judgment_pay_by,
            instalmentPence: r.judgment_instalment_pence,
            instalmentFrequency: r.judgment_frequency,
            firstInstalmentOn: r.judgment_first_on,
            paidSincePence: r.judgment_paid_since ?? 0,
            tolerance: r.judgment_tolerance,
          }
        : null,
    enforcement:
      r.enforcement_kind && r.enforcement_applied_on
        ? { kind: r.enforcement_kind as EnforcementKind, appliedOn: r.enforcement_applied_on, orderMadeOn: r.enforcement_made_on, endedOn: r.enforcement_ended_on, outcome: r.enforcement_outcome }
        : null,
  }
  return { debt }
}

function inputParams(date: string, pathways: readonly Pathway[]): unknown[] {
  const types = [...new Set(pathways.flatMap((p) => p.appliesTo.accountTypes))]
  return [date, weekCommencing(date), addDays(date, -28), addDays(date, -91), types, addDays(date, -BENEFIT_WINDOW_DAYS)]
}

/**
 * Settings for the inputs statement's transaction. The planner's cost for the per-account lookups (rare in
 * practice) is high enough to switch on JIT compilation, which then costs several times the query itself: off.
 * And enough memory for the per-account hash aggregate not to spill to disk (100,000 accounts need ~60 MB).
 */
async function prepareInputs(tx: Queryable): Promise<string> {
  await tx.query(`select set_config('jit', 'off', true), set_config('work_mem', '128MB', true)`)
  // Arrangements are another module's: read their status when its view is there, else every account has none.
  const [view] = await tx.query<{ exists: boolean }>(`select to_regclass('account_arrangement_status') is not null as exists`)
  return trawlInputsSql({ arrangements: view!.exists })
}

/** Reads the inputs of every account the loaded pathways cover, in account id order, in one go. */
export async function readTrawlInputs(db: Db, date: string, pathways: readonly Pathway[]): Promise<TrawlInputRow[]> {
  return db.transaction(async (tx) => tx.query<TrawlInputRow>(await prepareInputs(tx), inputParams(date, pathways)))
}

/** Chunk n holds account ids [n × size, (n + 1) × size): ranges of ids, not positions, so a resumed run cuts the
 * same chunks even if accounts were opened or closed in between. `from`/`to` index the id-ordered rows. */
function chunkRanges(rows: readonly TrawlInputRow[], chunkSize: number): { no: number; from: number; to: number }[] {
  const ranges: { no: number; from: number; to: number }[] = []
  for (let i = 0; i < rows.length; ) {
    const no = Math.floor(rows[i]!.account_id / chunkSize)
    let j = i + 1
    while (j < rows.length && Math.floor(rows[j]!.account_id / chunkSize) === no) j++
    ranges.push({ no, from: i, to: j })
    i = j
  }
  return ranges
}

const YIELD_EVERY = 500

export async function evaluateChunk(db: Queryable, rows: readonly TrawlInputRow[], ctx: EvaluationContext): Promise<TrawlDecision[]> {
  const decisions: TrawlDecision[] = []
  for (let i = 0; i < rows.length; i++) {
    decisions.push(evaluateAccount(toTrawlInput(rows[i]!), ctx))
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve))
  }
  const claimIds = decisions.filter((d) => d.needsPapCheck).map((d) => d.accountId)
  if (claimIds.length === 0) return decisions
  const paps = await readPapChecklists(db, claimIds, ctx.today)
  return decisions.map((d) => (d.needsPapCheck ? applyPapGate(d, paps.get(d.accountId)!, ctx.settings.minContactAttempts) : d))
}

/** A fired condition as stored: what was tested and the value it saw (the sentence is in the reason). */
function compactCondition(c: TrawlDecision['firedConditions'][number]) {
  return { ...c.condition, actual: c.actual }
}

async function writeChunk(tx: Queryable, runId: number, date: string, decisions: readonly TrawlDecision[], pathways: readonly Pathway[], actor: Actor) {
  // One JSON document per chunk with one-letter keys: the database's JSON parsing is most of the insert's cost,
  // and key names were two thirds of the bytes.
  // Empty lists and nulls are left out (the columns default to empty; a missing key reads as null).
  const list = <T,>(xs: readonly T[]) => (xs.length ? xs : undefined)
  const payload = JSON.stringify(
    decisions.map((d) => ({
      a: d.accountId,
      b: d.patchId ?? undefined,
      c: d.pathwayId ?? undefined,
      d: d.pathwayVersion ?? undefined,
      e: d.fromStage ?? undefined,
      f: d.stage ?? undefined,
      g: d.kind,
      h: d.actionType ?? undefined,
      i: d.reason,
      j: d.firedConditions.length ? d.firedConditions.map(compactCondition) : undefined,
      k: list(d.requiredChecks),
      l: list(d.authorisedBy),
      m: list(d.cautions),
      n: list(d.blockedBy),
      o: list(d.holdTypes),
      p: d.applied || undefined,
      q: d.balancePence,
      r: d.arrearsPence,
      s: d.arrearsWeeksHundredths ?? undefined,
      t: d.trend,
      u: d.lastPaymentOn ?? undefined,
      v: d.priority || undefined,
      w: list(d.priorityFactors),
      x: d.longTrend ?? undefined,
    })),
  )
  const inserted = await tx.query<{ id: number; account_id: number }>(
    `insert into recommendations (run_id, account_id, patch_id, pathway_id, pathway_version, from_stage, stage, kind, action_type, reason,
       fired_conditions, required_checks, authorised_by, cautions, blocked_by, hold_types, applied, balance_pence, arrears_pence,
       arrears_weeks_hundredths, trend, last_payment_on, priority, priority_factors, long_trend)
     select $1, r.a, r.b, r.c, r.d, r.e, r.f, r.g, r.h, r.i, coalesce(r.j, '[]'), coalesce(r.k, '{}'), coalesce(r.l, '{}'),
       coalesce(r.m, '{}'), coalesce(r.n, '{}'), coalesce(r.o, '{}'), coalesce(r.p, false), r.q, r.r, r.s, r.t, r.u, coalesce(r.v, 0),
       coalesce(r.w, '[]'), r.x
     from jsonb_to_recordset($2::jsonb) as r(a int, b int, c text, d text, e text, f text, g text, h text, i text, j jsonb, k text[],
       l text[], m text[], n text[], o text[], p boolean, q bigint, r bigint, s int, t text, u date, v int, w jsonb, x text)
     on conflict (run_id, account_id) do nothing
     returning id, account_id`,
    [runId, payload],
  )
  const recId = new Map(inserted.map((r) => [r.account_id, r.id]))
  const fresh = decisions.filter((d) => recId.has(d.accountId))

  const switches: StageMove[] = fresh
    .filter((d) => d.pathwaySwitch && d.fromStage !== null && !d.applied)
    .map((d) => ({ accountId: d.accountId, pathwayId: d.pathwayId!, pathwayVersion: d.pathwayVersion!, fromStage: d.fromStage, toStage: d.fromStage, enteredOn: date, reason: d.pathwaySwitch!, recommendationId: recId.get(d.accountId)! }))
  await switchCasePathways(tx, actor, switches)

  const steps = fresh.filter((d) => d.applied && d.kind === 'action')
  const byKey = new Map(pathways.map((p) => [`${p.id}@${p.version}`, p]))
  const actionIds = await insertActions(
    tx,
    actor,
    steps.map((d) => {
      const template = findStage(byKey.get(`${d.pathwayId}@${d.pathwayVersion}`)!, d.stage!)?.action.template ?? null
      return {
        accountId: d.accountId,
        actionType: d.actionType!,
        pathwayId: d.pathwayId,
        pathwayVersion: d.pathwayVersion,
        stage: d.stage,
        takenOn: date,
        outcome: 'queued for sending by the trawl',
        channel: d.actionType === 'sms' ? 'sms' : d.actionType === 'letter' ? 'letter' : null,
        documentRef: template,
        recommendationId: recId.get(d.accountId)!,
      }
    }),
  )
  const moves: StageMove[] = [
    ...steps.map((d, i) => ({
      accountId: d.accountId,
      pathwayId: d.pathwayId!,
      pathwayVersion: d.pathwayVersion!,
      fromStage: d.fromStage,
      toStage: d.stage,
      enteredOn: date,
      reason: d.pathwaySwitch ? `${d.reason}. ${d.pathwaySwitch}` : d.reason,
      actionId: actionIds[i]!,
      recommendationId: recId.get(d.accountId)!,
    })),
    ...fresh
      .filter((d) => d.applied && d.kind === 'reset')
      .map((d) => ({
        accountId: d.accountId,
        pathwayId: d.pathwayId!,
        pathwayVersion: d.pathwayVersion!,
        fromStage: d.fromStage,
        toStage: null,
        enteredOn: date,
        reason: d.reason,
        recommendationId: recId.get(d.accountId)!,
      })),
  ]
  await moveCases(tx, actor, moves)
}

async function countsOf(db: Queryable, runId: number): Promise<TrawlCounts> {
  const rows = await db.query<{ kind: keyof TrawlCounts; n: number; applied: number; not_evaluated: number }>(
    `select kind, count(*)::int as n, count(*) filter (where applied)::int as applied,
       count(*) filter (where reason like 'Not evaluated:%')::int as not_evaluated
     from recommendations where run_id = $1 group by kind`,
    [runId],
  )
  const counts = { ...EMPTY_COUNTS }
  for (const r of rows) {
    counts[r.kind] = r.n
    counts.accounts += r.n
    counts.applied += r.applied
    counts.notEvaluated += r.not_evaluated
  }
  return counts
}

export async function runTrawl(db: Db, opts: TrawlOptions): Promise<TrawlResult> {
  if (!isIsoDate(opts.date)) throw new AppError('validation', `--date must be a date as YYYY-MM-DD, got ${opts.date}`)
  const date = opts.date
  const started = performance.now()
  const timings = { inputsMs: 0, evaluateMs: 0, writeWaitMs: 0, totalMs: 0 }
  const since = (t: number) => performance.now() - t
  const chunkSize = opts.chunkSize ?? 5_000
  const [stored] = await db.query<{ id: number; status: string; counts: TrawlCounts; pathways: { id: string; version: string }[] }>(
    'select id, status, counts, pathways from trawl_runs where run_date = $1',
    [date],
  )
  if (stored?.status === 'completed') {
    return { timings, runId: stored.id, date, replayed: true, resumed: false, chunks: 0, chunksSkipped: 0, counts: { ...EMPTY_COUNTS, ...stored.counts }, pathways: stored.pathways }
  }

  const pathways = await loadPathways(db)
  if (pathways.length === 0) throw new AppError('invalid_state', 'No recovery pathways are loaded: run `reeve policy load --defaults` or load the council\'s own')
  const settings = await readRecoverySettings(db, date)
  const actor = opts.actor ?? systemActor('trawl')
  const applySystemSteps = opts.applySystemSteps ?? true
  const loaded = pathways.map((p) => ({ id: p.id, version: p.version }))
  const job = await startJobRun(db, 'trawl', `trawl:${date}`, { date, applySystemSteps })
  const [run] = await db.query<{ id: number }>(
    `insert into trawl_runs (run_date, job_run_id, status, pathways) values ($1, $2, 'running', $3)
     on conflict (run_date) do update set status = 'running', finished_at = null
     returning id`,
    [date, job.id, JSON.stringify(loaded)],
  )
  const runId = run!.id
  try {
    // The inputs are read whole: the query's aggregate over the ledger runs in parallel workers, which PostgreSQL
    // does not use for a cursor (streaming from one was measured slower).
    let t = performance.now()
    const rows = await readTrawlInputs(db, date, pathways)
    timings.inputsMs = since(t)
    const ranges = chunkRanges(rows, chunkSize)
    const ctx: EvaluationContext = { today: date, pathways, settings }
    let skipped = 0
    opts.onProgress?.(0, ranges.length)
    // Pipelined: while one chunk is being written by the database, the next is evaluated in JavaScript (the
    // evaluation yields every few hundred accounts so the write's statements keep moving). Chunks still commit
    // one at a time, in order, each with its job_run_chunks row.
    let writing: Promise<void> = Promise.resolve()
    for (const [i, range] of ranges.entries()) {
      if (job.doneChunks.has(range.no)) {
        skipped++
        await writing
        opts.onProgress?.(i + 1, ranges.length)
        continue
      }
      t = performance.now()
      let decisions = await evaluateChunk(db, rows.slice(range.from, range.to), ctx)
      if (!applySystemSteps) decisions = decisions.map((d) => (d.kind === 'action' ? { ...d, applied: false } : d))
      timings.evaluateMs += since(t)
      t = performance.now()
      await writing
      timings.writeWaitMs += since(t)
      writing = db
        .transaction(async (tx) => {
          await writeChunk(tx, runId, date, decisions, pathways, actor)
          await recordChunkDone(tx, job.id, range.no, decisions.length)
        })
        .then(() => opts.onProgress?.(i + 1, ranges.length))
      // Never leave a rejected write unobserved while the next chunk is evaluated.
      writing.catch(() => {})
    }
    t = performance.now()
    await writing
    timings.writeWaitMs += since(t)
    const counts = await countsOf(db, runId)
    await db.query(`update trawl_runs set status = 'completed', counts = $2, finished_at = now() where id = $1`, [runId, JSON.stringify(counts)])
    await finishJobRun(db, job.id, { ...counts, chunks: ranges.length, chunksSkipped: skipped })
    timings.totalMs = since(started)
    for (const k of Object.keys(timings) as (keyof typeof timings)[]) timings[k] = Math.round(timings[k])
    return { timings, runId, date, replayed: false, resumed: job.resumed, chunks: ranges.length, chunksSkipped: skipped, counts, pathways: loaded }
  } catch (e) {
    await db.query(`update trawl_runs set status = 'failed' where id = $1`, [runId]).catch(() => {})
    await failJobRun(db, job.id, e).catch(() => {})
    throw e
  }
}
