import type { FastifyInstance } from 'fastify'

export interface RegisteredRoute {
  method: string
  url: string
}

/**
 * Every route an app has registered, read from Fastify's own route tree (`printRoutes`): each line is a path
 * fragment under its parent (by indentation) with the methods of the route ending there. HEAD routes Fastify adds
 * for each GET are left out, and so is the static file server's wildcard.
 */
export function registeredRoutes(app: FastifyInstance): RegisteredRoute[] {
  const tree = app.printRoutes({ commonPrefix: false })
  const stack: { depth: number; path: string }[] = []
  const routes: RegisteredRoute[] = []
  for (const line of tree.split('\n')) {
    const m = /^([\s│]*)(?:[├└]── )?(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line)
    if (!m || !m[2]) continue
    const depth = m[1]!.length
    while (stack.length && stack[stack.length - 1]!.depth >= depth) stack.pop()
    const path = (stack.length ? stack[stack.length - 1]!.path : '') + m[2]
    stack.push({ depth, path })
    if (!m[3]) continue
    for (const method of m[3].split(',').map((s) => s.trim())) {
      if (method === 'HEAD' || method === 'OPTIONS') continue
      routes.push({ method, url: path })
    }
  }
  return routes.sort((a, b) => a.url.localeCompare(b.url) || a.method.localeCompare(b.method))
}
