/**
 * The statutory recovery stages of council tax (Council Tax (Administration and Enforcement) Regulations 1992,
 * DOMAIN.md §8), as the council tax system reports them. Reeve records them for the one view of debt; the council
 * tax system runs the recovery itself.
 */
export const COUNCIL_TAX_STAGES = [
  'none',
  'reminder',
  'second_reminder',
  'final_notice',
  'summons',
  'liability_order',
  'enforcement_agent',
  'committal',
  'attachment_of_earnings',
  'attachment_of_benefits',
] as const
export type CouncilTaxStage = (typeof COUNCIL_TAX_STAGES)[number]

export const COUNCIL_TAX_STAGE_LABELS: Record<CouncilTaxStage, string> = {
  none: 'No recovery action',
  reminder: 'Reminder notice',
  second_reminder: 'Second reminder',
  final_notice: 'Final notice',
  summons: 'Summons',
  liability_order: 'Liability order',
  enforcement_agent: 'With enforcement agent',
  committal: 'Committal proceedings',
  attachment_of_earnings: 'Attachment of earnings',
  attachment_of_benefits: 'Attachment of benefits',
}

export function isCouncilTaxStage(s: string): s is CouncilTaxStage {
  return (COUNCIL_TAX_STAGES as readonly string[]).includes(s)
}
