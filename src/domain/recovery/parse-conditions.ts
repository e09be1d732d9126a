/**
 * Parses and validates condition groups written in a pathway file, with a problem (path and
 * message) for everything wrong, so a council sees all its mistakes at once.
 */
import {
  CONDITION_FIELDS,
  FIELD_SPECS,
  OPS_BY_KIND,
  type Condition,
  type ConditionField,
  type ConditionGroup,
  type ConditionNode,
  type ConditionOp,
  type FieldSpec,
  type Problem,
} from './conditions.ts'
import { NOTICE_KINDS, type NoticeKind } from './vocabulary.ts'

const MAX_DEPTH = 4

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function quoteList(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(', ')
}

function checkValue(spec: FieldSpec, field: string, op: ConditionOp, value: unknown, path: string, problems: Problem[]): void {
  const bad = (message: string) => problems.push({ path: `${path}.value`, message })
  switch (spec.kind) {
    case 'pence':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) bad(`"${field}" needs a whole number of pence, got ${JSON.stringify(value)}`)
      return
    case 'weeks':
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || Math.abs(value * 100 - Math.round(value * 100)) > 1e-9) {
        bad(`"${field}" needs a number of weeks ≥ 0 with at most 2 decimal places, got ${JSON.stringify(value)}`)
      }
      return
    case 'daysSince':
    case 'days':
    case 'months':
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
        bad(`"${field}" needs a whole number ≥ 0 of ${spec.kind === 'months' ? 'months' : 'days'}, got ${JSON.stringify(value)}`)
      }
      return
    case 'boolean':
      if (typeof value !== 'boolean') bad(`"${field}" needs true or false, got ${JSON.stringify(value)}`)
      return
    case 'enum': {
      const allowed = spec.values ?? []
      if (op === 'in') {
        if (!Array.isArray(value) || value.length === 0) {
          bad(`"${field}" with "in" needs a non-empty list of ${quoteList(allowed)}`)
          return
        }
        value.forEach((v, i) => {
          if (typeof v !== 'string' || !allowed.includes(v)) {
            problems.push({ path: `${path}.value[${i}]`, message: `"${field}" cannot be ${JSON.stringify(v)}; use one of ${quoteList(allowed)}` })
          }
        })
        return
      }
      if (typeof value !== 'string' || !allowed.includes(value)) bad(`"${field}" cannot be ${JSON.stringify(value)}; use one of ${quoteList(allowed)}`)
      return
    }
  }
}

function parseCondition(raw: Record<string, unknown>, path: string, problems: Problem[]): Condition | undefined {
  const before = problems.length
  for (const key of Object.keys(raw)) {
    if (!['field', 'op', 'value', 'noticeKind'].includes(key)) problems.push({ path: `${path}.${key}`, message: `Unknown key "${key}" in a condition` })
  }
  const { field, op, value, noticeKind } = raw
  if (typeof field !== 'string' || !(CONDITION_FIELDS as readonly string[]).includes(field)) {
    problems.push({ path: `${path}.field`, message: `Unknown condition field ${JSON.stringify(field)}; use one of ${quoteList(CONDITION_FIELDS)}` })
    return undefined
  }
  const spec = FIELD_SPECS[field as ConditionField]
  const ops = OPS_BY_KIND[spec.kind]
  if (typeof op !== 'string' || !ops.includes(op as ConditionOp)) {
    problems.push({ path: `${path}.op`, message: `Operator ${JSON.stringify(op)} does not apply to "${field}"; use one of ${quoteList(ops)}` })
    return undefined
  }
  if (!('value' in raw)) {
    problems.push({ path: `${path}.value`, message: `Condition on "${field}" has no value` })
    return undefined
  }
  checkValue(spec, field, op as ConditionOp, value, path, problems)
  if (noticeKind !== undefined) {
    if (!spec.aboutNotice) problems.push({ path: `${path}.noticeKind`, message: `"noticeKind" only applies to noticeExpired and noticeValid` })
    else if (typeof noticeKind !== 'string' || !(NOTICE_KINDS as readonly string[]).includes(noticeKind)) {
      problems.push({ path: `${path}.noticeKind`, message: `Unknown notice kind ${JSON.stringify(noticeKind)}; use one of ${quoteList(NOTICE_KINDS)}` })
    }
  }
  if (problems.length > before) return undefined
  return {
    field: field as ConditionField,
    op: op as ConditionOp,
    value: value as Condition['value'],
    ...(noticeKind !== undefined ? { noticeKind: noticeKind as NoticeKind } : {}),
  }
}

/**
 * Parses a condition group (`{all: [...]}` or `{any: [...]}`, nesting allowed), adding a problem
 * for everything wrong with it. Returns undefined if anything was wrong.
 */
export function parseConditionGroup(raw: unknown, path: string, problems: Problem[], depth = 1): ConditionGroup | undefined {
  if (raw === undefined) {
    problems.push({ path, message: 'Missing conditions: write {"all": [conditions]} or {"any": [conditions]} ({"all": []} for none)' })
    return undefined
  }
  if (!isRecord(raw)) {
    problems.push({ path, message: 'Expected a condition group: {"all": [conditions]} or {"any": [conditions]}' })
    return undefined
  }
  const keys = Object.keys(raw)
  if (keys.length !== 1 || (keys[0] !== 'all' && keys[0] !== 'any')) {
    problems.push({ path, message: `A condition group has exactly one key, "all" or "any" (found ${keys.length ? quoteList(keys) : 'none'})` })
    return undefined
  }
  const mode = keys[0] as 'all' | 'any'
  const list = raw[mode]
  if (!Array.isArray(list)) {
    problems.push({ path: `${path}.${mode}`, message: `"${mode}" must be a list of conditions` })
    return undefined
  }
  if (mode === 'any' && list.length === 0) {
    problems.push({ path: `${path}.any`, message: 'An empty "any" group can never be met' })
    return undefined
  }
  if (depth > MAX_DEPTH) {
    problems.push({ path, message: `Condition groups nest at most ${MAX_DEPTH} deep` })
    return undefined
  }
  const before = problems.length
  const nodes: ConditionNode[] = []
  list.forEach((item, i) => {
    const itemPath = `${path}.${mode}[${i}]`
    if (isRecord(item) && ('all' in item || 'any' in item)) {
      const group = parseConditionGroup(item, itemPath, problems, depth + 1)
      if (group) nodes.push(group)
    } else if (isRecord(item)) {
      const condition = parseCondition(item, itemPath, problems)
      if (condition) nodes.push(condition)
    } else {
      problems.push({ path: itemPath, message: 'Expected a condition {"field", "op", "value"} or a nested group' })
    }
  })
  if (problems.length > before) return undefined
  return mode === 'all' ? { all: nodes } : { any: nodes }
}

