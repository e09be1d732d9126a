import type { FastifyInstance } from 'fastify'
import type { WebDeps } from '../../types.ts'
import { personController } from './person.controller.ts'

/** People: the person page, linked from each account holder on the account page. */
export async function peopleRouter(app: FastifyInstance, deps: WebDeps): Promise<void> {
  const person = personController(deps)
  app.get('/people/:partyRef', person.show)
}
