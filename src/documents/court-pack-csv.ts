/**
 * The Practice Direction 55A rent schedule as CSV (RFC 4180, CRLF, formula-injection safe like the statement CSV):
 * every payment due and payment made over the schedule period with the running total of the arrears. The first row
 * brings the arrears forward to the start of the period and the last states the arrears at issue; neither carries
 * an amount due or paid, so the "due" and "paid" columns sum to the period's totals.
 */
import { stringify } from 'csv-stringify/sync'
import { formatPoundsPlain } from '../domain/money/pence.ts'
import { neutraliseFormula } from '../formats/statement-csv.ts'
import type { CourtPack } from '../services/recovery/court-pack.ts'

export const COURT_PACK_CSV_COLUMNS = ['date', 'description', 'due', 'paid', 'arrears'] as const

const amount = (pence: number) => (pence === 0 ? '' : formatPoundsPlain(pence))

export function renderCourtPackCsv(pack: CourtPack): string {
  const s = pack.statement
  const rows = [
    { date: s.from, description: 'Arrears brought forward', due: '', paid: '', arrears: formatPoundsPlain(s.openingBalancePence) },
    ...s.lines.map((l) => ({
      date: l.effectiveDate,
      description: neutraliseFormula(l.description),
      due: amount(l.debitPence),
      paid: amount(l.creditPence),
      arrears: formatPoundsPlain(l.balancePence),
    })),
    { date: s.to, description: pack.issueDateIsClaim ? 'Arrears at issue' : 'Arrears at the end of the schedule', due: '', paid: '', arrears: formatPoundsPlain(s.closingBalancePence) },
  ]
  return stringify(rows, { header: true, columns: [...COURT_PACK_CSV_COLUMNS], record_delimiter: 'windows' })
}
