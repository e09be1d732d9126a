import type { FastifyReply, FastifyRequest } from 'fastify'
import { todayInLondon } from '../../../domain/calendar/dates.ts'
import { writeOffReport, writeOffReportCsv, writeOffReportRows } from '../../../services/write-off/write-off-report.ts'
import { safeFilename, sendAttachment } from '../../downloads.ts'
import { recordPageView } from '../../page-views.ts'
import type { WebDeps } from '../../types.ts'
import { validatePeriod } from './write-off.validator.ts'
import { WRITE_OFF_WORDS } from './write-off-view.ts'

/** Write-offs by reason, account type, approver and month, and write-ons, for a period; and the same lines as CSV. */
export function reportController(deps: WebDeps) {
  return {
    async show(request: FastifyRequest, reply: FastifyReply) {
      const period = validatePeriod(request.query, todayInLondon(deps.now()))
      if (!period.ok) return reply.code(400).view('pages/write-off/report.njk', { ...WRITE_OFF_WORDS, from: period.from, to: period.to, report: null, errors: period.errors })
      recordPageView(deps, request, { action: 'write_off_report.viewed', entityType: 'report', entityId: 'write-offs', after: { from: period.from, to: period.to } })
      const report = await writeOffReport(deps.db, period.from, period.to)
      const csvQuery = new URLSearchParams({ from: period.from, to: period.to }).toString()
      return reply.view('pages/write-off/report.njk', { ...WRITE_OFF_WORDS, from: period.from, to: period.to, report, csvQuery, errors: [] })
    },

    async csv(request: FastifyRequest, reply: FastifyReply) {
      const period = validatePeriod(request.query, todayInLondon(deps.now()))
      if (!period.ok) return reply.code(400).view('pages/write-off/report.njk', { ...WRITE_OFF_WORDS, from: period.from, to: period.to, report: null, errors: period.errors })
      recordPageView(deps, request, { action: 'write_off_report.downloaded', entityType: 'report', entityId: 'write-offs', after: { from: period.from, to: period.to } })
      const csv = writeOffReportCsv(await writeOffReportRows(deps.db, period.from, period.to))
      return sendAttachment(reply, 'text/csv; charset=utf-8', safeFilename(`write-offs-${period.from}-to-${period.to}.csv`), csv)
    },
  }
}
