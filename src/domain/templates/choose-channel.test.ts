import { describe, expect, it } from 'vitest'
import { chooseChannel, isMobileNumber } from './choose-channel.ts'

describe('chooseChannel', () => {
  const both = ['sms', 'email'] as const
  it.each([
    [{ preferredChannel: 'email', email: 'a@b.example', phone: '07700 900123' }, both, { channel: 'email', to: 'a@b.example' }],
    [{ preferredChannel: 'sms', email: 'a@b.example', phone: '07700 900123' }, both, { channel: 'sms', to: '07700 900123' }],
    [{ preferredChannel: 'phone', email: null, phone: '+447700900123' }, both, { channel: 'sms', to: '+447700900123' }],
    // A landline cannot take a text: the e-mail address is used instead.
    [{ preferredChannel: 'sms', email: 'a@b.example', phone: '01234 567890' }, both, { channel: 'email', to: 'a@b.example' }],
    [{ preferredChannel: 'letter', email: 'a@b.example', phone: '07700 900123' }, both, { channel: null, reason: 'prefers letters' }],
    [{ preferredChannel: 'email', email: null, phone: null }, both, { channel: null, reason: 'no mobile number or e-mail address held' }],
    [{ preferredChannel: 'sms', email: null, phone: '07700 900123' }, ['email'], { channel: null, reason: 'no e-mail address held' }],
  ] as const)('%j by %j', (party, available, expected) => {
    expect(chooseChannel(party, available)).toEqual(expected)
  })

  it('knows a UK mobile number', () => {
    expect(['07700900123', '+44 7700 900123', '0044 7700-900123'].map(isMobileNumber)).toEqual([true, true, true])
    expect(['01234567890', '0770090012', 'text me', null].map(isMobileNumber)).toEqual([false, false, false, false])
  })
})
