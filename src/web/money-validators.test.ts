import { describe, expect, it } from 'vitest'
import { AppError } from '../errors.ts'
import { checkDateParts, checkPounds, formErrorsFrom } from './form-fields.ts'
import { permissionsFor } from './roles.ts'
import { fileRefusal } from './routes/finance/imports.controller.ts'
import { cleanFileName, validateImportUpload } from './routes/finance/import-upload.validator.ts'
import { validateSuspenseClear } from './routes/finance/suspense-clear.validator.ts'
import { validateMovePayment } from './routes/payments/move-payment.validator.ts'
import { validateReversePayment } from './routes/payments/reverse-payment.validator.ts'
import { validateTakePayment } from './routes/payments/take-payment.validator.ts'
import { validateRefundRequest } from './routes/refund-request/refund-request.validator.ts'
import { actorName, dateTime, matchRule, paymentMethod } from './view-filters.ts'

const texts = (r: { ok: boolean; errors?: { text: string }[] }) => (r.ok ? [] : (r.errors ?? []).map((e) => e.text))
// Sunday 22 November 2026.
const TODAY = '2026-11-22'
const date = (day: string, month: string, year: string) => ({ 'receivedOn-day': day, 'receivedOn-month': month, 'receivedOn-year': year })

describe('checkPounds', () => {
  it.each([
    ['25', 2500],
    ['25.5', 2550],
    ['£1,025.50', 102550],
    [' 0.01 ', 1],
  ])('reads %s as %i pence', (text, pence) => expect(checkPounds(text.trim(), 'amount', 'Amount', 1_000_000)).toEqual({ pence }))

  it.each([
    ['', 'Enter the amount'],
    ['abc', 'Amount must be an amount of money, like 25.50'],
    ['12.345', 'Amount must be an amount of money, like 25.50'],
    ['1,23.00', 'Amount must be an amount of money, like 25.50'],
    ['0', 'Amount must be more than £0.00'],
    ['-5', 'Amount must be more than £0.00'],
    ['10000.01', 'Amount must be £10,000.00 or less'],
  ])('refuses %j: %s', (text, message) => expect(checkPounds(text, 'amount', 'Amount', 1_000_000)).toEqual({ error: { text: message, href: '#amount' } }))
})

describe('checkDateParts', () => {
  it.each([
    [{ day: '', month: '', year: '' }, 'Enter the date received', '#d-day'],
    [{ day: '1', month: '', year: '2026' }, 'Date received must include a month', '#d-month'],
    [{ day: '', month: '', year: '2026' }, 'Date received must include a day and month', '#d-day'],
    [{ day: '30', month: '2', year: '2026' }, 'Date received must be a real date', '#d-day'],
    [{ day: 'x', month: '2', year: '2026' }, 'Date received must be a real date', '#d-day'],
  ])('%j: %s', (parts, text, href) => expect(checkDateParts(parts, 'd', 'Date received')).toEqual({ error: { text, href } }))

  it('gives the ISO date', () => expect(checkDateParts({ day: '3', month: '9', year: '2026' }, 'd', 'Date received')).toEqual({ iso: '2026-09-03' }))
})

describe('validateTakePayment', () => {
  it('accepts a payment, blank optional fields becoming null', () => {
    const r = validateTakePayment({ method: 'cash', amount: '10', ...date('22', '11', '2026'), reference: ' ', collectedAt: '' }, TODAY)
    expect(r).toMatchObject({ ok: true, form: { method: 'cash', amountPence: 1000, receivedOn: '2026-11-22', reference: null, collectedAt: null } })
  })

  it.each([
    [{ method: 'housing_benefit', amount: '1', ...date('1', '11', '2026') }, ['Select how the payment was made']],
    [{ method: 'cash', amount: '1', ...date('23', '11', '2026') }, ['Date received must be today or in the past']],
    [{ method: 'cash', amount: '1000001', ...date('1', '11', '2026') }, ['Amount received must be £1,000,000.00 or less']],
    [{ method: 'cash', amount: '1', ...date('1', '11', '2026'), reference: 'x'.repeat(61) }, ['Reference must be 60 characters or fewer']],
    [{}, ['Select how the payment was made', 'Enter the amount received', 'Enter the date received']],
  ])('%j gives %j', (body, expected) => expect(texts(validateTakePayment(body, TODAY))).toEqual(expected))
})

describe('payment correction validators', () => {
  it.each([
    [{}, ['Select why the payment is being reversed']],
    [{ reason: 'lost' }, ['Select why the payment is being reversed']],
    [{ reason: 'other' }, ['Enter a note saying why the payment is being reversed']],
    [{ reason: 'cheque_dishonoured' }, []],
  ])('reverse %j gives %j', (body, expected) => expect(texts(validateReversePayment(body))).toEqual(expected))

  it('normalises the account to move to, and needs a reason', () => {
    expect(validateMovePayment({ target: ' rnt 0100001 ', reason: 'wrong account' })).toMatchObject({ ok: true, form: { target: 'RNT0100001' } })
    expect(texts(validateMovePayment({}))).toEqual(['Enter the account number or payment reference to move the payment to', 'Enter why the payment is being moved'])
  })

  it('needs an account and a note to clear suspense', () => {
    expect(texts(validateSuspenseClear({ account: 'x' }))).toEqual(['Enter a note saying why the payment belongs to this account'])
    expect(validateSuspenseClear({ account: '101000016', note: 'phoned' })).toMatchObject({ ok: true })
  })
})

