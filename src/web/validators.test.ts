import { describe, expect, it } from 'vitest'
import { escapeLike } from './queries/search-accounts.ts'
import { validateStatementRange } from './routes/accounts/statement-range.validator.ts'
import { safeReturnTo, signInPathFor } from './routes/sign-in/return-to.ts'
import { validateSignIn } from './routes/sign-in/sign-in.validator.ts'
import { validateSearch } from './routes/search/search.validator.ts'
import { balanceText, dateInputItems, findDateError, findError, label, longDate, money, readableDates } from './view-filters.ts'
import { pathOnly } from './server-options.ts'

describe('view filters', () => {
  it.each([
    [123456, '£1,234.56'],
    [-350, '-£3.50'],
    [0, '£0.00'],
  ])('money(%i) is %s', (pence, text) => expect(money(pence)).toBe(text))

  it.each([
    ['2026-11-22', '22 November 2026'],
    ['2026-01-01', '1 January 2026'],
    ['not a date', 'not a date'],
    [null, ''],
  ])('date(%s) is %s', (iso, text) => expect(longDate(iso)).toBe(text))

  it.each([
    [5520, '£55.20 owed'],
    [-1200, '£12.00 in credit'],
    [0, '£0.00'],
  ])('balance(%i) is %s', (pence, text) => expect(balanceText(pence)).toBe(text))

  it('finds the error for a field, or undefined for none', () => {
    const errors = [{ text: 'Enter your username', href: '#username' }, { text: 'Start date must be a real date', href: '#from-month' }]
    expect(findError(errors, 'username')).toEqual({ text: 'Enter your username' })
    expect(findError(errors, 'password')).toBeUndefined()
    expect(findError(undefined, 'password')).toBeUndefined()
    expect(findDateError(errors, 'from')).toEqual({ text: 'Start date must be a real date' })
    expect(dateInputItems({ day: '1', month: '2', year: '2026' }, { text: 'x' })[0]).toEqual({
      name: 'day',
      label: 'Day',
      value: '1',
      classes: 'govuk-input--width-2 govuk-input--error',
    })
  })

  it('labels enum values in the council\'s words', () => {
    expect(label('ta_licence')).toBe('Temporary accommodation licence')
    expect(label('garage_licence')).toBe('Garage licence')
    expect(label(null)).toBe('')
  })
})

describe('validateSignIn', () => {
  it.each([
    [{}, ['Enter your username', 'Enter your password']],
    [{ username: '  ', password: 'x' }, ['Enter your username']],
    [{ username: 'a', password: '' }, ['Enter your password']],
    [{ username: 'a', password: 'b' }, []],
  ])('%j gives %j', (body, texts) => expect(validateSignIn(body).errors.map((e) => e.text)).toEqual(texts))

  it('normalises the username but never touches the password', () => {
    expect(validateSignIn({ username: ' JSmith ', password: ' spaced ' }).form).toEqual({ username: 'jsmith', password: ' spaced ' })
  })
})

describe('safeReturnTo', () => {
  it.each([
    ['/search?q=ab', '/search?q=ab'],
    ['/accounts/RNT1', '/accounts/RNT1'],
    ['//evil.example', undefined],
    ['/\\evil.example', undefined],
    ['https://evil.example/', undefined],
    ['javascript:alert(1)', undefined],
    ['/search\nSet-Cookie: x', undefined],
    ['/sign-in', undefined],
    ['', undefined],
    [42, undefined],
  ])('%j → %j', (value, expected) => expect(safeReturnTo(value)).toBe(expected))

  it('builds the sign-in link', () => {
    expect(signInPathFor('/search?q=a b')).toBe('/sign-in?returnTo=%2Fsearch%3Fq%3Da%2520b')
    expect(signInPathFor('/')).toBe('/sign-in')
    expect(signInPathFor(undefined)).toBe('/sign-in')
  })
})

