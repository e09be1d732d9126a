/**
 * The Standard Financial Statement's categories and sub-categories, as data.
 *
 * Source: the SFS Data Definition Specification v1.1 published by the Money Advice Service
 * (moneyadviceservice/sfs-developer-toolkit, `dds/v1.1/json/sfs-data-entry-schema.json`) [C],
 * DOMAIN.md §7. The ids are Reeve's snake_case forms of the DDS element names (`council-tax-rates`
 * → `council_tax`); the labels follow the SFS wording.
 *
 * - **Income**: earnings, benefits, pensions, other income.
 * - **Fixed costs**: home and contents (rent, mortgage, council tax, TV licence …), utilities, water,
 *   care and health (childcare …), transport and travel, school costs, pensions and insurances,
 *   professional costs, other essential costs (court fines and the like).
 * - **Flexible costs**, the three with SFS spending guidelines (trigger figures): communications
 *   and leisure (the SFS keeps phone, internet and TV with leisure in one guideline), food and
 *   housekeeping, personal costs. Each has an "other" sub-category.
 *
 * Savings contribution and the debt admin fee are not categories: they are separate fields of the
 * statement, taken off before the amount available for debts (DDS `overview`).
 */

export const SFS_SECTIONS = ['income', 'fixed_costs', 'flexible_costs'] as const
export type SfsSection = (typeof SFS_SECTIONS)[number]

export const SECTION_LABELS: Record<SfsSection, string> = { income: 'Income', fixed_costs: 'Fixed costs', flexible_costs: 'Flexible costs' }

