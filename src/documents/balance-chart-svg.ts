/**
 * A server-rendered SVG step chart of an account's balance over time. Needs no JavaScript and no
 * fonts beyond the reader's own: `role="img"` with a <title> and a <desc> that sums the chart up
 * in words for screen readers, plus labelled date and money ticks for everyone else.
 *
 * Positive balances (arrears, owed to the council) plot above the zero line, credits below.
 * The line is a step: a balance holds from its date until the next point's date.
 *
 * Output is deterministic: coordinates are rounded to 0.1px and nothing depends on the clock,
 * locale or time zone, so the same points always give byte-identical SVG.
 */
import { isIsoDate } from '../domain/calendar/dates.ts'
import type { Statement } from '../domain/ledger/statement.ts'
import { assertPence, formatPounds } from '../domain/money/pence.ts'

export interface BalancePoint {
  /** ISO date `YYYY-MM-DD`. */
  date: string
  /** Balance at the end of that day (the opening point: at the start of it); positive is owed. */
  balancePence: number
}

export interface BalanceChartOptions {
  width?: number
  height?: number
  /** Accessible name of the chart; defaults to "Account balance over time". */
  title?: string
}

const DEFAULT_WIDTH = 640
const DEFAULT_HEIGHT = 260
const MS_PER_DAY = 86_400_000
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
export const NO_TRANSACTIONS_TEXT = 'No transactions in this period'

/**
 * Chart points for a statement: the opening balance at `from`, then the end-of-day balance for
 * each date with transactions, then the closing balance at `to` if the last transaction was
 * earlier (so the line spans the whole statement period).
 */
export function balancePointsFromStatement(statement: Statement): BalancePoint[] {
  const points: BalancePoint[] = [{ date: statement.from, balancePence: statement.openingBalancePence }]
  for (const line of statement.lines) {
    const last = points[points.length - 1]!
    // Index 0 is the start-of-day opening balance, so a transaction on `from` gets its own point.
    if (points.length > 1 && last.date === line.effectiveDate) last.balancePence = line.balancePence
    else points.push({ date: line.effectiveDate, balancePence: line.balancePence })
  }
  if (points[points.length - 1]!.date < statement.to) {
    points.push({ date: statement.to, balancePence: statement.closingBalancePence })
  }
  return points
}

export function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')
}

/** Number for an SVG attribute: at most one decimal place, never `-0`, never exponent notation. */
function n(value: number): string {
  const r = Math.round(value * 10) / 10
  return (r === 0 ? 0 : r).toFixed(1).replace(/\.0$/, '')
}

function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / MS_PER_DAY
}

function dateOfDay(day: number): Date {
  return new Date(day * MS_PER_DAY)
}

/** FNV-1a, for element ids that are stable for the same chart and unlikely to clash on one page. */
function hash(text: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return (h >>> 0).toString(16).padStart(8, '0')
}

/** A 1, 2 or 5 times a power of ten step in pence (at least £1) giving at most ~`count` intervals. */
function niceStep(rangePence: number, count: number): number {
  const raw = Math.max(rangePence / count, 100)
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  for (const m of [1, 2, 5, 10]) {
    if (m * magnitude >= raw) return m * magnitude
  }
  return 10 * magnitude
}

function moneyLabel(pence: number, step: number): string {
  const text = formatPounds(pence)
  return step % 100 === 0 ? text.replace(/\.00$/, '') : text
}

interface DateTick {
  day: number
  label: string
}

function dateTicks(firstDay: number, lastDay: number, maxTicks: number): DateTick[] {
  const span = lastDay - firstDay
  if (span > 62) {
    // Ticks on the first of the month, every 1, 2, 3, 6, 12, 24, 60... months.
    const start = dateOfDay(firstDay)
    let monthIndex = start.getUTCFullYear() * 12 + start.getUTCMonth() + (start.getUTCDate() === 1 ? 0 : 1)
    const months: number[] = []
    for (let day = Date.UTC(Math.floor(monthIndex / 12), monthIndex % 12, 1) / MS_PER_DAY; day <= lastDay; ) {
      months.push(monthIndex)
      monthIndex++
      day = Date.UTC(Math.floor(monthIndex / 12), monthIndex % 12, 1) / MS_PER_DAY
    }
    let step = 1
    for (const s of [1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200]) {
      step = s
      if (Math.ceil(months.length / s) <= maxTicks) break
    }
    // Keep ticks on calendar-friendly months (January, April, July...) where the step allows it.
    const chosen = months.filter((m) => m % step === 0)
    const ticks = chosen.length >= 2 || months.length < 2 ? chosen : months.filter((_, i) => i % step === 0)
    return ticks.map((m) => ({
      day: Date.UTC(Math.floor(m / 12), m % 12, 1) / MS_PER_DAY,
      label: `${MONTHS[m % 12]} ${Math.floor(m / 12)}`,
    }))
  }
  let step = 1
  for (const s of [1, 2, 7, 14, 28]) {
    step = s
    if (Math.floor(span / s) + 1 <= maxTicks) break
  }
  const ticks: DateTick[] = []
  for (let day = firstDay; day <= lastDay; day += step) {
    const d = dateOfDay(day)
    ticks.push({ day, label: `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}` })
  }
  return ticks
}

