import { describe, expect, it } from 'vitest'
import { renderReceiptPdf } from './receipt-pdf.ts'
import { extractPdfText } from './statement-fixture.test-helper.ts'

describe('renderReceiptPdf', () => {
  it('prints the receipt number, amount, method, where collected and the balance after', async () => {
    const pdf = await renderReceiptPdf(
      {
        paymentId: 1,
        receiptNumber: 'RC260000042',
        accountNumber: 'PIT0100203',
        paymentReference: '501002034',
        accountName: 'Pitch 7, Riverside Site',
        payerNames: ['Mr John Smith'],
        method: 'cash',
        amountPence: 4550,
        receivedOn: '2026-11-20',
        reference: null,
        collectedAt: 'Riverside site office',
        takenBy: 'user:officer1',
        balanceAfterPence: -1200,
      },
      { councilName: 'Borough of Reevesby Council', generatedOn: '2026-11-20' },
    )
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    const text = extractPdfText(pdf).text
    for (const s of ['RC260000042', '£45.50', 'Cash', 'Riverside site office', 'PIT0100203', '£12.00 in credit', 'Mr John Smith']) {
      expect(text).toContain(s)
    }
  })
})
