import { describe, expect, it } from 'vitest'
import {
  activeHolds,
  blockedActions,
  breathingSpaceStartsOn,
  describeHold,
  holdCautions,
  holdEnd,
  holdsBlocking,
  HOLD_RULES,
  isHoldActive,
  type Hold,
} from './holds.ts'
import { ACTION_TYPES, HOLD_TYPES, LEGAL_ACTIONS, type ActionType, type HoldType } from './vocabulary.ts'

const hold = (type: HoldType, startsOn: string, extra: Partial<Hold> = {}): Hold => ({ type, startsOn, reason: 'test', ...extra })

describe('breathingSpaceStartsOn', () => {
  it('is the day after entry on the register (reg 26(1))', () => {
    expect(breathingSpaceStartsOn('2026-02-28')).toBe('2026-03-01')
  })
})

describe('holdEnd', () => {
  it.each([
    // Standard BS from 2026-03-02: 60 days after is 2026-05-01 (one day of margin on "60 days").
    ['a standard Breathing Space', hold('breathing_space_standard', '2026-03-02'), '2026-05-01'],
    ['a standard Breathing Space with the end date from the notification', hold('breathing_space_standard', '2026-03-02', { endsOn: '2026-04-30' }), '2026-04-30'],
    ['a mental health crisis Breathing Space while treatment continues', hold('breathing_space_mental_health', '2026-03-02'), null],
    ['a mental health crisis Breathing Space 30 days after treatment ends', hold('breathing_space_mental_health', '2026-03-02', { treatmentEndsOn: '2026-06-10' }), '2026-07-10'],
    ['a DRO (12-month moratorium)', hold('insolvency_dro', '2026-02-15'), '2027-02-14'],
    ['a DRO from 29 February (a year ends on 28 February)', hold('insolvency_dro', '2028-02-29'), '2029-02-28'],
    ['a DRO from 1 March before a leap day', hold('insolvency_dro', '2027-03-01'), '2028-02-29'],
    ['bankruptcy (open until the officer ends it)', hold('insolvency_bankruptcy', '2026-01-01'), null],
    ['a dispute with a recorded end', hold('dispute', '2026-01-01', { endsOn: '2026-02-01' }), '2026-02-01'],
    ['deceased', hold('deceased', '2026-01-01'), null],
  ])('%s', (_name, h, end) => {
    expect(holdEnd(h)).toBe(end)
  })
})

describe('activeHolds', () => {
  const bs = hold('breathing_space_standard', '2026-03-02') // in force 2026-03-02 .. 2026-05-01
  it.each([
    ['2026-03-01', false], // the day before it starts
    ['2026-03-02', true],
    ['2026-05-01', true], // its last day
    ['2026-05-02', false], // ended by itself
  ])('a standard Breathing Space from 2026-03-02 on %s: %s', (today, active) => {
    expect(isHoldActive(bs, today)).toBe(active)
    expect(activeHolds([bs], today)).toHaveLength(active ? 1 : 0)
  })

  it('keeps an open-ended hold until it is ended', () => {
    expect(activeHolds([hold('vulnerability_review', '2020-01-01')], '2030-01-01')).toHaveLength(1)
  })
})

describe('what each hold blocks', () => {
  const blocks = (type: HoldType, action: ActionType) => HOLD_RULES[type].blocks.includes(action)

  it('Breathing Space blocks every demand and enforcement step, but not internal reviews', () => {
    for (const type of ['breathing_space_standard', 'breathing_space_mental_health'] as const) {
      for (const action of ['sms', 'letter', 'call', 'visit', 'notice', 'claim', 'hearing', 'warrant', 'eviction', 'agency', 'letter_before_claim', 'money_claim', 'attachment_of_earnings'] as const) {
        expect(blocks(type, action), `${type} ${action}`).toBe(true)
      }
      for (const action of ['none', 'review', 'write_off_review'] as const) expect(blocks(type, action)).toBe(false)
    }
  })

  it('DRO and bankruptcy block money recovery but let possession continue (Sharples), with a caution', () => {
    for (const type of ['insolvency_dro', 'insolvency_bankruptcy'] as const) {
      for (const action of ['money_claim', 'attachment_of_earnings', 'agency', 'letter_before_claim', 'tracing'] as const) expect(blocks(type, action)).toBe(true)
      for (const action of ['notice', 'claim', 'hearing', 'warrant', 'eviction'] as const) expect(blocks(type, action)).toBe(false)
      expect(holdCautions('claim', [hold(type, '2026-01-01')])[0]).toMatch(/Sharples/)
    }
  })

  it('an IVA also blocks possession steps until legal advice is taken [U]', () => {
    expect(blocks('insolvency_iva', 'claim')).toBe(true)
    expect(blocks('insolvency_iva', 'money_claim')).toBe(true)
  })

  it('a pending benefit claim blocks notices and claims but not letters (PAP)', () => {
    expect(blocks('benefit_claim_pending', 'notice')).toBe(true)
    expect(blocks('benefit_claim_pending', 'claim')).toBe(true)
    expect(blocks('benefit_claim_pending', 'letter')).toBe(false)
  })

  it('a vulnerability review blocks every legal step, not contact', () => {
    for (const action of LEGAL_ACTIONS) expect(blocks('vulnerability_review', action)).toBe(true)
    expect(blocks('vulnerability_review', 'call')).toBe(false)
  })

  it('a dispute blocks automated demands and legal steps, but not calls to resolve it', () => {
    expect(blocks('dispute', 'sms')).toBe(true)
    expect(blocks('dispute', 'money_claim')).toBe(true)
    expect(blocks('dispute', 'call')).toBe(false)
  })

  it('deceased blocks everything except internal reviews', () => {
    const blocked = ACTION_TYPES.filter((a) => blocks('deceased', a))
    expect(ACTION_TYPES.filter((a) => !blocked.includes(a))).toEqual(['none', 'review', 'write_off_review'])
  })

  it('every hold type has a rule with a source', () => {
    for (const type of HOLD_TYPES) expect(HOLD_RULES[type].source.length).toBeGreaterThan(20)
  })
})

describe('blockedActions', () => {
  it('maps each blocked action to the holds that block it', () => {
    const dro = hold('insolvency_dro', '2026-01-01')
    const review = hold('vulnerability_review', '2026-01-01')
    const map = blockedActions([dro, review])
    expect(map.get('money_claim')).toEqual([dro, review])
    expect(map.get('notice')).toEqual([review])
    expect(map.has('letter')).toBe(false)
  })
})

describe('holdsBlocking', () => {
  it('adds the hold types a stage lists for itself', () => {
    const pending = hold('benefit_claim_pending', '2026-01-01')
    expect(holdsBlocking('letter', [pending])).toEqual([])
    expect(holdsBlocking('letter', [pending], ['benefit_claim_pending'])).toEqual([pending])
  })
})

describe('describeHold', () => {
  it('names the hold, its dates and reason', () => {
    expect(describeHold(hold('breathing_space_standard', '2026-03-02', { reason: 'IS notification 123' }))).toBe(
      'Breathing Space (standard) from 2026-03-02 to 2026-05-01: IS notification 123',
    )
  })
})
