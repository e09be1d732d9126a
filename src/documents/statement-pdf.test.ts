import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { extractPdfText, sampleAccountStatement, withLineDescription } from './statement-fixture.test-helper.ts'
import { toWinAnsi } from './pdf-style.ts'
import { renderStatementPdf } from './statement-pdf.ts'

const OPTS = {
  councilName: 'Northtown Borough Council',
  councilAddress: ['Town Hall', 'High Street', 'Northtown NT1 1AA'],
  generatedOn: '2026-11-16',
}

/** The literal string a pdfkit info entry (e.g. /Title) points at. */
function infoString(pdf: Buffer, key: string): string | undefined {
  const raw = pdf.toString('latin1')
  const ref = new RegExp(`/${key} (\\d+) 0 R`).exec(raw)
  if (!ref) return undefined
  return new RegExp(`\\n${ref[1]} 0 obj\\n\\((.*)\\)\\nendobj`).exec(raw)?.[1]
}

function hasPdftotext(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

describe('renderStatementPdf', () => {
  it('produces a complete PDF file', async () => {
    const pdf = await renderStatementPdf(sampleAccountStatement(6), OPTS)
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(pdf.subarray(-6).toString('latin1')).toMatch(/%%EOF\n?$/)
    expect(pdf.toString('latin1')).toContain('/MediaBox [0 0 595.28 841.89]') // A4
  })

  it('shows the letterhead, account details, period and balances in words', async () => {
    const { text } = extractPdfText(await renderStatementPdf(sampleAccountStatement(6), OPTS))
    for (const expected of [
      'Northtown Borough Council',
      'Town Hall',
      'Rent statement',
      'RNT0000123',
      '100001239',
      'Flat 2, 14 Acacia Avenue, Northtown, NT1 4AA',
      'Ms Jane Smith and Mr Samuel Okafor',
      '24 November 2025 to 14 December 2025',
      '£123.45 owed', // opening
      'Rent w/c 2025-12-01',
      'Payment: Direct Debit',
    ]) {
      expect(text).toContain(expected)
    }
    // 123.45 + 3 x 95.20 - 3 x 90.00 = 139.05
    expect(text).toMatch(/Closing balance\n£139\.05 owed/)
    expect(text).toMatch(/Opening balance\n£123\.45 owed/)
    expect(text).toMatch(/Totals\n£285\.60\n£270\.00/)
  })

  it('calls a credit balance "in credit" and titles a non-rent account "Statement of account"', async () => {
    const s = sampleAccountStatement(2, { openingBalancePence: -120000, account: { accountType: 'garage' } })
    const { text } = extractPdfText(await renderStatementPdf(s, OPTS))
    expect(text).toContain('Statement of account')
    expect(text).not.toContain('Rent statement')
    expect(text).toMatch(/Opening balance\n£1,200\.00 in credit/)
    expect(text).toMatch(/Closing balance\n£1,194\.80 in credit/)
  })

  it('runs 200 lines over several pages, repeating the table header and numbering every page', async () => {
    const { pages, text } = extractPdfText(await renderStatementPdf(sampleAccountStatement(200), OPTS))
    expect(pages.length).toBeGreaterThan(3)
    const header = ['Date', 'Description', 'Debit', 'Credit', 'Balance']
    pages.forEach((page, i) => {
      // Page 1 has the letterhead and summary first; later pages start straight with the header row.
      const at = i === 0 ? page.indexOf('Date') : 0
      expect(at).toBeGreaterThan(i === 0 ? 10 : -1)
      expect(page.slice(at, at + 5)).toEqual(header)
      expect(page.filter((f) => f === 'Description')).toHaveLength(1)
      expect(page.at(-1)).toBe(`Page ${i + 1} of ${pages.length}`)
    })
    // Every line appears exactly once, none lost or repeated at a page break.
    const fragments = text.split('\n')
    expect(fragments.filter((f) => f === 'Payment: Direct Debit')).toHaveLength(100)
    expect(fragments.filter((f) => f.startsWith('Rent w/c '))).toHaveLength(100)
    expect(new Set(fragments.filter((f) => f.startsWith('Rent w/c '))).size).toBe(100)
    // The totals and closing balance come last, on the last page.
    expect(pages.at(-1)!.join('\n')).toMatch(/Totals\n£9,520\.00\n£9,000\.00\n24 Oct 2027\nClosing balance\n£643\.45 owed/)
  })

  it('states the page count in the PDF page tree', async () => {
    const pdf = await renderStatementPdf(sampleAccountStatement(200), OPTS)
    const count = Number(/\/Type \/Pages\n\/Count (\d+)/.exec(pdf.toString('latin1'))?.[1])
    expect(count).toBe(extractPdfText(pdf).pages.length)
    expect(extractPdfText(pdf).text).toContain(`Page ${count} of ${count}`)
  })

  it('says so when there are no transactions in the period', async () => {
    const { pages, text } = extractPdfText(await renderStatementPdf(sampleAccountStatement(0), OPTS))
    expect(pages).toHaveLength(1)
    expect(text).toContain('No transactions in this period')
    expect(text).toMatch(/Totals\n£0\.00\n£0\.00/)
    expect(text).toContain('Page 1 of 1')
  })

  it('sets the document title, author and creation date from the options', async () => {
    const pdf = await renderStatementPdf(sampleAccountStatement(2), OPTS)
    expect(infoString(pdf, 'Title')).toBe('Rent statement RNT0000123, 24 November 2025 to 30 November 2025')
    expect(infoString(pdf, 'Author')).toBe('Northtown Borough Council')
    expect(infoString(pdf, 'CreationDate')).toBe('D:20261116000000Z')
    expect(pdf.toString('latin1')).toContain('/Lang (en-GB)')
  })

  it('is byte-for-byte reproducible for the same statement and generation date', async () => {
    const s = sampleAccountStatement(40)
    const a = await renderStatementPdf(s, OPTS)
    const b = await renderStatementPdf(s, OPTS)
    expect(a.equals(b)).toBe(true)
    const c = await renderStatementPdf(s, { ...OPTS, generatedOn: '2026-11-17' })
    expect(c.equals(a)).toBe(false)
  })

  it('rejects a generation date that is not an ISO date', async () => {
    await expect(renderStatementPdf(sampleAccountStatement(1), { ...OPTS, generatedOn: 'yesterday' })).rejects.toThrow(RangeError)
  })

  it('prints text outside the standard fonts legibly instead of corrupting the page', async () => {
    const s = withLineDescription(sampleAccountStatement(2), 1, 'Refund\tto Łukasz Wróbel – “overpaid” ✓')
    const { text } = extractPdfText(await renderStatementPdf(s, OPTS))
    expect(text).toContain('Refund to Lukasz Wróbel – “overpaid” ?')
    expect(toWinAnsi('Zoë Ångström €5 ž\r\n')).toBe('Zoë Ångström €5 ž  ')
    expect(toWinAnsi('Şahin Dvořák')).toBe('Sahin Dvorák') // á is in WinAnsi; Ş and ř are folded
  })

  // A cross-check with a real PDF parser; poppler-utils is installed by .ci/run, skipped elsewhere without it.
  it.skipIf(!hasPdftotext())('can be read by pdftotext with the account number, balances and lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reeve-statement-'))
    try {
      const file = join(dir, 'statement.pdf')
      writeFileSync(file, await renderStatementPdf(sampleAccountStatement(200), OPTS))
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
      expect(text).toContain('RNT0000123')
      expect(text).toMatch(/Opening balance\s+£123\.45 owed/)
      expect(text).toMatch(/Closing balance\s+£643\.45 owed/)
      expect(text).toContain('Rent w/c 2027-10-18')
      expect(text).toContain('Page 6 of 6')
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' })
      expect(info).toMatch(/Pages:\s+6/)
      expect(info).toMatch(/Title:\s+Rent statement RNT0000123/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
