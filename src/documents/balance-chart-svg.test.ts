import { describe, expect, it } from 'vitest'
import { addDays } from '../domain/calendar/dates.ts'
import { buildStatement } from '../domain/ledger/statement.ts'
import {
  balancePointsFromStatement,
  describeBalanceSeries,
  renderBalanceChartSvg,
  type BalancePoint,
} from './balance-chart-svg.ts'
import { markupNestingProblems, sampleAccountStatement } from './statement-fixture.test-helper.ts'

const YEAR: BalancePoint[] = [
  { date: '2025-11-24', balancePence: 0 },
  { date: '2026-03-01', balancePence: 130000 },
  { date: '2026-11-16', balancePence: 124050 },
]

/** The y coordinate of every vertex of the balance line, in order. */
function lineYs(svg: string): number[] {
  const d = /<path class="balance-line" d="([^"]+)"/.exec(svg)?.[1] ?? ''
  const first = /^M[\d.-]+ ([\d.-]+)/.exec(d)
  return [Number(first?.[1]), ...[...d.matchAll(/V([\d.-]+)/g)].map((m) => Number(m[1]))]
}

function zeroLineY(svg: string): number {
  return Number(/<line class="zero-line" x1="[\d.]+" y1="([\d.-]+)"/.exec(svg)?.[1])
}

function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!)
}

function entry(postingId: number, effectiveDate: string, amountPence: number) {
  return { postingId, effectiveDate, postingDate: effectiveDate, description: 'x', postingType: 'rent', txnType: 'charge', amountPence }
}

describe('balancePointsFromStatement', () => {
  it('starts with the opening balance, gives one end-of-day point per date and ends at the period end', () => {
    const statement = buildStatement('2026-04-01', '2026-04-30', 5000, [
      entry(1, '2026-04-01', 1000),
      entry(2, '2026-04-06', 9520),
      entry(3, '2026-04-06', -9000),
      entry(4, '2026-04-06', -500),
      entry(5, '2026-04-13', 9520),
    ])
    expect(balancePointsFromStatement(statement)).toEqual([
      { date: '2026-04-01', balancePence: 5000 },
      { date: '2026-04-01', balancePence: 6000 },
      { date: '2026-04-06', balancePence: 6020 },
      { date: '2026-04-13', balancePence: 15540 },
      { date: '2026-04-30', balancePence: 15540 },
    ])
  })

  it('does not add a period-end point when the last transaction is on the last day', () => {
    const statement = buildStatement('2026-04-01', '2026-04-13', 0, [entry(1, '2026-04-13', 100)])
    expect(balancePointsFromStatement(statement)).toEqual([
      { date: '2026-04-01', balancePence: 0 },
      { date: '2026-04-13', balancePence: 100 },
    ])
  })

  it('gives the opening and closing balance for a period with no transactions', () => {
    expect(balancePointsFromStatement(sampleAccountStatement(0).statement)).toEqual([
      { date: '2025-11-24', balancePence: 12345 },
      { date: '2025-11-30', balancePence: 12345 },
    ])
  })
})

