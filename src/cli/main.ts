import { Command } from 'commander'
import { isAppError } from '../errors.ts'
import { registerApiTokens } from './commands/api-tokens.ts'
import { registerRunAnonymise } from '../jobs/anonymise.ts'
import { registerArrangements } from './commands/arrangements.ts'
import { registerDirectDebit } from './commands/direct-debit.ts'
import { registerEndTenancy } from './commands/end-tenancy.ts'
import { registerInvoicing } from './commands/invoicing.ts'
import { registerRecovery } from './commands/recovery.ts'
import { registerDebtRecovery } from './commands/debt-recovery.ts'
import { registerLetters } from './commands/letters.ts'
import { registerMoneyIn } from './commands/money-in.ts'
import { registerPerformance } from './commands/performance.ts'
import { registerSuspenseAndRefunds } from './commands/suspense-refunds.ts'
import { registerRunDebits } from './commands/run-debits.ts'
import { registerRunRentChange } from './commands/run-rent-change.ts'
import { registerSeed } from './commands/seed.ts'
import { registerServe } from './commands/serve.ts'
import { registerStatement } from './commands/statement.ts'
import { registerWriteOff } from './commands/write-off.ts'
import { withDb } from './context.ts'
import { ensureDefaultPathways } from '../services/recovery/pathways.ts'

const program = new Command('reeve')
  .description('Reeve: income management and debt recovery for councils and social landlords')
  .showHelpAfterError()

program
  .command('migrate')
  .description('apply database migrations (PGlite in REEVE_DATA_DIR, or DATABASE_URL)')
  .action(async () => {
    await withDb(async (db) => {
      await ensureDefaultPathways(db) // the shipped recovery pathways, whichever command started the database
      console.log('Database is up to date.')
    })
  })

registerSeed(program)
registerServe(program)
registerStatement(program)
registerEndTenancy(program)
const run = program.command('run').description('batch jobs')
registerRunDebits(run)
registerRunRentChange(run)
const imp = program.command('import').description('read files into Reeve')
const report = program.command('report').description('reports')
registerMoneyIn(program, imp, report)
registerSuspenseAndRefunds(program)
registerDirectDebit(program, run, imp, report)
registerArrangements(program, run)
registerRecovery(program, run)
registerDebtRecovery(program)
registerLetters(program, run)
registerInvoicing(program, run, imp)
registerPerformance(program, run, report)
registerWriteOff(program, report)
registerApiTokens(program)
registerRunAnonymise(run)

try {
  await program.parseAsync(process.argv)
} catch (e) {
  if (isAppError(e)) {
    console.error(`reeve: ${e.userMessage}`)
    for (const d of e.details) console.error(`  ${d.line ? `line ${d.line}, ` : ''}${d.field}: ${d.message}`)
    process.exitCode = 2
  } else {
    console.error(`reeve: unexpected error: ${e instanceof Error ? e.message : String(e)}`)
    process.exitCode = 1
  }
}
