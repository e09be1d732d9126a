import { describe, expect, it } from 'vitest'
import { describeTrend, renderFunnelSvg, renderTrendChartSvg } from './charts-svg.ts'

const weeks = ['2026-09-28', '2026-10-05', '2026-10-12']

describe('renderTrendChartSvg', () => {
  it('is an image with a title and a description of each line in words', () => {
    const svg = renderTrendChartSvg({
      title: 'Rent collected as % of rent due',
      unit: 'percent',
      weeks,
      series: [
        { label: 'Actual', values: [9650, null, 9712] },
        { label: 'Target', values: [9800, 9800, 9800], dashed: true },
      ],
    })
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="trend-[0-9a-f]{8}-title trend-[0-9a-f]{8}-desc"/)
    expect(svg).toContain('<title id="trend-')
    expect(svg).toContain('Actual: 96.50% in the week of 28 Sep 2026, 97.12% in the week of 12 Oct 2026; Target: 98.00% in the week of 28 Sep 2026, 98.00% in the week of 12 Oct 2026.')
    // A week with no figure breaks the line (two moves, no line through the gap), and the target is dashed.
    const actual = /<path class="series" d="([^"]+)"/.exec(svg)![1]!
    expect(actual.match(/M/g)).toHaveLength(2)
    expect(svg).toContain('stroke-dasharray="6 4"')
  })

  it('is the same bytes for the same input, and escapes text', () => {
    const input = { title: 'Arrears <all> & more', unit: 'pence' as const, weeks, series: [{ label: 'A & B', values: [100_000, 120_000, 90_000] }] }
    expect(renderTrendChartSvg(input)).toBe(renderTrendChartSvg(input))
    expect(renderTrendChartSvg(input)).toContain('Arrears &lt;all&gt; &amp; more')
    expect(renderTrendChartSvg(input)).not.toContain('<all>')
  })

  it('says so when there are no snapshots', () => {
    const svg = renderTrendChartSvg({ title: 'Trend', unit: 'count', weeks: [], series: [{ label: 'Actual', values: [] }] })
    expect(svg).toContain('No weekly snapshots in this period')
    expect(describeTrend({ title: 'Trend', unit: 'count', weeks: [], series: [] })).toBe('No weekly snapshots in this period.')
  })
})

describe('renderFunnelSvg', () => {
  it('draws a bar per level, widest first, and lists the counts in its description', () => {
    const svg = renderFunnelSvg('Recovery levels', [
      { label: 'In arrears', accounts: 100 },
      { label: 'Notice stage or beyond', accounts: 25 },
      { label: 'Eviction stage', accounts: 0 },
    ])
    expect(svg).toContain('<desc id="funnel-')
    expect(svg).toContain('In arrears: 100; Notice stage or beyond: 25; Eviction stage: 0.')
    const widths = [...svg.matchAll(/<rect [^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]))
    expect(widths).toHaveLength(3)
    expect(widths[0]! / widths[1]!).toBeCloseTo(4, 1)
    expect(widths[2]).toBe(0)
  })
})
