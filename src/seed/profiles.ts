/**
 * The realism knobs of the synthetic council, in one place. Every figure is a weekly amount in pence for the
 * rent year `ratesYear` (2026/27) unless it says otherwise; earlier years are derived by undoing the annual
 * changes below, so the history steps up each April exactly as the real rent change service would post it.
 *
 * Weights are relative (they need not add up to 100).
 */
import type { ChargeType, Tenure } from '../services/tenancies/create-tenancy.ts'
import type { PaymentMethod } from '../services/payments/record-payment.ts'

export type Weighted<T> = readonly (readonly [T, number])[]
export type Range = readonly [min: number, max: number]

/** How the money for an account arrives: a benefit stream (credited to the account) and the tenant's own payments. */
export type BenefitKind = 'none' | 'hb_full' | 'hb_partial' | 'uc_tenant' | 'uc_managed'

/** Where an account's balance heads over the history (as weeks of its own weekly charge). */
export type Behaviour =
  | 'clear' // pays what is due; ends clear or in a little credit
  | 'credit' // pays more than due: an overpaid account
  | 'small_arrears' // drifts into arrears of less than 2 weeks
  | 'moderate_arrears' // 2–8 weeks
  | 'serious_arrears' // 8–20 weeks
  | 'stopped' // pays as due, then stops altogether (and any benefit is suspended): £2,000+ by the end
  | 'catching_up' // starts well in arrears and pays it down

export type Frequency = 'weekly' | 'fortnightly' | 'four_weekly' | 'monthly' | 'irregular'

export type PropertyKind = 'dwelling' | 'ta_unit' | 'pitch' | 'garage'

export interface KindProfile {
  benefit: Weighted<BenefitKind>
  /** The tenant's own payment method (for the part benefit does not pay). */
  method: Weighted<PaymentMethod>
  behaviour: Weighted<Behaviour>
  /** Share of existing agreements that end inside the history window (and are relet 1–6 weeks later). */
  endShare: number
}

