import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { InvoiceView } from '../services/invoicing/get-invoice.ts'
import { renderInvoicePdf } from './invoice-pdf.ts'

function hasPdftotext(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

const OPTS = { councilName: 'Borough of Reevesby Council', councilAddress: ['Town Hall, Market Square', 'Reevesby RV1 1AA'], generatedOn: '2026-11-20' }

function sampleInvoice(over: Partial<InvoiceView> = {}): InvoiceView {
  return {
    id: 1,
    invoiceNumber: 'INV-000123',
    issueDate: '2026-11-20',
    dueDate: '2026-12-18',
    source: 'storage',
    period: { start: '2026-10-01', end: '2026-10-31' },
    netPence: 32345,
    vatPence: 2469,
    totalPence: 34814,
    creditedPence: 0,
    outstandingPence: 34814,
    status: 'outstanding',
    raisedBy: 'user:recovery1',
    account: { id: 9, accountNumber: 'STR0100042', paymentReference: '701000421', accountType: 'storage_removals', name: 'Storage and removals' },
    billTo: { names: ['Mrs Zoë Łukasiewicz'], address: ['Flat 3, 12 Station Road', 'Reevesby', 'RV4 2XY'] },
    lines: [
      { id: 1, lineNo: 1, chargeType: 'storage', chargeLabel: 'Storage of belongings', description: 'Storage of furniture, 1 October 2026 to 31 October 2026', netPence: 12345, vatTreatment: 'standard', vatRateBps: 2000, vatPence: 2469, totalPence: 14814 },
      { id: 2, lineNo: 2, chargeType: 'removals', chargeLabel: 'Removals', description: 'Removal to store, 1 October 2026', netPence: 20000, vatTreatment: 'outside_scope', vatRateBps: 0, vatPence: 0, totalPence: 20000 },
    ],
    creditNotes: [],
    loanSchedule: [],
    text: { howToPay: ['By bank transfer: quote your payment reference as the reference.'], dispute: 'If you think this invoice is wrong, contact us within 14 days.', contact: 'Sundry debts team' },
    ...over,
  }
}

describe('renderInvoicePdf', () => {
  it.skipIf(!hasPdftotext())('prints the number, date, payment reference, lines, total, how to pay and the dispute route', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reeve-invoice-'))
    try {
      const file = join(dir, 'invoice.pdf')
      const pdf = await renderInvoicePdf(sampleInvoice(), OPTS)
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
      writeFileSync(file, pdf)
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
      expect(text).toContain('Borough of Reevesby Council')
      expect(text).toMatch(/Invoice number\s+INV-000123/)
      expect(text).toMatch(/Invoice date\s+20 November 2026/)
      expect(text).toMatch(/Payment due by\s+18 December 2026/)
      expect(text).toMatch(/Payment reference\s+701000421/)
      expect(text).toContain('Mrs Zoë Lukasiewicz')
      expect(text).toMatch(/Storage of belongings: Storage of furniture.*20%\s+£123\.45\s+£24\.69\s+£148\.14/)
      expect(text).toMatch(/Removals: Removal to store, 1 October 2026\s+Outside scope\s+£200\.00\s+£0\.00\s+£200\.00/)
      expect(text).toMatch(/Total\s+£323\.45\s+£24\.69\s+£348\.14/)
      expect(text).toContain('Please pay £348.14 by 18 December 2026, quoting your payment reference 701000421.')
      expect(text).toContain('• By bank transfer: quote your payment reference')
      expect(text).toContain('If you disagree with this invoice')
      expect(text).toContain('contact us within 14 days')
      expect(text).toContain('Page 1 of 1')
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' })
      expect(info).toMatch(/Title:\s+Invoice INV-000123/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it.skipIf(!hasPdftotext())('shows credit notes and what is left, and a loan’s repayment schedule', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reeve-invoice-'))
    try {
      const file = join(dir, 'invoice.pdf')
      const inv = sampleInvoice({
        creditNotes: [{ creditNoteNumber: 'CRN-000007', issueDate: '2026-11-25', reason: 'Stored for 3 weeks, not 4', totalPence: 3000, actor: 'cli' }],
        creditedPence: 3000,
        outstandingPence: 31814,
        status: 'part_credited',
        loanSchedule: [
          { instalmentNo: 1, dueOn: '2026-12-01', amountPence: 17407 },
          { instalmentNo: 2, dueOn: '2027-01-01', amountPence: 17407 },
        ],
      })
      writeFileSync(file, await renderInvoicePdf(inv, OPTS))
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
      expect(text).toMatch(/Credit note CRN-000007, 25 Nov 2026: Stored for 3\s+weeks, not 4\s+-£30\.00|Credit note CRN-000007, 25 Nov 2026: Stored for 3\s+-£30\.00\s+weeks, not 4/)
      expect(text).toMatch(/Left to pay on this invoice\s+£318\.14/)
      expect(text).toContain('Repayment schedule')
      expect(text).toContain('1. 1 December 2026: £174.07; 2. 1 January 2027: £174.07')
      expect(text).toContain('Please pay £318.14')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('is reproducible: the same invoice gives the same bytes', async () => {
    expect((await renderInvoicePdf(sampleInvoice(), OPTS)).equals(await renderInvoicePdf(sampleInvoice(), OPTS))).toBe(true)
  })
})
