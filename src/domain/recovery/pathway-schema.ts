/**
 * The recovery pathway document (DESIGN.md principle 3: law and policy are data) and its validation.
 *
 * A pathway is a JSON document (`policies/pathways/*.json`; JSON rather than YAML to avoid a new
 * dependency) with an id, a version, the date it takes effect, the accounts it applies to, and
 * ordered stages. Each stage says when it may be taken (entry conditions and a wait after the
 * previous stage), what it does (an action), what must have been checked first, who may authorise
 * it, and which stages may follow it. See `policies/README.md` for the format with an example.
 *
 * Decisions:
 * - **Stages form a DAG.** `next` lists the stages allowed after this one, in priority order; without
 *   `next` the following stage in the list is next (the last stage has none). Any cycle is an error:
 *   a case never loops back by an edge. It starts again at the first stage through the pathway's
 *   reset rule (`resetWhen`, default: collectable arrears ≤ £0) when the arrears are cleared. Every
 *   stage must be reachable from the first stage.
 * - **Legal steps need recorded checks.** A stage whose action is a notice, claim, warrant, eviction,
 *   money claim or attachment of earnings must require `proportionality_recorded` and
 *   `equality_act_considered`, and may not be authorised by `system` (DESIGN.md principle 5; human
 *   review of significant automated decisions, DOMAIN.md §12).
 * - **A possession claim must rely on a live notice.** A `claim` stage that follows a notice stage
 *   (and is not after a hearing, like an application to fix a date under a postponed order) must
 *   require `noticeExpired = true` and `noticeValid = true` in its top-level `all` conditions.
 * - **Holds are additive.** `blockedByHolds` adds hold types to the defaults for the stage's action
 *   (holds.ts); it cannot remove the statutory ones.
 *
 * `validatePathway` returns every problem it finds, each with a path into the document such as
 * `stages[3].entry.all[0].value`, rather than stopping at the first.
 */
import { z } from 'zod'
import { isIsoDate, type IsoDate } from '../calendar/index.ts'
import { conditionsIn, type ConditionGroup, type Problem } from './conditions.ts'
import { parseConditionGroup } from './parse-conditions.ts'
import { checkStages } from './pathway-rules.ts'
import type { NoticeSpec } from './notices.ts'
import {
  ACCOUNT_TYPES,
  ACTION_TYPES,
  CHECKS,
  HOLD_TYPES,
  NOTICE_KINDS,
  ROLES,
  TENURES,
  type AccountType,
  type ActionType,
  type Check,
  type HoldType,
  type Role,
  type Tenure,
} from './vocabulary.ts'

export type { Problem } from './conditions.ts'

export interface StageAction {
  type: ActionType
  /** The letter/SMS/notice template to use. */
  template?: string
  notice?: NoticeSpec
}

export interface Stage {
  id: string
  name: string
  action: StageAction
  entry: ConditionGroup
  /** Days after the previous stage was entered before this one may be taken. */
  waitDays: number
  checks: readonly Check[]
  authorisedBy: readonly Role[]
  /** Hold types that block this stage in addition to the defaults for its action. */
  blockedByHolds: readonly HoldType[]
  /** The stages allowed after this one, in priority order (resolved: the default is filled in). */
  next: readonly string[]
  source?: string
  notes?: string
}

export interface Pathway {
  id: string
  version: string
  name: string
  /** The first day this version may apply. */
  effectiveFrom: IsoDate
  /**
   * When the law behind this version commences on a date not yet known (e.g. the Renters' Rights
   * Act for social housing assured tenancies), the key under which the date is configured. The
   * pathway is not in force at all until `selectPathway` is given a date for the key.
   */
  commencement?: { key: string; note: string }
  /** A label for the legal regime, e.g. "ha1988-pre-rra" or "rra-2025". */
  regime?: string
  appliesTo: { accountTypes: readonly AccountType[]; tenures?: readonly Tenure[]; socialHousing?: boolean }
  source: string
  notes: readonly string[]
  /** When met at any stage, the case starts again from the beginning. */
  resetWhen: ConditionGroup
  /**
   * Stages a case that has not started may also take, after the first stage in priority (e.g. a write-off review
   * for a debt already statute-barred when recovery would start). Omitted: only the first stage.
   */
  startStages?: readonly string[]
  stages: readonly Stage[]
}

