import path from 'node:path'
import { z } from 'zod'

/**
 * One typed view of the environment, parsed once. Everything else asks this module,
 * never process.env directly, so a bad setting fails at start-up with a clear message.
 */
const EnvSchema = z.object({
  // An empty value means unset (so `DATABASE_URL= npm start` uses the embedded database).
  DATABASE_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional()),
  REEVE_DATA_DIR: z.string().min(1).default('.reeve-data'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  SESSION_SECRET: z.string().min(32).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  // GOV.UK Notify (docs/letters.md): the API key, the API's address (a fake in tests), the pass-through templates.
  REEVE_NOTIFY_API_KEY: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(74).optional()),
  REEVE_NOTIFY_BASE_URL: z.string().url().default('https://api.notifications.service.gov.uk'),
  REEVE_NOTIFY_SMS_TEMPLATE_ID: z.string().uuid().optional(),
  REEVE_NOTIFY_EMAIL_TEMPLATE_ID: z.string().uuid().optional(),
  // Behind a TLS-terminating proxy: `true` (trust the proxy in front) or the proxies' addresses/CIDRs
  // separated by commas. Unset: nothing in front is trusted (X-Forwarded-* ignored).
  TRUST_PROXY: z
    .string()
    .trim()
    .regex(/^(true|false|[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*)?$/, 'use true, false, or proxy addresses (or CIDR ranges) separated by commas')
    .optional(),
})

export interface Config {
  databaseUrl: string | undefined
  dataDir: string
  pgliteDir: string
  port: number
  host: string
  sessionSecret: string | undefined
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL']
  production: boolean
  /** Absent when no Notify API key is set: messages are then not sent. */
  notify?: { apiKey: string; baseUrl: string; smsTemplateId?: string; emailTemplateId?: string }
  /** Which proxies to believe about the client's address and protocol (TRUST_PROXY); false when unset. */
  trustProxy?: boolean | string[]
}

/** Pure: TRUST_PROXY as Fastify's `trustProxy` option. */
export function parseTrustProxy(value: string | undefined): boolean | string[] {
  if (!value || value === 'false') return false
  if (value === 'true') return true
  return value.split(',').map((a) => a.trim())
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env)
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
    throw new Error(`Invalid configuration: ${detail}`)
  }
  const e = parsed.data
  if (e.NODE_ENV === 'production' && !e.SESSION_SECRET) {
    throw new Error('Invalid configuration: SESSION_SECRET (32+ characters) is required in production')
  }
  const dataDir = path.resolve(e.REEVE_DATA_DIR)
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir,
    pgliteDir: path.join(dataDir, 'pglite'),
    port: e.PORT,
    host: e.HOST,
    sessionSecret: e.SESSION_SECRET,
    logLevel: e.LOG_LEVEL,
    production: e.NODE_ENV === 'production',
    notify: e.REEVE_NOTIFY_API_KEY
      ? { apiKey: e.REEVE_NOTIFY_API_KEY, baseUrl: e.REEVE_NOTIFY_BASE_URL, smsTemplateId: e.REEVE_NOTIFY_SMS_TEMPLATE_ID, emailTemplateId: e.REEVE_NOTIFY_EMAIL_TEMPLATE_ID }
      : undefined,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
  }
}
