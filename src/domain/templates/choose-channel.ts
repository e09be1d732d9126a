/**
 * Which channel a message goes by, honouring the person's preference (parties.preferred_channel) and what we hold
 * for them. Pure.
 *
 * - Prefers e-mail and has an address: e-mail. Prefers text messages or phone calls and has a number: text.
 * - Prefers one electronic channel we cannot use: the other, if we hold it (a reminder that reaches them is better
 *   than none) [assumption].
 * - Prefers letters: no message; the pathway's letters reach them [assumption: a council may decide otherwise].
 */
export type PreferredChannel = 'letter' | 'email' | 'sms' | 'phone'
export type MessageChannel = 'sms' | 'email'

export type ChannelChoice = { channel: MessageChannel; to: string } | { channel: null; reason: string }

/** A UK mobile number as GOV.UK Notify accepts it (07…, +447…, 00447…), spaces and dashes allowed. */
export function isMobileNumber(phone: string | null | undefined): boolean {
  if (!phone) return false
  return /^(?:\+44|0044|0)7\d{9}$/.test(phone.replace(/[\s()-]/g, ''))
}

export function isEmailAddress(email: string | null | undefined): boolean {
  return !!email && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email.trim())
}

export function chooseChannel(p: { preferredChannel: PreferredChannel; email: string | null; phone: string | null }, available: readonly MessageChannel[]): ChannelChoice {
  const email = available.includes('email') && isEmailAddress(p.email) ? p.email!.trim() : null
  const sms = available.includes('sms') && isMobileNumber(p.phone) ? p.phone!.trim() : null
  if (p.preferredChannel === 'letter') return { channel: null, reason: 'prefers letters' }
  const first: MessageChannel = p.preferredChannel === 'email' ? 'email' : 'sms'
  const order: MessageChannel[] = first === 'email' ? ['email', 'sms'] : ['sms', 'email']
  for (const c of order) {
    if (c === 'email' && email) return { channel: 'email', to: email }
    if (c === 'sms' && sms) return { channel: 'sms', to: sms }
  }
  return { channel: null, reason: available.length === 1 && available[0] === 'email' ? 'no e-mail address held' : 'no mobile number or e-mail address held' }
}
