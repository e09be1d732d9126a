import type { Db, Queryable } from '../../db/client.ts'
import { isIsoDate } from '../../domain/calendar/dates.ts'
import { measureById, type MeasureDefinition } from '../../domain/performance/measures.ts'
import { targetUnitFor, type Target } from '../../domain/performance/targets.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'

export interface StoredTarget extends Target {
  unit: string
  patchName: string | null
  reason: string | null
  setBy: string
  setAt: string
}

/** Every target ever set, oldest first (the lookup picks the one in force; the history stays visible). */
export async function listTargets(db: Queryable): Promise<StoredTarget[]> {
  const rows = await db.query<{
    id: number
    measure: string
    patch_id: number | null
    patch_name: string | null
    effective_from: string
    target_value: number
    unit: string
    reason: string | null
    set_by: string
    set_at: string
  }>(
    `select t.id, t.measure, t.patch_id, p.name as patch_name, t.effective_from, t.target_value, t.unit, t.reason, t.set_by,
       to_char(t.created_at at time zone 'Europe/London', 'YYYY-MM-DD HH24:MI') as set_at
     from performance_targets t left join patches p on p.id = t.patch_id
     order by t.effective_from, t.id`,
  )
  return rows.map((r) => ({
    id: r.id,
    measure: r.measure,
    patchId: r.patch_id,
    patchName: r.patch_name,
    effectiveFrom: r.effective_from,
    value: r.target_value,
    unit: r.unit,
    reason: r.reason,
    setBy: r.set_by,
    setAt: r.set_at,
  }))
}

export interface SetTargetOptions {
  measure: string
  /** null: the overall target. */
  patchId: number | null
  effectiveFrom: string
  /** In the measure's unit: basis points, pence or a count (parse typed text with parseTargetValue). */
  value: number
  reason?: string | null
  actor: Actor
}

/** Roles that may set targets: the managers (DESIGN.md §1: team leaders set targets and monitor statistics). */
export const TARGET_SETTER_ROLES = ['team_leader', 'administrator'] as const

function targetable(measure: string): MeasureDefinition {
  const m = measureById(measure)
  if (!m) throw new AppError('validation', `There is no measure ${measure}`, [{ field: 'measure', message: 'Choose a measure from the list' }])
  if (m.direction === 'none') {
    throw new AppError('validation', `${m.label} is reported for information and takes no target`, [{ field: 'measure', message: 'Choose a measure that takes a target' }])
  }
  return m
}

/**
 * Sets a target for a measure, overall or for a patch, from a date: a new row (a change of mind is another row;
 * the latest set for a date wins). Only a team leader or an administrator may set one; the audit records who and why.
 */
export async function setPerformanceTarget(db: Db, o: SetTargetOptions): Promise<{ targetId: number }> {
  const m = targetable(o.measure)
  if (!isIsoDate(o.effectiveFrom)) throw new AppError('validation', 'Give the date the target applies from', [{ field: 'effectiveFrom', message: 'Enter a real date' }])
  if (!Number.isSafeInteger(o.value) || o.value < 0) throw new AppError('validation', 'A target is a whole number, 0 or more', [{ field: 'value', message: 'Enter the target' }])
  const reason = o.reason?.trim() || null
  if (reason && reason.length > 500) throw new AppError('validation', 'The reason must be 500 characters or fewer', [{ field: 'reason', message: 'Reason must be 500 characters or fewer' }])
  return db.transaction(async (tx) => {
    if (o.actor.userId === null) throw new AppError('forbidden', 'A target is set by a named team leader or administrator (give --user)')
    const [user] = await tx.query<{ role: string; active: boolean }>('select role, active from users where id = $1', [o.actor.userId])
    if (!user || !user.active || !(TARGET_SETTER_ROLES as readonly string[]).includes(user.role)) {
      throw new AppError('forbidden', 'Only a team leader or an administrator may set targets')
    }
    if (o.patchId !== null) {
      const [p] = await tx.query('select 1 from patches where id = $1', [o.patchId])
      if (!p) throw new AppError('validation', `There is no patch ${o.patchId}`, [{ field: 'patch', message: 'Choose a patch from the list' }])
    }
    const unit = targetUnitFor(m)
    const [row] = await tx.query<{ id: number }>(
      `insert into performance_targets (measure, patch_id, effective_from, target_value, unit, reason, set_by, set_user_id)
       values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
      [m.id, o.patchId, o.effectiveFrom, o.value, unit, reason, o.actor.label, o.actor.userId],
    )
    await recordAuditEvent(tx, o.actor, {
      action: 'performance.target_set',
      entityType: 'performance_target',
      entityId: row!.id,
      after: { measure: m.id, patchId: o.patchId, effectiveFrom: o.effectiveFrom, value: o.value, unit },
      reason,
    })
    return { targetId: row!.id }
  })
}