export type ValidationResult = { ok: true; pathway: Pathway } | { ok: false; problems: Problem[] }

export const DEFAULT_RESET_WHEN: ConditionGroup = { all: [{ field: 'arrearsPence', op: 'lte', value: 0 }] }

// ---------------------------------------------------------------------------------------------
// Shape (zod)
// ---------------------------------------------------------------------------------------------

const ID_RE = /^[a-z][a-z0-9-]*$/
const STAGE_ID_RE = /^[a-z][a-z0-9_]*$/
const TEMPLATE_RE = /^[a-z0-9][a-z0-9-]*$/

const text = z.string().trim().min(1, 'Must not be empty')
const isoDate = z.string().refine((s) => isIsoDate(s), 'Must be a real date written YYYY-MM-DD')
const uniqueList = <T extends z.ZodType>(item: T) =>
  z.array(item).refine((list) => new Set(list).size === list.length, 'A value is listed twice')

const noticeSchema = z.strictObject({
  kind: z.enum(NOTICE_KINDS),
  minimumDays: z.number().int().min(0).max(366).optional(),
  validityMonths: z.number().int().min(1).max(60).optional(),
  validityFrom: z.enum(['date_in_notice', 'service']).optional(),
  alignToRentWeek: z.boolean().optional(),
  reviewRightDays: z.number().int().min(1).max(90).optional(),
  grounds: uniqueList(text).optional(),
})

const actionSchema = z.strictObject(
  {
    type: z.enum(ACTION_TYPES),
    template: z.string().regex(TEMPLATE_RE, 'Template names are lower case letters, digits and hyphens').optional(),
    notice: noticeSchema.optional(),
  },
  { error: (issue) => (issue.input === undefined ? 'Missing action: every stage needs an action such as {"type": "letter"}' : undefined) },
)

const stageSchema = z.strictObject({
  id: z.string().regex(STAGE_ID_RE, 'Stage ids are lower case letters, digits and underscores, starting with a letter'),
  name: text,
  action: actionSchema,
  // Checked by parseConditionGroup, which gives the clearer message.
  entry: z.unknown().optional(),
  waitDays: z.number().int().min(0).max(3650),
  checks: uniqueList(z.enum(CHECKS)),
  authorisedBy: uniqueList(z.enum(ROLES)).min(1, 'At least one role must be able to authorise the stage'),
  blockedByHolds: uniqueList(z.enum(HOLD_TYPES)).optional(),
  next: uniqueList(z.string()).optional(),
  source: text.optional(),
  notes: text.optional(),
})

