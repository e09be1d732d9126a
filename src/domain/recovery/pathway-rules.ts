/**
 * The pathway rules that span fields and stages (see pathway-schema.ts for the decisions): stage ids
 * unique, `next` naming real stages, no cycles, every stage reachable from the first, notice details
 * on (and only on) notice stages, the proportionality and Equality Act checks on legal steps, no
 * automatic legal steps, and a live notice before a possession claim.
 *
 * They run on the raw document, reading each field only if it has the right type, so that a shape
 * error in one stage does not hide a rule broken in another.
 */
import type { ConditionGroup, Problem } from './conditions.ts'
import { parseConditionGroup } from './parse-conditions.ts'
import { ACTION_TYPES, isLegalAction, type ActionType } from './vocabulary.ts'

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

interface RawStage {
  index: number
  id: string | undefined
  raw: Record<string, unknown>
}

function stageLabel(s: RawStage): string {
  return s.id ? `Stage "${s.id}"` : `Stage ${s.index + 1}`
}

function checkAction(stage: RawStage, problems: Problem[]): void {
  const action = stage.raw.action
  if (!isRecord(action) || typeof action.type !== 'string' || !(ACTION_TYPES as readonly string[]).includes(action.type)) return
  const type = action.type as ActionType
  const at = `stages[${stage.index}]`
  if (type === 'notice' && action.notice === undefined) {
    problems.push({ path: `${at}.action.notice`, message: `${stageLabel(stage)} serves a notice but has no notice details {"kind", "minimumDays", …}` })
  }
  if (type !== 'notice' && action.notice !== undefined) {
    problems.push({ path: `${at}.action.notice`, message: `${stageLabel(stage)} has notice details but its action is "${type}", not "notice"` })
  }
  if (isLegalAction(type)) {
    const checks = Array.isArray(stage.raw.checks) ? stage.raw.checks : []
    const missing = (['proportionality_recorded', 'equality_act_considered'] as const).filter((c) => !checks.includes(c))
    if (missing.length > 0) {
      problems.push({
        path: `${at}.checks`,
        message: `${stageLabel(stage)} is a legal step ("${type}") and must require ${missing.map((c) => `"${c}"`).join(' and ')}`,
      })
    }
    if (Array.isArray(stage.raw.authorisedBy) && stage.raw.authorisedBy.includes('system')) {
      problems.push({
        path: `${at}.authorisedBy`,
        message: `${stageLabel(stage)} is a legal step ("${type}") and cannot be authorised by "system": an officer must decide`,
      })
    }
  }
}

/** Resolved next-edges: explicit `next`, else the following stage. */
function edgesOf(stages: readonly RawStage[]): Map<string, string[]> {
  const edges = new Map<string, string[]>()
  stages.forEach((s, i) => {
    const explicit = s.raw.next
    const following = stages[i + 1]?.id
    const next = Array.isArray(explicit) ? explicit.filter((n): n is string => typeof n === 'string') : following ? [following] : []
    edges.set(s.id!, next)
  })
  return edges
}

function findCycles(stages: readonly RawStage[], edges: Map<string, string[]>, problems: Problem[]): boolean {
  const colour = new Map<string, 'grey' | 'black'>()
  const indexOf = new Map(stages.map((s) => [s.id!, s.index]))
  const stack: string[] = []
  let found = false
  const visit = (id: string) => {
    colour.set(id, 'grey')
    stack.push(id)
    for (const next of edges.get(id) ?? []) {
      if (colour.get(next) === 'grey') {
        const loop = [...stack.slice(stack.indexOf(next)), next].join(' → ')
        problems.push({
          path: `stages[${indexOf.get(id)}].next`,
          message: `Cycle ${loop}: stages must not loop back; a case returns to the first stage only through "resetWhen" when the arrears clear`,
        })
        found = true
      } else if (!colour.has(next)) {
        visit(next)
      }
    }
    stack.pop()
    colour.set(id, 'black')
  }
  for (const s of stages) if (!colour.has(s.id!)) visit(s.id!)
  return found
}

