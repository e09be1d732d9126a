/**
 * A local stand-in for the GOV.UK Notify API (the real service is not reachable from tests), implementing what the
 * official notifications-node-client calls: POST /v2/notifications/sms and /v2/notifications/email, and
 * GET /v2/notifications/{id}. It checks the client's JWT as Notify does (HS256 signed with the API key's secret,
 * `iss` the service id, `iat` within 30 seconds), validates the request as Notify would for the fields Reeve uses,
 * and keeps everything it received so a test can assert on it. A test moves a notification on with `setStatus`.
 *
 * API key format: `{key name}-{service id}-{secret}` (the client takes the last 73 characters).
 */
import crypto from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedNotification {
  id: string
  type: 'sms' | 'email'
  templateId: string
  to: string
  personalisation: Record<string, unknown>
  reference: string | null
  status: string
  createdAt: string
}

export interface FakeNotify {
  baseUrl: string
  apiKey: string
  serviceId: string
  smsTemplateId: string
  emailTemplateId: string
  received: ReceivedNotification[]
  /** Requests refused, with the reason (bad token, bad body). */
  refused: { path: string; status: number; error: string }[]
  setStatus(id: string, status: string): void
  /** The next send is refused with this status and error (e.g. 400 ValidationError). */
  failNext(status: number, error: string, message: string): void
  close(): Promise<void>
}

const b64url = (b: Buffer) => b.toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')

function checkToken(header: string | undefined, serviceId: string, secret: string): string | null {
  const m = /^Bearer (.+)$/.exec(header ?? '')
  if (!m) return 'Unauthorized: authentication token must be provided'
  const [h, p, s] = m[1]!.split('.')
  if (!h || !p || !s) return 'Invalid token: not a JWT'
  const expected = b64url(crypto.createHmac('sha256', secret).update(`${h}.${p}`).digest())
  if (expected.length !== s.length || !crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(s))) return 'Invalid token: signature, api token not found'
  const head = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as { alg?: string; typ?: string }
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as { iss?: string; iat?: number }
  if (head.alg !== 'HS256') return 'Invalid token: algorithm'
  if (payload.iss !== serviceId) return 'Invalid token: service not found'
  if (typeof payload.iat !== 'number' || Math.abs(Date.now() / 1000 - payload.iat) > 30) return 'Error: Your system clock must be accurate to within 30 seconds'
  return null
}

export async function startFakeNotify(): Promise<FakeNotify> {
  const serviceId = crypto.randomUUID()
  const secret = crypto.randomUUID()
  const smsTemplateId = crypto.randomUUID()
  const emailTemplateId = crypto.randomUUID()
  const received: ReceivedNotification[] = []
  const refused: FakeNotify['refused'] = []
  let failure: { status: number; error: string; message: string } | null = null

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(body))
      }
      const refuse = (status: number, error: string, message: string) => {
        refused.push({ path: req.url ?? '', status, error: message })
        send(status, { status_code: status, errors: [{ error, message }] })
      }
      const authError = checkToken(req.headers.authorization, serviceId, secret)
      if (authError) return refuse(403, 'AuthError', authError)
      const url = req.url ?? ''
      const send201 = req.method === 'POST' && /^\/v2\/notifications\/(sms|email)$/.exec(url)
      if (send201) {
        if (failure) {
          const f = failure
          failure = null
          return refuse(f.status, f.error, f.message)
        }
        let body: { template_id?: string; phone_number?: string; email_address?: string; personalisation?: Record<string, unknown>; reference?: string }
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body
        } catch {
          return refuse(400, 'BadRequestError', 'Invalid JSON supplied in POST data')
        }
        const type = send201[1] as 'sms' | 'email'
        const templateId = type === 'sms' ? smsTemplateId : emailTemplateId
        if (body.template_id !== templateId) return refuse(400, 'BadRequestError', 'Template not found')
        const to = type === 'sms' ? body.phone_number : body.email_address
        if (!to) return refuse(400, 'ValidationError', `${type === 'sms' ? 'phone_number' : 'email_address'} is a required property`)
        if (type === 'sms' && !/^(?:\+44|0044|0)7\d{9}$/.test(to.replace(/[\s()-]/g, ''))) return refuse(400, 'ValidationError', 'phone_number Not a UK mobile number')
        const p = body.personalisation ?? {}
        const needs = type === 'sms' ? ['body'] : ['subject', 'body', 'attachment']
        const missing = needs.filter((k) => !(k in p))
        if (missing.length) return refuse(400, 'BadRequestError', `Missing personalisation: ${missing.join(', ')}`)
        const id = crypto.randomUUID()
        received.push({ id, type, templateId, to, personalisation: p, reference: body.reference ?? null, status: 'created', createdAt: new Date().toISOString() })
        const content = type === 'sms' ? { body: String(p.body), from_number: 'REEVESBY' } : { body: String(p.body), subject: String(p.subject), from_email: 'rents@reevesby.example.gov.uk' }
        return send(201, { id, reference: body.reference ?? null, content, uri: `${baseUrl}/v2/notifications/${id}`, template: { id: templateId, version: 1, uri: `${baseUrl}/v2/template/${templateId}` } })
      }
      const get = req.method === 'GET' && /^\/v2\/notifications\/([0-9a-f-]{36})$/.exec(url)
      if (get) {
        const n = received.find((x) => x.id === get[1])
        if (!n) return refuse(404, 'NoResultFound', 'No result found')
        return send(200, {
          id: n.id,
          reference: n.reference,
          type: n.type,
          status: n.status,
          template: { id: n.templateId, version: 1, uri: '' },
          body: String(n.personalisation.body),
          created_at: n.createdAt,
          completed_at: ['delivered', 'permanent-failure', 'temporary-failure', 'technical-failure'].includes(n.status) ? new Date().toISOString() : null,
          is_cost_data_ready: false,
          ...(n.type === 'sms' ? { phone_number: n.to } : { email_address: n.to, subject: String(n.personalisation.subject) }),
        })
      }
      return refuse(404, 'NotFound', `No such endpoint ${req.method} ${url}`)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    baseUrl,
    apiKey: `reeve_test-${serviceId}-${secret}`,
    serviceId,
    smsTemplateId,
    emailTemplateId,
    received,
    refused,
    setStatus(id, status) {
      const n = received.find((x) => x.id === id)
      if (!n) throw new Error(`fake Notify has no notification ${id}`)
      n.status = status
    },
    failNext(status, error, message) {
      failure = { status, error, message }
    },
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  }
}