export const COUNCIL_PROFILE = {
  /** The rent year the charge ranges below are for. */
  ratesYear: 2026,

  /** Annual rent change (basis points, 480 = +4.8%) from the first Monday in April of each year. */
  annualChangeBps: {
    2019: -100, // the last of the four years of 1% cuts (2016/17 to 2019/20)
    2020: 270, // CPI + 1% resumed
    2021: 150,
    2022: 410,
    2023: 700, // capped at 7% (CPI+1 would have been 11.1%)
    2024: 770,
    2025: 270,
    2026: 480, // Rent Standard 2026: CPI (Sept 2025, 3.8%) + 1%
  } as Record<number, number>,
  /** For years not listed (the future): an assumed CPI + 1%. */
  defaultAnnualChangeBps: 300,
  /** Every charge type moves by the same percentage (rent, service charges, utilities, garages, TA). */
  annualChangeChargeTypes: [
    'rent',
    'service_charge',
    'heating',
    'water',
    'electricity',
    'support_charge',
    'garage_rent',
    'ta_charge',
  ] as readonly ChargeType[],
  /** Notices of variation are served this many days before the first Monday in April (the law needs 28). */
  rentChangeNoticeDays: 35,

  sizes: {
    /** One patch (and income officer) per this many homes, at least 2 patches. */
    homesPerPatch: 800,
    minPatches: 2,
    taShare: 0.04,
    /** One gypsy/traveller site of this many pitches (scaled with size, clamped to the range). */
    pitches: [15, 25] as Range,
    pitchesPerHome: 0.004,
    /** Garages, as a share of the number of homes, in blocks of this size. */
    garageShare: 0.08,
    garageBlock: [6, 16] as Range,
    /** Garages let to council tenants / to non-tenants; the rest are void. */
    garageLetToTenant: 0.62,
    garageLetToNonTenant: 0.2,
    /** Share of dwellings (and TA units) void at the start of the history and let during it. */
    voidAtStart: { dwelling: 0.02, ta_unit: 0.08 } as Record<string, number>,
  },

  dwellings: {
    flatShare: 0.45,
    flatBedrooms: [[0, 10], [1, 45], [2, 40], [3, 5]] as Weighted<number>,
    houseBedrooms: [[2, 35], [3, 50], [4, 12], [5, 3]] as Weighted<number>,
    /** Weekly rent by bedrooms, 2026/27, for a 52-week charging year. Houses sit in the upper part of the range. */
    rentByBedrooms: {
      0: [8500, 9500],
      1: [9000, 10500],
      2: [10000, 11800],
      3: [11000, 12800],
      4: [12000, 13500],
      5: [13000, 14000],
    } as Record<number, Range>,
    /** Flats: service charges (cleaning, lighting, lifts, grounds) for most. */
    flatServiceChargeShare: 0.9,
    flatServiceCharge: [200, 1500] as Range,
    /** Share of dwellings charged over 48 weeks (the 48-WEEK rent-free calendar): weekly charge × 52/48. */
    rentFreeCalendarShare: 0.3,
    jointTenancyShare: 0.25,
    /** Tenures of existing tenancies (relets are introductory if they started in the last year, else secure). */
    tenure: [['secure', 90], ['flexible', 6], ['assured', 4]] as Weighted<Tenure>,
    /** Existing tenancies started this many years before the history window (skewed towards the recent). */
    startYearsBefore: [0.1, 30] as Range,
  },

  charges: {
    ta: [18000, 30000] as Range,
    /** Some TA units include heating. */
    taHeatingShare: 0.3,
    taHeating: [500, 1200] as Range,
    pitchRent: [6000, 9000] as Range,
    pitchElectricity: [1500, 2500] as Range,
    pitchWater: [500, 1000] as Range,
    garage: [900, 1500] as Range,
  },

  kinds: {
    dwelling: {
      benefit: [['none', 62], ['hb_full', 6], ['hb_partial', 5], ['uc_tenant', 19], ['uc_managed', 8]],
      method: [
        ['direct_debit', 44],
        ['standing_order', 8],
        ['card', 17],
        ['bank_transfer', 8],
        ['allpay', 8],
        ['paypoint', 7],
        ['post_office', 4],
        ['cash', 2],
      ],
      behaviour: [
        ['clear', 66],
        ['credit', 5],
        ['small_arrears', 16],
        ['moderate_arrears', 7],
        ['serious_arrears', 2.6],
        ['stopped', 1.2],
        ['catching_up', 2.2],
      ],
      endShare: 0.045,
    },
    ta_unit: {
      // Housing costs in temporary accommodation are met by Housing Benefit, even for UC claimants.
      benefit: [['none', 15], ['hb_full', 45], ['hb_partial', 40]],
      method: [['card', 35], ['allpay', 25], ['paypoint', 20], ['cash', 10], ['bank_transfer', 10]],
      behaviour: [
        ['clear', 55],
        ['small_arrears', 20],
        ['moderate_arrears', 15],
        ['serious_arrears', 6],
        ['stopped', 2],
        ['catching_up', 2],
      ],
      endShare: 0.15,
    },
    pitch: {
      benefit: [['none', 75], ['hb_partial', 25]],
      method: [['cash', 50], ['allpay', 15], ['paypoint', 10], ['card', 20], ['direct_debit', 5]],
      behaviour: [
        ['clear', 55],
        ['credit', 5],
        ['small_arrears', 20],
        ['moderate_arrears', 12],
        ['serious_arrears', 5],
        ['catching_up', 3],
      ],
      endShare: 0.05,
    },
    garage: {
      benefit: [['none', 1]],
      method: [['direct_debit', 45], ['standing_order', 15], ['card', 25], ['allpay', 10], ['cash', 5]],
      behaviour: [['clear', 80], ['credit', 5], ['small_arrears', 8], ['moderate_arrears', 5], ['serious_arrears', 2]],
      endShare: 0.06,
    },
  } as Record<PropertyKind, KindProfile>,

  /**
   * UC claimants paying their own rent have more arrears than others (DWP "book arrears"): when the arrears
   * behaviours are handed out, their place in the queue is scaled by this (smaller = more likely in arrears).
   */
  ucTenantArrearsBias: 0.55,

  /** Target balance by behaviour, in weeks of the account's weekly charge (the net balance after each payment). */
  targetWeeks: {
    clear: [-1, 0],
    credit: [-6, -1.5],
    small_arrears: [0.2, 1.3],
    moderate_arrears: [2.5, 7.5],
    serious_arrears: [9, 20],
    stopped: [0, 1.5],
    catching_up: [0, 1],
  } as Record<Behaviour, Range>,
  /** Opening balance (brought forward at the window start) by behaviour, in weeks. */
  openingWeeks: {
    clear: [-1, 0.5],
    credit: [-4, -0.5],
    small_arrears: [0, 1.5],
    moderate_arrears: [1, 5],
    serious_arrears: [4, 14],
    stopped: [0, 2],
    catching_up: [6, 18],
  } as Record<Behaviour, Range>,
  /** Tenants who stop: the arrears they reach by the end of the history, in pounds (pence). */
  stoppedArrears: [200_000, 420_000] as Range,

  /**
   * How far ahead reliable payers keep their account, as a share of one payment: a monthly Direct Debit payer
   * in step with the rent is in credit just after each collection and near zero just before the next.
   * UC claimants are paid monthly in arrears, so fewer of them can pay ahead. Others aim at their target on average.
   */
  paysInAdvance: { reliable: [0.7, 1.05], ucTenant: [0.25, 0.8], others: [0.5, 0.8] } as Record<'reliable' | 'ucTenant' | 'others', Range>,
  /** How closely payments follow the target (1 = pays exactly what brings the balance to target). */
  gain: { reliable: [0.6, 1], unreliable: [0.25, 0.6] } as Record<'reliable' | 'unreliable', Range>,
  /** Chance a payment is missed (a bounced Direct Debit, a week without cash). */
  missChance: { reliable: [0.005, 0.03], unreliable: [0.05, 0.2] } as Record<'reliable' | 'unreliable', Range>,

  frequencies: {
    direct_debit: [['monthly', 68], ['four_weekly', 14], ['fortnightly', 6], ['weekly', 12]],
    standing_order: [['monthly', 85], ['four_weekly', 15]],
    card: [['irregular', 70], ['monthly', 20], ['fortnightly', 10]],
    bank_transfer: [['monthly', 60], ['irregular', 40]],
    allpay: [['weekly', 60], ['fortnightly', 40]],
    paypoint: [['weekly', 60], ['fortnightly', 40]],
    post_office: [['weekly', 50], ['fortnightly', 50]],
    cash: [['weekly', 85], ['fortnightly', 15]],
  } as Partial<Record<PaymentMethod, Weighted<Frequency>>>,
  /** Days of the month Direct Debits and standing orders are taken (rolled to the next weekday). */
  monthlyDays: [1, 1, 1, 5, 8, 15, 15, 20, 25, 28],
  /** Housing Benefit rent rebates are credited every 2 or 4 weeks in arrears, on a Monday. */
  hbCycleWeeks: [[2, 70], [4, 30]] as Weighted<number>,
  hbPartialShare: [0.35, 0.9] as Range,
  /** UC managed payments may not cover the whole rent (e.g. the under-occupancy charge, non-dependant deductions). */
  ucManagedShare: [[1, 70], [0.86, 20], [0.75, 10]] as Weighted<number>,
  /** A standing order is updated after a rent change with this probability (otherwise small arrears creep in). */
  standingOrderUpdated: 0.7,

  /** Third-party deductions towards arrears, monthly: from UC (DWP) and by employers (attachment of earnings). */
  dwpDeductionShare: 0.45, // of UC tenants catching up or in moderate/serious arrears
  dwpDeduction: [4249, 8498] as Range, // 10%–20% of the 2026/27 single 25+ standard allowance
  employerDeductionShare: 0.2, // of other tenants catching up
  employerDeduction: [5000, 15000] as Range,

  ends: {
    /** End reasons for agreements ending in arrears (serious, stopped) and for the rest. */
    inArrears: [['eviction', 45], ['abandonment', 30], ['notice_given', 25]],
    other: [['notice_given', 50], ['deceased', 22], ['transfer', 15], ['mutual_exchange', 5], ['abandonment', 8]],
    /** Most leavers stop paying some weeks before the end, leaving a debt on the former tenant account. */
    stopBeforeEndChance: 0.8,
    stopBeforeEndWeeks: [1, 8] as Range,
    reletAfterWeeks: [1, 6] as Range,
    /** Former tenants who pay something now and then afterwards. */
    ftaPayerShare: 0.3,
    ftaPayment: [500, 3000] as Range,
    ftaMethod: [['card', 40], ['allpay', 20], ['paypoint', 10], ['bank_transfer', 15], ['employer_deduction', 15]],
  } as {
    inArrears: Weighted<'eviction' | 'abandonment' | 'notice_given'>
    other: Weighted<'notice_given' | 'deceased' | 'transfer' | 'mutual_exchange' | 'abandonment'>
    stopBeforeEndChance: number
    stopBeforeEndWeeks: Range
    reletAfterWeeks: Range
    ftaPayerShare: number
    ftaPayment: Range
    ftaMethod: Weighted<PaymentMethod>
  },

  parties: {
    emailShare: 0.7,
    phoneShare: 0.9,
    channel: [['letter', 35], ['email', 30], ['sms', 25], ['phone', 10]] as Weighted<'letter' | 'email' | 'sms' | 'phone'>,
    /** Lead tenant's age when the tenancy started. */
    ageAtStart: [18, 70] as Range,
  },
} as const

export type CouncilProfile = typeof COUNCIL_PROFILE
