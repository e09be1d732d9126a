import fs from 'node:fs'
import type { Command } from 'commander'
import { z } from 'zod'
import { renderStatementPdf } from '../../documents/statement-pdf.ts'
import { renderStatementHtml } from '../../documents/statement-html.ts'
import { renderStatementCsv } from '../../formats/statement-csv.ts'
import { getAccountStatement } from '../../services/statements/get-account-statement.ts'
import { isoDate, parseOptions, today, withDb } from '../context.ts'
import { councilLetterhead } from '../../documents/letterhead.ts'

const Options = z.object({
  from: isoDate,
  to: isoDate.optional(),
  format: z.enum(['html', 'csv', 'pdf']).default('html'),
  output: z.string().optional(),
})

export function registerStatement(program: Command): void {
  program
    .command('statement <account>')
    .description('statement of an account (number, payment reference or id) with running balance')
    .requiredOption('--from <date>', 'first date, YYYY-MM-DD')
    .option('--to <date>', 'last date, YYYY-MM-DD (default today)')
    .option('--format <format>', 'html, csv or pdf', 'html')
    .option('--output <file>', 'write to a file instead of standard output (required for pdf on a terminal)')
    .action(async (account: string, raw) => {
      const o = parseOptions(Options, raw)
      await withDb(async (db) => {
        const s = await getAccountStatement(db, account, { from: o.from, to: o.to ?? today() })
        const opts = { ...councilLetterhead(), generatedOn: today() }
        const body: string | Buffer =
          o.format === 'csv' ? renderStatementCsv(s) : o.format === 'pdf' ? await renderStatementPdf(s, opts) : renderStatementHtml(s, opts)
        if (o.output) {
          fs.writeFileSync(o.output, body)
          console.error(`Wrote ${o.format.toUpperCase()} statement for ${s.account.accountNumber} to ${o.output}`)
        } else {
          process.stdout.write(body)
        }
      })
    })
}
