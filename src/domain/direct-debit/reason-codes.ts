/**
 * Bacs reason codes as data: ARUDD (unpaid Direct Debits), ADDACS (instruction
 * amendments and cancellations from the payer's bank) and AUDDIS (instructions the
 * payer's bank rejected), with what Reeve should do about each.
 *
 * Sources: DOMAIN.md §5.4–5.5 (Nuapay "Bacs Reason Codes", based on the Bacs Service
 * User Guide; GoCardless list; RatCow BACS comments); NatWest PT-X "Automated Return of
 * Unpaid Direct Debits Report" page; Numeral "Bacs reason codes" (full AUDDIS list
 * including K); Access PaySuite AUDDIS reason code guide. The Service User's Guide and
 * Rules to the Direct Debit Scheme is the authority: check against the current edition.
 *
 * Actions:
 * - 're-present': the collection may be presented again (transaction code 18);
 * - 'stop': hold further collections until an officer resolves the issue;
 * - 'update-mandate': change the mandate's bank details and carry on;
 * - 'cancel-mandate': the instruction is gone; a new DDI is needed to collect again;
 * - 'deceased': stop and start the deceased / estate workflow;
 * - 'query': something about the instruction or the file was wrong; an officer checks;
 * - 'reinstate': the bank has reinstated a cancelled instruction (ADDACS R).
 *
 * Every ARUDD item reverses the collection it reports (the money never arrived, or was
 * taken back), whatever its code; the action says what happens next.
 */
import { isIsoDate, parseIsoDate, type IsoDate } from '../calendar/dates.ts';

export type ReasonAction = 're-present' | 'stop' | 'update-mandate' | 'cancel-mandate' | 'deceased' | 'query' | 'reinstate';

export interface ReasonCode {
  code: string;
  meaning: string;
  action: ReasonAction;
  /** What the officer should do, in plain words. */
  guidance: string;
}

export interface AruddReason extends ReasonCode {
  /** May be re-presented (once, within one month of the original processing day). Only code 0. */
  mayRepresent: boolean;
  /** Further collections on the mandate must wait until an officer clears the item. */
  holdsCollections: boolean;
  /** The descriptions ARUDD reports carry for this reason, upper case, as matched by aruddReasonFromDescription. */
  descriptions: readonly string[];
}

export interface AddacsReason extends ReasonCode {
  /**
   * What to send to AUDDIS as a result: 'send-0N' (lodge the instruction at the new
   * bank, ADDACS 3 with new details) or 'none'. Reeve never sends a 0C/0N pair for C, E
   * or R, nor a 0C to the old bank for 3 (scheme rule since 1 Jan 2013).
   */
  auddis: 'send-0N' | 'none';
}

export type AuddisReason = ReasonCode;

