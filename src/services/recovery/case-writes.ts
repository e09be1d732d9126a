/**
 * The writes that move recovery cases, set-based so the trawl writes a chunk of 20,000 accounts in a few statements
 * and an officer's single action goes through the same SQL: actions taken, stages entered (or a reset to the start),
 * with a stage history row for each move. Runs in the caller's transaction.
 */
import type { Queryable } from '../../db/client.ts'
import type { Actor } from '../actor.ts'

export interface ActionRow {
  accountId: number
  actionType: string
  pathwayId: string | null
  pathwayVersion: string | null
  stage: string | null
  takenOn: string
  outcome: string
  contactMade?: boolean
  channel?: string | null
  writtenAcknowledgement?: boolean
  documentRef?: string | null
  checksConfirmed?: readonly string[]
  proportionalityNote?: string | null
  equalityNote?: string | null
  notes?: string | null
  recommendationId?: number | null
}

/** Inserts actions; returns their ids in input order. */
export async function insertActions(tx: Queryable, actor: Actor, rows: readonly ActionRow[]): Promise<number[]> {
  if (rows.length === 0) return []
  const payload = rows.map((r, i) => ({
    ord: i,
    account_id: r.accountId,
    action_type: r.actionType,
    pathway_id: r.pathwayId,
    pathway_version: r.pathwayVersion,
    stage: r.stage,
    taken_on: r.takenOn,
    outcome: r.outcome,
    contact_made: r.contactMade ?? false,
    channel: r.channel ?? null,
    written_acknowledgement: r.writtenAcknowledgement ?? false,
    document_ref: r.documentRef ?? null,
    checks_confirmed: r.checksConfirmed ?? [],
    proportionality_note: r.proportionalityNote ?? null,
    equality_note: r.equalityNote ?? null,
    notes: r.notes ?? null,
    recommendation_id: r.recommendationId ?? null,
  }))
  const inserted = await tx.query<{ id: number; ord: number }>(
    `with rows as (
       select * from jsonb_to_recordset($1::jsonb) as r(ord int, account_id int, action_type text, pathway_id text, pathway_version text,
         stage text, taken_on date, outcome text, contact_made boolean, channel text, written_acknowledgement boolean, document_ref text,
         checks_confirmed text[], proportionality_note text, equality_note text, notes text, recommendation_id bigint)
     ),
     ins as (
       insert into recovery_actions (account_id, action_type, pathway_id, pathway_version, stage, taken_on, outcome, contact_made, channel,
         written_acknowledgement, document_ref, checks_confirmed, proportionality_note, equality_note, notes, recommendation_id, actor, user_id)
       select account_id, action_type, pathway_id, pathway_version, stage, taken_on, outcome, contact_made, channel,
         written_acknowledgement, document_ref, checks_confirmed, proportionality_note, equality_note, notes, recommendation_id, $2, $3
       from rows order by ord
       returning id
     )
     select id, (row_number() over (order by id) - 1)::int as ord from ins`,
    [JSON.stringify(payload), actor.label, actor.userId],
  )
  // bigserial ids are handed out in insertion order, and the rows were inserted in input order.
  return inserted.sort((a, b) => a.ord - b.ord).map((r) => r.id)
}

export interface StageMove {
  accountId: number
  pathwayId: string
  pathwayVersion: string
  fromStage: string | null
  /** Null: back to the start (a reset). */
  toStage: string | null
  enteredOn: string
  reason: string
  actionId?: number | null
  recommendationId?: number | null
}

/**
 * Moves cases: each account's case (created if it has none) goes to `toStage` on `enteredOn`, or back to the start,
 * and the move is written to the stage history. A case that leaves the start begins a new cycle (the Pre-Action
 * Protocol checklist counts from it).
 */
export async function moveCases(tx: Queryable, actor: Actor, moves: readonly StageMove[]): Promise<void> {
  if (moves.length === 0) return
  const payload = JSON.stringify(
    moves.map((m) => ({
      account_id: m.accountId,
      pathway_id: m.pathwayId,
      pathway_version: m.pathwayVersion,
      from_stage: m.fromStage,
      to_stage: m.toStage,
      entered_on: m.enteredOn,
      reason: m.reason,
      action_id: m.actionId ?? null,
      recommendation_id: m.recommendationId ?? null,
    })),
  )
  await tx.query(
    `insert into recovery_cases as c (account_id, pathway_id, pathway_version, current_stage, stage_entered_on, cycle_started_on)
     select r.account_id, r.pathway_id, r.pathway_version, r.to_stage, case when r.to_stage is null then null else r.entered_on end,
       case when r.to_stage is null then null else r.entered_on end
     from jsonb_to_recordset($1::jsonb) as r(account_id int, pathway_id text, pathway_version text, to_stage text, entered_on date)
     on conflict (account_id) do update set
       pathway_id = excluded.pathway_id,
       pathway_version = excluded.pathway_version,
       current_stage = excluded.current_stage,
       stage_entered_on = excluded.stage_entered_on,
       cycle_started_on = case when c.current_stage is null then excluded.cycle_started_on else c.cycle_started_on end,
       updated_at = now()`,
    [payload],
  )
  await tx.query(
    `insert into recovery_stage_history (account_id, pathway_id, pathway_version, from_stage, to_stage, entered_on, reason, action_id,
       recommendation_id, actor, user_id)
     select r.account_id, r.pathway_id, r.pathway_version, r.from_stage, r.to_stage, r.entered_on, r.reason, r.action_id, r.recommendation_id, $2, $3
     from jsonb_to_recordset($1::jsonb) as r(account_id int, pathway_id text, pathway_version text, from_stage text, to_stage text,
       entered_on date, reason text, action_id bigint, recommendation_id bigint)`,
    [payload, actor.label, actor.userId],
  )
}

/** Puts cases on another pathway version without moving their stage (the trawl's pathway switch), with history. */
export async function switchCasePathways(tx: Queryable, actor: Actor, moves: readonly StageMove[]): Promise<void> {
  if (moves.length === 0) return
  const payload = JSON.stringify(
    moves.map((m) => ({ account_id: m.accountId, pathway_id: m.pathwayId, pathway_version: m.pathwayVersion, stage: m.fromStage, entered_on: m.enteredOn, reason: m.reason, recommendation_id: m.recommendationId ?? null })),
  )
  await tx.query(
    `update recovery_cases c set pathway_id = r.pathway_id, pathway_version = r.pathway_version, updated_at = now()
     from jsonb_to_recordset($1::jsonb) as r(account_id int, pathway_id text, pathway_version text)
     where c.account_id = r.account_id`,
    [payload],
  )
  await tx.query(
    `insert into recovery_stage_history (account_id, pathway_id, pathway_version, from_stage, to_stage, entered_on, reason, recommendation_id, actor, user_id)
     select r.account_id, r.pathway_id, r.pathway_version, r.stage, r.stage, r.entered_on, r.reason, r.recommendation_id, $2, $3
     from jsonb_to_recordset($1::jsonb) as r(account_id int, pathway_id text, pathway_version text, stage text, entered_on date, reason text, recommendation_id bigint)`,
    [payload, actor.label, actor.userId],
  )
}
