import { describe, expect, it } from 'vitest';
import { transactionCodeFor, TransactionCodeError, type PastCollection } from './transaction-codes.ts';

const paid = (id: string, code: PastCollection['transactionCode'], processingDate: string): PastCollection => ({
  id,
  transactionCode: code,
  processingDate,
  amountPence: 41253,
  status: 'paid',
});
const unpaid = (id: string, reason: string, processingDate = '2027-01-29', code: PastCollection['transactionCode'] = '17'): PastCollection => ({
  id,
  transactionCode: code,
  processingDate,
  amountPence: 41253,
  status: 'unpaid',
  returnReasonCode: reason,
});

describe('transactionCodeFor', () => {
  it('gives 01 for the first collection, 17 afterwards and 19 for a final one', () => {
    expect(transactionCodeFor({ kind: 'regular' }, [])).toEqual({ code: '01' });
    const history = [paid('c1', '01', '2026-12-31')];
    expect(transactionCodeFor({ kind: 'regular' }, history)).toEqual({ code: '17' });
    expect(transactionCodeFor({ kind: 'final' }, history)).toEqual({ code: '19' });
  });

  it('gives 01 to a final collection on an instruction never collected', () => {
    expect(transactionCodeFor({ kind: 'final' }, [])).toEqual({ code: '01' });
  });

  it('does not go back to 01 after a first collection comes back unpaid', () => {
    expect(transactionCodeFor({ kind: 'regular' }, [unpaid('c1', '0', '2026-12-31', '01')])).toEqual({ code: '17' });
  });

  it('re-presents an ARUDD 0 once, for the same amount, within one month of the original processing day', () => {
    const history = [paid('c1', '01', '2026-12-31'), unpaid('c2', '0', '2027-01-29')];
    expect(transactionCodeFor({ kind: 're-presentation', originalId: 'c2', collectionDate: '2027-02-26' }, history)).toEqual({
      code: '18',
      amountPence: 41253,
      deadline: '2027-02-28',
    });
    expect(transactionCodeFor({ kind: 're-presentation', originalId: 'c2', collectionDate: '2027-02-28' }, history).code).toBe('18');
  });

  it.each([
    ['a reason other than 0', [unpaid('c2', '1')], 'c2', '2027-02-05', 'ARUDD 1 (Instruction cancelled) may not be re-presented'],
    ['after the month', [unpaid('c2', '0')], 'c2', '2027-03-01', 'must be collected by 2027-02-28'],
    ['on or before the original', [unpaid('c2', '0')], 'c2', '2027-01-29', 'after the original processing day'],
    [
      'twice',
      [unpaid('c2', '0'), { ...paid('c3', '18', '2027-02-04'), representationOf: 'c2' }],
      'c2',
      '2027-02-10',
      'already been re-presented once',
    ],
    ['a re-presentation', [unpaid('c2', '0', '2027-01-29', '18')], 'c2', '2027-02-10', 'may not be re-presented again'],
    ['a paid collection', [paid('c2', '17', '2027-01-29')], 'c2', '2027-02-10', 'was not returned unpaid'],
    ['an unknown collection', [paid('c2', '17', '2027-01-29')], 'zz', '2027-02-10', 'not in this mandate'],
  ])('refuses to re-present %s', (_what, history, originalId, collectionDate, message) => {
    const attempt = () => transactionCodeFor({ kind: 're-presentation', originalId, collectionDate }, history);
    expect(attempt).toThrow(TransactionCodeError);
    expect(attempt).toThrow(message);
  });

  it('refuses anything after a final collection', () => {
    const history = [paid('c1', '01', '2026-12-31'), paid('c2', '19', '2027-01-29')];
    expect(() => transactionCodeFor({ kind: 'regular' }, history)).toThrow('a new instruction is needed');
  });
});
