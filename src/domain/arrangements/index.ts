/**
 * Arrangements: instalments on top of the current charge across one or several debts, the expected
 * schedule, apportionment by priority, the nightly kept/breached/completed check, and versioned
 * amendment with history. Pure domain code: no I/O, and "today" is always passed in.
 */
export * from './vocabulary.ts'
export * from './apportion.ts'
export * from './priority.ts'
export * from './schedule.ts'
export * from './check.ts'
export * from './arrangement.ts'
export * from './amend.ts'
