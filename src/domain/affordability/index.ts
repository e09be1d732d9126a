/**
 * Affordability: the Standard Financial Statement (categories as data, amounts normalised to
 * monthly pence, validation), its assessment against spending guidelines (trigger figures, as dated
 * data) and a sustainable offer from the surplus. Pure domain code: no I/O.
 */
export * from './categories.ts'
export * from './frequency.ts'
export * from './spending-guidelines.ts'
export * from './statement.ts'
export * from './assess-statement.ts'
export * from './suggest-offer.ts'
