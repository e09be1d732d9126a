/**
 * Reading templates: the live version of a key in a language (falling back to English when the language has none),
 * every version of a key, and the list of keys for the administrator's page.
 */
import type { Queryable } from '../../db/client.ts'
import type { Language } from '../../domain/templates/format.ts'
import { AppError } from '../../errors.ts'

export const CHANNELS = ['letter', 'sms', 'email'] as const
export type TemplateChannel = (typeof CHANNELS)[number]
export const ENCLOSURES = ['rent_statement'] as const
export type Enclosure = (typeof ENCLOSURES)[number]

export interface TemplateVersion {
  id: number
  key: string
  language: Language
  version: number
  channel: TemplateChannel
  title: string
  subject: string | null
  body: string
  fields: string[]
  encloses: Enclosure[]
  description: string | null
  status: 'draft' | 'live'
  origin: 'shipped' | 'edited'
  savedBy: string
  savedAt: string
  publishedBy: string | null
  publishedAt: string | null
}

interface Row {
  id: number
  template_key: string
  language: Language
  version: number
  channel: TemplateChannel
  title: string
  subject: string | null
  body: string
  fields: string[]
  encloses: Enclosure[]
  description: string | null
  status: 'draft' | 'live'
  origin: 'shipped' | 'edited'
  saved_by: string
  saved_at: Date | string
  published_by: string | null
  published_at: Date | string | null
}

const iso = (v: Date | string | null): string | null => (v === null ? null : (v instanceof Date ? v : new Date(v)).toISOString())

export function toTemplate(r: Row): TemplateVersion {
  return {
    id: r.id,
    key: r.template_key,
    language: r.language,
    version: r.version,
    channel: r.channel,
    title: r.title,
    subject: r.subject,
    body: r.body,
    fields: r.fields,
    encloses: r.encloses,
    description: r.description,
    status: r.status,
    origin: r.origin,
    savedBy: r.saved_by,
    savedAt: iso(r.saved_at)!,
    publishedBy: r.published_by,
    publishedAt: iso(r.published_at),
  }
}

export async function getTemplateVersion(db: Queryable, id: number): Promise<TemplateVersion> {
  const [r] = await db.query<Row>('select * from document_templates where id = $1', [id])
  if (!r) throw new AppError('not_found', `No template version ${id}`)
  return toTemplate(r)
}

/** The version in use: the newest live one in the language, else the newest live English one; null when none. */
export async function findLiveTemplate(db: Queryable, key: string, language: Language = 'en'): Promise<TemplateVersion | null> {
  const [r] = await db.query<Row>(
    `select * from document_templates where template_key = $1 and language = any($2) and status = 'live'
     order by (language = $3) desc, version desc limit 1`,
    [key, language === 'en' ? ['en'] : [language, 'en'], language],
  )
  return r ? toTemplate(r) : null
}

export async function getLiveTemplate(db: Queryable, key: string, language: Language = 'en'): Promise<TemplateVersion> {
  const t = await findLiveTemplate(db, key, language)
  if (!t) throw new AppError('not_found', `No live template "${key}"`)
  return t
}

/** Every version of a key (all languages), newest first. */
export async function listTemplateVersions(db: Queryable, key: string): Promise<TemplateVersion[]> {
  const rows = await db.query<Row>('select * from document_templates where template_key = $1 order by language, version desc', [key])
  return rows.map(toTemplate)
}

export interface TemplateSummary {
  key: string
  language: Language
  channel: TemplateChannel
  title: string
  description: string | null
  liveVersion: number | null
  latestVersion: number
  draftWaiting: boolean
}

export async function listTemplates(db: Queryable, channel?: TemplateChannel): Promise<TemplateSummary[]> {
  const rows = await db.query<{ template_key: string; language: Language; channel: TemplateChannel; title: string; description: string | null; live: number | null; latest: number; latest_status: string }>(
    `select distinct on (template_key, language) template_key, language, channel, title, description,
       (select max(version) from document_templates l where l.template_key = t.template_key and l.language = t.language and l.status = 'live') as live,
       version as latest, status as latest_status
     from document_templates t
     where $1::text is null or channel = $1
     order by template_key, language, version desc`,
    [channel ?? null],
  )
  return rows.map((r) => ({
    key: r.template_key,
    language: r.language,
    channel: r.channel,
    title: r.title,
    description: r.description,
    liveVersion: r.live,
    latestVersion: r.latest,
    draftWaiting: r.latest_status === 'draft',
  }))
}
