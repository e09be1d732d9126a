/**
 * Loads the SFS spending guidelines (trigger figures) from `policies/sfs/*.json`: dated data outside the pure
 * domain, validated with `parseSpendingGuidelines`. Read once per process (the files change with a release).
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseSpendingGuidelines, selectSpendingGuidelines, type SpendingGuidelines } from '../../domain/affordability/index.ts'
import type { IsoDate } from '../../domain/calendar/index.ts'
import { AppError } from '../../errors.ts'

export const SFS_POLICY_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'policies', 'sfs')

const cache = new Map<string, SpendingGuidelines[]>()

/** Every guidelines version in the folder; a malformed file is an error naming the file and the problems. */
export function loadSpendingGuidelines(dir = SFS_POLICY_DIR): SpendingGuidelines[] {
  const cached = cache.get(dir)
  if (cached) return cached
  const versions: SpendingGuidelines[] = []
  for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const r = parseSpendingGuidelines(JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')))
    if (!r.ok) throw new Error(`Spending guidelines ${name} are not valid: ${r.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`)
    versions.push(r.guidelines)
  }
  cache.set(dir, versions)
  return versions
}

/** The guidelines in force on a date, or a clear refusal when none are. */
export function guidelinesOn(onDate: IsoDate, dir = SFS_POLICY_DIR): SpendingGuidelines {
  const g = selectSpendingGuidelines(loadSpendingGuidelines(dir), onDate)
  if (!g) throw new AppError('invalid_state', `No SFS spending guidelines are in force on ${onDate} (policies/sfs)`)
  return g
}
