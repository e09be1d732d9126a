import type { BenefitKind, PaymentFileFormat } from '../../../formats/payments/types.ts'
import { fieldsOf, textOf } from '../../form-fields.ts'
import type { FormError } from '../../types.ts'

/** The largest payment file accepted, 10 MB: far more than a day's payments; bigger is a mistake or an attack. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024

export interface UploadFormat {
  value: string
  text: string
  hint: string
  format: PaymentFileFormat
  benefitKind?: BenefitKind
}

/** The kinds of file an officer can upload, as the radios offer them. */
export const UPLOAD_FORMATS: UploadFormat[] = [
  { value: 'bank-csv', text: 'Bank CSV', hint: 'A bank statement or cash office file with date, reference and amount columns', format: 'bank-csv' },
  { value: 'allpay', text: 'allpay, PayPoint or Post Office file', hint: 'The daily fixed-width file from allpay', format: 'allpay' },
  { value: 'housing-benefit', text: 'Housing Benefit schedule', hint: 'Payments from the council’s benefits service', format: 'benefit-schedule', benefitKind: 'housing_benefit' },
  { value: 'universal-credit', text: 'Universal Credit schedule', hint: 'Direct payments of the housing element from DWP', format: 'benefit-schedule', benefitKind: 'universal_credit' },
]

export interface ImportUpload {
  text: string
  fileName: string
  format: PaymentFileFormat
  benefitKind?: BenefitKind
}

export type ImportUploadResult = { ok: true; upload: ImportUpload; input: { format: string } } | { ok: false; errors: FormError[]; input: { format: string } }

/** A file's bytes as text: UTF-8 if they are valid UTF-8, else Windows-style Latin-1 as older bank systems write. */
function decode(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return bytes.toString('latin1')
  }
}

/** Just the file's own name (browsers may send a path), kept short and printable. */
export function cleanFileName(name: string | null | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? ''
  // eslint-disable-next-line no-control-regex -- control characters are what we remove
  return base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200) || 'upload'
}

/** Pure: the uploaded file and which kind it is, or GOV.UK errors. (The size limit is enforced as it uploads.) */
export function validateImportUpload(body: unknown, fileName: string | null): ImportUploadResult {
  const f = fieldsOf(body)
  const input = { format: textOf(f, 'format') }
  const errors: FormError[] = []
  const file = f.file
  const chosen = UPLOAD_FORMATS.find((u) => u.value === input.format)
  if (!Buffer.isBuffer(file) || file.length === 0) errors.push({ text: 'Select a payment file', href: '#file' })
  else if (file.includes(0)) errors.push({ text: 'The selected file must be a CSV or text file', href: '#file' })
  if (!chosen) errors.push({ text: 'Select what kind of file it is', href: '#format' })
  if (errors.length || !chosen || !Buffer.isBuffer(file)) return { ok: false, errors, input }
  const upload: ImportUpload = { text: decode(file), fileName: cleanFileName(fileName), format: chosen.format }
  if (chosen.benefitKind) upload.benefitKind = chosen.benefitKind
  return { ok: true, upload, input }
}
