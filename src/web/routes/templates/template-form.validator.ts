import { isLanguage, type Language } from '../../../domain/templates/format.ts'
import { fieldsOf, textOf } from '../../form-fields.ts'
import type { FormError } from '../../types.ts'

export interface TemplateFormInput {
  title: string
  subject: string
  body: string
  description: string
}

/** Pure: the edit form as typed (the body keeps its line breaks), or the GOV.UK errors for what is missing. */
export function validateTemplateForm(body: unknown, channel: string): { ok: true; input: TemplateFormInput } | { ok: false; input: TemplateFormInput; errors: FormError[] } {
  const f = fieldsOf(body)
  const raw = typeof f.body === 'string' ? f.body.replaceAll('\r\n', '\n') : ''
  const input = { title: textOf(f, 'title'), subject: textOf(f, 'subject'), body: raw, description: textOf(f, 'description') }
  const errors: FormError[] = []
  if (!input.title) errors.push({ text: 'Enter a title', href: '#title' })
  if (channel === 'email' && !input.subject) errors.push({ text: 'Enter the e-mail subject', href: '#subject' })
  if (!input.body.trim()) errors.push({ text: 'Enter the text of the template', href: '#body' })
  return errors.length ? { ok: false, input, errors } : { ok: true, input }
}

export function languageParam(v: string): Language | null {
  return isLanguage(v) ? v : null
}
