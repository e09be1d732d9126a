import { describe, expect, it } from 'vitest'
import { DEFAULT_PAP_DEBT_RULES as RULES, letterOfClaimPosition, responseDueOn, type LetterReply } from './letter-of-claim.ts'

// A letter of claim sent on Friday 1 May 2026: 30 days to reply, so the reply is due by Sunday 31 May and a claim
// may be issued from Monday 1 June.
const letter = (replies: LetterReply[] = []) => ({ sentOn: '2026-05-01', responseDueOn: responseDueOn('2026-05-01', RULES), replies })

describe('letterOfClaimPosition', () => {
  it('allows a claim the day after the 30 days to reply', () => {
    expect(responseDueOn('2026-05-01', RULES)).toBe('2026-05-31')
    expect(letterOfClaimPosition(letter(), RULES, '2026-05-31')).toMatchObject({ expired: false, claimPossibleFrom: '2026-06-01', reply: 'none' })
    expect(letterOfClaimPosition(letter(), RULES, '2026-06-01')).toMatchObject({ expired: true })
  })

  it('a reply form received moves it to 30 days after receipt', () => {
    const p = letterOfClaimPosition(letter([{ receivedOn: '2026-05-20', replyType: 'admits_part' }]), RULES, '2026-06-10')
    expect(p).toMatchObject({ claimPossibleFrom: '2026-06-20', expired: false, reply: 'admits_part' })
  })

  it('time asked for (debt advice) is allowed; documents asked for hold a claim until 30 days after they are sent', () => {
    expect(letterOfClaimPosition(letter([{ receivedOn: '2026-05-10', replyType: 'asks_for_time', timeAllowedUntil: '2026-07-15' }]), RULES, '2026-07-01').claimPossibleFrom).toBe('2026-07-16')
    const waiting = letterOfClaimPosition(letter([{ receivedOn: '2026-05-10', replyType: 'requests_documents' }]), RULES, '2026-09-01')
    expect(waiting).toMatchObject({ claimPossibleFrom: null, expired: false })
    expect(waiting.text).toContain('documents asked for on 2026-05-10 not yet sent')
    expect(letterOfClaimPosition(letter([{ receivedOn: '2026-05-10', replyType: 'requests_documents', documentsProvidedOn: '2026-06-05' }]), RULES, '2026-07-06')).toMatchObject({ claimPossibleFrom: '2026-07-06', expired: true })
  })

  it('a dispute holds a claim until it is answered, then 30 days', () => {
    expect(letterOfClaimPosition(letter([{ receivedOn: '2026-05-10', replyType: 'disputes' }]), RULES, '2026-12-01')).toMatchObject({ expired: false, reply: 'disputes' })
    expect(letterOfClaimPosition(letter([{ receivedOn: '2026-05-10', replyType: 'disputes', disputeAnsweredOn: '2026-06-10' }]), RULES, '2026-07-11')).toMatchObject({
      expired: true,
      reply: 'dispute_answered',
      claimPossibleFrom: '2026-07-11',
    })
  })
})
