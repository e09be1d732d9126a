/**
 * Invoice and credit note numbers: a series prefix and at least six digits, `INV-000123`, `CRN-000045`.
 * Numbers come from a counter advanced in the same database transaction as the document, so they run without
 * gaps and are never reused (docs/decisions/0008).
 */
export type DocumentSeries = 'INV' | 'CRN'

export function documentNumber(series: DocumentSeries, n: number): string {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`A document number is a whole number from 1: ${n}`)
  return `${series}-${String(n).padStart(6, '0')}`
}

const NUMBER_RE = /^(INV|CRN)-(\d{6,})$/

/** The series and number of a well-formed document number, else null (typing `inv-123` finds nothing). */
export function parseDocumentNumber(text: string): { series: DocumentSeries; n: number } | null {
  const m = NUMBER_RE.exec(text.trim().toUpperCase())
  if (!m) return null
  const n = Number(m[2])
  return Number.isSafeInteger(n) && n >= 1 && documentNumber(m[1] as DocumentSeries, n) === `${m[1]}-${m[2]}` ? { series: m[1] as DocumentSeries, n } : null
}
