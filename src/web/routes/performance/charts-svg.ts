/**
 * Server-rendered SVG charts for the performance dashboard, in the house manner of
 * src/documents/balance-chart-svg.ts: no JavaScript, `role="img"` with a <title> and a <desc> that says in words
 * what the chart shows, deterministic output (coordinates to 0.1px, nothing from the clock or locale). Every
 * chart sits beside a table of the same numbers (the text alternative a screen reader or a printer can use), and
 * series differ by line style as well as colour.
 */
import { escapeXml } from '../../../documents/balance-chart-svg.ts'
import { formatPounds } from '../../../domain/money/pence.ts'
import { formatBasisPoints } from '../../../domain/performance/ratio.ts'

export type ChartUnit = 'percent' | 'pence' | 'count'

export interface TrendSeries {
  label: string
  /** One value per week, in the unit (basis points, pence, count); null where there is no figure. */
  values: readonly (number | null)[]
  /** Drawn dashed (a target). */
  dashed?: boolean
}

export interface TrendChartInput {
  title: string
  unit: ChartUnit
  /** The week each value belongs to (Mondays, YYYY-MM-DD), oldest first. */
  weeks: readonly string[]
  series: readonly TrendSeries[]
  width?: number
  height?: number
}

const COLOURS = ['#1d70b8', '#f47738', '#00703c', '#4c2c92']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

function n(value: number): string {
  const r = Math.round(value * 10) / 10
  return (r === 0 ? 0 : r).toFixed(1).replace(/\.0$/, '')
}

export function formatUnit(unit: ChartUnit, value: number): string {
  if (unit === 'percent') return formatBasisPoints(value)
  if (unit === 'pence') return formatPounds(value)
  return value.toLocaleString('en-GB')
}

function axisLabel(unit: ChartUnit, value: number): string {
  if (unit === 'percent') return `${formatBasisPoints(value).replace(/\.00%$/, '%')}`
  if (unit === 'pence') return formatPounds(value).replace(/\.00$/, '')
  return value.toLocaleString('en-GB')
}

/** A 1, 2 or 5 times a power of ten step giving at most about `count` intervals (at least 1). */
function niceStep(range: number, count: number): number {
  const raw = Math.max(range / count, 1)
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  for (const m of [1, 2, 5, 10]) if (m * magnitude >= raw) return m * magnitude
  return 10 * magnitude
}

function shortDate(d: string): string {
  return `${Number(d.slice(8, 10))} ${MONTHS[Number(d.slice(5, 7)) - 1]} ${d.slice(0, 4)}`
}

function hash(text: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return (h >>> 0).toString(16).padStart(8, '0')
}

/** The <desc> of a trend chart: each series' first and last value in words. */
export function describeTrend(input: TrendChartInput): string {
  if (input.weeks.length === 0) return 'No weekly snapshots in this period.'
  const parts = input.series.map((s) => {
    const known = s.values.map((v, i) => ({ v, week: input.weeks[i]! })).filter((p): p is { v: number; week: string } => p.v !== null)
    if (known.length === 0) return `${s.label}: no figures`
    const first = known[0]!
    const last = known[known.length - 1]!
    if (known.length === 1) return `${s.label}: ${formatUnit(input.unit, first.v)} in the week of ${shortDate(first.week)}`
    return `${s.label}: ${formatUnit(input.unit, first.v)} in the week of ${shortDate(first.week)}, ${formatUnit(input.unit, last.v)} in the week of ${shortDate(last.week)}`
  })
  return `${parts.join('; ')}.`
}