export const SFS_CATEGORIES = [
  {
    id: 'earnings',
    section: 'income',
    label: 'Earnings',
    subCategories: [
      { id: 'client_salary_wages', label: 'Salary or wages (you)' },
      { id: 'partner_salary_wages', label: 'Salary or wages (partner)' },
      { id: 'other_earnings', label: 'Other earnings' },
    ],
  },
  {
    id: 'benefits',
    section: 'income',
    label: 'Benefits',
    subCategories: [
      { id: 'universal_credit_tax_credits', label: 'Universal Credit or tax credits' },
      { id: 'jobseekers_allowance_income_based', label: 'Jobseeker’s Allowance (income-based)' },
      { id: 'jobseekers_allowance_contribution_based', label: 'Jobseeker’s Allowance (contribution-based)' },
      { id: 'income_support', label: 'Income Support' },
      { id: 'working_tax_credit', label: 'Working Tax Credit' },
      { id: 'child_tax_credit', label: 'Child Tax Credit' },
      { id: 'child_benefit', label: 'Child Benefit' },
      { id: 'employment_support_allowance', label: 'Employment and Support Allowance' },
      { id: 'disability_benefits', label: 'Disability benefits' },
      { id: 'carers_allowance', label: 'Carer’s Allowance' },
      { id: 'local_housing_allowance', label: 'Housing Benefit or Local Housing Allowance' },
      { id: 'council_tax_support', label: 'Council Tax Support' },
      { id: 'other_benefits', label: 'Other benefits' },
    ],
  },
  {
    id: 'pensions',
    section: 'income',
    label: 'Pensions',
    subCategories: [
      { id: 'state_pension', label: 'State Pension' },
      { id: 'private_work_pensions', label: 'Private or work pensions' },
      { id: 'pension_credit', label: 'Pension Credit' },
      { id: 'other_pensions', label: 'Other pensions' },
    ],
  },
  {
    id: 'other_income',
    section: 'income',
    label: 'Other income',
    subCategories: [
      { id: 'maintenance_child_support', label: 'Maintenance or child support received' },
      { id: 'boarders_lodgers', label: 'Boarders or lodgers' },
      { id: 'non_dependant_contributions', label: 'Contributions from non-dependants' },
      { id: 'student_loans_grants', label: 'Student loans or grants' },
      { id: 'other_other_income', label: 'Other income' },
    ],
  },
  {
    id: 'home_contents',
    section: 'fixed_costs',
    label: 'Home and contents',
    subCategories: [
      { id: 'rent', label: 'Rent' },
      { id: 'ground_rent_service_charges', label: 'Ground rent or service charges' },
      { id: 'mortgage', label: 'Mortgage' },
      { id: 'mortgage_endowment', label: 'Mortgage endowment' },
      { id: 'secured_loans', label: 'Secured loans' },
      { id: 'council_tax', label: 'Council tax' },
      { id: 'appliance_furniture_rental', label: 'Appliance or furniture rental' },
      { id: 'tv_licence', label: 'TV licence' },
      { id: 'other_home_contents', label: 'Other home and contents costs' },
    ],
  },
  {
    id: 'utilities',
    section: 'fixed_costs',
    label: 'Utilities',
    subCategories: [
      { id: 'gas', label: 'Gas' },
      { id: 'electricity', label: 'Electricity' },
      { id: 'other_fuel', label: 'Other fuel (oil, coal, bottled gas)' },
      { id: 'other_utilities', label: 'Other utilities' },
    ],
  },
  {
    id: 'water',
    section: 'fixed_costs',
    label: 'Water',
    subCategories: [
      { id: 'water_supply', label: 'Water supply' },
      { id: 'water_waste', label: 'Waste water' },
    ],
  },
  {
    id: 'care_health',
    section: 'fixed_costs',
    label: 'Care and health costs',
    subCategories: [
      { id: 'childcare', label: 'Childcare' },
      { id: 'adult_care', label: 'Adult care' },
      { id: 'child_maintenance_paid', label: 'Child maintenance or child support paid' },
      { id: 'prescriptions_medicines', label: 'Prescriptions and medicines' },
      { id: 'dentistry_opticians', label: 'Dentist and optician' },
      { id: 'other_care_health', label: 'Other care and health costs' },
    ],
  },
  {
    id: 'transport_travel',
    section: 'fixed_costs',
    label: 'Transport and travel',
    subCategories: [
      { id: 'public_transport', label: 'Public transport' },
      { id: 'vehicle_hire_purchase', label: 'Hire purchase or conditional sale (vehicle)' },
      { id: 'car_insurance', label: 'Car insurance' },
      { id: 'road_tax', label: 'Road tax' },
      { id: 'mot_maintenance', label: 'MOT and ongoing maintenance' },
      { id: 'breakdown_cover', label: 'Breakdown cover' },
      { id: 'fuel_parking_tolls', label: 'Fuel, parking and toll road charges' },
      { id: 'other_transport_travel', label: 'Other transport and travel' },
    ],
  },
  {
    id: 'school',
    section: 'fixed_costs',
    label: 'School costs',
    subCategories: [
      { id: 'school_uniform', label: 'School uniform' },
      { id: 'after_school_clubs_trips', label: 'After-school clubs and school trips' },
      { id: 'other_school', label: 'Other school costs' },
    ],
  },
  {
    id: 'pensions_insurances',
    section: 'fixed_costs',
    label: 'Pensions and insurances',
    subCategories: [
      { id: 'pension_payments', label: 'Pension payments' },
      { id: 'life_insurance', label: 'Life insurance' },
      { id: 'mortgage_payment_protection', label: 'Mortgage payment protection insurance' },
      { id: 'buildings_contents_insurance', label: 'Buildings and contents insurance' },
      { id: 'health_insurance', label: 'Health insurance' },
      { id: 'other_pensions_insurances', label: 'Other pensions and insurances' },
    ],
  },
  {
    id: 'professional',
    section: 'fixed_costs',
    label: 'Professional costs',
    subCategories: [
      { id: 'professional_courses', label: 'Professional courses' },
      { id: 'union_fees', label: 'Union fees' },
      { id: 'professional_fees', label: 'Professional fees' },
      { id: 'other_professional', label: 'Other professional costs' },
    ],
  },
  {
    id: 'other_essential',
    section: 'fixed_costs',
    label: 'Other essential costs',
    subCategories: [
      { id: 'court_fines', label: 'Court fines' },
      { id: 'other_essential_costs', label: 'Other essential costs' },
    ],
  },
  {
    id: 'communications_leisure',
    section: 'flexible_costs',
    label: 'Communications and leisure',
    subCategories: [
      { id: 'home_phone_internet_tv', label: 'Home phone, internet and TV' },
      { id: 'mobile_phone', label: 'Mobile phone' },
      { id: 'hobbies_leisure_sport', label: 'Hobbies, leisure and sport' },
      { id: 'gifts', label: 'Gifts' },
      { id: 'pocket_money', label: 'Pocket money' },
      { id: 'newspapers_stationery_postage', label: 'Newspapers, magazines, stationery and postage' },
      { id: 'other_communications_leisure', label: 'Other communications and leisure' },
    ],
  },
  {
    id: 'food_housekeeping',
    section: 'flexible_costs',
    label: 'Food and housekeeping',
    subCategories: [
      { id: 'groceries', label: 'Groceries' },
      { id: 'nappies_baby_items', label: 'Nappies and baby items' },
      { id: 'school_work_meals', label: 'School and work meals' },
      { id: 'laundry_dry_cleaning', label: 'Laundry and dry cleaning' },
      { id: 'alcohol', label: 'Alcohol' },
      { id: 'smoking_products', label: 'Smoking products' },
      { id: 'vet_bills_pet_insurance', label: 'Vet bills and pet insurance' },
      { id: 'house_repairs_maintenance', label: 'House repairs and maintenance' },
      { id: 'other_food_housekeeping', label: 'Other food and housekeeping' },
    ],
  },
  {
    id: 'personal',
    section: 'flexible_costs',
    label: 'Personal costs',
    subCategories: [
      { id: 'clothing_footwear', label: 'Clothing and footwear' },
      { id: 'hairdressing', label: 'Hairdressing' },
      { id: 'toiletries', label: 'Toiletries' },
      { id: 'other_personal', label: 'Other personal costs' },
    ],
  },
] as const satisfies readonly {
  id: string
  section: SfsSection
  label: string
  subCategories: readonly { id: string; label: string }[]
}[]