/** Lowest and highest balance; a loop rather than Math.min(...values), which overflows the stack on long series. */
function extent(points: readonly BalancePoint[]): { lowest: number; highest: number } {
  let lowest = Infinity
  let highest = -Infinity
  for (const p of points) {
    if (p.balancePence < lowest) lowest = p.balancePence
    if (p.balancePence > highest) highest = p.balancePence
  }
  return { lowest, highest }
}

/** The chart's <desc>: what happened to the balance, in one sentence a screen reader can read out. */
export function describeBalanceSeries(points: readonly BalancePoint[]): string {
  const first = points[0]
  const last = points[points.length - 1]
  if (!first || !last) return NO_TRANSACTIONS_TEXT
  const { lowest, highest } = extent(points)
  let text: string
  if (points.length === 1) {
    text = `Balance was ${formatPounds(first.balancePence)} on ${first.date}`
  } else if (highest === lowest) {
    text = `Balance stayed at ${formatPounds(first.balancePence)} from ${first.date} to ${last.date}`
  } else {
    const start = formatPounds(first.balancePence)
    const end = formatPounds(last.balancePence)
    if (last.balancePence === first.balancePence) {
      text = `Balance was ${start} on ${first.date} and again on ${last.date}; highest ${formatPounds(highest)}`
    } else {
      const verb = last.balancePence > first.balancePence ? 'rose' : 'fell'
      text = `Balance ${verb} from ${start} on ${first.date} to ${end} on ${last.date}; highest ${formatPounds(highest)}`
    }
    if (lowest < Math.min(first.balancePence, last.balancePence)) text += `; lowest ${formatPounds(lowest)}`
  }
  return `${text}. Amounts above zero are owed; amounts below zero are in credit.`
}

function dimension(value: number | undefined, fallback: number, min: number): number {
  return value !== undefined && Number.isFinite(value) && value >= min ? Math.round(value) : fallback
}

