import type { ContactChannel, ContactDirection, ContactOutcome } from '../../../services/contacts/contact-kinds.ts'

/** The words officers see for each kind of contact, on the form and in the timeline. */
export const CHANNEL_LABELS: Record<ContactChannel, string> = {
  phone: 'Phone call',
  visit: 'Home visit',
  letter: 'Letter',
  email: 'Email',
  sms: 'Text message',
  in_person: 'In person',
}

export const CHANNEL_HINTS: Partial<Record<ContactChannel, string>> = {
  in_person: 'At the office, a surgery or a drop-in',
}

export const DIRECTION_LABELS: Record<ContactDirection, string> = {
  out: 'We contacted them',
  in: 'They contacted us',
}

/** How the timeline says which way a contact went. */
export const DIRECTION_SHORT_LABELS: Record<ContactDirection, string> = {
  out: 'Outgoing',
  in: 'Incoming',
}

export const OUTCOME_LABELS: Record<ContactOutcome, string> = {
  no_answer: 'No answer',
  spoke_to_tenant: 'Spoke to tenant',
  left_card: 'Left a calling card',
  promise_to_pay: 'Promise to pay',
  arrangement_agreed: 'Arrangement agreed',
  refused: 'Refused',
  other: 'Other',
}

/** A label from one of the tables above, or the value itself for anything the table does not know. */
export function labelFrom(table: Record<string, string>, value: string): string {
  return table[value] ?? value
}
