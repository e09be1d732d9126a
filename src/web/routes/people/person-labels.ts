/** Pure: how the person page names a preferred channel and a language. */

const CHANNELS: Record<string, string> = {
  letter: 'Letter',
  email: 'Email',
  sms: 'Text message',
  phone: 'Phone',
}

export function channelLabel(channel: string): string {
  return CHANNELS[channel] ?? channel
}

const LANGUAGES = new Intl.DisplayNames(['en-GB'], { type: 'language', fallback: 'none' })

/** `en` → `English`, `cy` → `Welsh`, `pl` → `Polish`; an unknown tag is shown as it is. */
export function languageLabel(tag: string): string {
  try {
    return LANGUAGES.of(tag) ?? tag
  } catch {
    return tag
  }
}
