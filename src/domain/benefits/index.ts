/**
 * Benefits, as the rent account sees them: Housing Benefit and Universal Credit claims as state
 * machines, Discretionary Housing Payment applications, the benefit-claim hold on enforcement,
 * the benefit credits expected (technical arrears) and those missing, and the UC third-party
 * deduction for rent arrears with the UC figures as dated data. Pure domain code: no I/O.
 */
export * from './state-machine.ts'
export * from './housing-benefit.ts'
export * from './universal-credit.ts'
export * from './dhp.ts'
export * from './pending-claim-hold.ts'
export * from './benefit-payments.ts'
export * from './uc-rates.ts'
export * from './third-party-deduction.ts'
