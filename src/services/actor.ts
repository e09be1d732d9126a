/** Who is making a change: a signed-in user, or the system/CLI acting for the council. */
export interface Actor {
  userId: number | null
  /** e.g. 'user:jsmith', 'cli', 'system:debit-run'. Never personal data beyond a username. */
  label: string
}

export const systemActor = (what: string): Actor => ({ userId: null, label: `system:${what}` })
export const cliActor: Actor = { userId: null, label: 'cli' }
