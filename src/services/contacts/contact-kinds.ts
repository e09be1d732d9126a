/**
 * What a contact can be: the values the `contacts` table allows (migration 0007), in the order forms offer them.
 * The words officers see are the web layer's (src/web/routes/contacts/contact-labels.ts).
 */
export const CONTACT_CHANNELS = ['phone', 'visit', 'letter', 'email', 'sms', 'in_person'] as const
export type ContactChannel = (typeof CONTACT_CHANNELS)[number]

/** `out`: we contacted them (or tried to); `in`: they contacted us. */
export const CONTACT_DIRECTIONS = ['out', 'in'] as const
export type ContactDirection = (typeof CONTACT_DIRECTIONS)[number]

export const CONTACT_OUTCOMES = ['no_answer', 'spoke_to_tenant', 'left_card', 'promise_to_pay', 'arrangement_agreed', 'refused', 'other'] as const
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number]

/** The longest contact summary (the table checks it too). */
export const MAX_CONTACT_SUMMARY_LENGTH = 2000
/** The longest note: longer than a summary, since a note may record a whole case conference or a letter received. */
export const MAX_NOTE_LENGTH = 4000

export const isContactChannel = (v: string): v is ContactChannel => (CONTACT_CHANNELS as readonly string[]).includes(v)
export const isContactDirection = (v: string): v is ContactDirection => (CONTACT_DIRECTIONS as readonly string[]).includes(v)
export const isContactOutcome = (v: string): v is ContactOutcome => (CONTACT_OUTCOMES as readonly string[]).includes(v)
