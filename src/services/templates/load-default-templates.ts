/**
 * The templates shipped in templates/ (manifest.json and one .liquid file each) are loaded as version 1, live, of
 * every key and language not yet in the database: once, so a council's own versions are never replaced. Each file
 * is validated like an administrator's save; a broken shipped template stops the load with its file and line.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import type { Db, Queryable } from '../../db/client.ts'
import { LANGUAGES } from '../../domain/templates/format.ts'
import { AppError } from '../../errors.ts'
import { systemActor, type Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'
import { CHANNELS, ENCLOSURES } from './templates.ts'
import { templateProblems } from './validate-template.ts'

export const TEMPLATES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../templates')

const Manifest = z.object({
  templates: z.array(
    z.object({
      key: z.string().regex(/^[a-z][a-z0-9-]*$/),
      channel: z.enum(CHANNELS),
      language: z.enum(LANGUAGES),
      title: z.string().min(1).max(200),
      subject: z.string().optional(),
      file: z.string().regex(/^[a-z]+\/[a-z0-9.-]+\.liquid$/),
      description: z.string().optional(),
      encloses: z.array(z.enum(ENCLOSURES)).optional(),
    }),
  ),
})
export type ShippedTemplate = z.infer<typeof Manifest>['templates'][number] & { body: string }

export function readShippedTemplates(dir = TEMPLATES_DIR): ShippedTemplate[] {
  const file = path.join(dir, 'manifest.json')
  const parsed = Manifest.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')))
  if (!parsed.success) throw new AppError('validation', `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
  return parsed.data.templates.map((t) => ({ ...t, body: fs.readFileSync(path.join(dir, t.file), 'utf8') }))
}

async function loadMissing(tx: Queryable, shipped: readonly ShippedTemplate[], actor: Actor): Promise<string[]> {
  const have = new Set((await tx.query<{ k: string }>(`select distinct template_key || ':' || language as k from document_templates`)).map((r) => r.k))
  const loaded: string[] = []
  for (const t of shipped) {
    if (have.has(`${t.key}:${t.language}`)) continue
    const { problems, fields } = templateProblems({ channel: t.channel, language: t.language, body: t.body, subject: t.subject ?? null })
    if (problems.length) throw new AppError('validation', `templates/${t.file}: ${problems.map((p) => p.message).join('; ')}`, problems.map((p) => ({ ...p, field: `templates/${t.file}` })))
    await tx.query(
      `insert into document_templates (template_key, language, version, channel, title, subject, body, fields, encloses, description, status, origin,
         saved_by, published_by, published_at)
       values ($1, $2, 1, $3, $4, $5, $6, $7, $8, $9, 'live', 'shipped', $10, $10, now())
       on conflict (template_key, language, version) do nothing`,
      [t.key, t.language, t.channel, t.title, t.channel === 'email' ? (t.subject ?? '') : null, t.body, fields, t.encloses ?? [], t.description ?? null, actor.label],
    )
    loaded.push(`${t.key} (${t.language})`)
  }
  if (loaded.length) await recordAuditEvent(tx, actor, { action: 'template.defaults_loaded', entityType: 'document_template', entityId: 'shipped', after: { loaded } })
  return loaded
}

/** Loads the shipped templates not yet loaded; returns what it loaded ("key (language)"). */
export async function ensureDefaultTemplates(db: Db, actor: Actor = systemActor('templates')): Promise<string[]> {
  const shipped = readShippedTemplates()
  const [n] = await db.query<{ n: number }>('select count(distinct template_key || language)::int as n from document_templates')
  if (n!.n >= shipped.length) {
    const have = new Set((await db.query<{ k: string }>(`select distinct template_key || ':' || language as k from document_templates`)).map((r) => r.k))
    if (shipped.every((t) => have.has(`${t.key}:${t.language}`))) return []
  }
  return db.transaction((tx) => loadMissing(tx, shipped, actor))
}
