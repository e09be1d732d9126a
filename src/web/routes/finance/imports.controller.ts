import type { FastifyReply, FastifyRequest } from 'fastify'
import { todayInLondon } from '../../../domain/calendar/dates.ts'
import { formatPounds } from '../../../domain/money/pence.ts'
import { AppError, httpStatusFor, isAppError } from '../../../errors.ts'
import { importPaymentFile } from '../../../services/payments/import-payment-file.ts'
import { requestActor } from '../../actor.ts'
import { setFlash } from '../../flash.ts'
import { recordPageView } from '../../page-views.ts'
import { findImport, listRecentImports } from '../../queries/list-payment-imports.ts'
import type { FormError, WebDeps } from '../../types.ts'
import { UPLOAD_FORMATS, validateImportUpload } from './import-upload.validator.ts'

const NOTHING_POSTED = 'Nothing was posted. Correct the file and upload it again.'

/**
 * A refused file for the error summary: each bad line as an error ("Line 14, amount: …") under the service's
 * own message; or, for a file refused as a whole (already imported), that message alone.
 */
export function fileRefusal(err: AppError): { errors: FormError[]; description: string | undefined } {
  if (err.details.length === 0) {
    return { errors: [{ text: err.userMessage, href: '#file' }], description: err.code === 'conflict' ? undefined : NOTHING_POSTED }
  }
  const errors = err.details.map((d) => ({ text: `${d.line ? `Line ${d.line}, ` : ''}${d.field}: ${d.message}`, href: '#file' }))
  const message = /[.!?]$/.test(err.userMessage) ? err.userMessage : `${err.userMessage}.`
  return { errors, description: `${message} ${NOTHING_POSTED}` }
}

/** Upload a payment file (posted whole or not at all), see what it did, and the files imported lately. */
export function importsController(deps: WebDeps) {
  async function render(reply: FastifyReply, status: number, input: { format: string }, errors: FormError[], errorDescription?: string) {
    const imports = await listRecentImports(deps.db)
    return reply.code(status).view('pages/finance/imports.njk', { formats: UPLOAD_FORMATS, imports, input, errors, errorDescription })
  }

  return {
    async list(_request: FastifyRequest, reply: FastifyReply) {
      return render(reply, 200, { format: '' }, [])
    },

    async upload(request: FastifyRequest, reply: FastifyReply) {
      const result = validateImportUpload(request.body, request.uploadedFileName)
      if (!result.ok) return render(reply, 400, result.input, result.errors)
      try {
        const summary = await importPaymentFile(deps.db, { ...result.upload, today: todayInLondon(deps.now()), actor: requestActor(request) })
        setFlash(request, {
          heading: `${result.upload.fileName} imported`,
          lines: [
            `${summary.count} payment${summary.count === 1 ? '' : 's'}, ${formatPounds(summary.totalPence)}: ` +
              `${summary.matched} matched to accounts, ${summary.suspense} in suspense.`,
          ],
        })
        return reply.redirect(`/finance/imports/${summary.importId}`, 303)
      } catch (err) {
        if (!isAppError(err) || (err.code !== 'validation' && err.code !== 'conflict')) throw err
        const refused = fileRefusal(err)
        return render(reply, httpStatusFor[err.code], result.input, refused.errors, refused.description)
      }
    },

    async show(request: FastifyRequest<{ Params: { importId: string } }>, reply: FastifyReply) {
      const { importId } = request.params
      const found = /^[1-9]\d{0,14}$/.test(importId) ? await findImport(deps.db, Number(importId)) : null
      if (!found) throw new AppError('not_found', `No payment import ${importId}`)
      recordPageView(deps, request, { action: 'payment_import.viewed', entityType: 'payment_import', entityId: found.id })
      return reply.view('pages/finance/import.njk', { imp: found })
    },
  }
}
