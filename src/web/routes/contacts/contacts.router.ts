import type { FastifyInstance } from 'fastify'
import { requireRole } from '../../middleware/require-signed-in.ts'
import type { WebDeps } from '../../types.ts'
import { addNoteController } from './add-note.controller.ts'
import { CONTACT_ROLES } from './contact-roles.ts'
import { recordContactController } from './record-contact.controller.ts'

/** Recording contacts and notes on an account's timeline (the timeline itself is on the account page). */
export async function contactsRouter(app: FastifyInstance, deps: WebDeps): Promise<void> {
  app.addHook('onRequest', requireRole(...CONTACT_ROLES))
  const contact = recordContactController(deps)
  const note = addNoteController(deps)
  app.get('/accounts/:accountNumber/contacts/new', contact.show)
  app.post('/accounts/:accountNumber/contacts/new', contact.record)
  app.get('/accounts/:accountNumber/notes/new', note.show)
  app.post('/accounts/:accountNumber/notes/new', note.add)
}
