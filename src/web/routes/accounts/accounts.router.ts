import type { FastifyInstance } from 'fastify'
import type { WebDeps } from '../../types.ts'
import { accountController } from './account.controller.ts'
import { statementDownloadController } from './statement-download.controller.ts'

export async function accountsRouter(app: FastifyInstance, deps: WebDeps): Promise<void> {
  const account = accountController(deps)
  const download = statementDownloadController(deps)
  app.get('/accounts/:accountNumber', account.show)
  app.get('/accounts/:accountNumber/statement.csv', download.csv)
  app.get('/accounts/:accountNumber/statement.pdf', download.pdf)
}
