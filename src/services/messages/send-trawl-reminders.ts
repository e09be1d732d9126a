/**
 * The reminder messages the trawl queued (`reeve run messages --date D`): each reminder step the trawl took itself
 * (recorded as "queued for sending by the trawl") becomes a text or e-mail to each named person, by their preferred
 * channel and in their language, unless a hold stops demands. Keyed per action and person: a repeat sends nothing
 * twice.
 */
import type { Db } from '../../db/client.ts'
import { isIsoDate, type IsoDate } from '../../domain/calendar/dates.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { loadAccountFacts } from '../documents/merge-data.ts'
import { ensureDefaultTemplates } from '../templates/load-default-templates.ts'
import type { NotifySender } from './notify-client.ts'
import { sendMessage, type SendResult } from './send-message.ts'

export interface RemindersResult {
  runDate: string
  steps: number
  counts: Record<SendResult['outcome'], number>
}

export async function sendTrawlReminders(db: Db, sender: NotifySender | null, o: { date?: IsoDate; actor: Actor; today?: IsoDate }): Promise<RemindersResult> {
  if (o.date !== undefined && !isIsoDate(o.date)) throw new AppError('validation', `--date must be a date as YYYY-MM-DD, got ${o.date}`)
  await ensureDefaultTemplates(db)
  const [run] = o.date
    ? await db.query<{ id: number; run_date: string; status: string }>('select id, run_date, status from trawl_runs where run_date = $1', [o.date])
    : await db.query<{ id: number; run_date: string; status: string }>(`select id, run_date, status from trawl_runs where status = 'completed' order by run_date desc limit 1`)
  if (!run) throw new AppError('not_found', o.date ? `No trawl has run for ${o.date}` : 'No trawl has run yet')
  if (run.status !== 'completed') throw new AppError('invalid_state', `The trawl for ${run.run_date} has not finished`)
  const steps = await db.query<{ account_id: number; action_id: number }>(
    `select r.account_id, ra.id as action_id from recommendations r join recovery_actions ra on ra.recommendation_id = r.id
     where r.run_id = $1 and r.kind = 'action' and r.applied and r.action_type = 'sms' and ra.action_type = 'sms'
     order by r.account_id`,
    [run.id],
  )
  const today = o.today ?? run.run_date
  const counts: RemindersResult['counts'] = { sent: 0, failed: 0, queued: 0, already_sent: 0, withheld: 0, no_channel: 0 }
  for (const s of steps) {
    const facts = await loadAccountFacts(db, s.account_id, { today })
    for (const party of facts.parties) {
      const r = await sendMessage(db, sender, { facts, party, kind: 'arrears_reminder', today, actor: o.actor, idempotencyKey: `action:${s.action_id}:party:${party.id}`, actionId: s.action_id })
      counts[r.outcome]++
    }
  }
  return { runDate: run.run_date, steps: steps.length, counts }
}
