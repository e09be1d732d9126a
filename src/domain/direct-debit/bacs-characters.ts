/**
 * The Bacs character set. Standard 18 text fields (names, references) may only hold
 * upper-case A–Z, digits 0–9, full stop, ampersand, slash, hyphen and space
 * (DOMAIN.md §5.6, from the ddcms field-validation doc and Odoo's l10n_uk_bacs
 * "Bacs compliance criteria"). Anything else is refused by Bacs or the bank.
 */

/** One allowed Bacs character. */
export const BACS_CHARACTER_RE = /^[A-Z0-9.&/\- ]$/;

const BACS_TEXT_RE = /^[A-Z0-9.&/\- ]*$/;

/** True when every character of s is in the Bacs set (the empty string counts). */
export function isBacsText(s: string): boolean {
  return BACS_TEXT_RE.test(s);
}

/** The characters of s that Bacs does not allow, each listed once, in order of appearance. */
export function disallowedBacsCharacters(s: string): string[] {
  const seen = new Set<string>();
  for (const ch of s) {
    if (!BACS_CHARACTER_RE.test(ch)) seen.add(ch);
  }
  return [...seen];
}

/** Renders characters for an error message: `"@", "!" and "é"`. */
export function describeCharacters(chars: readonly string[]): string {
  const quoted = chars.map((c) => (c === '\t' ? 'a tab' : `"${c}"`));
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

const APOSTROPHES_RE = /['\u2018\u2019`\u00b4]/g;

/**
 * The usual clean-up of free text people type (names, addresses) before it goes into
 * a Bacs field: accents removed (É → E), upper-cased, apostrophes dropped
 * (O'Brien → OBRIEN, as banks print it), runs of white space collapsed, ends trimmed.
 * Other disallowed characters are left in place for validation to report: quietly
 * deleting an "@" or "£" could change the meaning of a reference.
 */
export function toBacsText(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(APOSTROPHES_RE, '')
    .replace(/\s+/g, ' ')
    .trim();
}
