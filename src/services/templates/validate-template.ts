/**
 * Checks a template as an administrator saves it: the body (and an e-mail's subject) must parse and use only the
 * catalogue's fields and the allowed filters and tags; an SMS must be short enough. Every problem names the part
 * (body or subject) and the line.
 */
import { loadWorkingDayCalendar } from '../../calendar-data.ts'
import { todayInLondon } from '../../domain/calendar/dates.ts'
import { validateTemplateText } from '../../domain/templates/engine.ts'
import type { Language } from '../../domain/templates/format.ts'
import type { FieldProblem } from '../../errors.ts'
import type { TemplateChannel } from './templates.ts'

/** Three SMS fragments (GOV.UK Notify bills per 160-character fragment); the merge fields make it longer. */
export const MAX_SMS_TEMPLATE_LENGTH = 459

export function templateProblems(t: { channel: TemplateChannel; language: Language; body: string; subject: string | null }): { problems: FieldProblem[]; fields: string[] } {
  const ctx = { today: todayInLondon(new Date()), language: t.language, calendar: loadWorkingDayCalendar() }
  const problems: FieldProblem[] = []
  const fields = new Set<string>()
  const parts: [string, string][] = [['body', t.body]]
  if (t.channel === 'email') parts.push(['subject', t.subject ?? ''])
  for (const [field, text] of parts) {
    if (!text.trim()) {
      problems.push({ field, message: `Enter the ${field === 'body' ? 'text of the template' : 'e-mail subject'}` })
      continue
    }
    const v = validateTemplateText(text, ctx)
    if (v.ok) v.fields.forEach((f) => fields.add(f))
    else for (const p of v.problems) problems.push({ field, line: p.line || undefined, message: `${p.line ? `Line ${p.line}: ` : ''}${p.message}` })
  }
  if (t.channel === 'sms' && t.body.length > MAX_SMS_TEMPLATE_LENGTH) problems.push({ field: 'body', message: `A text message template must be ${MAX_SMS_TEMPLATE_LENGTH} characters or fewer` })
  return { problems, fields: [...fields].sort() }
}
