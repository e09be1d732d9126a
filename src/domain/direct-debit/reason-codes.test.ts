import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays } from '../calendar/dates.ts';
import {
  ADDACS_REASONS,
  addacsReason,
  ARUDD_REASONS,
  aruddReason,
  aruddReasonFromDescription,
  AUDDIS_REASONS,
  auddisReason,
  checkRepresentation,
  representationDeadline,
} from './reason-codes.ts';
import { directDebitGuarantee } from './guarantee.ts';

const ACTIONS = ['re-present', 'stop', 'update-mandate', 'cancel-mandate', 'deceased', 'query', 'reinstate'];

describe('reason code tables', () => {
  it.each([
    ['ARUDD', ARUDD_REASONS, '0123456789AB'],
    ['ADDACS', ADDACS_REASONS, '0123BCDER'],
    ['AUDDIS', AUDDIS_REASONS, '123567BCFGHIKLMNOPQ'],
  ] as const)('%s has each code once, with a known action and guidance', (_name, table, codes) => {
    expect(table.map((r) => r.code).join('')).toBe(codes);
    for (const r of table) {
      expect(ACTIONS).toContain(r.action);
      expect(r.meaning.length).toBeGreaterThan(0);
      expect(r.guidance.length).toBeGreaterThan(20);
    }
  });

  it('lets only ARUDD 0 be re-presented, and holds collections for every other ARUDD reason', () => {
    expect(ARUDD_REASONS.filter((r) => r.mayRepresent).map((r) => r.code)).toEqual(['0']);
    expect(ARUDD_REASONS.filter((r) => !r.holdsCollections).map((r) => r.code)).toEqual(['0']);
    expect(aruddReason('2')?.action).toBe('deceased');
  });

  it('follows the ADDACS rules on 0C/0N pairs', () => {
    expect(ADDACS_REASONS.filter((r) => r.auddis === 'send-0N').map((r) => r.code)).toEqual(['3']);
    expect(addacsReason('c')?.action).toBe('update-mandate');
    expect(addacsReason('R')?.action).toBe('reinstate');
    expect(addacsReason('4')).toBeUndefined();
  });

  it('finds AUDDIS reasons including H (expired) and K', () => {
    expect(auddisReason('H')?.meaning).toBe('Instruction has expired');
    expect(auddisReason('K')?.action).toBe('cancel-mandate');
    expect(auddisReason('4')).toBeUndefined();
  });

  it('reads ARUDD descriptions as reports print them', () => {
    expect(aruddReasonFromDescription('REFER TO PAYER')?.code).toBe('0');
    expect(aruddReasonFromDescription('  refer to  payer ')?.code).toBe('0');
    expect(aruddReasonFromDescription('NO ACCOUNT (OR WRONG ACCOUNT TYPE)')?.code).toBe('5');
    expect(aruddReasonFromDescription('Account Closed')?.code).toBe('B');
    expect(aruddReasonFromDescription('SOMETHING ELSE')).toBeUndefined();
  });
});

describe('re-presentation', () => {
  it.each([
    ['2027-01-29', '2027-02-28'],
    ['2027-01-31', '2027-02-28'],
    ['2028-01-31', '2028-02-29'],
    ['2027-03-31', '2027-04-30'],
    ['2027-12-15', '2028-01-15'],
  ])('the deadline for %s is %s', (original, deadline) => {
    expect(representationDeadline(original)).toBe(deadline);
  });

  it('the deadline is always after the original and at most 31 days later', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3650 }), (n) => {
        const original = addDays('2025-01-01', n);
        const deadline = representationDeadline(original);
        expect(deadline > original).toBe(true);
        expect(deadline <= addDays(original, 31)).toBe(true);
      }),
    );
  });

  it('checks the rule', () => {
    const base = { reasonCode: '0', originalProcessingDate: '2027-01-29', collectionDate: '2027-02-10', originalWasRepresentation: false, alreadyRepresented: false };
    expect(checkRepresentation(base)).toEqual({ ok: true, deadline: '2027-02-28' });
    expect(checkRepresentation({ ...base, reasonCode: 'Z' })).toEqual({ ok: false, reason: '"Z" is not an ARUDD reason code' });
  });
});

describe('directDebitGuarantee', () => {
  it('fills in the service user name and notice period', () => {
    const g = directDebitGuarantee({ serviceUserName: 'Reeve Borough Council', noticeWorkingDays: 10 });
    expect(g.heading).toBe('The Direct Debit Guarantee');
    expect(g.paragraphs).toHaveLength(5);
    expect(g.paragraphs[1]).toContain('Reeve Borough Council will notify you 10 working days in advance');
    expect(g.paragraphs.join(' ')).toContain('full and immediate refund');
    expect(g.paragraphs.join(' ')).toContain('cancel a Direct Debit at any time');
  });

  it('refuses a notice period under 3 working days', () => {
    expect(() => directDebitGuarantee({ serviceUserName: 'Reeve', noticeWorkingDays: 2 })).toThrow('at least 3 working days');
  });
});
