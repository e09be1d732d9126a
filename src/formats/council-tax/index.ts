export * from './council-tax-csv.ts'
export * from './stages.ts'