describe('validateSearch', () => {
  it.each([
    [undefined, false, []],
    ['', false, ['Enter at least 2 characters to search for']],
    [' a ', false, ['Enter at least 2 characters to search for']],
    ['ab', true, []],
    ['x'.repeat(101), false, ['Search for 100 characters or fewer']],
    [['a', 'b'], false, ['Enter at least 2 characters to search for']],
  ])('%j searched=%s errors=%j', (q, searched, texts) => {
    const r = validateSearch(q)
    expect(r.searched).toBe(searched)
    expect(r.errors.map((e) => e.text)).toEqual(texts)
  })
})

describe('escapeLike', () => {
  it('makes %, _ and \\ literal', () => expect(escapeLike('50%_a\\b')).toBe('50\\%\\_a\\\\b'))
})

describe('pathOnly', () => {
  it('drops the query string, where search terms are', () => expect(pathOnly('/search?q=Smith')).toBe('/search'))
})

describe('validateStatementRange', () => {
  // Today is Sunday 22 November 2026; 91 days (13 weeks) earlier is Sunday 23 August 2026.
  const today = '2026-11-22'
  const texts = (q: Record<string, string>) => {
    const r = validateStatementRange(q, today)
    return r.ok ? [] : r.errors.map((e) => `${e.href} ${e.text}`)
  }

  it('defaults to the last 13 weeks', () => {
    expect(validateStatementRange({}, today)).toMatchObject({ ok: true, from: '2026-08-23', to: '2026-11-22', input: { from: { day: '23', month: '8', year: '2026' } } })
    expect(validateStatementRange({ 'from-day': '', 'to-year': ' ' }, today)).toMatchObject({ ok: true, from: '2026-08-23' })
  })

  it('reads ISO dates and day/month/year fields', () => {
    expect(validateStatementRange({ from: '2026-01-01', to: '2026-03-31' }, today)).toMatchObject({ ok: true, from: '2026-01-01', to: '2026-03-31' })
    expect(validateStatementRange({ 'from-day': '1', 'from-month': '1', 'from-year': '2026', 'to-day': '31', 'to-month': '03', 'to-year': '2026' }, today)).toMatchObject({
      ok: true,
      from: '2026-01-01',
      to: '2026-03-31',
    })
  })

  it.each([
    [{ 'from-day': '1', 'from-month': '1', 'from-year': '2026' }, ['#to-day Enter the end date']],
    [{ 'from-day': '1', 'from-year': '2026', to: '2026-02-01' }, ['#from-month Start date must include a month']],
    [{ 'from-year': '2026', to: '2026-02-01' }, ['#from-day Start date must include a day and month']],
    [{ 'from-day': '29', 'from-month': '2', 'from-year': '2026', to: '2026-03-01' }, ['#from-day Start date must be a real date']],
    [{ 'from-day': 'x', 'from-month': '2', 'from-year': '2026', to: '2026-03-01' }, ['#from-day Start date must be a real date']],
    [{ 'from-day': '1', 'from-month': '2', 'from-year': '26', to: '2026-03-01' }, ['#from-day Start date must be a real date']],
    [{ from: '2026-13-01', to: 'tomorrow' }, ['#from-day Start date must be a real date', '#to-day End date must be a real date']],
    [{ from: '2026-03-02', to: '2026-03-01' }, ['#from-day Start date must be the same as or before the end date']],
  ])('%j → %j', (q, expected) => expect(texts(q)).toEqual(expected))
})

describe('readableDates', () => {
  it('writes the ISO dates inside a service message as GOV.UK does, leaving the rest alone', () => {
    expect(readableDates('Hold added, from 2026-11-21 to 2027-01-20')).toBe('Hold added, from 21 November 2026 to 20 January 2027')
    expect(readableDates('Reference 2026-11-219 and £20.26')).toBe('Reference 2026-11-219 and £20.26')
    expect(readableDates('No dates here.')).toBe('No dates here.')
    expect(readableDates('bank-2026-11-21.csv imported; next on 2026-11-23.')).toBe('bank-2026-11-21.csv imported; next on 23 November 2026.')
  })
})
