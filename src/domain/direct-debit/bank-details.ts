/**
 * Checking the bank details a payer gives on a Direct Debit Instruction (paper or
 * paperless) before they are stored or lodged with AUDDIS (0N).
 *
 * What is checked here is the FORMAT only:
 * - sort code: 6 digits. "30-94-30", "30 94 30" and "309430" are all accepted and
 *   stored as "309430".
 * - account number: 8 digits. Account numbers of 6 or 7 digits are padded on the left
 *   with zeros to 8 ("1234567" → "01234567"). This is the usual treatment of short UK
 *   account numbers (Vocalink's "Validating account numbers" guidance pads 6- and
 *   7-digit numbers with leading zeros) and what Bacs expects in the 8-digit field.
 *   9- and 10-digit numbers (some building societies, National Westminster and
 *   Co-operative Bank "10-digit" accounts) need bank-specific conversion rules from the
 *   Vocalink specification, so they are refused with a clear message rather than
 *   guessed at: the officer asks the payer for the 8-digit form their bank uses for
 *   Direct Debits.
 * - name on the account: converted to the Bacs character set (accents removed,
 *   upper case, apostrophes dropped), then it must only hold A–Z, 0–9, full stop,
 *   ampersand, slash, hyphen and space. Bacs carries only 18 characters of it: a longer
 *   name is not an error (it is the payer's real name), it is cut to 18 characters and
 *   `accountNameTruncated` says so, so the form can show the payer what their bank
 *   will see.
 *
 * LIMITATION: full modulus checking (is this account number possible at this sort
 * code?) needs Vocalink's modulus weight table and sort code substitution table, which
 * are licensed data files Reeve does not have. The Direct Debit scheme rules make
 * modulus checking mandatory before a 0N is submitted (AUDDIS reason L otherwise).
 * `ModulusChecker` is the seam: the default `noModulusCheck` reports "not checked"
 * and never fails a payer; a council that licenses the Vocalink data (or uses a
 * bureau's checking service) plugs a real checker in.
 *
 * Messages follow the GOV.UK Design System pattern for bank details.
 */
import { disallowedBacsCharacters, describeCharacters, toBacsText } from './bacs-characters.ts';

export interface BankDetailsInput {
  sortCode: string;
  accountNumber: string;
  accountName: string;
}

/** Bank details in the form Bacs files and reports use. */
export interface BankDetails {
  /** 6 digits, no separators. */
  sortCode: string;
  /** 8 digits. */
  accountNumber: string;
  /** Bacs characters only, at most 18 of them. */
  accountName: string;
}

export type BankDetailsField = 'sortCode' | 'accountNumber' | 'accountName';

export interface BankDetailsProblem {
  field: BankDetailsField;
  message: string;
}

export type ModulusResult =
  | { status: 'valid' }
  | { status: 'invalid'; message?: string }
  | { status: 'not-checked'; reason: string };

/** Checks that an (already well-formed) sort code and account number can exist together. */
export interface ModulusChecker {
  check(sortCode: string, accountNumber: string): ModulusResult;
}

/** The default: no Vocalink data, so nothing is checked and nothing is refused. */
export const noModulusCheck: ModulusChecker = {
  check: () => ({
    status: 'not-checked',
    reason: 'Modulus checking needs the Vocalink modulus data, which is not configured',
  }),
};

export type BankDetailsResult =
  | { ok: true; value: BankDetails; accountNameTruncated: boolean; accountNumberPadded: boolean; modulus: ModulusResult }
  | { ok: false; problems: BankDetailsProblem[] };

/** Bacs field width for a destination account name. */
export const BACS_ACCOUNT_NAME_LENGTH = 18;

const SEPARATORS_RE = /[\s-]/g;

/** "30-94-30" / "30 94 30" / "309430" → "309430"; null unless that leaves exactly 6 digits. */
export function normaliseSortCode(input: string): string | null {
  const digits = input.replace(SEPARATORS_RE, '');
  return /^\d{6}$/.test(digits) ? digits : null;
}

/** "30-94-30" for people. */
export function formatSortCode(sortCode: string): string {
  return `${sortCode.slice(0, 2)}-${sortCode.slice(2, 4)}-${sortCode.slice(4, 6)}`;
}

function checkSortCode(input: string): { value: string } | { problem: string } {
  const trimmed = input.trim();
  if (trimmed === '') return { problem: 'Enter a sort code' };
  const digits = trimmed.replace(SEPARATORS_RE, '');
  if (!/^\d+$/.test(digits)) return { problem: 'Enter a sort code like 309430' };
  if (digits.length !== 6) return { problem: 'Sort code must be 6 digits long' };
  return { value: digits };
}

function checkAccountNumber(input: string): { value: string; padded: boolean } | { problem: string } {
  const trimmed = input.trim();
  if (trimmed === '') return { problem: 'Enter an account number' };
  const digits = trimmed.replace(SEPARATORS_RE, '');
  if (!/^\d+$/.test(digits)) return { problem: 'Enter an account number like 00733445' };
  if (digits.length < 6 || digits.length > 8) {
    return { problem: 'Account number must be between 6 and 8 digits' };
  }
  return { value: digits.padStart(8, '0'), padded: digits.length < 8 };
}

function checkAccountName(input: string): { value: string; truncated: boolean } | { problem: string } {
  const cleaned = toBacsText(input);
  if (cleaned === '') return { problem: 'Enter the name on the account' };
  const bad = disallowedBacsCharacters(cleaned);
  if (bad.length > 0) {
    return {
      problem: `Name on the account must only include letters a to z, numbers, spaces, full stops, ampersands, slashes and hyphens (remove ${describeCharacters(bad)})`,
    };
  }
  const truncated = cleaned.length > BACS_ACCOUNT_NAME_LENGTH;
  return { value: cleaned.slice(0, BACS_ACCOUNT_NAME_LENGTH).trimEnd(), truncated };
}

/**
 * Checks and normalises bank details. Every field is checked, so the form can show all
 * the problems at once. The modulus checker runs only when the sort code and account
 * number are both well formed; an "invalid" answer from it is a problem on the account
 * number (the usual GOV.UK placement), "not-checked" is passed back for the caller to
 * record.
 */
export function validateBankDetails(
  input: BankDetailsInput,
  opts: { modulusChecker?: ModulusChecker } = {},
): BankDetailsResult {
  const problems: BankDetailsProblem[] = [];
  const sort = checkSortCode(input.sortCode ?? '');
  const account = checkAccountNumber(input.accountNumber ?? '');
  const name = checkAccountName(input.accountName ?? '');
  if ('problem' in sort) problems.push({ field: 'sortCode', message: sort.problem });
  if ('problem' in account) problems.push({ field: 'accountNumber', message: account.problem });
  if ('problem' in name) problems.push({ field: 'accountName', message: name.problem });

  let modulus: ModulusResult = { status: 'not-checked', reason: 'The sort code or account number is not well formed' };
  if ('value' in sort && 'value' in account) {
    modulus = (opts.modulusChecker ?? noModulusCheck).check(sort.value, account.value);
    if (modulus.status === 'invalid') {
      problems.push({
        field: 'accountNumber',
        message: modulus.message ?? 'Enter a valid combination of sort code and account number',
      });
    }
  }

  if (problems.length > 0 || !('value' in sort) || !('value' in account) || !('value' in name)) {
    return { ok: false, problems };
  }
  return {
    ok: true,
    value: { sortCode: sort.value, accountNumber: account.value, accountName: name.value },
    accountNameTruncated: name.truncated,
    accountNumberPadded: account.padded,
    modulus,
  };
}
