/**
 * Bacs file formats for Direct Debit: the Standard 18 input file a collection run
 * submits, and the ARUDD / ADDACS / AUDDIS reports that come back (Bacs XML form).
 * Pure: text in, typed values out, or an error listing every problem.
 */
export * from './bacs-reports.ts'
export * from './standard18.ts'
