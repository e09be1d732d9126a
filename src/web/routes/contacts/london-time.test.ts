import { describe, expect, it } from 'vitest'
import { londonInstant, londonTimeText, londonWallClock, parseTimeOfDay } from './london-time.ts'

describe('londonInstant', () => {
  it.each([
    // Winter: London is on GMT.
    ['2026-11-22', 10, 30, '2026-11-22T10:30:00.000Z'],
    // Summer: British Summer Time is an hour ahead of UTC.
    ['2026-08-01', 10, 30, '2026-08-01T09:30:00.000Z'],
    ['2026-08-01', 0, 15, '2026-07-31T23:15:00.000Z'],
    // Sunday 29 March 2026: clocks go forward at 01:00 GMT. Before and after the gap.
    ['2026-03-29', 0, 30, '2026-03-29T00:30:00.000Z'],
    ['2026-03-29', 2, 30, '2026-03-29T01:30:00.000Z'],
    // 01:30 never happened that day: read as summer time.
    ['2026-03-29', 1, 30, '2026-03-29T00:30:00.000Z'],
    // Sunday 25 October 2026: clocks go back at 02:00 BST; 01:30 happens twice and the first is taken.
    ['2026-10-25', 1, 30, '2026-10-25T00:30:00.000Z'],
    ['2026-10-25', 0, 30, '2026-10-24T23:30:00.000Z'],
    ['2026-10-25', 2, 30, '2026-10-25T02:30:00.000Z'],
  ])('%s at %i:%i in London is %s', (date, hour, minute, iso) => {
    expect(londonInstant(date, hour, minute).toISOString()).toBe(iso)
  })

  it('round-trips through the London wall clock', () => {
    for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 7 * 3_600_000 + 60_000 * 13) {
      const wall = londonWallClock(new Date(ms))
      expect(londonInstant(wall.date, wall.hour, wall.minute).getTime()).toBe(Math.floor(ms / 60_000) * 60_000 - (isSecondOneAm(ms) ? 3_600_000 : 0))
    }
  })

  it('shows an instant as London time', () => {
    expect(londonTimeText(new Date('2026-08-01T09:05:00Z'))).toBe('10:05')
    expect(londonTimeText(new Date('2026-11-22T12:00:00Z'))).toBe('12:00')
  })
})

/** The second 01:xx on the day the clocks go back, which londonInstant reads as the first. */
function isSecondOneAm(ms: number): boolean {
  return ms >= Date.UTC(2026, 9, 25, 1) && ms < Date.UTC(2026, 9, 25, 2)
}

describe('parseTimeOfDay', () => {
  it.each([
    ['14:30', { hour: 14, minute: 30 }],
    ['9:05', { hour: 9, minute: 5 }],
    ['09.05', { hour: 9, minute: 5 }],
    ['00:00', { hour: 0, minute: 0 }],
    ['23:59', { hour: 23, minute: 59 }],
    ['2:30pm', { hour: 14, minute: 30 }],
    ['2pm', { hour: 14, minute: 0 }],
    ['12am', { hour: 0, minute: 0 }],
    ['12 p.m.', { hour: 12, minute: 0 }],
    [' 10:15 ', { hour: 10, minute: 15 }],
  ])('reads %j', (text, expected) => {
    expect(parseTimeOfDay(text)).toEqual(expected)
  })

  it.each(['', '9', '24:00', '12:60', '13pm', '0am', 'noon', '10:5', '1030', '-1:00'])('refuses %j', (text) => {
    expect(parseTimeOfDay(text)).toBeNull()
  })
})
