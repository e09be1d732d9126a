import type { Queryable } from '../../../db/client.ts'
import { listAccountTimeline, type TimelineEntry } from '../../queries/account-timeline.ts'
import type { SignedInUser } from '../../types.ts'
import { CHANNEL_LABELS, DIRECTION_SHORT_LABELS, labelFrom, OUTCOME_LABELS } from './contact-labels.ts'
import { canRecordContacts } from './contact-roles.ts'

export interface TimelineItem {
  kind: 'contact' | 'note'
  id: number
  at: string
  heading: string
  /** "Outgoing, with Ms Jane Doe", or empty for a note. */
  detail: string
  /** The text in paragraphs, split at blank lines and line breaks (pages cannot use inline styles to keep them). */
  paragraphs: string[]
  recordedBy: string
}

/** What the account page's "Contacts and notes" section needs (views/pages/contacts/timeline-section.njk). */
export interface TimelineSection {
  items: TimelineItem[]
  truncated: boolean
  canRecord: boolean
}

const paragraphsOf = (text: string): string[] =>
  text
    .split(/\n/)
    .map((line) => line.trim())
    .filter(Boolean)

/** Pure: a timeline entry in the words of the page. */
export function timelineItem(entry: TimelineEntry): TimelineItem {
  const base = { kind: entry.kind, id: entry.id, at: entry.at, paragraphs: paragraphsOf(entry.text), recordedBy: entry.recordedBy }
  if (entry.kind === 'note') return { ...base, heading: 'Note', detail: '' }
  const outcome = labelFrom(OUTCOME_LABELS, entry.outcome)
  const who = entry.partyName ? `with ${entry.partyName}` : 'with someone other than the account holders'
  return {
    ...base,
    heading: `${labelFrom(CHANNEL_LABELS, entry.channel)}: ${outcome.charAt(0).toLowerCase()}${outcome.slice(1)}`,
    detail: `${labelFrom(DIRECTION_SHORT_LABELS, entry.direction)}, ${who}`,
  }
}

/** The section for one account and the officer looking at it. */
export async function timelineSection(db: Queryable, accountId: number, user: Pick<SignedInUser, 'role'> | null): Promise<TimelineSection> {
  const { entries, truncated } = await listAccountTimeline(db, accountId)
  return { items: entries.map(timelineItem), truncated, canRecord: canRecordContacts(user?.role) }
}
