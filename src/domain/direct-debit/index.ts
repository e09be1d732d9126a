/**
 * BACS Direct Debit, the pure parts: bank details, DDI references, schedules and
 * advance notice, transaction codes and Bacs reason codes. Nothing here touches the
 * database; file formats (Standard 18, Bacs XML reports) are in src/formats/bacs.
 */
export * from './bacs-characters.ts';
export * from './bank-details.ts';
export * from './ddi-reference.ts';
export * from './guarantee.ts';
export * from './reason-codes.ts';
export * from './schedule.ts';
export * from './transaction-codes.ts';
