import PDFDocument from 'pdfkit'

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

// The standard fonts use WinAnsiEncoding: printable Latin-1 plus these characters. pdfkit writes
// anything else as a malformed glyph code, so text is folded into this set first.
const WIN_ANSI_EXTRA = new Set(
  '\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178',
)
const FALLBACKS: Record<string, string> = {
  'Ł': 'L', 'ł': 'l', 'Đ': 'D', 'đ': 'd', 'ı': 'i', 'Ħ': 'H', 'ħ': 'h', 'ŀ': 'l', 'Ŀ': 'L',
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2212': '-', '\u00a0': ' ',
}

function isWinAnsi(ch: string): boolean {
  const c = ch.codePointAt(0)!
  return (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || WIN_ANSI_EXTRA.has(ch)
}

/** Text the standard PDF fonts can show: controls become spaces, accents outside Latin-1 are dropped where possible, the rest "?". */
export function toWinAnsi(text: string): string {
  let out = ''
  for (const ch of text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')) {
    if (isWinAnsi(ch)) out += ch
    else if (FALLBACKS[ch]) out += FALLBACKS[ch]
    else {
      const folded = ch.normalize('NFKD').replace(/\p{M}/gu, '')
      out += folded && [...folded].every(isWinAnsi) ? folded : '?'
    }
  }
  return out
}

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

const TABLE_FONT_SIZE = 9
const CELL_PAD_Y = 4
const CELL_GAP = 6

export interface PdfColumn<K extends string> {
  key: K
  /** The header row's text. */
  label: string
  width: number
  align: 'left' | 'right'
}
export type PdfRow<K extends string> = Record<K, string> & { bold?: boolean }

/**
 * A table across the content width that runs on over pages, its header row (the columns' labels) repeated at the top of each. Starts at
 * `top` (or on a new page when the header and a couple of rows would not fit there); `place` adds a row, `y` is
 * where the table ends so far.
 */
export function pdfTable<K extends string>(doc: PDFKit.PDFDocument, text: PdfTextWriter, columns: readonly PdfColumn<K>[], top: number) {
  const header = { ...(Object.fromEntries(columns.map((c) => [c.key, c.label])) as Record<K, string>), bold: true }
  const rowHeight = (row: PdfRow<K>) => {
    doc.font(row.bold ? BOLD : FONT).fontSize(TABLE_FONT_SIZE)
    const heights = columns.map((c) => doc.heightOfString(toWinAnsi(row[c.key]) || ' ', { width: c.width - CELL_GAP }))
    return Math.max(...heights) + CELL_PAD_Y * 2
  }
  const drawRow = (row: PdfRow<K>, at: number, height: number, fill?: string) => {
    if (fill) doc.rect(MARGIN.left, at, CONTENT_WIDTH, height).fillColor(fill).fill()
    doc.font(row.bold ? BOLD : FONT).fontSize(TABLE_FONT_SIZE).fillColor(INK)
    let x = MARGIN.left
    for (const c of columns) {
      const cellText = row[c.key]
      if (cellText) {
        // Right-aligned cells keep the gap on their left; left-aligned ones on their right.
        const cx = c.align === 'right' ? x + CELL_GAP : x
        text(cellText, cx, at + CELL_PAD_Y, { width: c.width - CELL_GAP, align: c.align })
      }
      x += c.width
    }
    doc.moveTo(MARGIN.left, at + height).lineTo(MARGIN.left + CONTENT_WIDTH, at + height).lineWidth(0.5).strokeColor(RULE).stroke()
  }
  const headerHeight = rowHeight(header)
  const drawHeader = (at: number) => {
    drawRow(header, at, headerHeight, HEADER_FILL)
    return at + headerHeight
  }
  let y = top
  // Keep the header with at least a couple of rows: start a new page if there is no room.
  if (y + headerHeight * 3 > TABLE_LIMIT) {
    doc.addPage()
    y = MARGIN.top
  }
  y = drawHeader(y)
  return {
    place(row: PdfRow<K>, fill?: string): void {
      const h = rowHeight(row)
      if (y + h > TABLE_LIMIT) {
        doc.addPage()
        y = drawHeader(MARGIN.top)
      }
      drawRow(row, y, h, fill)
      y += h
    },
    get y(): number {
      return y
    },
  }
}

/** Every page's footer, once the page count is known: `left` on the left (a rule above it unless `rule` is false), "Page n of m" on the right. */
export function drawPageFooters(doc: PDFKit.PDFDocument, text: PdfTextWriter, left: string, opts: { rule?: boolean } = {}): void {
  const range = doc.bufferedPageRange()
  const half = CONTENT_WIDTH / 2
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i)
    if (opts.rule !== false) doc.moveTo(MARGIN.left, FOOTER_Y - 6).lineTo(PAGE.width - MARGIN.right, FOOTER_Y - 6).lineWidth(0.5).strokeColor(RULE).stroke()
    doc.font(FONT).fontSize(8).fillColor(GREY)
    text(left, MARGIN.left, FOOTER_Y, { width: half, lineBreak: false })
    text(`Page ${i + 1} of ${range.count}`, MARGIN.left + half, FOOTER_Y, { width: half, align: 'right', lineBreak: false })
  }
}

/**
 * A new A4 document in the house style, buffered so footers can be drawn once the page count is known: `text`
 * writes text made safe for the built-in font; `done` resolves with the file once `doc.end()` is called. The
 * information strings are Unicode (pdfkit writes UTF-16 when needed), so they are not folded.
 */
export function openA4Document(info: { title: string; author: string; subject: string; creationDate: Date }) {
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    lang: 'en-GB',
    displayTitle: true,
    info: { Title: info.title, Author: info.author, Subject: info.subject, Creator: 'Reeve', Producer: 'Reeve (PDFKit)', CreationDate: info.creationDate },
  })
  const chunks: Buffer[] = []
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  const text = (t: string, x: number, y: number, o: PDFKit.Mixins.TextOptions = {}) => doc.text(toWinAnsi(t), x, y, { lineBreak: true, ...o })
  return { doc, text, done }
}

/** Label and value pairs down the page, labels bold in a column `labelWidth` wide; returns the y below them. */
export function drawParticulars(doc: PDFKit.PDFDocument, text: PdfTextWriter, rows: readonly { label: string; value: string }[], top: number, labelWidth: number): number {
  let y = top
  for (const { label, value } of rows) {
    doc.font(BOLD).fontSize(10)
    text(label, MARGIN.left, y, { width: labelWidth })
    const labelBottom = doc.y
    doc.font(FONT)
    text(value, MARGIN.left + labelWidth + 10, y, { width: CONTENT_WIDTH - labelWidth - 10 })
    y = Math.max(labelBottom, doc.y) + 3
  }
  return y
}
