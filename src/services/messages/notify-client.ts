/**
 * GOV.UK Notify through its official Node client (notifications-node-client), configured by REEVE_NOTIFY_API_KEY
 * and REEVE_NOTIFY_BASE_URL (config.ts). Reeve keeps the wording in its own versioned templates, so each channel
 * uses one pass-through Notify template: an SMS template whose content is `((body))`, an e-mail template with
 * subject `((subject))` and content `((body))` followed by `((attachment))` (decision 0007).
 */
import notifications from 'notifications-node-client'
import type { Config } from '../../config.ts'
import { AppError } from '../../errors.ts'

export interface NotifySender {
  sendSms(to: string, personalisation: Record<string, string>, reference: string): Promise<{ id: string }>
  sendEmail(to: string, personalisation: Record<string, unknown>, reference: string): Promise<{ id: string }>
  getStatus(notifyId: string): Promise<{ status: string; completedAt: string | null }>
  /** The file as Notify wants it in personalisation (a link in the e-mail). */
  prepareUpload(file: Buffer, filename: string): unknown
}

/** The text of a failed Notify call: its API errors, or the network error. */
export function notifyErrorText(e: unknown): string {
  const resp = (e as { response?: { status?: number; data?: { errors?: { error?: string; message?: string }[] } } }).response
  if (resp?.data?.errors?.length) return `Notify ${resp.status}: ${resp.data.errors.map((x) => `${x.error ?? ''} ${x.message ?? ''}`.trim()).join('; ')}`
  if (resp?.status) return `Notify ${resp.status}`
  return e instanceof Error ? e.message : String(e)
}

export function createNotifySender(notify: NonNullable<Config['notify']>): NotifySender {
  if (!notify.smsTemplateId || !notify.emailTemplateId) {
    throw new AppError('invalid_state', 'Set REEVE_NOTIFY_SMS_TEMPLATE_ID and REEVE_NOTIFY_EMAIL_TEMPLATE_ID to the pass-through Notify templates')
  }
  const client = new notifications.NotifyClient(notify.baseUrl, notify.apiKey)
  return {
    async sendSms(to, personalisation, reference) {
      const r = await client.sendSms(notify.smsTemplateId!, to, { personalisation, reference })
      return { id: r.data.id }
    },
    async sendEmail(to, personalisation, reference) {
      const r = await client.sendEmail(notify.emailTemplateId!, to, { personalisation, reference })
      return { id: r.data.id }
    },
    async getStatus(id) {
      const r = await client.getNotificationById(id)
      return { status: r.data.status, completedAt: r.data.completed_at ?? null }
    },
    prepareUpload(file, filename) {
      return client.prepareUpload(file, { filename, confirmEmailBeforeDownload: true })
    },
  }
}

/** The configured sender, or null when Notify is not configured (messages are then recorded as not sent). */
export function notifySenderFrom(config: Pick<Config, 'notify'>): NotifySender | null {
  return config.notify ? createNotifySender(config.notify) : null
}
