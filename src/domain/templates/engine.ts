/**
 * Templates are Liquid (liquidjs), locked down: only the catalogue's merge fields, only the filters and tags listed in
 * catalogue.ts (strictFilters refuses any other filter when the template is parsed; include/render/layout are removed
 * and the file system refuses everything), and limits on parse size and render time. A template is validated by
 * parsing it and walking the variables it reads (liquidjs static analysis): every path must be in the catalogue.
 *
 * Pure: no I/O. "Today" and the working day calendar are given by the caller.
 */
import { Liquid, type FS, type Template } from 'liquidjs'
import { addDays, type IsoDate } from '../calendar/dates.ts'
import type { WorkingDayCalendar } from '../calendar/working-days.ts'
import { formatPounds } from '../money/pence.ts'
import { ALLOWED_TAGS, pathProblem, REEVE_FILTERS, STANDARD_FILTERS } from './catalogue.ts'
import { formatDate, type Language } from './format.ts'

export interface EngineContext {
  today: IsoDate
  language: Language
  calendar: WorkingDayCalendar
}

export interface TemplateProblem {
  /** 1-based line of the template (0 when not known). */
  line: number
  message: string
}

export type Validation = { ok: true; fields: string[] } | { ok: false; problems: TemplateProblem[] }

const MAX_TEMPLATE_LENGTH = 100_000

const refuseFiles: FS = {
  readFileSync: () => {
    throw new Error('Templates cannot read files')
  },
  readFile: async () => {
    throw new Error('Templates cannot read files')
  },
  existsSync: () => false,
  exists: async () => false,
  contains: async () => false,
  containsSync: () => false,
  resolve: (_root: string, file: string) => file,
}

function wholeNumber(n: unknown, filter: string): number {
  const v = typeof n === 'string' ? Number(n) : n
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0 || v > 3660) throw new Error(`${filter} needs a whole number of days, got ${String(n)}`)
  return v
}

/** A Liquid engine with Reeve's filters and nothing that reaches outside the template. */
export function createEngine(ctx: EngineContext): Liquid {
  const engine = new Liquid({
    strictFilters: true,
    strictVariables: false,
    lenientIf: true,
    outputEscape: undefined,
    fs: refuseFiles,
    root: [],
    partials: [],
    relativeReference: false,
    dynamicPartials: false,
    cache: false,
    parseLimit: MAX_TEMPLATE_LENGTH,
    renderLimit: 2_000,
    memoryLimit: 50_000_000,
  })
  const filters = engine.filters as Record<string, unknown>
  for (const name of Object.keys(filters)) if (!(STANDARD_FILTERS as readonly string[]).includes(name)) delete filters[name]
  const tags = engine.tags as Record<string, unknown>
  for (const name of Object.keys(tags)) if (!(ALLOWED_TAGS as readonly string[]).includes(name)) delete tags[name]
  engine.registerFilter('money', (v: unknown) => {
    const n = typeof v === 'string' ? Number(v) : v
    if (typeof n !== 'number' || !Number.isSafeInteger(n)) return ''
    return formatPounds(n)
  })
  engine.registerFilter('working_days_from_today', (n: unknown) => formatDate(ctx.calendar.addWorkingDays(ctx.today, wholeNumber(n, 'working_days_from_today')), ctx.language))
  engine.registerFilter('days_from_today', (n: unknown) => formatDate(addDays(ctx.today, wholeNumber(n, 'days_from_today')), ctx.language))
  return engine
}

/** "undefined filter: nope, line:3, col:5" → line 3, "There is no filter "nope"". */
function problemFromError(err: unknown): TemplateProblem {
  const raw = err instanceof Error ? err.message : String(err)
  const at = /, line:(\d+), col:(\d+)/.exec(raw)
  const line = at ? Number(at[1]) : 0
  let message = raw.replace(/, line:\d+, col:\d+/, '').trim()
  const filter = /^undefined filter: (.+)$/.exec(message)
  if (filter) message = `There is no filter "${filter[1]}" (filters: ${[...Object.keys(REEVE_FILTERS), ...STANDARD_FILTERS].join(', ')})`
  const tag = /^tag "(.+)" not found$/.exec(message)
  if (tag) message = `The tag "${tag[1]}" is not allowed (tags: ${ALLOWED_TAGS.join(', ')})`
  return { line, message }
}

function parse(engine: Liquid, source: string): { templates: Template[] } | { problem: TemplateProblem } {
  if (source.length > MAX_TEMPLATE_LENGTH) return { problem: { line: 0, message: `A template may be at most ${MAX_TEMPLATE_LENGTH.toLocaleString('en-GB')} characters` } }
  try {
    return { templates: engine.parse(source) }
  } catch (err) {
    return { problem: problemFromError(err) }
  }
}

/**
 * Validates template text: it must parse, use only allowed filters and tags, and read only catalogue fields.
 * Returns the fields it reads (e.g. ["account.number", "arrears.amount"]) or every problem with its line.
 */
export function validateTemplateText(source: string, ctx: EngineContext): Validation {
  const engine = createEngine(ctx)
  const parsed = parse(engine, source)
  if ('problem' in parsed) return { ok: false, problems: [parsed.problem] }
  const problems: TemplateProblem[] = []
  const fields = new Set<string>()
  const analysis = engine.analyzeSync(parsed.templates)
  for (const variables of Object.values(analysis.globals)) {
    for (const v of variables) {
      const segments = v.toArray()
      const problem = pathProblem(segments)
      if (problem) problems.push({ line: v.location.row, message: problem })
      else fields.add(segments.map((s) => (typeof s === 'number' ? '[]' : typeof s === 'string' ? s : '[]')).join('.').replaceAll('.[]', '[]'))
    }
  }
  if (problems.length) {
    const seen = new Set<string>()
    return { ok: false, problems: problems.filter((p) => !seen.has(`${p.line}:${p.message}`) && seen.add(`${p.line}:${p.message}`)).sort((a, b) => a.line - b.line) }
  }
  return { ok: true, fields: [...fields].sort() }
}

/** Renders validated template text with merge data. */
export async function renderTemplateText(source: string, data: object, ctx: EngineContext): Promise<string> {
  const engine = createEngine(ctx)
  const parsed = parse(engine, source)
  if ('problem' in parsed) throw new Error(`Line ${parsed.problem.line}: ${parsed.problem.message}`)
  const out: unknown = await engine.render(parsed.templates, data as Record<string, unknown>)
  return String(out)
}
