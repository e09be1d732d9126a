/**
 * The Direct Debit Guarantee, shown on every paper and paperless Direct Debit
 * Instruction and on the confirmation the payer receives.
 *
 * The wording is prescribed by Bacs and must be reproduced exactly, with the service
 * user's name and notice period filled in. The text below is the widely published
 * version (DOMAIN.md §5.1: Evosoft, Lloyds, Stripe); CHECK IT against the artwork and
 * wording pack from the council's sponsoring bank before going live, because Bacs
 * revises it from time to time. The three protections (advance notice, full and
 * immediate refund, cancel at any time) are the scheme's promise.
 */
import { assertNoticeWorkingDays } from './schedule.ts';

export interface DirectDebitGuarantee {
  heading: string;
  paragraphs: string[];
}

export function directDebitGuarantee(opts: { serviceUserName: string; noticeWorkingDays: number }): DirectDebitGuarantee {
  assertNoticeWorkingDays(opts.noticeWorkingDays);
  const name = opts.serviceUserName.trim();
  if (name === '') throw new RangeError('The Direct Debit Guarantee needs the service user name');
  return {
    heading: 'The Direct Debit Guarantee',
    paragraphs: [
      'This Guarantee is offered by all banks and building societies that accept instructions to pay Direct Debits.',
      `If there are any changes to the amount, date or frequency of your Direct Debit ${name} will notify you ${opts.noticeWorkingDays} working days in advance of your account being debited or as otherwise agreed. If you request ${name} to collect a payment, confirmation of the amount and date will be given to you at the time of the request.`,
      `If an error is made in the payment of your Direct Debit, by ${name} or your bank or building society, you are entitled to a full and immediate refund of the amount paid from your bank or building society.`,
      `If you receive a refund you are not entitled to, you must pay it back when ${name} asks you to.`,
      'You can cancel a Direct Debit at any time by simply contacting your bank or building society. Written confirmation may be required. Please also notify us.',
    ],
  };
}
