import type { FastifyReply, FastifyRequest } from 'fastify'
import { todayInLondon } from '../../../domain/calendar/dates.ts'
import { receiptLines, renderReceiptPdf } from '../../../documents/receipt-pdf.ts'
import { AppError } from '../../../errors.ts'
import type { Receipt } from '../../../services/payments/receipt-payment.ts'
import { safeFilename, sendAttachment } from '../../downloads.ts'
import { recordPageView } from '../../page-views.ts'
import { findReceipt } from '../../queries/find-receipt.ts'
import type { WebDeps } from '../../types.ts'

type ReceiptRequest = FastifyRequest<{ Params: { receiptNumber: string } }>

async function loadReceipt(deps: WebDeps, request: ReceiptRequest, format: 'html' | 'pdf'): Promise<Receipt> {
  const { receiptNumber } = request.params
  const receipt = /^[A-Za-z0-9]{1,30}$/.test(receiptNumber) ? await findReceipt(deps.db, receiptNumber) : null
  if (!receipt) throw new AppError('not_found', `No receipt ${receiptNumber}`)
  recordPageView(deps, request, { action: 'receipt.viewed', entityType: 'payment', entityId: receipt.paymentId, after: { format } })
  return receipt
}

/** The printable receipt page and the same receipt as a PDF to keep or send. */
export function receiptController(deps: WebDeps) {
  return {
    async show(request: ReceiptRequest, reply: FastifyReply) {
      const receipt = await loadReceipt(deps, request, 'html')
      return reply.view('pages/payments/receipt.njk', { receipt, lines: receiptLines(receipt) })
    },

    async pdf(request: ReceiptRequest, reply: FastifyReply) {
      const receipt = await loadReceipt(deps, request, 'pdf')
      const pdf = await renderReceiptPdf(receipt, {
        councilName: deps.council.name,
        councilAddress: deps.council.address,
        generatedOn: todayInLondon(deps.now()),
      })
      return sendAttachment(reply, 'application/pdf', `receipt-${safeFilename(receipt.receiptNumber)}.pdf`, pdf)
    },
  }
}