const pathwaySchema = z.strictObject({
  id: z.string().regex(ID_RE, 'Pathway ids are lower case letters, digits and hyphens, starting with a letter'),
  version: text,
  name: text,
  effectiveFrom: isoDate,
  commencement: z.strictObject({ key: z.string().regex(/^[a-z0-9._-]+$/, 'Commencement keys are lower case'), note: text }).optional(),
  regime: text.optional(),
  appliesTo: z.strictObject({
    accountTypes: uniqueList(z.enum(ACCOUNT_TYPES)).min(1, 'Name at least one account type'),
    tenures: uniqueList(z.enum(TENURES)).min(1, 'Omit "tenures" to apply to any tenure').optional(),
    socialHousing: z.boolean().optional(),
  }),
  source: text,
  notes: z.array(text).optional(),
  resetWhen: z.unknown().optional(),
  startStages: uniqueList(z.string()).optional(),
  stages: z.array(stageSchema).min(1, 'A pathway needs at least one stage'),
})

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function pathToString(path: readonly PropertyKey[]): string {
  let out = ''
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`
  return out
}

function zodProblems(error: z.ZodError): Problem[] {
  return error.issues.map((issue) => {
    const path = pathToString(issue.path)
    const missing = issue.code === 'invalid_type' && /received undefined$/.test(issue.message)
    return { path, message: missing ? `Missing "${String(issue.path.at(-1) ?? 'value')}"` : issue.message }
  })
}

/**
 * Validates a pathway document (already parsed from JSON). Returns the typed pathway, with every
 * stage's `next` filled in, or every problem found.
 */
export function validatePathway(json: unknown): ValidationResult {
  const problems: Problem[] = []
  const shape = pathwaySchema.safeParse(json)
  if (!shape.success) problems.push(...zodProblems(shape.error))

  const entries = new Map<string, ConditionGroup>()
  let resetWhen: ConditionGroup | undefined = DEFAULT_RESET_WHEN
  if (isRecord(json)) {
    const starts = Array.isArray(json.startStages) ? json.startStages.filter((x): x is string => typeof x === 'string') : []
    if (Array.isArray(json.stages) && json.stages.length > 0) checkStages(json.stages, problems, entries, starts)
    if (json.resetWhen !== undefined) resetWhen = parseConditionGroup(json.resetWhen, 'resetWhen', problems)
  }
  if (!shape.success || problems.length > 0 || !resetWhen) {
    // Shape and meaning checks can both report the same spot (e.g. a bad id); keep one of each.
    const unique = new Map(problems.map((p) => [`${p.path}\u0000${p.message}`, p]))
    return { ok: false, problems: [...unique.values()] }
  }

  const doc = shape.data
  const stages: Stage[] = doc.stages.map((s, i) => ({
    id: s.id,
    name: s.name,
    action: {
      type: s.action.type,
      ...(s.action.template !== undefined ? { template: s.action.template } : {}),
      ...(s.action.notice !== undefined ? { notice: s.action.notice } : {}),
    },
    entry: entries.get(s.id)!,
    waitDays: s.waitDays,
    checks: s.checks,
    authorisedBy: s.authorisedBy,
    blockedByHolds: s.blockedByHolds ?? [],
    next: s.next ?? (doc.stages[i + 1] ? [doc.stages[i + 1]!.id] : []),
    ...(s.source !== undefined ? { source: s.source } : {}),
    ...(s.notes !== undefined ? { notes: s.notes } : {}),
  }))
  return {
    ok: true,
    pathway: {
      id: doc.id,
      version: doc.version,
      name: doc.name,
      effectiveFrom: doc.effectiveFrom,
      ...(doc.commencement !== undefined ? { commencement: doc.commencement } : {}),
      ...(doc.regime !== undefined ? { regime: doc.regime } : {}),
      appliesTo: {
        accountTypes: doc.appliesTo.accountTypes,
        ...(doc.appliesTo.tenures !== undefined ? { tenures: doc.appliesTo.tenures } : {}),
        ...(doc.appliesTo.socialHousing !== undefined ? { socialHousing: doc.appliesTo.socialHousing } : {}),
      },
      source: doc.source,
      notes: doc.notes ?? [],
      resetWhen,
      ...(doc.startStages !== undefined && doc.startStages.length > 0 ? { startStages: doc.startStages } : {}),
      stages,
    },
  }
}

/** Parses and validates pathway JSON text, e.g. a council's own file for `reeve policy load FILE`. */
export function parsePathwayJson(textContent: string): ValidationResult {
  let json: unknown
  try {
    json = JSON.parse(textContent)
  } catch (error) {
    return { ok: false, problems: [{ path: '', message: `Not valid JSON: ${(error as Error).message}` }] }
  }
  return validatePathway(json)
}

/** Problems as lines for a terminal or a log: `FILE: stages[3].next[0]: …`. */
export function formatProblems(problems: readonly Problem[], fileName?: string): string {
  return problems.map((p) => [fileName, p.path || '(document)', p.message].filter(Boolean).join(': ')).join('\n')
}

/** The stages a case that has not started may take: the first stage, then the pathway's `startStages`. */
export function startCandidates(pathway: Pathway): Stage[] {
  const first = pathway.stages[0]!
  const extra = (pathway.startStages ?? []).map((id) => findStage(pathway, id)).filter((s): s is Stage => s !== undefined && s.id !== first.id)
  return [first, ...extra]
}

/** The stage with the id, if any. */
export function findStage(pathway: Pathway, id: string): Stage | undefined {
  return pathway.stages.find((s) => s.id === id)
}

/** Every condition of every stage (e.g. for listing what a pathway looks at). */
export function* allConditions(pathway: Pathway) {
  yield* conditionsIn(pathway.resetWhen)
  for (const s of pathway.stages) yield* conditionsIn(s.entry)
}
