/**
 * The house look of every PDF Reeve prints (statements, court packs, invoices, letters): A4 page, margins, the
 * GOV.UK palette and PDF's built-in Helvetica. One place, so a council's documents match each other.
 */
export const PAGE = { width: 595.28, height: 841.89 } // A4 in points
export const MARGIN = { top: 50, bottom: 30, left: 50, right: 50 }
export const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right
/** Where a table stops and continues on a new page (room left for the footer). */
export const TABLE_LIMIT = PAGE.height - 72
export const FOOTER_Y = PAGE.height - 50

export const FONT = 'Helvetica'
export const BOLD = 'Helvetica-Bold'
export const INK = '#0b0c0c'
export const GREY = '#505a5f'
export const RULE = '#b1b4b6'
export const BLUE = '#1d70b8'
export const HEADER_FILL = '#f3f2f1'

/** Writes text at a position (the document's own writer, which makes the text safe for the built-in font). */
export type PdfTextWriter = (text: string, x: number, y: number, options?: PDFKit.Mixins.TextOptions) => unknown

/**
 * The council's letterhead at the top of a page: its name, its address lines in grey, and a blue rule. Returns the
 * y position below it, where the document's title goes.
 */
export function drawLetterhead(doc: PDFKit.PDFDocument, text: PdfTextWriter, council: { councilName: string; councilAddress?: string[] | undefined }, top: number = MARGIN.top): number {
  let y = top
  doc.font(BOLD).fontSize(16).fillColor(INK)
  text(council.councilName, MARGIN.left, y, { width: CONTENT_WIDTH })
  y = doc.y + 2
  doc.font(FONT).fontSize(9).fillColor(GREY)
  for (const line of council.councilAddress ?? []) {
    if (!line.trim()) continue
    text(line, MARGIN.left, y, { width: CONTENT_WIDTH })
    y = doc.y
  }
  y += 8
  doc.moveTo(MARGIN.left, y).lineTo(PAGE.width - MARGIN.right, y).lineWidth(3).strokeColor(BLUE).stroke()
  return y + 18
}