describe('renderBalanceChartSvg', () => {
  it('is an accessible image named by its title and described in words', () => {
    const svg = renderBalanceChartSvg(YEAR, { title: 'Rent account balance' })
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" /)
    expect(svg).toContain('role="img"')
    const [titleId, descId] = /aria-labelledby="([^" ]+) ([^" ]+)"/.exec(svg)!.slice(1)
    expect(svg).toContain(`<title id="${titleId}">Rent account balance</title>`)
    expect(svg).toContain(
      `<desc id="${descId}">Balance rose from £0.00 on 2025-11-24 to £1,240.50 on 2026-11-16; highest £1,300.00. ` +
        'Amounts above zero are owed; amounts below zero are in credit.</desc>',
    )
    expect(markupNestingProblems(svg)).toEqual([])
  })

  it('labels money ticks in pounds from zero upwards and a few month ticks along the date axis', () => {
    const labels = texts(renderBalanceChartSvg(YEAR))
    expect(labels).toEqual(expect.arrayContaining(['£0', '£500', '£1,000', '£1,500']))
    expect(labels).toEqual(expect.arrayContaining(['Jan 2026', 'Apr 2026', 'Jul 2026', 'Oct 2026']))
    expect(labels.filter((l) => /^\w{3} \d{4}$/.test(l)).length).toBeLessThanOrEqual(6)
  })

  it('labels days rather than months over a short period', () => {
    const points = sampleAccountStatement(4).statement
    const labels = texts(renderBalanceChartSvg(balancePointsFromStatement(points)))
    expect(labels).toContain('24 Nov 2025')
    expect(labels.some((l) => /^\w{3} \d{4}$/.test(l))).toBe(false)
  })

  it('draws arrears above the zero line and credit below it', () => {
    const svg = renderBalanceChartSvg([
      { date: '2026-01-05', balancePence: 20000 },
      { date: '2026-02-02', balancePence: -15000 },
      { date: '2026-03-02', balancePence: 5000 },
    ])
    const zero = zeroLineY(svg)
    const [owed, credit, owedAgain] = lineYs(svg)
    expect(owed).toBeLessThan(zero) // SVG y grows downwards
    expect(credit).toBeGreaterThan(zero)
    expect(owedAgain).toBeLessThan(zero)
    expect(owed).toBeLessThan(owedAgain!)
    expect(texts(svg)).toEqual(expect.arrayContaining(['-£100', '£0', '£200']))
    expect(svg).toContain('lowest -£150.00')
  })

  it('steps: each balance holds flat until the next date, then moves vertically', () => {
    const svg = renderBalanceChartSvg(YEAR)
    const d = /<path class="balance-line" d="([^"]+)"/.exec(svg)![1]!
    expect(d).toMatch(/^M[\d.]+ [\d.]+(H[\d.]+V[\d.]+){2}$/)
  })

  it('is deterministic and gives different charts different element ids', () => {
    expect(renderBalanceChartSvg(YEAR)).toBe(renderBalanceChartSvg([...YEAR]))
    const idOf = (svg: string) => /<title id="([^"]+)"/.exec(svg)![1]
    expect(idOf(renderBalanceChartSvg(YEAR))).not.toBe(idOf(renderBalanceChartSvg(YEAR.slice(1))))
  })

  it('sorts points into date order', () => {
    expect(renderBalanceChartSvg([...YEAR].reverse())).toBe(renderBalanceChartSvg(YEAR))
  })

  it('escapes the title', () => {
    const svg = renderBalanceChartSvg(YEAR, { title: '<Rent & "arrears">' })
    expect(svg).toContain('>&lt;Rent &amp; &quot;arrears&quot;&gt;</title>')
    expect(markupNestingProblems(svg)).toEqual([])
  })

  it('uses the width and height asked for', () => {
    expect(renderBalanceChartSvg(YEAR, { width: 900, height: 300 })).toContain('width="900" height="300" viewBox="0 0 900 300"')
  })

  describe('edge cases never produce NaN or broken markup', () => {
    const cases: [string, BalancePoint[]][] = [
      ['a single point', [{ date: '2026-01-05', balancePence: 4200 }]],
      ['a single zero point', [{ date: '2026-01-05', balancePence: 0 }]],
      ['all-equal values', [{ date: '2026-01-05', balancePence: 500 }, { date: '2026-06-01', balancePence: 500 }]],
      ['all zero', [{ date: '2026-01-05', balancePence: 0 }, { date: '2026-01-12', balancePence: 0 }]],
      ['all in credit', [{ date: '2026-01-05', balancePence: -500 }, { date: '2026-01-12', balancePence: -90000 }]],
      ['two points on one date', [{ date: '2026-01-05', balancePence: 0 }, { date: '2026-01-05', balancePence: 9520 }]],
      ['pennies', [{ date: '2026-01-05', balancePence: 1 }, { date: '2026-01-06', balancePence: 37 }]],
      ['decades', [{ date: '1990-01-01', balancePence: 0 }, { date: '2026-01-01', balancePence: 123456789 }]],
      ['no points', []],
    ]
    it.each(cases)('%s', (_, points) => {
      const svg = renderBalanceChartSvg(points)
      expect(svg).not.toMatch(/NaN|Infinity|undefined|null/)
      expect(markupNestingProblems(svg)).toEqual([])
      expect(svg).toMatch(/<title id="[^"]+">Account balance over time<\/title>/)
      expect(svg).toMatch(/<desc id="[^"]+">[^<]+<\/desc>/)
    })

    it('shows a short "No transactions in this period" message for no points', () => {
      const svg = renderBalanceChartSvg([])
      expect(texts(svg)).toEqual(['No transactions in this period'])
      expect(svg).not.toContain('<path')
      expect(svg).toContain('height="48"')
    })

    it('labels the one date of a single point and puts the point on the zero line when it is zero', () => {
      const svg = renderBalanceChartSvg([{ date: '2026-01-05', balancePence: 0 }])
      expect(texts(svg)).toContain('5 Jan 2026')
      expect(lineYs(svg)[0]).toBe(zeroLineY(svg))
    })

    it('handles thousands of points', () => {
      const points = Array.from({ length: 20_000 }, (_, i) => ({ date: addDays('2000-01-03', i), balancePence: ((i + 3) % 7) * 1000 - 2000 }))
      const svg = renderBalanceChartSvg(points)
      expect(svg).toContain('highest £40.00; lowest -£20.00')
      expect(svg).not.toContain('NaN')
    })
  })

  it('rejects invalid dates and amounts that are not whole pence', () => {
    expect(() => renderBalanceChartSvg([{ date: '2026-02-30', balancePence: 0 }])).toThrow(RangeError)
    expect(() => renderBalanceChartSvg([{ date: '2026-02-01', balancePence: 1.5 }])).toThrow(RangeError)
  })
})

describe('describeBalanceSeries', () => {
  it.each<[string, BalancePoint[], string]>([
    ['a fall', [{ date: '2026-01-05', balancePence: 50000 }, { date: '2026-02-02', balancePence: 1000 }], 'Balance fell from £500.00 on 2026-01-05 to £10.00 on 2026-02-02; highest £500.00'],
    ['no change', [{ date: '2026-01-05', balancePence: 700 }, { date: '2026-02-02', balancePence: 700 }], 'Balance stayed at £7.00 from 2026-01-05 to 2026-02-02'],
    [
      'a round trip',
      [{ date: '2026-01-05', balancePence: 700 }, { date: '2026-01-12', balancePence: -300 }, { date: '2026-02-02', balancePence: 700 }],
      'Balance was £7.00 on 2026-01-05 and again on 2026-02-02; highest £7.00; lowest -£3.00',
    ],
    ['one point', [{ date: '2026-01-05', balancePence: 700 }], 'Balance was £7.00 on 2026-01-05'],
  ])('summarises %s', (_, points, expected) => {
    expect(describeBalanceSeries(points)).toBe(`${expected}. Amounts above zero are owed; amounts below zero are in credit.`)
  })

  it('says there were no transactions for an empty series', () => {
    expect(describeBalanceSeries([])).toBe('No transactions in this period')
  })
})
