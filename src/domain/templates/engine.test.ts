import { describe, expect, it } from 'vitest'
import { createWorkingDayCalendar } from '../calendar/working-days.ts'
import { catalogueEntries, catalogueProblems, pathProblem } from './catalogue.ts'
import { renderTemplateText, validateTemplateText, type EngineContext } from './engine.ts'
import { parseLetterBody } from './letter-body.ts'

// Thursday 17 December 2026; Christmas Day, Boxing Day (substitute Monday 28th) and New Year's Day are bank holidays.
const ctx: EngineContext = { today: '2026-12-17', language: 'en', calendar: createWorkingDayCalendar(['2026-12-25', '2026-12-28', '2027-01-01']) }

describe('validateTemplateText', () => {
  it('accepts catalogue fields, loops over lists and the allowed filters, and lists the fields read', () => {
    const v = validateTemplateText('Dear {{ recipient.salutation }}\n{% for t in tenants.list %}{{ t.name | upcase }}{% endfor %}\n{{ arrears.amount_pence | money }} {{ direct_debit.collections[0].date }} {{ tenants.list.size }} {{ 14 | working_days_from_today }}', ctx)
    expect(v).toEqual({ ok: true, fields: ['arrears.amount_pence', 'direct_debit.collections[].date', 'recipient.salutation', 'tenants.list', 'tenants.list.size'] })
  })

  it.each([
    ['{{ arrears.amout }}', 1, '"arrears.amout" is not a merge field (arrears has amount, amount_pence, weeks, last_payment_on, last_payment_amount)'],
    ['Hello\n{{ tenant.name }}', 2, '"tenant" is not a merge field'],
    ['{{ arrears.amount.pence }}', 1, '"arrears.amount" is a money printed as text and has no field "pence"'],
    ['{{ tenants.list.name }}', 1, '"tenants.list" is a list: use {% for item in tenants.list %} or tenants.list.size, not "tenants.list.name"'],
  ])('refuses %j, naming the unknown field and its line', (source, line, message) => {
    expect(validateTemplateText(source, ctx)).toEqual({ ok: false, problems: [{ line, message }] })
  })

  it('refuses an unknown filter, a file include and broken syntax', () => {
    const nope = validateTemplateText('x\n{{ arrears.amount | shout }}', ctx)
    expect(nope.ok === false && nope.problems[0]).toMatchObject({ line: 2, message: expect.stringMatching(/^There is no filter "shout"/) })
    // Liquid's own date filter reads the server clock and timezone: not on the list.
    expect(validateTemplateText('{{ "now" | date: "%Y" }}', ctx)).toMatchObject({ ok: false, problems: [{ message: expect.stringMatching(/no filter "date"/) }] })
    for (const tag of ['{% include "/etc/passwd" %}', '{% render "secret" %}', '{% layout "x" %}']) {
      expect(validateTemplateText(tag, ctx)).toMatchObject({ ok: false, problems: [{ line: 1, message: expect.stringMatching(/^The tag "(include|render|layout)" is not allowed/) }] })
    }
    expect(validateTemplateText('{% if arrears.amount_pence > 0 %}owed', ctx)).toMatchObject({ ok: false, problems: [{ line: 1, message: expect.stringMatching(/not closed/) }] })
  })
})

describe('renderTemplateText', () => {
  it('counts working days over Christmas and formats dates in the template language', async () => {
    // 14 working days from Thu 17 Dec 2026 skip four weekends, 25 and 28 December and 1 January.
    expect(await renderTemplateText('{{ 14 | working_days_from_today }} / {{ 28 | days_from_today }} / {{ 12345 | money }}', {}, ctx)).toBe('11 January 2027 / 14 January 2027 / £123.45')
    expect(await renderTemplateText('{{ 1 | working_days_from_today }}', {}, { ...ctx, language: 'cy' })).toBe('18 Rhagfyr 2026')
  })
})

describe('the catalogue', () => {
  it('names every field with a description, and finds data that does not match it', () => {
    const entries = catalogueEntries()
    expect(entries.find((e) => e.path === 'tenants.list[].name')).toMatchObject({ kind: 'text' })
    expect(entries.every((e) => e.description.length > 3)).toBe(true)
    expect(pathProblem(['dates', 'in_14_working_days'])).toBeNull()
    expect(catalogueProblems({ today: 3 }).slice(0, 2)).toEqual(['today: expected text, got 3', 'language: missing'])
  })
})

describe('parseLetterBody', () => {
  it('reads headings, joined paragraphs, hard breaks, bullets, table rows and page breaks', () => {
    expect(parseLetterBody('# Title\nOne line\njoins the next.\n\nName:  \nSigned:\n- a bullet\n| Rent | £100.00 |\n---\n---\n## Reply form\n---\n')).toEqual([
      { type: 'heading', text: 'Title' },
      { type: 'paragraph', lines: ['One line joins the next.'] },
      { type: 'paragraph', lines: ['Name:', 'Signed:'] },
      { type: 'bullet', text: 'a bullet' },
      { type: 'row', cells: ['Rent', '£100.00'] },
      { type: 'page_break' },
      { type: 'subheading', text: 'Reply form' },
    ])
  })
})