export function renderBalanceChartSvg(points: readonly BalancePoint[], opts: BalanceChartOptions = {}): string {
  const width = dimension(opts.width, DEFAULT_WIDTH, 200)
  const height = dimension(opts.height, DEFAULT_HEIGHT, 120)
  const title = opts.title ?? 'Account balance over time'
  for (const p of points) {
    if (!isIsoDate(p.date)) throw new RangeError(`Chart point date is not a valid YYYY-MM-DD date: "${p.date}"`)
    assertPence(p.balancePence)
  }
  // Stable sort, so points on the same date keep their order (opening balance before that day's end).
  const series = [...points].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
  const desc = describeBalanceSeries(series)
  const id = `balance-chart-${hash(JSON.stringify([width, height, title, series]))}`
  const open = (h: number) =>
    `<svg xmlns="http://www.w3.org/2000/svg" class="balance-chart" width="${width}" height="${h}" viewBox="0 0 ${width} ${h}" ` +
    `role="img" aria-labelledby="${id}-title ${id}-desc" font-family="Arial, Helvetica, sans-serif" font-size="12" fill="#0b0c0c">\n` +
    `<title id="${id}-title">${escapeXml(title)}</title>\n<desc id="${id}-desc">${escapeXml(desc)}</desc>\n`

  if (series.length === 0) {
    // A short strip rather than an empty plot, unless the caller asked for a height.
    const h = opts.height === undefined ? 48 : height
    return (
      open(h) +
      `<rect x="0.5" y="0.5" width="${width - 1}" height="${h - 1}" fill="#ffffff" stroke="#b1b4b6"/>\n` +
      `<text x="${n(width / 2)}" y="${n(h / 2)}" text-anchor="middle" dominant-baseline="middle">${NO_TRANSACTIONS_TEXT}</text>\n</svg>\n`
    )
  }

  // Money axis: always includes zero, so arrears and credit read against the same baseline.
  const range = extent(series)
  let lo = Math.min(0, range.lowest)
  let hi = Math.max(0, range.highest)
  if (lo === hi) hi = lo + 100
  const plotTop = 28
  const plotBottom = height - 36
  const step = niceStep(hi - lo, Math.max(2, Math.min(6, Math.floor((plotBottom - plotTop) / 40))))
  lo = Math.floor(lo / step) * step
  hi = Math.ceil(hi / step) * step
  const moneyTicks: number[] = []
  for (let t = lo; t <= hi; t += step) moneyTicks.push(t)
  const labels = moneyTicks.map((t) => moneyLabel(t, step))
  const longestLabel = Math.max(...labels.map((l) => l.length))
  const plotLeft = Math.max(48, Math.ceil(longestLabel * 7 + 14))
  const plotRight = width - 36
  const y = (pence: number) => plotBottom - ((pence - lo) / (hi - lo)) * (plotBottom - plotTop)

  // Date axis: a single date is centred by giving it a day either side.
  let firstDay = dayNumber(series[0]!.date)
  let lastDay = dayNumber(series[series.length - 1]!.date)
  const oneDate = firstDay === lastDay
  if (oneDate) {
    firstDay -= 1
    lastDay += 1
  }
  const x = (day: number) => plotLeft + ((day - firstDay) / (lastDay - firstDay)) * (plotRight - plotLeft)
  const ticks = oneDate
    ? dateTicks(firstDay + 1, firstDay + 1, 1) // label just that date
    : dateTicks(firstDay, lastDay, Math.max(2, Math.floor((plotRight - plotLeft) / 100)))

  const out: string[] = [open(height)]
  out.push(`<text x="${plotLeft}" y="16" font-size="11" fill="#505a5f">Balance owed (below £0 means in credit)</text>\n`)
  out.push('<g class="money-axis" font-size="11" text-anchor="end">\n')
  moneyTicks.forEach((t, i) => {
    const ty = n(y(t))
    if (t !== 0) out.push(`<line x1="${plotLeft}" y1="${ty}" x2="${plotRight}" y2="${ty}" stroke="#e5e6e7"/>\n`)
    out.push(`<text x="${plotLeft - 6}" y="${ty}" dy="0.35em">${escapeXml(labels[i]!)}</text>\n`)
  })
  out.push('</g>\n<g class="date-axis" font-size="11" text-anchor="middle">\n')
  out.push(`<line x1="${plotLeft}" y1="${plotBottom}" x2="${plotRight}" y2="${plotBottom}" stroke="#6f777b"/>\n`)
  for (const t of ticks) {
    const tx = n(x(t.day))
    out.push(`<line x1="${tx}" y1="${plotBottom}" x2="${tx}" y2="${plotBottom + 5}" stroke="#6f777b"/>\n`)
    // Labels are about 6px a character at 11px; keep the ones at either end inside the picture.
    const half = (t.label.length * 6) / 2
    const anchor = x(t.day) - half < 2 ? ' text-anchor="start"' : x(t.day) + half > width - 2 ? ' text-anchor="end"' : ''
    out.push(`<text x="${tx}" y="${plotBottom + 18}"${anchor}>${escapeXml(t.label)}</text>\n`)
  }
  out.push('</g>\n')
  const zeroY = n(y(0))
  out.push(`<line class="zero-line" x1="${plotLeft}" y1="${zeroY}" x2="${plotRight}" y2="${zeroY}" stroke="#0b0c0c" stroke-width="1.5"/>\n`)

  const path: string[] = []
  series.forEach((p, i) => {
    const px = n(x(dayNumber(p.date)))
    const py = n(y(p.balancePence))
    path.push(i === 0 ? `M${px} ${py}` : `H${px}V${py}`)
  })
  out.push(`<path class="balance-line" d="${path.join('')}" fill="none" stroke="#1d70b8" stroke-width="2" stroke-linejoin="round"/>\n`)
  const last = series[series.length - 1]!
  out.push(`<circle cx="${n(x(dayNumber(last.date)))}" cy="${n(y(last.balancePence))}" r="3.5" fill="#1d70b8"/>\n`)
  out.push('</svg>\n')
  return out.join('')
}
