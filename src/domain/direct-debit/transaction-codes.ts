/**
 * Standard 18 transaction codes (DOMAIN.md §5.3) and which one a collection gets.
 *
 * - 01 first collection under an instruction;
 * - 17 regular (subsequent) collection;
 * - 18 re-presentation of a collection returned unpaid with ARUDD 0;
 * - 19 final collection: tells the payer's bank to delete the instruction afterwards,
 *   so it is only used when the mandate is ending (Smart Debit / PT-X descriptions);
 * - 0N / 0C / 0S AUDDIS instructions (new, cancel, convert paper to AUDDIS), zero amount;
 * - 99 credit: in a Direct Debit file, only the contra crediting the council's account.
 *
 * Decisions (Reeve's reading of the rules; check with the sponsoring bank):
 * - The history passed in is the mandate's collections since its current lodgement
 *   (0N or 0S). A new lodgement (e.g. after ADDACS 3 or AUDDIS H) starts a new
 *   history, so the next collection is 01 again.
 * - A collection counts as "made" once it has been submitted, whatever its outcome: a
 *   01 returned unpaid is re-presented as 18 or followed by a 17, never by a second 01.
 * - A final collection on an instruction that has never been collected is a 01 (there
 *   is no "first and final" code); the caller closes the mandate afterwards.
 */
import type { IsoDate } from '../calendar/dates.ts';
import { checkRepresentation } from './reason-codes.ts';

export type CollectionTransactionCode = '01' | '17' | '18' | '19';
export type InstructionTransactionCode = '0N' | '0C' | '0S';
export type CreditTransactionCode = '99';
export type TransactionCode = CollectionTransactionCode | InstructionTransactionCode | CreditTransactionCode;

export const TRANSACTION_CODE_MEANINGS: Readonly<Record<TransactionCode, string>> = {
  '01': 'First collection',
  '17': 'Regular collection',
  '18': 'Re-presentation',
  '19': 'Final collection',
  '0N': 'New instruction',
  '0C': 'Cancel instruction',
  '0S': 'Convert paper instruction to AUDDIS',
  '99': 'Credit (contra)',
};

export const COLLECTION_CODES: readonly CollectionTransactionCode[] = ['01', '17', '18', '19'];
export const INSTRUCTION_CODES: readonly InstructionTransactionCode[] = ['0N', '0C', '0S'];

export function isCollectionCode(code: string): code is CollectionTransactionCode {
  return (COLLECTION_CODES as readonly string[]).includes(code);
}
export function isInstructionCode(code: string): code is InstructionTransactionCode {
  return (INSTRUCTION_CODES as readonly string[]).includes(code);
}

export class TransactionCodeError extends Error {
  override name = 'TransactionCodeError';
}

/** A collection already made under the mandate's current lodgement. */
export interface PastCollection {
  id: string;
  transactionCode: CollectionTransactionCode;
  /** Bacs processing day (day 2), as ARUDD reports it in `originalProcessingDate`. */
  processingDate: IsoDate;
  amountPence: number;
  /** 'submitted' until the ARUDD window has passed, then 'paid'; 'unpaid' once ARUDD returned it. */
  status: 'submitted' | 'paid' | 'unpaid';
  /** The ARUDD reason code, when unpaid. */
  returnReasonCode?: string;
  /** For a re-presentation (18): the id of the collection it re-presents. */
  representationOf?: string;
}

export type CollectionRequest =
  | { kind: 'regular' }
  | { kind: 'final' }
  | { kind: 're-presentation'; originalId: string; collectionDate: IsoDate };

export type TransactionCodeDecision =
  | { code: '01' | '17' | '19' }
  /** A re-presentation is always for the original amount, collected by `deadline`. */
  | { code: '18'; amountPence: number; deadline: IsoDate };

/** The transaction code for the next collection on a mandate, from its history. */
export function transactionCodeFor(request: CollectionRequest, history: readonly PastCollection[]): TransactionCodeDecision {
  const final = history.find((c) => c.transactionCode === '19');
  if (final) {
    throw new TransactionCodeError(
      `The mandate's final collection (${final.id}, processed ${final.processingDate}) has been made; the payer's bank deletes the instruction after a 19, so a new instruction is needed`,
    );
  }
  if (request.kind === 're-presentation') {
    const original = history.find((c) => c.id === request.originalId);
    if (!original) throw new TransactionCodeError(`Collection ${request.originalId} is not in this mandate's history`);
    if (original.status !== 'unpaid') {
      throw new TransactionCodeError(`Collection ${original.id} was not returned unpaid, so there is nothing to re-present`);
    }
    const check = checkRepresentation({
      reasonCode: original.returnReasonCode ?? '',
      originalProcessingDate: original.processingDate,
      collectionDate: request.collectionDate,
      originalWasRepresentation: original.transactionCode === '18',
      alreadyRepresented: history.some((c) => c.representationOf === original.id),
    });
    if (!check.ok) throw new TransactionCodeError(`Collection ${original.id} cannot be re-presented: ${check.reason}`);
    return { code: '18', amountPence: original.amountPence, deadline: check.deadline };
  }
  if (history.length === 0) return { code: '01' };
  return { code: request.kind === 'final' ? '19' : '17' };
}