export const ARUDD_REASONS: readonly AruddReason[] = [
  {
    code: '0',
    meaning: 'Refer to payer',
    action: 're-present',
    mayRepresent: true,
    holdsCollections: false,
    descriptions: ['REFER TO PAYER'],
    guidance:
      'Usually not enough money in the account (also garnishee orders, bankruptcy, receivership). The collection may be re-presented once, with transaction code 18, within one month of the original processing day. Contact the payer first and give about 5 working days notice of the new date.',
  },
  {
    code: '1',
    meaning: 'Instruction cancelled',
    action: 'cancel-mandate',
    mayRepresent: false,
    holdsCollections: true,
    descriptions: ['INSTRUCTION CANCELLED'],
    guidance: 'The payer or their bank cancelled the Direct Debit. Agree another way to pay the amount outstanding.',
  },
  {
    code: '2',
    meaning: 'Payer deceased',
    action: 'deceased',
    mayRepresent: false,
    holdsCollections: true,
    descriptions: ['PAYER DECEASED'],
    guidance: 'Stop collections and start the deceased tenant process.',
  },
  {
    code: '3',
    meaning: 'Account transferred',
    action: 'stop',
    mayRepresent: false,
    holdsCollections: true,
    descriptions: ['ACCOUNT TRANSFERRED'],
    guidance:
      'The account has moved to another bank or building society. Use the new details if an ADDACS advice brings them, otherwise get a new Direct Debit Instruction. Do not collect until it is set up and advance notice given.',
  },
  {
    code: '4',
    meaning: 'Advance notice disputed',
    action: 'stop',
    mayRepresent: false,
    holdsCollections: true,
    descriptions: ['ADVANCE NOTICE DISPUTED'],
    guidance: 'The payer disputes the amount, date or frequency they were told about. Do not collect again until the dispute is resolved.',
  },
  {
    code: '5',
    meaning: 'No account (or wrong account type)',
    action: 'query',
    mayRepresent: false,
    holdsCollections: true,
    descriptions: ['NO ACCOUNT', 'NO ACCOUNT OR WRONG ACCOUNT TYPE', 'WRONG ACCOUNT TYPE'],
    guidance: 'The bank does not recognise the account. Check the instruction details with the payer.',
  },
  {
    code: '6',
    meaning: 'No instruction',
    action: 'query',
    mayRepresent: false,
    holdsCollections: true,
    descriptions: ['NO INSTRUCTION', 'NO INSTRUCTION HELD'],
    guidance: 'The bank holds no Direct Debit Instruction for us. Check the details and, if needed, get a new instruction.',
  },
  {
    code: '7',
    meaning: 'Amount differs',
    action: 'query',
    mayRepresent: false,
    holdsCollections: true,
    descriptions: ['AMOUNT DIFFERS'],
    guidance: 'The amount collected differs from the advance notice. Resolve it with the payer before collecting again.',
  },
  {
    code: '8',
    meaning: 'Amount not yet due',
    action: 'query',
    mayRepresent: false,
    holdsCollections: true,
    descriptions: ['AMOUNT NOT YET DUE'],
    guidance:
      'Collected before the notified date, or less than 2 working days after the instruction was lodged. Check the schedule and collect on a correct date.',
  },
  {
    code: '9',
    meaning: 'Presentation overdue',
    action: 'query',
    mayRepresent: false,
    holdsCollections: true,
    descriptions: ['PRESENTATION OVERDUE'],
    guidance:
      'Collected more than 3 working days after the notified date, or re-presented more than one month after the original. Send a new advance notice before collecting.',
  },
  {
    code: 'A',
    meaning: 'Service user differs',
    action: 'query',
    mayRepresent: false,
    holdsCollections: true,
    descriptions: ['SERVICE USER DIFFERS', 'DD SERVICE USER DIFFERS'],
    guidance: 'The instruction at the bank is for a different service user number. Check our service user number and the instruction details.',
  },
  {
    code: 'B',
    meaning: 'Account closed',
    action: 'cancel-mandate',
    mayRepresent: false,
    holdsCollections: true,
    descriptions: ['ACCOUNT CLOSED'],
    guidance: 'The payer closed the account. A new Direct Debit Instruction on another account is needed.',
  },
];

export const ADDACS_REASONS: readonly AddacsReason[] = [
  {
    code: '0',
    meaning: 'Instruction cancelled - refer to payer',
    action: 'cancel-mandate',
    auddis: 'none',
    guidance: "The payer's bank cancelled the instruction. Do not collect on this account again; a new instruction is needed.",
  },
  {
    code: '1',
    meaning: 'Instruction cancelled by payer',
    action: 'cancel-mandate',
    auddis: 'none',
    guidance: 'The payer cancelled the Direct Debit. Agree another way to pay any arrears.',
  },
  {
    code: '2',
    meaning: 'Payer deceased',
    action: 'deceased',
    auddis: 'none',
    guidance: 'Stop collections and start the deceased tenant process.',
  },
  {
    code: '3',
    meaning: 'Account transferred to a new bank or building society',
    action: 'update-mandate',
    auddis: 'send-0N',
    guidance:
      'If new bank details are given, update the mandate and lodge it with the new bank (0N); do not send a 0C to the old bank. If no new details are given, get a new instruction and suspend collections until it is set up and advance notice given.',
  },
  {
    code: 'B',
    meaning: 'Account closed',
    action: 'cancel-mandate',
    auddis: 'none',
    guidance: 'The payer closed the account. A new Direct Debit Instruction on another account is needed.',
  },
  {
    code: 'C',
    meaning: 'Account transferred to a different branch of the bank or building society',
    action: 'update-mandate',
    auddis: 'none',
    guidance: 'Update the mandate with the new details and carry on collecting. Do not send a 0C/0N pair.',
  },
  {
    code: 'D',
    meaning: 'Advance notice disputed',
    action: 'stop',
    auddis: 'none',
    guidance:
      'The payer disputes the advance notice. Stop collecting until it is resolved; the instruction is treated as cancelled unless a reinstatement (R) follows.',
  },
  {
    code: 'E',
    meaning: 'Instruction amended',
    action: 'update-mandate',
    auddis: 'none',
    guidance: 'The instruction details changed. Update the mandate and carry on. Do not send a 0C/0N pair.',
  },
  {
    code: 'R',
    meaning: 'Instruction reinstated',
    action: 'reinstate',
    auddis: 'none',
    guidance:
      'The bank reinstated a cancelled instruction (possible up to 2 months after cancellation). Resume collections after giving advance notice. Do not send a 0C/0N pair.',
  },
];

