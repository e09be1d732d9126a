import {
  isContactChannel,
  isContactDirection,
  isContactOutcome,
  MAX_CONTACT_SUMMARY_LENGTH,
  type ContactChannel,
  type ContactDirection,
  type ContactOutcome,
} from '../../../services/contacts/contact-kinds.ts'
import { checkDateParts, datePartsOf, fieldsOf, partsOfIso, textOf, type DateParts } from '../../form-fields.ts'
import type { FormError } from '../../types.ts'
import { londonInstant, londonTimeText, londonWallClock, parseTimeOfDay } from './london-time.ts'

/** The "who was it with" answer for someone who is not an account holder. */
export const SOMEONE_ELSE = 'other'

export interface RecordContactInput {
  partyId: string
  direction: string
  channel: string
  contactedOn: DateParts
  contactedTime: string
  outcome: string
  summary: string
}

export interface RecordContactForm {
  partyId: number | null
  direction: ContactDirection
  channel: ContactChannel
  contactedAt: Date
  outcome: ContactOutcome
  summary: string
}

export type RecordContactResult = { ok: true; form: RecordContactForm; input: RecordContactInput } | { ok: false; errors: FormError[]; input: RecordContactInput }

export interface RecordContactContext {
  /** The account holders' party ids: the people the contact can be with. */
  partyIds: readonly number[]
  now: Date
}

/** The empty form: now, in London; with the only account holder already chosen. */
export function blankRecordContact(ctx: RecordContactContext): RecordContactInput {
  const onlyHolder = ctx.partyIds.length === 1 ? String(ctx.partyIds[0]) : ''
  return {
    partyId: onlyHolder,
    direction: '',
    channel: '',
    contactedOn: partsOfIso(londonWallClock(ctx.now).date),
    contactedTime: londonTimeText(ctx.now),
    outcome: '',
    summary: '',
  }
}

/** The characters a browser counts: a textarea sends line breaks as \r\n, which the character count shows as one. */
const lengthOf = (text: string): number => text.replaceAll('\r\n', '\n').length

/** Pure: the contact an officer recorded, or GOV.UK errors in the order of the fields on the page. */
export function validateRecordContact(body: unknown, ctx: RecordContactContext): RecordContactResult {
  const f = fieldsOf(body)
  const input: RecordContactInput = {
    partyId: textOf(f, 'partyId'),
    direction: textOf(f, 'direction'),
    channel: textOf(f, 'channel'),
    contactedOn: datePartsOf(f, 'contactedOn'),
    contactedTime: textOf(f, 'contactedTime'),
    outcome: textOf(f, 'outcome'),
    summary: textOf(f, 'summary'),
  }
  const errors: FormError[] = []

  const party = input.partyId === SOMEONE_ELSE ? null : ctx.partyIds.find((id) => String(id) === input.partyId)
  if (party === undefined) errors.push({ text: 'Select who the contact was with', href: '#partyId' })
  if (!isContactDirection(input.direction)) errors.push({ text: 'Select whether you contacted them or they contacted you', href: '#direction' })
  if (!isContactChannel(input.channel)) errors.push({ text: 'Select how the contact was made', href: '#channel' })

  const today = londonWallClock(ctx.now).date
  let contactedAt: Date | null = null
  const date = checkDateParts(input.contactedOn, 'contactedOn', 'Date of the contact')
  if ('error' in date) errors.push(date.error)
  else if (date.iso > today) errors.push({ text: 'Date of the contact must be today or in the past', href: '#contactedOn-day' })
  const time = parseTimeOfDay(input.contactedTime)
  if (!input.contactedTime) errors.push({ text: 'Enter the time of the contact', href: '#contactedTime' })
  else if (!time) errors.push({ text: 'Time of the contact must be a real time, like 14:30', href: '#contactedTime' })
  else if ('iso' in date && date.iso <= today) {
    contactedAt = londonInstant(date.iso, time.hour, time.minute)
    // To the minute: an officer typing the current minute is not in the future.
    const nowToTheMinute = Math.floor(ctx.now.getTime() / 60_000) * 60_000
    if (contactedAt.getTime() > nowToTheMinute) errors.push({ text: 'Time of the contact must be in the past', href: '#contactedTime' })
  }

  if (!isContactOutcome(input.outcome)) errors.push({ text: 'Select the outcome of the contact', href: '#outcome' })
  if (!input.summary) errors.push({ text: 'Enter a summary of the contact', href: '#summary' })
  else if (lengthOf(input.summary) > MAX_CONTACT_SUMMARY_LENGTH) {
    errors.push({ text: `Summary must be ${MAX_CONTACT_SUMMARY_LENGTH.toLocaleString('en-GB')} characters or fewer`, href: '#summary' })
  }

  if (errors.length || party === undefined || contactedAt === null) return { ok: false, errors, input }
  if (!isContactDirection(input.direction) || !isContactChannel(input.channel) || !isContactOutcome(input.outcome)) return { ok: false, errors, input }
  return {
    ok: true,
    input,
    form: {
      partyId: party,
      direction: input.direction,
      channel: input.channel,
      contactedAt,
      outcome: input.outcome,
      summary: input.summary.replaceAll('\r\n', '\n'),
    },
  }
}