/** A line chart of weekly values (one line per series); a gap where a week has no figure. */
export function renderTrendChartSvg(input: TrendChartInput): string {
  const width = input.width ?? 640
  const height = input.height ?? 240
  const id = `trend-${hash(JSON.stringify(input))}`
  const desc = describeTrend(input)
  const head =
    `<svg xmlns="http://www.w3.org/2000/svg" class="reeve-trend-chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `role="img" aria-labelledby="${id}-title ${id}-desc" font-family="Arial, Helvetica, sans-serif" font-size="12" fill="#0b0c0c">\n` +
    `<title id="${id}-title">${escapeXml(input.title)}</title>\n<desc id="${id}-desc">${escapeXml(desc)}</desc>\n`
  const values = input.series.flatMap((s) => s.values.filter((v): v is number => v !== null))
  if (input.weeks.length === 0 || values.length === 0) {
    return `${head}<rect x="0.5" y="0.5" width="${width - 1}" height="47" fill="#ffffff" stroke="#b1b4b6"/>\n<text x="${n(width / 2)}" y="24" text-anchor="middle" dominant-baseline="middle">No weekly snapshots in this period</text>\n</svg>\n`
  }
  // Money and counts read against zero; a rate (collected 96% to 98%) is drawn to its own range, or its changes
  // would be a flat line at the top of the chart. The axis labels say where it starts.
  let lo = input.unit === 'percent' ? Math.min(...values) : Math.min(0, ...values)
  let hi = Math.max(...values)
  if (lo === hi) {
    lo = input.unit === 'percent' ? lo - 100 : lo
    hi = lo + 200
  }
  const plotTop = 24
  const plotBottom = height - 40
  const step = niceStep(hi - lo, 5)
  lo = Math.floor(lo / step) * step
  hi = Math.ceil(hi / step) * step
  const ticks: number[] = []
  for (let t = lo; t <= hi; t += step) ticks.push(t)
  const labels = ticks.map((t) => axisLabel(input.unit, t))
  const plotLeft = Math.max(48, Math.ceil(Math.max(...labels.map((l) => l.length)) * 7 + 14))
  const plotRight = width - 20
  const y = (v: number) => plotBottom - ((v - lo) / (hi - lo)) * (plotBottom - plotTop)
  const count = input.weeks.length
  const x = (i: number) => (count === 1 ? (plotLeft + plotRight) / 2 : plotLeft + (i / (count - 1)) * (plotRight - plotLeft))

  const out = [head, '<g class="value-axis" font-size="11" text-anchor="end">\n']
  ticks.forEach((t, i) => {
    const ty = n(y(t))
    out.push(`<line x1="${plotLeft}" y1="${ty}" x2="${plotRight}" y2="${ty}" stroke="${t === 0 ? '#0b0c0c' : '#e5e6e7'}"/>\n`)
    out.push(`<text x="${plotLeft - 6}" y="${ty}" dy="0.35em">${escapeXml(labels[i]!)}</text>\n`)
  })
  out.push('</g>\n<g class="week-axis" font-size="11" text-anchor="middle">\n')
  const every = Math.max(1, Math.ceil(count / Math.max(2, Math.floor((plotRight - plotLeft) / 90))))
  for (let i = 0; i < count; i += every) {
    const anchor = i === 0 && count > 1 ? ' text-anchor="start"' : ''
    out.push(`<text x="${n(x(i))}" y="${plotBottom + 16}"${anchor}>${escapeXml(shortDate(input.weeks[i]!))}</text>\n`)
  }
  out.push('</g>\n')
  input.series.forEach((s, si) => {
    const colour = COLOURS[si % COLOURS.length]!
    let d = ''
    let pen = false
    s.values.forEach((v, i) => {
      if (v === null) {
        pen = false
        return
      }
      d += `${pen ? 'L' : 'M'}${n(x(i))} ${n(y(v))}`
      pen = true
    })
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : ''
    out.push(`<path class="series" d="${d}" fill="none" stroke="${colour}" stroke-width="2.5"${dash} stroke-linejoin="round"/>\n`)
    s.values.forEach((v, i) => {
      if (v !== null && !s.dashed) out.push(`<circle cx="${n(x(i))}" cy="${n(y(v))}" r="2.5" fill="${colour}"/>\n`)
    })
    // Legend under the axis labels.
    const lx = plotLeft + si * 200
    out.push(`<line x1="${lx}" y1="${height - 10}" x2="${lx + 24}" y2="${height - 10}" stroke="${colour}" stroke-width="2.5"${dash}/>\n`)
    out.push(`<text x="${lx + 30}" y="${height - 10}" dy="0.35em" font-size="11">${escapeXml(s.label)}</text>\n`)
  })
  out.push('</svg>\n')
  return out.join('')
}

export interface FunnelBarInput {
  label: string
  accounts: number
}

/** Horizontal bars, widest at the top: accounts at each level of escalation. */
export function renderFunnelSvg(title: string, bars: readonly FunnelBarInput[], width = 640): string {
  const rowHeight = 30
  const height = Math.max(48, bars.length * rowHeight + 16)
  const id = `funnel-${hash(JSON.stringify([title, bars]))}`
  const desc = bars.length ? `${bars.map((b) => `${b.label}: ${b.accounts.toLocaleString('en-GB')}`).join('; ')}.` : 'No trawl has run yet.'
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="reeve-funnel-chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `role="img" aria-labelledby="${id}-title ${id}-desc" font-family="Arial, Helvetica, sans-serif" font-size="12" fill="#0b0c0c">\n` +
      `<title id="${id}-title">${escapeXml(title)}</title>\n<desc id="${id}-desc">${escapeXml(desc)}</desc>\n`,
  ]
  const labelWidth = 270
  const barLeft = labelWidth + 8
  const barMax = width - barLeft - 70
  const top = Math.max(1, ...bars.map((b) => b.accounts))
  bars.forEach((b, i) => {
    const yTop = 8 + i * rowHeight
    const w = (b.accounts / top) * barMax
    out.push(`<text x="${labelWidth}" y="${n(yTop + 11)}" dy="0.35em" text-anchor="end">${escapeXml(b.label)}</text>\n`)
    out.push(`<rect x="${barLeft}" y="${yTop}" width="${n(Math.max(w, b.accounts > 0 ? 1 : 0))}" height="22" fill="#1d70b8"/>\n`)
    out.push(`<text x="${n(barLeft + w + 6)}" y="${n(yTop + 11)}" dy="0.35em">${b.accounts.toLocaleString('en-GB')}</text>\n`)
  })
  out.push('</svg>\n')
  return out.join('')
}