function ancestorsOf(stages: readonly RawStage[], edges: Map<string, string[]>): Map<string, Set<string>> {
  const parents = new Map<string, string[]>(stages.map((s) => [s.id!, []]))
  for (const [from, tos] of edges) for (const to of tos) parents.get(to)?.push(from)
  const memo = new Map<string, Set<string>>()
  const walk = (id: string): Set<string> => {
    const known = memo.get(id)
    if (known) return known
    const out = new Set<string>()
    memo.set(id, out) // acyclic by now, so this is only a memo
    for (const p of parents.get(id) ?? []) {
      out.add(p)
      for (const a of walk(p)) out.add(a)
    }
    return out
  }
  for (const s of stages) walk(s.id!)
  return memo
}

function topLevelRequires(entry: ConditionGroup, field: 'noticeExpired' | 'noticeValid'): boolean {
  return 'all' in entry && entry.all.some((c) => 'field' in c && c.field === field && c.op === 'eq' && c.value === true)
}

export function checkStages(rawStages: unknown[], problems: Problem[], entries: Map<string, ConditionGroup>, startStages: readonly string[] = []): void {
  const stages: RawStage[] = rawStages.map((raw, index) => ({
    index,
    raw: isRecord(raw) ? raw : {},
    id: isRecord(raw) && typeof raw.id === 'string' ? raw.id : undefined,
  }))

  const seen = new Map<string, number>()
  for (const s of stages) {
    if (s.id === undefined) continue
    const first = seen.get(s.id)
    if (first !== undefined) problems.push({ path: `stages[${s.index}].id`, message: `Duplicate stage id "${s.id}" (also stages[${first}])` })
    else seen.set(s.id, s.index)
  }

  for (const s of stages) {
    checkAction(s, problems)
    const entry = parseConditionGroup(s.raw.entry, `stages[${s.index}].entry`, problems)
    if (entry && s.id) entries.set(s.id, entry)
  }

  let graphOk = stages.every((s) => s.id !== undefined) && seen.size === stages.length
  startStages.forEach((id, j) => {
    if (!seen.has(id)) {
      problems.push({ path: `startStages[${j}]`, message: `"startStages" names an unknown stage "${id}"` })
      graphOk = false
    } else if (id === stages[0]?.id) {
      problems.push({ path: `startStages[${j}]`, message: `"${id}" is the first stage already; "startStages" lists the other stages a case may start with` })
    }
  })
  for (const s of stages) {
    if (!Array.isArray(s.raw.next)) continue
    s.raw.next.forEach((target, j) => {
      if (typeof target === 'string' && !seen.has(target)) {
        problems.push({ path: `stages[${s.index}].next[${j}]`, message: `${stageLabel(s)} names an unknown next stage "${target}"` })
        graphOk = false
      }
    })
  }
  if (!graphOk) return

  const edges = edgesOf(stages)
  if (findCycles(stages, edges, problems)) return

  const first = stages[0]!.id!
  const reachable = new Set<string>([first, ...startStages])
  const queue = [first, ...startStages]
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const n of edges.get(id) ?? []) {
      if (reachable.has(n)) continue
      reachable.add(n)
      queue.push(n)
    }
  }
  for (const s of stages) {
    if (!reachable.has(s.id!)) problems.push({ path: `stages[${s.index}]`, message: `${stageLabel(s)} cannot be reached from the first stage "${first}"${startStages.length ? ' or the start stages' : ''}` })
  }

  const ancestors = ancestorsOf(stages, edges)
  const typeOf = (id: string) => {
    const action = stages.find((x) => x.id === id)?.raw.action
    return isRecord(action) ? action.type : undefined
  }
  for (const s of stages) {
    if (typeOf(s.id!) !== 'claim') continue
    const before = [...(ancestors.get(s.id!) ?? [])]
    if (!before.some((a) => typeOf(a) === 'notice') || before.some((a) => typeOf(a) === 'hearing')) continue
    const entry = entries.get(s.id!)
    if (!entry) continue
    const missing = (['noticeExpired', 'noticeValid'] as const).filter((f) => !topLevelRequires(entry, f))
    if (missing.length > 0) {
      problems.push({
        path: `stages[${s.index}].entry`,
        message: `${stageLabel(s)} issues a claim after a notice and must require ${missing.map((f) => `{"field": "${f}", "op": "eq", "value": true}`).join(' and ')} in its top-level "all"`,
      })
    }
  }
}

