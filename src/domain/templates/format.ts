/**
 * Words and dates in the template's language. Welsh month names are the standard ones; the wording of every Welsh
 * template is for the council's translation service to confirm (Welsh Language Standards) [assumption].
 */
import type { IsoDate } from '../calendar/dates.ts'

export const LANGUAGES = ['en', 'cy'] as const
export type Language = (typeof LANGUAGES)[number]

const MONTHS: Record<Language, readonly string[]> = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  cy: ['Ionawr', 'Chwefror', 'Mawrth', 'Ebrill', 'Mai', 'Mehefin', 'Gorffennaf', 'Awst', 'Medi', 'Hydref', 'Tachwedd', 'Rhagfyr'],
}

/** 2026-11-22 as "22 November 2026" (or "22 Tachwedd 2026"); empty for empty. */
export function formatDate(iso: IsoDate | null | undefined, language: Language = 'en'): string {
  if (!iso) return ''
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso)
  const month = m ? MONTHS[language][Number(m[2]) - 1] : undefined
  return m && month ? `${Number(m[3])} ${month} ${m[1]}` : iso
}

export function isLanguage(v: unknown): v is Language {
  return typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v)
}

/** "A", "A and B", "A, B and C" (Welsh: "a"). */
export function joinWords(items: readonly string[], language: Language = 'en'): string {
  const and = language === 'cy' ? 'a' : 'and'
  if (items.length <= 1) return items[0] ?? ''
  return `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`
}
