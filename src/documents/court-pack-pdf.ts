/**
 * The court pack's rent schedule as an A4 PDF (Practice Direction 55A para 2.3): the particulars a possession claim
 * needs about the arrears — amount due at issue, the daily rate of rent, the notice relied on, previous steps to
 * recover — then the schedule of every payment due and made with the running total of the arrears, paged with
 * the header row repeated and "Page X of Y". Same drawing conventions as the statement PDF (pdfkit, standard
 * Helvetica, text folded to WinAnsi); reproducible, as the only date inside is `generatedOn`.
 */
import { formatPounds } from '../domain/money/pence.ts'
import type { CourtPack } from '../services/recovery/court-pack.ts'
import { describeBalance, formatLongDate, formatShortDate, joinNames } from './statement-html.ts'
import { BOLD, CONTENT_WIDTH, drawLetterhead, drawPageFooters, drawParticulars, FONT, GREY, HEADER_FILL, INK, MARGIN, openA4Document, type PdfColumn, pdfTable, TABLE_LIMIT, toWinAnsi } from './pdf-style.ts'

export interface CourtPackDocumentOptions {
  councilName: string
  councilAddress?: string[]
  generatedOn: string
}

type Key = 'date' | 'description' | 'due' | 'paid' | 'arrears'
const WIDTHS = { date: 62, due: 70, paid: 70, arrears: 90 }
const COLUMNS: PdfColumn<Key>[] = [
  { key: 'date', label: 'Date', width: WIDTHS.date, align: 'left' },
  { key: 'description', label: 'Description', width: CONTENT_WIDTH - WIDTHS.date - WIDTHS.due - WIDTHS.paid - WIDTHS.arrears, align: 'left' },
  { key: 'due', label: 'Due', width: WIDTHS.due, align: 'right' },
  { key: 'paid', label: 'Paid', width: WIDTHS.paid, align: 'right' },
  { key: 'arrears', label: 'Arrears', width: WIDTHS.arrears, align: 'right' },
]

/** The particulars above the schedule, as label and value. */
export function courtPackParticulars(pack: CourtPack, councilName: string): { label: string; value: string }[] {
  const a = pack.account
  const rows: { label: string; value: string | null }[] = [
    { label: 'Claimant', value: councilName },
    { label: a.parties.length === 1 ? 'Defendant' : 'Defendants', value: joinNames(a.parties.map((p) => p.name)) || null },
    { label: 'Property', value: a.propertyAddress },
    { label: 'Account number', value: a.accountNumber },
    { label: 'Court and claim number', value: pack.claim ? `${pack.claim.court}${pack.claim.claimNumber ? `, ${pack.claim.claimNumber}` : ''}` : null },
    { label: pack.issueDateIsClaim ? 'Date of issue' : 'Schedule to', value: formatLongDate(pack.issueDate) },
    { label: 'Schedule period', value: `${formatLongDate(pack.statement.from)} to ${formatLongDate(pack.statement.to)}` },
    { label: 'Why this period', value: pack.basis },
    { label: 'Amount due', value: describeBalance(pack.arrearsAtIssuePence) },
    { label: 'Rent', value: pack.rentWeeklyPence ? `${formatPounds(pack.rentWeeklyPence)} a week; daily rate ${formatPounds(pack.dailyRatePence)}` : null },
    { label: 'All weekly charges', value: pack.grossWeeklyPence && pack.grossWeeklyPence !== pack.rentWeeklyPence ? `${formatPounds(pack.grossWeeklyPence)} a week` : null },
    {
      label: 'Notice relied on',
      value: pack.notice
        ? `${pack.notice.label}, served ${formatLongDate(pack.notice.servedOn)}; proceedings from ${formatLongDate(pack.notice.dateInNotice)}${pack.notice.validUntil ? `, in force until ${formatLongDate(pack.notice.validUntil)}` : ''}; arrears at service ${describeBalance(pack.notice.arrearsAtServicePence)}`
        : null,
    },
  ]
  return rows.filter((r): r is { label: string; value: string } => r.value !== null && r.value !== '')
}

export async function renderCourtPackPdf(pack: CourtPack, opts: CourtPackDocumentOptions): Promise<Buffer> {
  const title = 'Rent schedule'
  const { doc, text, done } = openA4Document({
    title: `${title} ${pack.account.accountNumber} to ${pack.issueDate}`,
    author: opts.councilName,
    subject: `Practice Direction 55A rent schedule for account ${pack.account.accountNumber}`,
    creationDate: new Date(opts.generatedOn),
  })

  let y = drawLetterhead(doc, text, opts)
  doc.font(BOLD).fontSize(20).fillColor(INK)
  text(title, MARGIN.left, y, { width: CONTENT_WIDTH })
  y = doc.y + 2
  doc.font(FONT).fontSize(10).fillColor(GREY)
  text('Schedule of payments due and payments made, with a running total of the arrears (Practice Direction 55A para 2.3)', MARGIN.left, y, { width: CONTENT_WIDTH })
  y = doc.y + 10
  doc.fillColor(INK)
  y = drawParticulars(doc, text, courtPackParticulars(pack, opts.councilName), y, 125)
  y += 12

  const table = pdfTable(doc, text, COLUMNS, y)
  const place = table.place
  const s = pack.statement
  place({ date: formatShortDate(s.from), description: 'Arrears brought forward', due: '', paid: '', arrears: formatPounds(s.openingBalancePence), bold: true })
  if (s.lines.length === 0) place({ date: '', description: 'No payments due or made in this period', due: '', paid: '', arrears: '' })
  for (const l of s.lines) {
    place({
      date: formatShortDate(l.effectiveDate),
      description: l.description,
      due: l.debitPence ? formatPounds(l.debitPence) : '',
      paid: l.creditPence ? formatPounds(l.creditPence) : '',
      arrears: formatPounds(l.balancePence),
    })
  }
  place({ date: '', description: 'Totals', due: formatPounds(s.totalDebitsPence), paid: formatPounds(s.totalCreditsPence), arrears: '', bold: true }, HEADER_FILL)
  place({ date: formatShortDate(s.to), description: pack.issueDateIsClaim ? 'Arrears at issue' : 'Arrears at the end of the schedule', due: '', paid: '', arrears: formatPounds(s.closingBalancePence), bold: true }, HEADER_FILL)

  const notes = [
    'Due: rent and other charges as they fell due. Paid: payments and other credits. A minus figure in the arrears column is money in credit.',
    ...(pack.previousSteps.length ? [`Previous steps to recover the arrears: ${pack.previousSteps.map((p) => `${formatShortDate(p.on)} ${p.what}`).join('; ')}.`] : []),
    `Generated on ${formatLongDate(opts.generatedOn)}.`,
  ]
  y = table.y
  doc.font(FONT).fontSize(9)
  for (const note of notes) {
    const h = doc.heightOfString(toWinAnsi(note), { width: CONTENT_WIDTH }) + 6
    if (y + h + 8 > TABLE_LIMIT) {
      doc.addPage()
      y = MARGIN.top
    }
    y += 6
    doc.fillColor(GREY)
    text(note, MARGIN.left, y, { width: CONTENT_WIDTH })
    y = doc.y
  }

  drawPageFooters(doc, text, `${title} - account ${pack.account.accountNumber}`)
  doc.end()
  return done
}
