/**
 * Routine officer steps for the seed's recovery history (calls, visits, reviews, officer letters), written set-based
 * through the same SQL the recovery service uses (`insertActions`, `moveCases`) with one audit event per step, as
 * `recordRecoveryAction` writes them. Only steps the trawl itself recommended as due (kind `action`, not blocked by
 * a hold) are taken, within the week, with the stage's checks confirmed and by a role the stage allows: the same
 * conditions the service checks one at a time (it reads every pathway per call, too slow for thousands of steps).
 * Legal steps (notices, claims, court records) never come here: they go through the real services.
 */
import type { Queryable } from '../db/client.ts'
import type { Check, Stage } from '../domain/recovery/index.ts'
import type { Actor } from '../services/actor.ts'
import { insertActions, moveCases, type ActionRow } from '../services/recovery/case-writes.ts'

export interface OfficerStep {
  accountId: number
  pathwayId: string
  pathwayVersion: string
  fromStage: string | null
  stage: Stage
  takenOn: string
  outcome: string
  contactMade: boolean
  channel: string | null
  /** The trawl's recommendation the step follows (null for history from before the replay). */
  recommendationId: number | null
  actor: Actor
}

const NOTE_CHECKS: readonly Check[] = ['proportionality_recorded', 'equality_act_considered']

/** Writes the steps (grouped by actor, as each officer records their own) with their stage moves and audit events. */
export async function writeOfficerSteps(tx: Queryable, steps: readonly OfficerStep[]): Promise<number> {
  const byActor = new Map<string, OfficerStep[]>()
  for (const s of steps) byActor.set(s.actor.label, [...(byActor.get(s.actor.label) ?? []), s])
  for (const group of byActor.values()) {
    const actor = group[0]!.actor
    const rows: ActionRow[] = group.map((s) => {
      const notes = s.stage.checks.filter((c) => NOTE_CHECKS.includes(c))
      return {
        accountId: s.accountId,
        actionType: s.stage.action.type,
        pathwayId: s.pathwayId,
        pathwayVersion: s.pathwayVersion,
        stage: s.stage.id,
        takenOn: s.takenOn,
        outcome: s.outcome,
        contactMade: s.contactMade,
        channel: s.channel,
        documentRef: s.stage.action.template ?? null,
        checksConfirmed: s.stage.checks.filter((c) => !NOTE_CHECKS.includes(c)),
        proportionalityNote: notes.includes('proportionality_recorded') ? 'Arrears persist after contact and letters; the step is proportionate' : null,
        equalityNote: notes.includes('equality_act_considered') ? 'No protected characteristic or disability known to affect this step' : null,
        recommendationId: s.recommendationId,
      }
    })
    const actionIds = await insertActions(tx, actor, rows)
    await moveCases(
      tx,
      actor,
      group.map((s, i) => ({
        accountId: s.accountId,
        pathwayId: s.pathwayId,
        pathwayVersion: s.pathwayVersion,
        fromStage: s.fromStage,
        toStage: s.stage.id,
        enteredOn: s.takenOn,
        reason: `Recorded by an officer: ${s.outcome}`,
        actionId: actionIds[i]!,
        recommendationId: s.recommendationId,
      })),
    )
    // One audit event per step, as recordRecoveryAction writes it, in one statement.
    await tx.query(
      `insert into audit_events (user_id, actor, action, entity_type, entity_id, before, after, reason)
       select $1, $2, 'recovery.stage_taken', 'account', e.account_id::text, jsonb_build_object('stage', e.from_stage),
         jsonb_build_object('actionId', e.action_id, 'stage', e.stage, 'takenOn', e.taken_on, 'outcome', e.outcome, 'checks', e.checks), null
       from jsonb_to_recordset($3::jsonb) as e(account_id int, from_stage text, action_id bigint, stage text, taken_on text, outcome text, checks jsonb)`,
      [
        actor.userId,
        actor.label,
        JSON.stringify(
          group.map((s, i) => ({
            account_id: s.accountId,
            from_stage: s.fromStage,
            action_id: actionIds[i],
            stage: s.stage.id,
            taken_on: s.takenOn,
            outcome: s.outcome,
            checks: rows[i]!.checksConfirmed,
          })),
        ),
      ],
    )
  }
  return steps.length
}
