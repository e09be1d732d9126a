import { describe, expect, it } from 'vitest'
import { validateAddNote } from './add-note.validator.ts'
import { blankRecordContact, validateRecordContact } from './record-contact.validator.ts'

// Sunday 22 November 2026, 12:00 in London (GMT).
const NOW = new Date('2026-11-22T12:00:00Z')
const ctx = { partyIds: [11, 12], now: NOW }

const good = {
  partyId: '12',
  direction: 'out',
  channel: 'phone',
  'contactedOn-day': '22',
  'contactedOn-month': '11',
  'contactedOn-year': '2026',
  contactedTime: '10:30',
  outcome: 'promise_to_pay',
  summary: 'Will pay £20 on Friday.\r\nCall back next week.',
}

describe('validateRecordContact', () => {
  it('reads a contact, in London time, with line breaks as \\n', () => {
    const result = validateRecordContact(good, ctx)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.form).toEqual({
      partyId: 12,
      direction: 'out',
      channel: 'phone',
      contactedAt: new Date('2026-11-22T10:30:00Z'),
      outcome: 'promise_to_pay',
      summary: 'Will pay £20 on Friday.\nCall back next week.',
    })
  })

  it('reads a summer contact as British Summer Time, and someone else as no party', () => {
    const result = validateRecordContact({ ...good, partyId: 'other', 'contactedOn-day': '1', 'contactedOn-month': '8' }, ctx)
    expect(result.ok && result.form.contactedAt.toISOString()).toBe('2026-08-01T09:30:00.000Z')
    expect(result.ok && result.form.partyId).toBeNull()
  })

  it('accepts the current minute', () => {
    expect(validateRecordContact({ ...good, contactedTime: '12:00' }, { ...ctx, now: new Date('2026-11-22T12:00:59Z') }).ok).toBe(true)
  })

  it('lists every problem of an empty form in page order', () => {
    const result = validateRecordContact({}, ctx)
    expect(result.ok).toBe(false)
    expect(!result.ok && result.errors).toEqual([
      { text: 'Select who the contact was with', href: '#partyId' },
      { text: 'Select whether you contacted them or they contacted you', href: '#direction' },
      { text: 'Select how the contact was made', href: '#channel' },
      { text: 'Enter the date of the contact', href: '#contactedOn-day' },
      { text: 'Enter the time of the contact', href: '#contactedTime' },
      { text: 'Select the outcome of the contact', href: '#outcome' },
      { text: 'Enter a summary of the contact', href: '#summary' },
    ])
  })

  it.each([
    ['someone not on the account', { partyId: '99' }, 'Select who the contact was with', '#partyId'],
    ['an unknown direction', { direction: 'sideways' }, 'Select whether you contacted them or they contacted you', '#direction'],
    ['an unknown channel', { channel: 'fax' }, 'Select how the contact was made', '#channel'],
    ['a date without a month', { 'contactedOn-month': '' }, 'Date of the contact must include a month', '#contactedOn-month'],
    ['a date that does not exist', { 'contactedOn-day': '31', 'contactedOn-month': '2' }, 'Date of the contact must be a real date', '#contactedOn-day'],
    ['a date in the future', { 'contactedOn-day': '23' }, 'Date of the contact must be today or in the past', '#contactedOn-day'],
    ['a time that does not exist', { contactedTime: '25:00' }, 'Time of the contact must be a real time, like 14:30', '#contactedTime'],
    ['a time later today', { contactedTime: '12:01' }, 'Time of the contact must be in the past', '#contactedTime'],
    ['an unknown outcome', { outcome: 'maybe' }, 'Select the outcome of the contact', '#outcome'],
    ['a summary over 2,000 characters', { summary: 'x'.repeat(2001) }, 'Summary must be 2,000 characters or fewer', '#summary'],
  ])('refuses %s', (_name, change, text, href) => {
    const result = validateRecordContact({ ...good, ...change }, ctx)
    expect(!result.ok && result.errors).toEqual([{ text, href }])
  })

  it('counts a line break as one character, as the character count does', () => {
    expect(validateRecordContact({ ...good, summary: `${'x'.repeat(999)}\r\n${'x'.repeat(1000)}` }, ctx).ok).toBe(true)
  })

  it('keeps what was typed for the form shown again', () => {
    const result = validateRecordContact({ ...good, contactedTime: 'half ten' }, ctx)
    expect(!result.ok && result.input).toMatchObject({ partyId: '12', channel: 'phone', contactedTime: 'half ten', contactedOn: { day: '22', month: '11', year: '2026' } })
  })
})

describe('blankRecordContact', () => {
  it('starts at now in London, with the only account holder chosen', () => {
    expect(blankRecordContact({ partyIds: [7], now: new Date('2026-08-01T09:05:00Z') })).toMatchObject({
      partyId: '7',
      contactedOn: { day: '1', month: '8', year: '2026' },
      contactedTime: '10:05',
    })
    expect(blankRecordContact(ctx).partyId).toBe('')
  })
})

describe('validateAddNote', () => {
  it.each([
    ['', 'Enter the note'],
    ['   ', 'Enter the note'],
    ['x'.repeat(4001), 'Note must be 4,000 characters or fewer'],
  ])('refuses %j', (note, text) => {
    const result = validateAddNote({ note })
    expect(!result.ok && result.errors).toEqual([{ text, href: '#note' }])
  })

  it('reads a note, line breaks as \\n', () => {
    expect(validateAddNote({ note: ' First line\r\nSecond line ' })).toMatchObject({ ok: true, text: 'First line\nSecond line' })
  })
})