export const AUDDIS_REASONS: readonly AuddisReason[] = [
  { code: '1', meaning: 'Instruction cancelled by payer', action: 'cancel-mandate', guidance: 'The payer cancelled the instruction. Agree another way to pay.' },
  { code: '2', meaning: 'Payer deceased', action: 'deceased', guidance: 'Start the deceased tenant process.' },
  {
    code: '3',
    meaning: 'Account transferred',
    action: 'cancel-mandate',
    guidance: 'The account moved to another bank. Get a new instruction; do not collect until it is set up and advance notice given.',
  },
  { code: '5', meaning: 'No account', action: 'query', guidance: 'The bank does not recognise the account number. Check the details with the payer and resubmit.' },
  { code: '6', meaning: 'No instruction', action: 'query', guidance: 'The bank holds no such instruction. Check the details and send a new 0N when resolved.' },
  { code: '7', meaning: 'DDI amount not zero', action: 'query', guidance: 'An instruction record carried an amount. Correct the file (instructions are always zero) and resubmit.' },
  { code: 'B', meaning: 'Account closed', action: 'cancel-mandate', guidance: 'The account is closed. A new instruction on another account is needed.' },
  {
    code: 'C',
    meaning: 'Account transferred to a different branch of the bank or building society',
    action: 'update-mandate',
    guidance: 'Update the mandate with the new details supplied and carry on. Do not send a 0C/0N pair.',
  },
  { code: 'F', meaning: 'Invalid account type', action: 'cancel-mandate', guidance: 'The account type does not take Direct Debits. Ask the payer for a current account.' },
  { code: 'G', meaning: 'Bank will not accept Direct Debits on account', action: 'cancel-mandate', guidance: 'Ask the payer for another account and a new instruction.' },
  { code: 'H', meaning: 'Instruction has expired', action: 'query', guidance: 'The instruction expired (dormant) at the bank. Send a new 0N before collecting.' },
  { code: 'I', meaning: 'Payer reference is not unique', action: 'query', guidance: 'The Direct Debit reference is already used. Give the mandate a new reference and resubmit.' },
  { code: 'K', meaning: 'Instruction cancelled by bank', action: 'cancel-mandate', guidance: 'The bank cancelled the instruction. Contact the payer.' },
  {
    code: 'L',
    meaning: "Incorrect payer's account details",
    action: 'query',
    guidance: 'The sort code and account number do not pass the bank checks. Check them with the payer (modulus check) and resubmit.',
  },
  { code: 'M', meaning: 'Transaction code / user status incompatible', action: 'query', guidance: 'The file used a transaction code our service user number may not use. Check the collection run.' },
  { code: 'N', meaning: "Transaction disallowed at payer's branch", action: 'cancel-mandate', guidance: 'The branch does not take Direct Debits. Ask the payer for another account.' },
  { code: 'O', meaning: 'Invalid reference', action: 'query', guidance: 'The Direct Debit reference breaks the reference rules. Give the mandate a valid reference and resubmit.' },
  { code: 'P', meaning: "Payer's name not present", action: 'query', guidance: 'The name on the account was blank. Add it and resubmit.' },
  { code: 'Q', meaning: "Service user's name is blank", action: 'query', guidance: 'Our service user name was blank in the file. Check the collection run settings.' },
];

