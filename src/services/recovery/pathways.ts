/**
 * Recovery pathways as stored data: loading a council's own file (`reeve policy load FILE`), the shipped defaults
 * (`ensureDefaultPathways`, run at start and by `policy load --defaults`), and reading what is loaded.
 *
 * A version is stored once and never changed (the `pathways` table is append-only). Loading validates the document
 * with the domain's `parsePathwayJson` and the whole set with `checkPathwaySet`, so a version that would tie with
 * another for some account is refused before it can make the trawl ambiguous.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Queryable } from '../../db/client.ts'
import { checkPathwaySet, validatePathway, parsePathwayJson, type Pathway, type Problem } from '../../domain/recovery/index.ts'
import { AppError } from '../../errors.ts'
import { systemActor, type Actor } from '../actor.ts'
import { recordAuditEvent } from '../audit/record-audit-event.ts'

export const DEFAULT_PATHWAY_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../policies/pathways')

export interface StoredPathway {
  pathway: Pathway
  sourceFile: string | null
  sha256: string
  loadedBy: string
  loadedAt: Date
}

export type LoadResult =
  | { ok: true; status: 'loaded' | 'already_loaded'; pathway: Pathway }
  | { ok: false; problems: Problem[] }

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex')

/** Every stored version, validated again on the way out (a stored document that no longer validates is an error). */
export async function listStoredPathways(db: Queryable): Promise<StoredPathway[]> {
  const rows = await db.query<{ id: string; version: string; document: unknown; source_file: string | null; source_sha256: string; loaded_by: string; loaded_at: Date }>(
    'select id, version, document, source_file, source_sha256, loaded_by, loaded_at from pathways order by id, effective_from, version',
  )
  return rows.map((r) => {
    const result = validatePathway(r.document)
    if (!result.ok) {
      throw new AppError('invalid_state', `Stored pathway ${r.id} v${r.version} is not valid: ${result.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`)
    }
    return { pathway: result.pathway, sourceFile: r.source_file, sha256: r.source_sha256, loadedBy: r.loaded_by, loadedAt: r.loaded_at }
  })
}

export async function loadPathways(db: Queryable): Promise<Pathway[]> {
  return (await listStoredPathways(db)).map((s) => s.pathway)
}

/**
 * Validates pathway JSON text and stores it as a new version. Every problem is returned with its path into the
 * document; nothing is stored unless there are none. The same file loaded twice is `already_loaded`; the same id
 * and version with different content is refused (give it a new version).
 */
export async function loadPathwayText(db: Queryable, opts: { text: string; fileName: string | null; actor: Actor }): Promise<LoadResult> {
  const parsed = parsePathwayJson(opts.text)
  if (!parsed.ok) return parsed
  const pathway = parsed.pathway
  const digest = sha256(opts.text)
  const [existing] = await db.query<{ source_sha256: string }>('select source_sha256 from pathways where id = $1 and version = $2', [
    pathway.id,
    pathway.version,
  ])
  if (existing) {
    if (existing.source_sha256 === digest) {
      return { ok: true, status: 'already_loaded', pathway }
    }
    return {
      ok: false,
      problems: [{ path: 'version', message: `Pathway ${pathway.id} version ${pathway.version} is already loaded with different content: give this file a new "version"` }],
    }
  }
  const others = await loadPathways(db)
  const setProblems = checkPathwaySet([...others, pathway]).filter((p) => p.message.includes(`(${pathway.id} v${pathway.version})`))
  if (setProblems.length > 0) return { ok: false, problems: setProblems.map((p) => ({ path: 'effectiveFrom', message: p.message })) }

  await db.query(
    `insert into pathways (id, version, name, effective_from, document, source_file, source_sha256, loaded_by, loaded_user_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [pathway.id, pathway.version, pathway.name, pathway.effectiveFrom, opts.text, opts.fileName, digest, opts.actor.label, opts.actor.userId],
  )
  await recordAuditEvent(db, opts.actor, {
    action: 'pathway.loaded',
    entityType: 'pathway',
    entityId: `${pathway.id}@${pathway.version}`,
    after: { id: pathway.id, version: pathway.version, effectiveFrom: pathway.effectiveFrom, sourceFile: opts.fileName, sha256: digest },
  })
  return { ok: true, status: 'loaded', pathway }
}

/** Reads and loads one file; a missing or unreadable file is a problem like any other. */
export async function loadPathwayFile(db: Queryable, file: string, actor: Actor): Promise<LoadResult> {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (e) {
    return { ok: false, problems: [{ path: '', message: `Cannot read the file: ${(e as Error).message}` }] }
  }
  return loadPathwayText(db, { text, fileName: path.basename(file), actor })
}

/**
 * Loads the shipped pathways (`policies/pathways/*.json`) that are not loaded yet. Safe to call at every start:
 * versions already present are left alone. Throws if a shipped file is invalid (a packaging error, not a user one).
 */
export async function ensureDefaultPathways(db: Queryable, dir = DEFAULT_PATHWAY_DIR): Promise<{ loaded: string[] }> {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
  const loaded: string[] = []
  const actor = systemActor('default-pathways')
  for (const file of files) {
    const result = await loadPathwayText(db, { text: fs.readFileSync(path.join(dir, file), 'utf8'), fileName: file, actor })
    if (!result.ok) throw new AppError('invalid_state', `Shipped pathway ${file} cannot be loaded: ${result.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`)
    if (result.status === 'loaded') loaded.push(`${result.pathway.id}@${result.pathway.version}`)
  }
  return { loaded }
}
