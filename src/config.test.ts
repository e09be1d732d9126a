import { describe, expect, it } from 'vitest'
import { loadConfig } from './config.ts'

describe('loadConfig', () => {
  it('defaults to the embedded database on port 3000, trusting no proxy', () => {
    const c = loadConfig({})
    expect(c.databaseUrl).toBeUndefined()
    expect(c.port).toBe(3000)
    expect(c.trustProxy).toBe(false)
    expect(c.notify).toBeUndefined()
  })

  it('reads TRUST_PROXY as true, false or a list of proxy addresses', () => {
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true)
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false)
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, 10.0.0.0/24,::1' }).trustProxy).toEqual(['10.0.0.1', '10.0.0.0/24', '::1'])
    expect(() => loadConfig({ TRUST_PROXY: 'the load balancer' })).toThrow(/TRUST_PROXY: use true, false, or proxy addresses/)
  })

  it('refuses to start in production without a session secret, and names a bad setting', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET/)
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/Invalid configuration: PORT/)
  })
})
