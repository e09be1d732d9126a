/**
 * Sends one text message or e-mail to one person about one account, through GOV.UK Notify:
 * - by the channel they prefer, if we hold what it needs (domain chooseChannel), in their language (Welsh when the
 *   template has a live Welsh version);
 * - never a demand while a hold that stops demands is in force (Breathing Space, dispute, deceased…): the message is
 *   withheld and the audit log says why;
 * - never twice: each message has an idempotency key (e.g. action:12:party:4); a second call returns the first.
 * The row is written and committed before Notify is called (side effect after the commit); Notify's id and status,
 * or its refusal, are recorded after.
 */
import type { Db, Queryable } from '../../db/client.ts'
import type { IsoDate } from '../../domain/calendar/dates.ts'
import { activeHolds, describeHold, holdsBlocking } from '../../domain/recovery/index.ts'
import { chooseChannel, type MessageChannel } from '../../domain/templates/choose-channel.ts'
import { renderTemplateText } from '../../domain/templates/engine.ts'
import { loadWorkingDayCalendar } from '../../calendar-data.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { loadAccountFacts, mergeDataFor, type AccountFacts, type Party } from '../documents/merge-data.ts'
import { toDomainHold } from '../recovery/holds.ts'
import { findLiveTemplate } from '../templates/templates.ts'
import { notifyErrorText, type NotifySender } from './notify-client.ts'

export type MessageKind = 'arrears_reminder' | 'statement'

/** The templates for each kind of message, by channel. */
export const KIND_TEMPLATES: Record<MessageKind, Partial<Record<MessageChannel, string>>> = {
  arrears_reminder: { sms: 'arrears-reminder-sms', email: 'arrears-reminder-email' },
  statement: { email: 'rent-statement-email' },
}

export interface SendMessageOptions {
  facts: AccountFacts
  party: Party
  kind: MessageKind
  today: IsoDate
  actor: Actor
  idempotencyKey: string
  actionId?: number | null
  documentId?: number | null
  statementRunId?: number | null
  /** A file for the e-mail (a statement PDF), sent as a Notify file link. */
  attachment?: { pdf: Buffer; filename: string }
}

export type SendResult =
  | { outcome: 'sent' | 'failed' | 'queued' | 'already_sent'; messageId: number; channel: MessageChannel; status: string }
  | { outcome: 'withheld' | 'no_channel'; reason: string }

async function holdsOn(db: Queryable, accountId: number, today: IsoDate) {
  const rows = await db.query<{ id: number; hold_type: string; starts_on: string; ends_on: string | null; ended_on: string | null; treatment_ends_on: string | null; reason: string }>(
    `select id, hold_type, starts_on, ends_on, ended_on, treatment_ends_on, reason from holds
     where account_id = $1 or party_id in (select party_id from account_parties where account_id = $1)`,
    [accountId],
  )
  return activeHolds(rows.map(toDomainHold), today)
}

