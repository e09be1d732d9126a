/**
 * Test support only (imported by *.test.ts, never by domain code): reads the shipped pathway files
 * in `policies/pathways/`. Domain code stays free of I/O; the service that runs the trawl loads the
 * files and passes the validated pathways in.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parsePathwayJson, type Pathway } from './pathway-schema.ts'

export const PATHWAY_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../policies/pathways')

export function pathwayFileNames(): string[] {
  return readdirSync(PATHWAY_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
}

export function readPathwayFile(fileName: string): string {
  return readFileSync(join(PATHWAY_DIR, fileName), 'utf8')
}

/** Every shipped pathway, validated; throws naming the file and problems if one is invalid. */
export function loadDefaultPathways(): Pathway[] {
  return pathwayFileNames().map((f) => {
    const result = parsePathwayJson(readPathwayFile(f))
    if (!result.ok) throw new Error(`${f}: ${JSON.stringify(result.problems)}`)
    return result.pathway
  })
}

export function defaultPathway(id: string): Pathway {
  const found = loadDefaultPathways().filter((p) => p.id === id)
  if (found.length !== 1) throw new Error(`Expected one shipped pathway "${id}", found ${found.length}`)
  return found[0]!
}
