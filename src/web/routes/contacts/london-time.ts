/**
 * Pure: wall-clock times in Europe/London, as officers type them, to and from instants. A contact happened "at
 * 14:30 on 22 November"; the database stores the instant (timestamptz), so British Summer Time is accounted for.
 */

const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

interface WallClock {
  date: string
  hour: number
  minute: number
}

/** The London date and time (to the minute) of an instant. */
export function londonWallClock(instant: Date): WallClock {
  const parts = Object.fromEntries(LONDON.formatToParts(instant).map((p) => [p.type, p.value]))
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour), minute: Number(parts.minute) }
}

function offsetMs(instantMs: number): number {
  const wall = londonWallClock(new Date(instantMs))
  const asUtc = Date.UTC(Number(wall.date.slice(0, 4)), Number(wall.date.slice(5, 7)) - 1, Number(wall.date.slice(8, 10)), wall.hour, wall.minute)
  return asUtc - Math.floor(instantMs / 60_000) * 60_000
}

/**
 * The instant at which London clocks showed `hour:minute` on the ISO `date`. In the hour the clocks go back (which
 * happens twice) this is the first; a time in the hour they go forward (which never happens) is read as summer time.
 */
export function londonInstant(date: string, hour: number, minute: number): Date {
  const wall = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)), hour, minute)
  // The offset at the wall time read as UTC is right except near a change; a second look settles it.
  const first = wall - offsetMs(wall - 3_600_000)
  return new Date(wall - offsetMs(first))
}

/** `14:05`: an instant's London time, as the form shows it. */
export function londonTimeText(instant: Date): string {
  const { hour, minute } = londonWallClock(instant)
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`
}

/**
 * A time as typed: `14:30`, `9:05`, `14.30`, `2:30pm`, `2pm`, `12am`. Hours and minutes, or null when it is not a
 * real time of day.
 */
export function parseTimeOfDay(text: string): { hour: number; minute: number } | null {
  const m = /^(\d{1,2})(?:[:.](\d{2}))?\s*([ap]\.?m\.?)?$/i.exec(text.trim())
  if (!m) return null
  let hour = Number(m[1])
  const minute = m[2] === undefined ? 0 : Number(m[2])
  const meridiem = m[3]?.toLowerCase().replaceAll('.', '')
  if (minute > 59) return null
  if (meridiem) {
    if (hour < 1 || hour > 12) return null
    hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0)
  } else {
    // Without am or pm a time needs its minutes: "9" alone is more likely a slip than nine o'clock.
    if (m[2] === undefined || hour > 23) return null
  }
  return { hour, minute }
}
