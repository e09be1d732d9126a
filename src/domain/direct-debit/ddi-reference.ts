/**
 * The service user's reference for a Direct Debit Instruction (the "DDI reference" or
 * mandate reference): the 18-character field at positions 65–82 of every Standard 18
 * record for that payer, and the key ARUDD / ADDACS / AUDDIS reports use to tell us
 * which mandate they are about.
 *
 * Rules (DOMAIN.md §5.6; ddcms field-level-validation doc; AUDDIS reasons I and O):
 * - at most 18 characters, Bacs characters only (A–Z 0–9 . & / - space);
 * - at least 6 "meaningful" characters: Reeve counts letters and digits, so
 *   "AB-1/2" (4 alphanumerics) is refused. Spaces and punctuation do not count;
 * - must start with a letter or digit (no leading space or punctuation);
 * - must not be all the same character ("000000", "AAAAAA", "1111-11");
 * - must not start with "DDIC" (reserved for Direct Debit Indemnity Claims);
 * - unique per payer within the service user number: that needs the database, so it is
 *   the caller's job (AUDDIS reason I "payer reference is not unique" otherwise).
 */
import { describeCharacters, disallowedBacsCharacters } from './bacs-characters.ts';

export const DDI_REFERENCE_MAX_LENGTH = 18;
export const DDI_REFERENCE_MIN_ALPHANUMERICS = 6;

export class DdiReferenceError extends Error {
  override name = 'DdiReferenceError';
}

/** Every rule the reference breaks (empty when it is valid). Expects the stored form: see normaliseDdiReference. */
export function ddiReferenceProblems(reference: string): string[] {
  const problems: string[] = [];
  if (reference.length === 0) return ['Enter a Direct Debit reference'];
  if (reference.length > DDI_REFERENCE_MAX_LENGTH) {
    problems.push(`The Direct Debit reference must be ${DDI_REFERENCE_MAX_LENGTH} characters or fewer (it has ${reference.length})`);
  }
  const bad = disallowedBacsCharacters(reference);
  if (bad.length > 0) {
    problems.push(
      `The Direct Debit reference must only include capital letters A to Z, numbers, spaces, full stops, ampersands, slashes and hyphens (remove ${describeCharacters(bad)})`,
    );
  }
  const alphanumerics = reference.replace(/[^A-Za-z0-9]/g, '');
  if (alphanumerics.length < DDI_REFERENCE_MIN_ALPHANUMERICS) {
    problems.push(`The Direct Debit reference must include at least ${DDI_REFERENCE_MIN_ALPHANUMERICS} letters or numbers`);
  }
  if (!/^[A-Za-z0-9]/.test(reference)) {
    problems.push('The Direct Debit reference must start with a letter or a number');
  }
  if (alphanumerics.length > 0 && /^(.)\1*$/.test(alphanumerics.toUpperCase())) {
    problems.push('The Direct Debit reference must not be the same character repeated');
  }
  if (reference.toUpperCase().startsWith('DDIC')) {
    problems.push('The Direct Debit reference must not start with DDIC');
  }
  return problems;
}

/** Upper-cases and trims a reference typed by a person, e.g. from a paper DDI. */
export function normaliseDdiReference(reference: string): string {
  return reference.trim().replace(/\s+/g, ' ').toUpperCase();
}

export function isValidDdiReference(reference: string): boolean {
  return ddiReferenceProblems(reference).length === 0;
}

export interface DdiReferenceParts {
  /** A short fixed prefix for the council's Direct Debit references, e.g. "RNT". Optional. */
  prefix?: string;
  /** The account's own reference, e.g. the rent payment reference "101000016". */
  accountReference: string;
  /**
   * Which mandate this is for the account, counting from 1. A new DDI on the same
   * account (new bank details, re-lodgement after a cancellation) takes the next
   * number, so its reference never repeats an earlier one.
   */
  mandateNumber: number;
}

/**
 * Builds a DDI reference: `<PREFIX><ACCOUNT REFERENCE>-<NN>`, e.g. "RNT101000016-01".
 * The account reference is upper-cased and anything outside A–Z / 0–9 removed, so the
 * result only contains Bacs characters. Throws a DdiReferenceError when the parts cannot
 * make a valid reference (too long, too few characters, starting with DDIC, …).
 */
export function generateDdiReference(parts: DdiReferenceParts): string {
  const { mandateNumber } = parts;
  if (!Number.isSafeInteger(mandateNumber) || mandateNumber < 1 || mandateNumber > 99) {
    throw new DdiReferenceError(`The mandate number must be a whole number from 1 to 99, not ${mandateNumber}`);
  }
  const clean = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const reference = `${clean(parts.prefix ?? '')}${clean(parts.accountReference)}-${String(mandateNumber).padStart(2, '0')}`;
  const problems = ddiReferenceProblems(reference);
  if (problems.length > 0) {
    throw new DdiReferenceError(`Cannot make a Direct Debit reference from "${parts.prefix ?? ''}" and "${parts.accountReference}": ${problems.join('; ')}`);
  }
  return reference;
}
