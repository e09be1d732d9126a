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
