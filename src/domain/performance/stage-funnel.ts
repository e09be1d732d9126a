/**
 * Accounts at each pathway stage, and the escalation funnel drawn from them. The counts come from one trawl run
 * (the latest on or before the period's end): each account's `from_stage`, the stage its case was at that night.
 *
 * Pathways differ (a secure tenancy has a NOSP, a former tenant debt a money claim, a sundry debt neither), so the
 * funnel is by how far a stage is along the legal road, read from the pathway itself: a stage is at level
 * "notice" or beyond once any stage at or before it in its pathway serves a notice, and so on for claim, hearing,
 * warrant and eviction. Each bar counts the accounts at that level or beyond, so the bars never grow downwards.
 */

export interface StageCount {
  pathwayId: string | null
  pathwayVersion: string | null
  /** null: in arrears, case not started. */
  stage: string | null
  accounts: number
}

export interface PathwayStageInfo {
  id: string
  name: string
  actionType: string
}

export interface PathwayInfo {
  id: string
  version: string
  name: string
  stages: readonly PathwayStageInfo[]
}

export const FUNNEL_LEVELS = [
  { level: 0, id: 'in_arrears', label: 'In arrears or with a case' },
  { level: 1, id: 'started', label: 'Recovery started' },
  { level: 2, id: 'notice', label: 'Notice stage or beyond' },
  { level: 3, id: 'claim', label: 'Court claim stage or beyond' },
  { level: 4, id: 'hearing', label: 'Hearing stage or beyond' },
  { level: 5, id: 'warrant', label: 'Warrant or enforcement stage or beyond' },
  { level: 6, id: 'eviction', label: 'Eviction stage' },
] as const

const ACTION_LEVEL: Record<string, number> = {
  notice: 2,
  claim: 3,
  money_claim: 3,
  hearing: 4,
  warrant: 5,
  attachment_of_earnings: 5,
  eviction: 6,
}

/** The funnel level of every stage of a pathway: the highest legal step at or before it (at least "started"). */
export function stageLevels(p: PathwayInfo): Map<string, number> {
  const levels = new Map<string, number>()
  let reached = 1
  for (const s of p.stages) {
    reached = Math.max(reached, ACTION_LEVEL[s.actionType] ?? 1)
    levels.set(s.id, reached)
  }
  return levels
}

export interface StageRow {
  pathwayId: string | null
  pathwayName: string
  stage: string | null
  stageName: string
  /** Position of the stage in its pathway (0 for "not started"), for ordering. */
  position: number
  accounts: number
}

export interface FunnelBar {
  id: (typeof FUNNEL_LEVELS)[number]['id']
  label: string
  accounts: number
}

const keyOf = (id: string | null, version: string | null) => `${id ?? ''}@${version ?? ''}`

/** Stage rows (pathway order, "not started" first) and the funnel, from one run's counts. */
export function stageFunnel(counts: readonly StageCount[], pathways: readonly PathwayInfo[]): { rows: StageRow[]; funnel: FunnelBar[] } {
  const byKey = new Map(pathways.map((p) => [keyOf(p.id, p.version), p]))
  const levelsByKey = new Map(pathways.map((p) => [keyOf(p.id, p.version), stageLevels(p)]))
  // Stage rows are per pathway id (versions merged: an officer reads "Secure tenancy rent, NOSP" whatever version).
  const rows = new Map<string, StageRow>()
  const atLevel = new Array<number>(FUNNEL_LEVELS.length).fill(0)
  for (const c of counts) {
    if (!Number.isSafeInteger(c.accounts) || c.accounts < 0) throw new RangeError(`Account count must be a whole number: ${c.accounts}`)
    const p = byKey.get(keyOf(c.pathwayId, c.pathwayVersion))
    const position = c.stage === null ? 0 : (p?.stages.findIndex((s) => s.id === c.stage) ?? -1) + 1
    const stageName = c.stage === null ? 'Not started (in arrears)' : (p?.stages.find((s) => s.id === c.stage)?.name ?? c.stage)
    const key = `${c.pathwayId ?? ''}|${c.stage ?? ''}`
    const row = rows.get(key)
    if (row) row.accounts += c.accounts
    else {
      rows.set(key, {
        pathwayId: c.pathwayId,
        pathwayName: p?.name ?? c.pathwayId ?? 'No pathway',
        stage: c.stage,
        stageName,
        position: position < 0 ? 999 : position,
        accounts: c.accounts,
      })
    }
    const level = c.stage === null ? 0 : (levelsByKey.get(keyOf(c.pathwayId, c.pathwayVersion))?.get(c.stage) ?? 1)
    for (let l = 0; l <= level; l++) atLevel[l]! += c.accounts
  }
  const sorted = [...rows.values()].sort(
    (a, b) => a.pathwayName.localeCompare(b.pathwayName, 'en-GB') || a.position - b.position || (a.stage ?? '').localeCompare(b.stage ?? ''),
  )
  return { rows: sorted, funnel: FUNNEL_LEVELS.map((f) => ({ id: f.id, label: f.label, accounts: atLevel[f.level]! })) }
}