export type SfsCategory = (typeof SFS_CATEGORIES)[number]
export type SfsCategoryId = SfsCategory['id']
export type SfsSubCategoryId = SfsCategory['subCategories'][number]['id']

/** The flexible categories the SFS publishes spending guidelines (trigger figures) for. */
export const GUIDELINE_CATEGORIES = ['communications_leisure', 'food_housekeeping', 'personal'] as const satisfies readonly SfsCategoryId[]
export type GuidelineCategoryId = (typeof GUIDELINE_CATEGORIES)[number]

export const SUB_CATEGORY_IDS: readonly SfsSubCategoryId[] = SFS_CATEGORIES.flatMap((c) => c.subCategories.map((s) => s.id))

export interface SubCategoryInfo {
  id: SfsSubCategoryId
  label: string
  category: SfsCategoryId
  categoryLabel: string
  section: SfsSection
}

const SUB_INDEX: ReadonlyMap<string, SubCategoryInfo> = new Map(
  SFS_CATEGORIES.flatMap((c) => c.subCategories.map((s) => [s.id, { id: s.id, label: s.label, category: c.id, categoryLabel: c.label, section: c.section }] as const)),
)

const CATEGORY_INDEX: ReadonlyMap<string, SfsCategory> = new Map(SFS_CATEGORIES.map((c) => [c.id, c]))

export function isSubCategoryId(id: unknown): id is SfsSubCategoryId {
  return typeof id === 'string' && SUB_INDEX.has(id)
}

/** The sub-category's label, category and section; throws RangeError for an unknown id. */
export function subCategory(id: SfsSubCategoryId): SubCategoryInfo {
  const info = SUB_INDEX.get(id)
  if (!info) throw new RangeError(`Unknown SFS sub-category "${String(id)}"`)
  return info
}

export function category(id: SfsCategoryId): SfsCategory {
  const c = CATEGORY_INDEX.get(id)
  if (!c) throw new RangeError(`Unknown SFS category "${String(id)}"`)
  return c
}