function index<T extends ReasonCode>(list: readonly T[]): ReadonlyMap<string, T> {
  return new Map(list.map((r) => [r.code, r]));
}
const ARUDD_BY_CODE = index(ARUDD_REASONS);
const ADDACS_BY_CODE = index(ADDACS_REASONS);
const AUDDIS_BY_CODE = index(AUDDIS_REASONS);

/** Normalises a description for matching: upper case, every run of non-alphanumerics one space. */
function descriptionKey(s: string): string {
  return s.toUpperCase().replace(/[^A-Z0-9]+/g, ' ').trim();
}
const ARUDD_BY_DESCRIPTION: ReadonlyMap<string, AruddReason> = new Map(
  ARUDD_REASONS.flatMap((r) => r.descriptions.map((d) => [descriptionKey(d), r] as const)),
);

/** Reason codes are single characters; "b" is read as "B". */
function codeKey(code: string): string {
  return code.trim().toUpperCase();
}

export function aruddReason(code: string): AruddReason | undefined {
  return ARUDD_BY_CODE.get(codeKey(code));
}
export function addacsReason(code: string): AddacsReason | undefined {
  return ADDACS_BY_CODE.get(codeKey(code));
}
export function auddisReason(code: string): AuddisReason | undefined {
  return AUDDIS_BY_CODE.get(codeKey(code));
}

/** The ARUDD reason whose report description this is ("REFER TO PAYER" → code 0), if any. */
export function aruddReasonFromDescription(description: string): AruddReason | undefined {
  return ARUDD_BY_DESCRIPTION.get(descriptionKey(description));
}

/**
 * The last day a collection first processed on `originalProcessingDate` may be
 * re-presented: one calendar month later, or the last day of that month when it is
 * shorter (31 Jan → 28/29 Feb).
 */
export function representationDeadline(originalProcessingDate: IsoDate): IsoDate {
  const d = parseIsoDate(originalProcessingDate);
  let year = Number(d.slice(0, 4));
  let month = Number(d.slice(5, 7)) + 1;
  if (month === 13) {
    month = 1;
    year += 1;
  }
  const ym = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
  for (let day = Number(d.slice(8, 10)); day >= 28; day -= 1) {
    const candidate = `${ym}-${String(day).padStart(2, '0')}`;
    if (isIsoDate(candidate)) return candidate;
  }
  return `${ym}-${d.slice(8, 10)}`;
}

export interface RepresentationCheck {
  /** The ARUDD reason the original collection came back with. */
  reasonCode: string;
  /** The original collection's Bacs processing day (ARUDD `originalProcessingDate`). */
  originalProcessingDate: IsoDate;
  /** The collection date proposed for the re-presentation. */
  collectionDate: IsoDate;
  /** The original was itself a re-presentation (code 18). */
  originalWasRepresentation: boolean;
  /** The original has already been re-presented once. */
  alreadyRepresented: boolean;
}

/**
 * The re-presentation rule: only ARUDD 0, only once (an 18 is never re-presented
 * again), and collected no later than one month after the original processing day.
 * Everything else is never re-presented automatically. The amount must be the same as
 * the original's: callers re-present the original amount, never a different one.
 */
export function checkRepresentation(check: RepresentationCheck): { ok: true; deadline: IsoDate } | { ok: false; reason: string } {
  const reason = aruddReason(check.reasonCode);
  const deadline = representationDeadline(check.originalProcessingDate);
  if (!reason) return { ok: false, reason: `"${check.reasonCode}" is not an ARUDD reason code` };
  if (!reason.mayRepresent) {
    return { ok: false, reason: `ARUDD ${reason.code} (${reason.meaning}) may not be re-presented: ${reason.guidance}` };
  }
  if (check.originalWasRepresentation) return { ok: false, reason: 'A re-presented collection may not be re-presented again' };
  if (check.alreadyRepresented) return { ok: false, reason: 'This collection has already been re-presented once' };
  const date = parseIsoDate(check.collectionDate);
  if (date <= check.originalProcessingDate) {
    return { ok: false, reason: `A re-presentation must be collected after the original processing day ${check.originalProcessingDate}` };
  }
  if (date > deadline) {
    return {
      ok: false,
      reason: `Too late to re-present: the original was processed on ${check.originalProcessingDate}, so the re-presentation must be collected by ${deadline} (it would be returned as ARUDD 9)`,
    };
  }
  return { ok: true, deadline };
}
