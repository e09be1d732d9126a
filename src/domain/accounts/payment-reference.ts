/**
 * Account numbers and payment references. The payment reference is what a tenant quotes on a
 * payment card, bank transfer or allpay/PayPoint file, so it carries a Luhn check digit: a single
 * mistyped digit or a swap of neighbours is caught before the money is matched to the wrong account.
 */
export type CustomerAccountType =
  | 'rent'
  | 'former_tenant'
  | 'garage'
  | 'temporary_accommodation'
  | 'pitch'
  | 'rechargeable_repair'
  | 'loan'
  | 'storage_removals'
  | 'social_care'
  | 'insurance_claim'
  | 'hb_overpayment'
  | 'council_tax'
  | 'court_costs'
  | 'sundry'

const PREFIX: Record<CustomerAccountType, { letters: string; digit: string }> = {
  rent: { letters: 'RNT', digit: '1' },
  former_tenant: { letters: 'FTA', digit: '2' },
  garage: { letters: 'GAR', digit: '3' },
  temporary_accommodation: { letters: 'TAC', digit: '4' },
  pitch: { letters: 'PIT', digit: '5' },
  rechargeable_repair: { letters: 'RCH', digit: '6' },
  loan: { letters: 'LON', digit: '7' },
  storage_removals: { letters: 'STR', digit: '7' },
  social_care: { letters: 'SCC', digit: '8' },
  insurance_claim: { letters: 'INS', digit: '8' },
  hb_overpayment: { letters: 'HBO', digit: '9' },
  council_tax: { letters: 'CTX', digit: '9' },
  court_costs: { letters: 'CRT', digit: '6' },
  sundry: { letters: 'SUN', digit: '6' },
}

export function luhnCheckDigit(digits: string): string {
  if (!/^\d+$/.test(digits)) throw new Error(`Luhn needs digits, got "${digits}"`)
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    // Double every second digit counting from the right of the payload (the check digit goes to its right).
    let d = Number(digits[digits.length - 1 - i])
    if (i % 2 === 0) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return String((10 - (sum % 10)) % 10)
}

export function isValidLuhn(reference: string): boolean {
  return /^\d{2,}$/.test(reference) && luhnCheckDigit(reference.slice(0, -1)) === reference.slice(-1)
}

export function accountNumberFor(type: CustomerAccountType, serial: number): string {
  return `${PREFIX[type].letters}${String(serial).padStart(7, '0')}`
}

export function paymentReferenceFor(type: CustomerAccountType, serial: number): string {
  const payload = `${PREFIX[type].digit}${String(serial).padStart(7, '0')}`
  return payload + luhnCheckDigit(payload)
}