export async function sendMessage(db: Db, sender: NotifySender | null, o: SendMessageOptions): Promise<SendResult> {
  const [existing] = await db.query<{ id: number; channel: MessageChannel; status: string }>('select id, channel, status from messages where idempotency_key = $1', [o.idempotencyKey])
  if (existing && existing.status !== 'queued') return { outcome: 'already_sent', messageId: existing.id, channel: existing.channel, status: existing.status }

  const templates = KIND_TEMPLATES[o.kind]
  const choice = chooseChannel(o.party, Object.keys(templates) as MessageChannel[])
  if (choice.channel === null) return { outcome: 'no_channel', reason: `${o.party.name}: ${choice.reason}` }
  if (o.kind === 'arrears_reminder') {
    const blocking = holdsBlocking(choice.channel === 'sms' ? 'sms' : 'letter', await holdsOn(db, o.facts.accountId, o.today))
    if (blocking.length) {
      const reason = `Withheld: ${blocking.map(describeHold).join('; ')}`
      await db.transaction((tx) => recordAuditEvent(tx, o.actor, { action: 'message.withheld', entityType: 'account', entityId: o.facts.accountId, after: { kind: o.kind, partyId: o.party.id, key: o.idempotencyKey }, reason }))
      return { outcome: 'withheld', reason }
    }
  }

  let messageId = existing?.id
  let rendered: { body: string; subject: string | null } | null = null
  if (!messageId) {
    const template = await findLiveTemplate(db, templates[choice.channel]!, o.party.language)
    if (!template) return { outcome: 'no_channel', reason: `No live template "${templates[choice.channel]}"` }
    const facts = template.language === 'en' && o.facts.base.language === 'en' ? o.facts : await loadAccountFacts(db, o.facts.accountId, { today: o.today, language: template.language, statement: o.facts.statementPeriod })
    const data = mergeDataFor(facts, o.party)
    const ctx = { today: o.today, language: template.language, calendar: loadWorkingDayCalendar() }
    rendered = { body: (await renderTemplateText(template.body, data, ctx)).trim(), subject: template.subject === null ? null : (await renderTemplateText(template.subject, data, ctx)).trim() }
    messageId = await db.transaction(async (tx) => {
      const [row] = await tx.query<{ id: number }>(
        `insert into messages (account_id, party_id, channel, template_id, template_key, template_version, language, purpose, recipient, subject, body, merge_data,
           idempotency_key, action_id, document_id, statement_run_id, status, created_by, user_id)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 'queued', $17, $18)
         on conflict (idempotency_key) do nothing returning id`,
        [
          o.facts.accountId, o.party.id, choice.channel, template.id, template.key, template.version, template.language, o.kind, choice.to, rendered!.subject, rendered!.body,
          JSON.stringify(data), o.idempotencyKey, o.actionId ?? null, o.documentId ?? null, o.statementRunId ?? null, o.actor.label, o.actor.userId,
        ],
      )
      if (!row) return null
      await tx.query(`insert into message_status_events (message_id, status, source) values ($1, 'queued', 'send')`, [row.id])
      await recordAuditEvent(tx, o.actor, { action: 'message.queued', entityType: 'account', entityId: o.facts.accountId, after: { messageId: row.id, channel: choice.channel, template: template.key, version: template.version, key: o.idempotencyKey } })
      return row.id
    }) ?? undefined
    // Another run wrote it first: that run sends it.
    if (messageId === undefined) {
      const [other] = await db.query<{ id: number; channel: MessageChannel; status: string }>('select id, channel, status from messages where idempotency_key = $1', [o.idempotencyKey])
      return { outcome: 'already_sent', messageId: other!.id, channel: other!.channel, status: other!.status }
    }
  }
  const [m] = await db.query<{ channel: MessageChannel; recipient: string; subject: string | null; body: string }>('select channel, recipient, subject, body from messages where id = $1', [messageId])
  if (!sender) return { outcome: 'queued', messageId, channel: m!.channel, status: 'queued' }

  let status: string
  let notifyId: string | null = null
  let detail: string | null = null
  try {
    if (m!.channel === 'sms') notifyId = (await sender.sendSms(m!.recipient, { body: m!.body }, o.idempotencyKey)).id
    else {
      const attachment = o.attachment ? sender.prepareUpload(o.attachment.pdf, o.attachment.filename) : ''
      notifyId = (await sender.sendEmail(m!.recipient, { subject: m!.subject ?? '', body: m!.body, attachment }, o.idempotencyKey)).id
    }
    status = 'created'
  } catch (e) {
    status = 'failed_to_send'
    detail = notifyErrorText(e).slice(0, 500)
  }
  await db.transaction(async (tx) => {
    await tx.query(`update messages set notify_id = $2, status = $3, status_detail = $4, sent_at = case when $2::text is null then null else now() end where id = $1`, [messageId, notifyId, status, detail])
    await tx.query(`insert into message_status_events (message_id, status, detail, source) values ($1, $2, $3, 'send')`, [messageId, status, detail])
  })
  return { outcome: status === 'created' ? 'sent' : 'failed', messageId, channel: m!.channel, status }
}

/** Notify's statuses that are final: nothing more will change. */
export const FINAL_STATUSES = ['delivered', 'permanent-failure', 'temporary-failure', 'technical-failure', 'failed_to_send'] as const

/** Records a delivery status Notify reported (by polling, or a callback); a status already recorded changes nothing. */
export async function recordDeliveryStatus(db: Db, o: { notifyId: string; status: string; source: 'poll' | 'callback'; detail?: string | null }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [m] = await tx.query<{ id: number; status: string }>('select id, status from messages where notify_id = $1 for update', [o.notifyId])
    if (!m || m.status === o.status) return false
    await tx.query('update messages set status = $2, status_checked_at = now() where id = $1', [m.id, o.status])
    await tx.query('insert into message_status_events (message_id, status, detail, source) values ($1, $2, $3, $4)', [m.id, o.status, o.detail ?? null, o.source])
    return true
  })
}

/** Asks Notify for the status of every message not yet final; records the changes. */
export async function pollMessageStatuses(db: Db, sender: NotifySender, o: { limit?: number } = {}): Promise<{ checked: number; changed: number; failed: number }> {
  const open = await db.query<{ id: number; notify_id: string }>(
    `select id, notify_id from messages where notify_id is not null and status <> all($1) order by id limit $2`,
    [FINAL_STATUSES, o.limit ?? 5_000],
  )
  let changed = 0
  let failed = 0
  for (const m of open) {
    try {
      const s = await sender.getStatus(m.notify_id)
      if (await recordDeliveryStatus(db, { notifyId: m.notify_id, status: s.status, source: 'poll' })) changed++
      else await db.query('update messages set status_checked_at = now() where id = $1', [m.id])
    } catch {
      failed++
    }
  }
  return { checked: open.length, changed, failed }
}
