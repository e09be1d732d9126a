/**
 * An administrator saves a template: a new version (a draft) of the key and language, refused with every problem
 * (unknown merge field, unknown filter, a forbidden tag, broken syntax) named with its line. Nothing else changes
 * until the draft is published (publish-template.ts).
 */
import type { Queryable } from '../../db/client.ts'
import { isLanguage, type Language } from '../../domain/templates/format.ts'
import { AppError, type FieldProblem } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { CHANNELS, ENCLOSURES, type Enclosure, type TemplateChannel } from './templates.ts'
import { templateProblems } from './validate-template.ts'

export interface SaveTemplateOptions {
  key: string
  language: Language
  /** Needed for a new key; an existing key keeps its channel. */
  channel?: TemplateChannel
  title: string
  subject?: string | null
  body: string
  description?: string | null
  encloses?: readonly Enclosure[]
  actor: Actor
}

/** Administrators edit templates; the CLI (the server's operator) may too. */
export async function checkTemplateAdmin(tx: Queryable, actor: Actor): Promise<void> {
  if (actor.userId === null) return
  const [u] = await tx.query<{ role: string; active: boolean }>('select role, active from users where id = $1', [actor.userId])
  if (!u || !u.active || u.role !== 'administrator') throw new AppError('forbidden', 'Only an administrator can change templates')
}

export async function saveTemplate(tx: Queryable, o: SaveTemplateOptions): Promise<{ id: number; version: number; fields: string[] }> {
  await checkTemplateAdmin(tx, o.actor)
  const problems: FieldProblem[] = []
  if (!/^[a-z][a-z0-9-]{1,60}$/.test(o.key)) problems.push({ field: 'key', message: 'The template name must be lower-case letters, digits and hyphens' })
  if (!isLanguage(o.language)) problems.push({ field: 'language', message: 'Choose English or Welsh' })
  const title = o.title.trim()
  if (!title || title.length > 200) problems.push({ field: 'title', message: 'Enter a title of 200 characters or fewer' })
  const [existing] = await tx.query<{ channel: TemplateChannel }>('select channel from document_templates where template_key = $1 limit 1', [o.key])
  const channel = existing?.channel ?? o.channel
  if (!channel || !(CHANNELS as readonly string[]).includes(channel)) problems.push({ field: 'channel', message: 'Choose letter, text message or e-mail' })
  if (existing && o.channel && o.channel !== existing.channel) problems.push({ field: 'channel', message: `"${o.key}" is a ${existing.channel} template` })
  const encloses = [...new Set(o.encloses ?? [])]
  if (encloses.some((e) => !(ENCLOSURES as readonly string[]).includes(e))) problems.push({ field: 'encloses', message: `Enclosures may be ${ENCLOSURES.join(', ')}` })
  if (encloses.length && channel !== 'letter') problems.push({ field: 'encloses', message: 'Only a letter can have enclosures' })
  const subject = channel === 'email' ? (o.subject ?? '').trim() : null
  const checked = channel ? templateProblems({ channel, language: o.language, body: o.body, subject }) : { problems: [], fields: [] }
  problems.push(...checked.problems)
  if (problems.length) throw new AppError('validation', `The template was not saved: ${problems.map((p) => p.message).join('; ')}`, problems)

  const [v] = await tx.query<{ version: number }>('select coalesce(max(version), 0)::int + 1 as version from document_templates where template_key = $1 and language = $2', [o.key, o.language])
  const [row] = await tx.query<{ id: number }>(
    `insert into document_templates (template_key, language, version, channel, title, subject, body, fields, encloses, description, status, origin, saved_by, saved_user_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'draft', 'edited', $11, $12) returning id`,
    [o.key, o.language, v!.version, channel, title, subject, o.body.replaceAll('\r\n', '\n'), checked.fields, encloses, o.description?.trim() || null, o.actor.label, o.actor.userId],
  )
  await recordAuditEvent(tx, o.actor, { action: 'template.saved', entityType: 'document_template', entityId: row!.id, after: { key: o.key, language: o.language, version: v!.version, fields: checked.fields } })
  return { id: row!.id, version: v!.version, fields: checked.fields }
}