describe('validateRefundRequest', () => {
  it('takes bank details with spaces or hyphens, padding short account numbers', () => {
    const r = validateRefundRequest({ method: 'bacs', sortCode: '30-94 30', bankAccountNumber: '733445', reason: 'overpaid' })
    expect(r).toMatchObject({ ok: true, form: { method: 'bacs', bankSortCode: '309430', bankAccountNumber: '00733445' } })
  })

  it('ignores bank details for a cheque', () => {
    expect(validateRefundRequest({ method: 'cheque', sortCode: 'junk', reason: 'overpaid' })).toMatchObject({ ok: true, form: { bankSortCode: null, bankAccountNumber: null } })
  })

  it.each([
    [{}, ['Select how the refund should be paid', 'Enter why the refund is due']],
    [{ method: 'bacs', reason: 'x' }, ['Enter a sort code', 'Enter an account number']],
    [{ method: 'bacs', sortCode: '1234567', bankAccountNumber: '12', reason: 'x' }, ['Enter a valid sort code like 309430', 'Enter a valid account number like 00733445']],
  ])('%j gives %j', (body, expected) => expect(texts(validateRefundRequest(body))).toEqual(expected))
})

describe('payment file uploads', () => {
  it('reads the file as UTF-8, or Latin-1 when it is not valid UTF-8', () => {
    const utf8 = validateImportUpload({ format: 'bank-csv', file: Buffer.from('name\nZoë £5') }, 'a.csv')
    expect(utf8).toMatchObject({ ok: true, upload: { text: 'name\nZoë £5', format: 'bank-csv', fileName: 'a.csv' } })
    const latin1 = validateImportUpload({ format: 'housing-benefit', file: Buffer.from([0x5a, 0x6f, 0xeb]) }, 'hb.txt')
    expect(latin1).toMatchObject({ ok: true, upload: { text: 'Zoë', format: 'benefit-schedule', benefitKind: 'housing_benefit' } })
  })

  it.each([
    [{ format: 'bank-csv' }, ['Select a payment file']],
    [{ format: 'pdf', file: Buffer.from('x') }, ['Select what kind of file it is']],
    [{ format: 'allpay', file: Buffer.from([1, 0, 2]) }, ['The selected file must be a CSV or text file']],
  ])('%j gives %j', (body, expected) => expect(texts(validateImportUpload(body, 'f'))).toEqual(expected))

  it.each([
    ['C:\\Users\\me\\bank.csv', 'bank.csv'],
    ['../../etc/passwd', 'passwd'],
    ['', 'upload'],
    [null, 'upload'],
  ])('keeps only the name of %j', (given, name) => expect(cleanFileName(given)).toBe(name))

  it('lists each bad line of a refused file, and a repeated file by its message alone', () => {
    const bad = new AppError('validation', 'The payment file has 2 problems. The first is line 3, amount: bad', [
      { field: 'amount', message: 'bad', line: 3 },
      { field: 'date', message: 'not a date', line: 5 },
    ])
    expect(fileRefusal(bad)).toEqual({
      errors: [
        { text: 'Line 3, amount: bad', href: '#file' },
        { text: 'Line 5, date: not a date', href: '#file' },
      ],
      description: 'The payment file has 2 problems. The first is line 3, amount: bad. Nothing was posted. Correct the file and upload it again.',
    })
    expect(fileRefusal(new AppError('conflict', 'Already imported. Nothing was posted.'))).toEqual({
      errors: [{ text: 'Already imported. Nothing was posted.', href: '#file' }],
      description: undefined,
    })
  })
})

describe('formErrorsFrom', () => {
  it('links service details to the page fields, or shows the message', () => {
    const err = new AppError('validation', 'x', [{ field: 'bankSortCode', message: 'Enter a sort code like 309430' }, { field: 'other', message: 'm' }])
    expect(formErrorsFrom(err, { bankSortCode: '#sortCode' }, '#method')).toEqual([
      { text: 'Enter a sort code like 309430', href: '#sortCode' },
      { text: 'm', href: '#method' },
    ])
    expect(formErrorsFrom(new AppError('invalid_state', 'Not in credit'), {}, '#method')).toEqual([{ text: 'Not in credit', href: '#method' }])
  })
})

describe('permissionsFor', () => {
  it.each([
    ['income_officer', { takePayments: true, finance: false, suspense: true, approve: false, readCases: true, workCases: true, writeOffs: true }],
    ['debt_recovery_officer', { takePayments: true, finance: false, suspense: false, approve: false, readCases: true, workCases: true, writeOffs: true }],
    ['team_leader', { takePayments: true, finance: true, suspense: true, approve: true, readCases: true, workCases: true, writeOffs: true }],
    ['finance', { takePayments: true, finance: true, suspense: true, approve: true, readCases: true, workCases: false, writeOffs: true }],
    ['auditor', { takePayments: false, finance: false, suspense: false, approve: false, readCases: true, workCases: false, writeOffs: false }],
    ['administrator', { takePayments: false, finance: false, suspense: false, approve: false, readCases: false, workCases: false, writeOffs: false }],
  ] as const)('%s may %j', (role, can) => expect(permissionsFor(role)).toEqual(can))
})

describe('money view filters', () => {
  it('words payment methods, actors, match rules and times', () => {
    expect(paymentMethod('postal_order')).toBe('Postal order')
    expect(actorName('user:jsmith')).toBe('jsmith')
    expect(actorName('cli')).toBe('cli')
    expect(matchRule('reference-typo')).toBe('Payment reference with a typing error')
    // 23:30 UTC on 1 July is 00:30 on 2 July in London (BST).
    expect(dateTime(new Date('2026-07-01T23:30:00Z'))).toBe('2 July 2026 at 00:30')
    expect(dateTime(new Date('2026-11-22T12:05:00Z'))).toBe('22 November 2026 at 12:05')
  })
})
