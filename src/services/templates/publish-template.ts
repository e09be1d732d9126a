/** Publishes a draft version: from now on it is the version used for its key and language. */
import type { Queryable } from '../../db/client.ts'
import { AppError } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { checkTemplateAdmin } from './save-template.ts'
import { templateProblems } from './validate-template.ts'
import type { TemplateChannel } from './templates.ts'

export async function publishTemplate(tx: Queryable, o: { templateId: number; actor: Actor }): Promise<{ key: string; language: string; version: number }> {
  await checkTemplateAdmin(tx, o.actor)
  const [t] = await tx.query<{ template_key: string; language: 'en' | 'cy'; version: number; status: string; channel: TemplateChannel; body: string; subject: string | null }>(
    'select template_key, language, version, status, channel, body, subject from document_templates where id = $1 for update',
    [o.templateId],
  )
  if (!t) throw new AppError('not_found', `No template version ${o.templateId}`)
  if (t.status !== 'draft') throw new AppError('invalid_state', `Version ${t.version} of "${t.template_key}" is already live`)
  const [newer] = await tx.query<{ version: number }>(`select max(version)::int as version from document_templates where template_key = $1 and language = $2 and status = 'live'`, [t.template_key, t.language])
  if (newer?.version && newer.version > t.version) throw new AppError('invalid_state', `Version ${newer.version} of "${t.template_key}" is live and newer than version ${t.version}`)
  // The catalogue may have changed since the draft was saved: check again before it is used.
  const { problems } = templateProblems({ channel: t.channel, language: t.language, body: t.body, subject: t.subject })
  if (problems.length) throw new AppError('validation', `Version ${t.version} cannot be published: ${problems.map((p) => p.message).join('; ')}`, problems)
  await tx.query(`update document_templates set status = 'live', published_by = $2, published_user_id = $3, published_at = now() where id = $1`, [o.templateId, o.actor.label, o.actor.userId])
  await recordAuditEvent(tx, o.actor, { action: 'template.published', entityType: 'document_template', entityId: o.templateId, before: { status: 'draft' }, after: { key: t.template_key, language: t.language, version: t.version, status: 'live' } })
  return { key: t.template_key, language: t.language, version: t.version }
}
