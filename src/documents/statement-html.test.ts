import { describe, expect, it } from 'vitest'
import { markupNestingProblems, sampleAccountStatement, withLineDescription } from './statement-fixture.test-helper.ts'
import { describeBalance, escapeHtml, formatLongDate, joinNames, renderStatementHtml, statementTitle } from './statement-html.ts'

const OPTS = {
  councilName: 'Northtown Borough Council',
  councilAddress: ['Town Hall', 'High Street', 'Northtown NT1 1AA'],
  generatedOn: '2026-11-16',
}

/** The text of each <tbody> row, cells joined by " | ", tags stripped. */
function bodyRows(html: string): string[] {
  const tbody = /<tbody>([^]*?)<\/tbody>/.exec(html)?.[1] ?? ''
  return [...tbody.matchAll(/<tr>([^]*?)<\/tr>/g)].map((r) =>
    [...r[1]!.matchAll(/<(?:td|th)[^>]*>([^]*?)<\/(?:td|th)>/g)].map((c) => c[1]).join(' | '),
  )
}

describe('renderStatementHtml', () => {
  it('is a standalone English (UK) HTML5 document with a title and no scripts or external files', () => {
    const html = renderStatementHtml(sampleAccountStatement(4), OPTS)
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en-GB">')).toBe(true)
    expect(html).toContain('<meta charset="utf-8">')
    expect(html).toContain(
      '<title>Rent statement for account RNT0000123, 24 November 2025 to 7 December 2025 - Northtown Borough Council</title>',
    )
    expect(html).not.toMatch(/<script|<link|\ssrc=|\shref=|@import|url\(/i)
    expect(markupNestingProblems(html)).toEqual([])
    expect(html.match(/<h1>/g)).toHaveLength(1)
  })

  it('shows the letterhead and a summary of the account, period and balances in words', () => {
    const html = renderStatementHtml(sampleAccountStatement(4), OPTS)
    expect(html).toContain('<p class="council">Northtown Borough Council</p>')
    expect(html).toContain('<address>Town Hall<br>\nHigh Street<br>\nNorthtown NT1 1AA</address>')
    expect(html).toContain('<h1>Rent statement</h1>')
    for (const [label, value] of [
      ['Account number', 'RNT0000123'],
      ['Payment reference', '100001239'],
      ['Address', 'Flat 2, 14 Acacia Avenue, Northtown, NT1 4AA'],
      ['Account holders', 'Ms Jane Smith and Mr Samuel Okafor'],
      ['Statement period', '24 November 2025 to 7 December 2025'],
      ['Opening balance', '£123.45 owed'],
      ['Closing balance', '£133.85 owed'],
    ]) {
      expect(html).toContain(`<dt>${label}</dt><dd>${value}</dd>`)
    }
  })

  it('lists the lines in an accessible table with a caption, column headers and row headers', () => {
    const html = renderStatementHtml(sampleAccountStatement(4), OPTS)
    expect(html).toContain('<caption>Transactions from 24 November 2025 to 7 December 2025</caption>')
    expect(html.match(/<th scope="col"[^>]*>/g)).toHaveLength(5)
    expect(bodyRows(html)).toEqual([
      '24 Nov 2025 | Opening balance |  |  | £123.45 owed',
      '24 Nov 2025 | Rent w/c 2025-11-24 | £95.20 |  | £218.65 owed',
      '28 Nov 2025 | Payment: Direct Debit |  | £90.00 | £128.65 owed',
      '1 Dec 2025 | Rent w/c 2025-12-01 | £95.20 |  | £223.85 owed',
      '5 Dec 2025 | Payment: Direct Debit |  | £90.00 | £133.85 owed',
    ])
    expect(html).toMatch(/<th scope="row">Totals<\/th><td class="num">£190\.40<\/td><td class="num">£180\.00<\/td>/)
    expect(html).toMatch(/<th scope="row">Closing balance<\/th><td class="num"><\/td><td class="num"><\/td><td class="num">£133\.85 owed<\/td>/)
  })

  it('escapes every piece of account data, so a description cannot inject markup', () => {
    let s = withLineDescription(sampleAccountStatement(2), 0, '<script>alert("x")</script> & <b>bold</b>')
    s = {
      ...s,
      account: {
        ...s.account,
        accountNumber: 'RNT"><img src=x onerror=alert(1)>',
        propertyAddress: "O'Brien's <Flat>",
        parties: [{ id: 1, partyRef: 'P1', name: '<i>Eve</i>' }],
      },
    }
    const html = renderStatementHtml(s, { ...OPTS, councilName: 'A & B <Council>', councilAddress: ['<svg onload=alert(1)>'] })
    expect(html).not.toContain('<script')
    expect(html).not.toContain('<img')
    expect(html).not.toContain('<i>')
    expect(html).not.toContain('<b>')
    expect(html).not.toContain('<svg onload')
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;')
    expect(html).toContain('O&#39;Brien&#39;s &lt;Flat&gt;')
    expect(html).toContain('<p class="council">A &amp; B &lt;Council&gt;</p>')
    expect(html).toContain('<dt>Account holder</dt><dd>&lt;i&gt;Eve&lt;/i&gt;</dd>')
    expect(markupNestingProblems(html)).toEqual([])
  })

  it('uses "in credit" for credit balances and "Statement of account" for non-rent accounts', () => {
    const s = sampleAccountStatement(0, { openingBalancePence: -1200, account: { accountType: 'former_tenant', paymentReference: null } })
    const html = renderStatementHtml(s, { councilName: 'Northtown Borough Council', generatedOn: '2026-11-16T09:30:00Z' })
    expect(html).toContain('<h1>Statement of account</h1>')
    expect(html).toContain('<dt>Opening balance</dt><dd>£12.00 in credit</dd>')
    expect(html).not.toContain('Payment reference')
    expect(html).not.toContain('<address>')
    expect(bodyRows(html)).toEqual(['24 Nov 2025 | Opening balance |  |  | £12.00 in credit', ' | No transactions in this period'])
    expect(html).toContain('Generated on 16 November 2026.')
  })

  it('includes the balance chart as an accessible image', () => {
    const html = renderStatementHtml(sampleAccountStatement(4), OPTS)
    expect(html).toMatch(/<figure>\n<svg [^>]*role="img"/)
    expect(html).toContain('Balance rose from £123.45 on 2025-11-24 to £133.85 on 2025-12-07; highest £223.85.')
  })
})

describe('statement wording', () => {
  it('describes positive balances as owed, negative as in credit and zero as plain £0.00', () => {
    expect(describeBalance(123456)).toBe('£1,234.56 owed')
    expect(describeBalance(-1200)).toBe('£12.00 in credit')
    expect(describeBalance(0)).toBe('£0.00')
  })

  it('titles rent accounts "Rent statement" and others "Statement of account"', () => {
    expect(statementTitle('rent')).toBe('Rent statement')
    expect(statementTitle('garage')).toBe('Statement of account')
    expect(statementTitle('sundry')).toBe('Statement of account')
  })

  it('writes dates and name lists the GOV.UK way', () => {
    expect(formatLongDate('2026-03-01')).toBe('1 March 2026')
    expect(formatLongDate('2026-11-16T10:00:00Z')).toBe('16 November 2026')
    expect(joinNames([])).toBe('')
    expect(joinNames(['A'])).toBe('A')
    expect(joinNames(['A', 'B', 'C'])).toBe('A, B and C')
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;')
  })
})
