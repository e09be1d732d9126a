/** Statement wording for a posting, in the council's own terms. */
const CHARGE_LABELS: Record<string, string> = {
  rent: 'Rent',
  service_charge: 'Service charge',
  heating: 'Heating charge',
  water: 'Water charge',
  electricity: 'Electricity charge',
  support_charge: 'Support charge',
  garage_rent: 'Garage rent',
  ta_charge: 'Temporary accommodation charge',
}

const METHOD_LABELS: Record<string, string> = {
  direct_debit: 'Direct Debit',
  standing_order: 'Standing order',
  card: 'Card payment',
  cheque: 'Cheque',
  postal_order: 'Postal order',
  cash: 'Cash',
  bank_transfer: 'Bank transfer',
  allpay: 'allpay',
  paypoint: 'PayPoint',
  post_office: 'Post Office',
  housing_benefit: 'Housing Benefit',
  universal_credit: 'Universal Credit (direct payment)',
  dwp_deduction: 'DWP deduction',
  employer_deduction: 'Employer deduction',
}

export function chargeLabel(chargeType: string): string {
  return CHARGE_LABELS[chargeType] ?? chargeType.replace(/_/g, ' ')
}

export function paymentMethodLabel(method: string): string {
  return METHOD_LABELS[method] ?? method.replace(/_/g, ' ')
}

export function describePosting(p: {
  postingType: string
  txnType: string
  description: string | null
  txnDescription: string
  periodStart: string | null
}): string {
  if (p.description) return p.description
  if (p.txnType === 'charge' && p.periodStart) return `${chargeLabel(p.postingType)} w/c ${p.periodStart}`
  if (p.txnType === 'reversal') return p.txnDescription
  if (p.txnType === 'payment') return `Payment: ${paymentMethodLabel(p.postingType)}`
  return p.txnDescription
}
