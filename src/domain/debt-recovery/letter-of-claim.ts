/**
 * The Pre-Action Protocol for Debt Claims (in force 1 October 2017; it applies to public bodies claiming from
 * individuals) [C]: a letter of claim with a statement of account, the Information Sheet, the Reply Form and a
 * financial statement; 30 days to reply [C]; if the debtor replies, no claim until at least 30 days after the
 * completed Reply Form is received, or 30 days after documents they asked for are provided, whichever is later
 * [C]/[P]; reasonable time for debt advice [C]. A dispute must be answered before a claim (Reeve: 30 days after
 * answering it [assumption]). The periods are dated policy (`debt_recovery.pap_debt`). Pure.
 *
 * "Claim possible from" is the day after the last of these periods ends. While documents asked for have not been
 * sent, or a dispute has not been answered, no date can be given: a claim waits.
 */
import { addDays, compareDates, parseIsoDate, type IsoDate } from '../calendar/dates.ts'

export const REPLY_TYPES = ['admits', 'admits_part', 'asks_for_time', 'requests_documents', 'disputes'] as const
export type ReplyType = (typeof REPLY_TYPES)[number]

/** What the latest reply says, as a pathway condition reads it (`letterOfClaimReply`). */
export const REPLY_STATES = ['none', ...REPLY_TYPES, 'dispute_answered'] as const
export type ReplyState = (typeof REPLY_STATES)[number]

export interface PapDebtRules {
  replyDays: number
  afterReplyDays: number
  afterDocumentsDays: number
  afterDisputeAnswerDays: number
}

export const DEFAULT_PAP_DEBT_RULES: PapDebtRules = { replyDays: 30, afterReplyDays: 30, afterDocumentsDays: 30, afterDisputeAnswerDays: 30 }

export interface LetterReply {
  receivedOn: IsoDate
  replyType: ReplyType
  timeAllowedUntil?: IsoDate | null
  documentsProvidedOn?: IsoDate | null
  disputeAnsweredOn?: IsoDate | null
}

export interface LetterOfClaim {
  sentOn: IsoDate
  /** The last day to reply, fixed when the letter was sent (sent + reply days). */
  responseDueOn: IsoDate
  replies: readonly LetterReply[]
}

export interface LetterPosition {
  /** The first day a claim may be issued; null while documents or a dispute answer are awaited. */
  claimPossibleFrom: IsoDate | null
  /** The protocol's waiting time is over on `today`. */
  expired: boolean
  reply: ReplyState
  text: string
}

/** The last day to reply to a letter sent on `sentOn`. */
export function responseDueOn(sentOn: IsoDate, rules: PapDebtRules): IsoDate {
  return addDays(parseIsoDate(sentOn), rules.replyDays)
}

function later(a: IsoDate, b: IsoDate): IsoDate {
  return compareDates(a, b) >= 0 ? a : b
}

export function letterOfClaimPosition(letter: LetterOfClaim, rules: PapDebtRules, today: IsoDate): LetterPosition {
  let end = parseIsoDate(letter.responseDueOn)
  const why: string[] = [`reply due by ${letter.responseDueOn}`]
  let waiting: string | null = null
  const replies = [...letter.replies].sort((a, b) => compareDates(a.receivedOn, b.receivedOn))
  for (const r of replies) {
    end = later(end, addDays(r.receivedOn, rules.afterReplyDays))
    if (r.replyType === 'asks_for_time' && r.timeAllowedUntil) end = later(end, r.timeAllowedUntil)
    if (r.replyType === 'requests_documents') {
      if (r.documentsProvidedOn) end = later(end, addDays(r.documentsProvidedOn, rules.afterDocumentsDays))
      else waiting = `documents asked for on ${r.receivedOn} not yet sent`
    }
    if (r.replyType === 'disputes') {
      if (r.disputeAnsweredOn) end = later(end, addDays(r.disputeAnsweredOn, rules.afterDisputeAnswerDays))
      else waiting = `disputed on ${r.receivedOn}, not yet answered`
    }
  }
  const latest = replies.at(-1)
  const reply: ReplyState = !latest ? 'none' : latest.replyType === 'disputes' && latest.disputeAnsweredOn ? 'dispute_answered' : latest.replyType
  if (latest) why.push(`reply "${reply.replaceAll('_', ' ')}" received ${latest.receivedOn}`)
  const claimPossibleFrom = waiting ? null : addDays(end, 1)
  const expired = claimPossibleFrom !== null && compareDates(today, claimPossibleFrom) >= 0
  const text = `letter of claim sent ${letter.sentOn} (${why.join('; ')}): ${waiting ? `${waiting}, no claim yet` : expired ? `the protocol's time passed; a claim may be issued from ${claimPossibleFrom}` : `no claim before ${claimPossibleFrom}`}`
  return { claimPossibleFrom, expired, reply, text }
}
