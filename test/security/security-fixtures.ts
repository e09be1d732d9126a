import type { LightMyRequestResponse } from 'fastify'
import type { Db } from '../../src/db/client.ts'
import { cliActor } from '../../src/services/actor.ts'
import { createApiToken } from '../../src/services/api-tokens/api-tokens.ts'
import { ROLES, type Role } from '../../src/services/users/create-user.ts'
import { makeAccountWithStatement, type WebAccountFixture } from '../../src/web/testing/account-fixture.ts'
import { createTestUser, signedInClient, type TestWebApp, type WebTestClient } from '../../src/web/testing/web-test-client.ts'
import { registeredRoutes, type RegisteredRoute } from './routes.ts'

export interface SecurityWorld {
  account: WebAccountFixture
  partyRef: string
  paymentId: number
  clients: Map<Role, WebTestClient>
  tokens: Map<Role, string>
}

/** An account with a payment, a signed-in officer and an API token of every role. */
export async function makeSecurityWorld(db: Db, t: TestWebApp, tag: string): Promise<SecurityWorld> {
  const account = await makeAccountWithStatement(db, { forename: 'Secura', surname: 'Matrix' })
  const [p] = await db.query<{ party_ref: string }>('select p.party_ref from parties p join account_parties ap on ap.party_id = p.id where ap.account_id = $1', [account.accountId])
  const [pay] = await db.query<{ id: number }>('select payment_id as id from payment_allocations where account_id = $1 limit 1', [account.accountId])
  const clients = new Map<Role, WebTestClient>()
  const tokens = new Map<Role, string>()
  for (const role of ROLES) {
    clients.set(role, await signedInClient(t.app, await createTestUser(db, { role })))
    tokens.set(role, (await createApiToken(db, { name: `sec-${tag}-${role.replace(/_/g, '-')}`, role, actor: cliActor })).token)
  }
  return { account, partyRef: p!.party_ref, paymentId: pay!.id, clients, tokens }
}

/** `METHOD /path` with each parameter named as in the access table (the first of Fastify's merged names). */
export function routeKey(r: RegisteredRoute): string {
  return `${r.method} ${r.url.replace(/(:[A-Za-z0-9_]+)(\|:[A-Za-z0-9_]+)+/g, '$1')}`
}

/** The routes the access table speaks for: everything but the static file server's wildcard. */
export function appRoutes(t: TestWebApp): RegisteredRoute[] {
  return registeredRoutes(t.app).filter((r) => r.url !== '/*')
}

/** A real URL for a route, with its parameters filled from the world (an unknown id where nothing fits). */
export function concreteUrl(url: string, w: SecurityWorld): string {
  return url.replace(/:([A-Za-z0-9_]+)(\|:[A-Za-z0-9_]+)*/g, (_m, name: string) => {
    switch (name) {
      case 'accountNumber':
      case 'accountKey':
        return w.account.accountNumber
      case 'partyRef':
        return w.partyRef
      case 'paymentId':
        return String(w.paymentId)
      case 'receiptNumber':
        return 'RC260000001'
      case 'invoiceNumber':
        return 'INV-0001'
      case 'file':
        return 'arrears.csv'
      default:
        return '1'
    }
  })
}

export const isSignInRedirect = (res: LightMyRequestResponse) => res.statusCode === 303 && String(res.headers.location ?? '').startsWith('/sign-in')
export const isAccessRefusal = (res: LightMyRequestResponse) => res.statusCode === 403 && res.body.includes('You do not have access to this page')
export const isCsrfRefusal = (res: LightMyRequestResponse) => res.statusCode === 403 && res.body.includes('Sorry, there is a problem with this form')
