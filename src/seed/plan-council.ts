/**
 * The synthetic council as plain data, decided before anything touches the database: patches, users, properties
 * with their charges for every rent year of the history, people, tenancies (and which of them end and are relet),
 * and how each account is paid. Pure and deterministic: the same input gives the same plan.
 */
import { Faker, base, en, en_GB } from '@faker-js/faker'
import { rentYearStart } from '../domain/calendar/rent-year.ts'
import { allocateProportionally, applyBasisPoints } from '../domain/money/pence.ts'
import type { PaymentMethod } from '../services/payments/record-payment.ts'
import type { ChargeType, Tenure } from '../services/tenancies/create-tenancy.ts'
import type { EndReason } from '../services/tenancies/end-tenancy.ts'
import { dayOf, easterSunday, mondayOf, yearOf } from './days.ts'
import {
  BLOCK_NAMES,
  BLOCK_SUFFIXES,
  DISTRICTS,
  FEMALE_FORENAMES,
  MALE_FORENAMES,
  SURNAMES,
  TOWNS,
  TRAVELLER_SITE_NAMES,
} from './names.ts'
import {
  COUNCIL_PROFILE,
  type Behaviour,
  type BenefitKind,
  type CouncilProfile,
  type Frequency,
  type PropertyKind,
  type Range,
  type Weighted,
} from './profiles.ts'
import { Rng } from './random.ts'

export interface PlanInput {
  homes: number
  years: number
  seed: number
  /** YYYY-MM-DD: the history ends on this day. */
  today: string
}

export interface HistoryWindow {
  /** Monday of the first charged week. */
  firstMonday: number
  /** Monday of the week containing today. */
  lastMonday: number
  today: number
  /** Every Monday from firstMonday to lastMonday. */
  mondays: number[]
}

export interface PlannedPatch {
  code: string
  name: string
  postcodeDistrict: string
}

export interface PlannedUser {
  username: string
  displayName: string
  role: 'income_officer' | 'debt_recovery_officer' | 'team_leader' | 'finance' | 'auditor' | 'administrator'
  email: string
  /** For income officers: the patch they look after. */
  patch: number | null
}

export interface PlannedProperty {
  ref: string
  kind: PropertyKind
  line1: string
  line2: string | null
  town: string
  postcode: string
  siteName: string | null
  bedrooms: number | null
  patch: number
  chargeTypes: ChargeType[]
  /** Weekly pence by rent year (index 0 = the rent year of the window's first Monday) and charge. */
  ratesByYear: number[][]
  /** Whether each charge is met by Housing Benefit / UC housing costs. */
  eligible: boolean[]
  rentFree: boolean
}

export interface PlannedParty {
  ref: string
  title: string
  forename: string
  surname: string
  dateOfBirth: string
  email: string | null
  phone: string | null
  channel: 'letter' | 'email' | 'sms' | 'phone'
}

export interface PayerPlan {
  benefit: BenefitKind
  /** Share of eligible charges the benefit pays (0 when the tenant is paid UC and pays the rent themselves). */
  share: number
  hbCycleWeeks: number
  /** UC: the day of the month the housing costs arrive (managed payment, or to the tenant). */
  benefitDom: number
  method: PaymentMethod
  frequency: Frequency
  /** Monthly payers: day of the month. */
  dom: number
  /** Weekly payers: ISO day of week (1–6). */
  weekday: number
  behaviour: Behaviour
  openingWeeks: number
  targetWeeks: number
  /** Fraction of the history over which the balance moves from its opening level to its target. */
  horizon: number
  gain: number
  missChance: number
  /** The day the tenant stops paying (and any benefit stops), if they do. */
  stopDay: number | null
  deduction: { method: 'dwp_deduction' | 'employer_deduction'; monthlyPence: number; fromDay: number; dom: number } | null
  /** A former tenant who pays something now and then after the tenancy ends. */
  fta: { method: PaymentMethod; amountPence: number; firstAfterDays: number } | null
}

export interface PlannedTenancy {
  property: number
  tenure: Tenure
  socialHousing: boolean
  start: number
  /** Lead first. */
  parties: number[]
  /** Started inside the history: created by the tenancy service in its week, not in bulk beforehand. */
  inWindow: boolean
  end: { day: number; reason: EndReason } | null
  payer: PayerPlan
  /** Seed of this account's own random stream for the payment simulation. */
  rngSeed: number
}

export interface CouncilPlan {
  window: HistoryWindow
  /** Rent year of index 0 in PlannedProperty.ratesByYear, and each year's first Monday (one more than years). */
  firstRentYear: number
  rentYearStarts: number[]
  rentFreeWeeks: number[]
  town: string
  patches: PlannedPatch[]
  users: PlannedUser[]
  properties: PlannedProperty[]
  parties: PlannedParty[]
  tenancies: PlannedTenancy[]
}

const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ'
/** English postcode areas (the council's area is one of these that faker's en_GB postcode patterns know). */
const ENGLISH_AREAS = new Set([
  'NR', 'IP', 'CB', 'LE', 'NG', 'DE', 'ST', 'WV', 'DY', 'WS', 'CV', 'NN', 'MK', 'LU', 'SG', 'PE', 'LN', 'DN', 'HU',
  'YO', 'HG', 'BD', 'HX', 'HD', 'WF', 'OL', 'BL', 'WN', 'PR', 'FY', 'LA', 'CA', 'DL', 'TS', 'SR', 'NE', 'DH', 'BB',
  'SK', 'CW', 'TF', 'HR', 'WR', 'GL', 'BA', 'BS', 'SN', 'SP', 'SO', 'PO', 'BH', 'DT', 'TA', 'EX', 'TQ', 'PL', 'TR',
  'RG', 'OX', 'HP', 'SL', 'GU', 'RH', 'BN', 'TN', 'ME', 'CT', 'CM', 'CO', 'SS', 'RM', 'IG',
])
const WEEK = 7
const YEAR_DAYS = 365.25

/** The 48-WEEK calendar: Christmas and New Year weeks, the Easter week and the August bank holiday week. */
export function rentFreeWeeksBetween(fromYear: number, toYear: number): number[] {
  const weeks = new Set<number>()
  for (let y = fromYear; y <= toYear; y++) {
    const christmas = mondayOf(dayOf(`${y}-12-25`))
    weeks.add(christmas)
    weeks.add(christmas + WEEK)
    weeks.add(easterSunday(y) + 1) // Easter Monday
    const lastAugust = dayOf(`${y}-08-31`)
    weeks.add(mondayOf(lastAugust)) // the week of the late summer bank holiday (last Monday in August)
  }
  return [...weeks].sort((a, b) => a - b)
}

export function historyWindow(years: number, today: string): HistoryWindow {
  const t = dayOf(today)
  const lastMonday = mondayOf(t)
  const weeks = 52 * years
  const firstMonday = lastMonday - WEEK * (weeks - 1)
  const mondays: number[] = []
  for (let m = firstMonday; m <= lastMonday; m += WEEK) mondays.push(m)
  return { firstMonday, lastMonday, today: t, mondays }
}

function changeBps(profile: CouncilProfile, startYear: number): number {
  return profile.annualChangeBps[startYear] ?? profile.defaultAnnualChangeBps
}

/** A charge quoted for `ratesYear`, carried back to the first year of the history and forward again year by year. */
function ratesForYears(profile: CouncilProfile, valueInRatesYear: number, firstYear: number, lastYear: number): number[] {
  let v = valueInRatesYear
  if (firstYear < profile.ratesYear) {
    for (let y = profile.ratesYear; y > firstYear; y--) v = Math.round((v * 10_000) / (10_000 + changeBps(profile, y)))
  } else {
    for (let y = profile.ratesYear + 1; y <= firstYear; y++) v = applyBasisPoints(v, changeBps(profile, y))
  }
  const out = [v]
  for (let y = firstYear + 1; y <= lastYear; y++) out.push(applyBasisPoints(out[out.length - 1]!, changeBps(profile, y)))
  return out
}

/** Exact counts for each option (largest remainder), in a shuffled order, so even a small council gets its mix. */
function quota<T>(rng: Rng, n: number, options: Weighted<T>, atLeastOne: readonly T[] = []): T[] {
  const counts = allocateProportionally(n, options.map(([, w]) => Math.round(w * 100)))
  for (const must of atLeastOne) {
    const i = options.findIndex(([v]) => v === must)
    if (i >= 0 && counts[i] === 0 && n >= options.length) {
      const donor = counts.indexOf(Math.max(...counts))
      counts[donor]!--
      counts[i] = 1
    }
  }
  const out: T[] = []
  options.forEach(([v], i) => {
    for (let k = 0; k < counts[i]!; k++) out.push(v)
  })
  return rng.shuffle(out)
}

const ARREARS_BEHAVIOURS: ReadonlySet<Behaviour> = new Set(['moderate_arrears', 'serious_arrears', 'stopped'])
const RELIABLE: ReadonlySet<Behaviour> = new Set(['clear', 'credit'])

/** Everything the planning steps share. */
interface PlanContext {
  profile: CouncilProfile
  window: HistoryWindow
  firstRentYear: number
  lastRentYear: number
  rentYearStarts: number[]
}

export function planCouncil(input: PlanInput, profile: CouncilProfile = COUNCIL_PROFILE): CouncilPlan {
  const window = historyWindow(input.years, input.today)
  const rentYearOfDay = (day: number) => yearOf(day) - (day < dayOf(rentYearStart(yearOf(day))) ? 1 : 0)
  const firstRentYear = rentYearOfDay(window.firstMonday)
  const lastRentYear = rentYearOfDay(window.today)
  const rentYearStarts: number[] = []
  for (let y = firstRentYear; y <= lastRentYear + 1; y++) rentYearStarts.push(dayOf(rentYearStart(y)))
  const ctx: PlanContext = { profile, window, firstRentYear, lastRentYear, rentYearStarts }

  // Independent random streams per part, so a change in one part leaves the others as they were.
  const root = new Rng(input.seed)
  const placeRng = root.fork(1)
  const faker = new Faker({ locale: [en_GB, en, base] })
  faker.seed(input.seed)

  const town = placeRng.pick(TOWNS)
  const patchCount = Math.max(profile.sizes.minPatches, Math.round(input.homes / profile.sizes.homesPerPatch))
  const places = new Places(placeRng, patchCount)
  const properties = planProperties(ctx, places, town, input.homes)
  const people = new People(root.fork(2), faker, ctx)
  const tenancies = planTenancies(ctx, properties, people, root.fork(3), root.fork(4))
  return {
    window,
    firstRentYear,
    rentYearStarts,
    rentFreeWeeks: rentFreeWeeksBetween(firstRentYear - 1, lastRentYear + 1),
    town,
    patches: places.patches,
    users: planUsers(root.fork(5), places.patches),
    properties,
    parties: people.parties,
    tenancies,
  }
}

/** Patches (districts with a postcode district each), and unique street names, postcodes and block names. */
class Places {
  readonly patches: PlannedPatch[]
  private readonly streetPool: string[]
  private readonly streetSuffixes: string[]
  private readonly used = new Set<string>()

  constructor(
    readonly rng: Rng,
    patchCount: number,
  ) {
    const areas = [
      ...new Set(((en_GB.location?.postcode as string[] | undefined) ?? []).map((p) => /^[A-Z]+/.exec(p)?.[0] ?? '')),
    ].filter((a) => ENGLISH_AREAS.has(a))
    const area = areas.length > 0 ? rng.pick(areas) : 'NR'
    const districtNames = rng.shuffle([...DISTRICTS])
    const firstDistrictNo = rng.int(1, 20)
    this.patches = Array.from({ length: patchCount }, (_, i) => ({
      code: `P${String(i + 1).padStart(2, '0')}`,
      name: districtNames[i % districtNames.length]! + (i >= districtNames.length ? ` ${Math.floor(i / districtNames.length) + 1}` : ''),
      postcodeDistrict: `${area}${firstDistrictNo + i}`,
    }))
    this.streetPool = rng.shuffle([...((en_GB.location?.street_name as string[] | undefined) ?? [])])
    this.streetSuffixes = (en_GB.location?.street_suffix as string[] | undefined) ?? ['Road', 'Close', 'Street']
  }

  private unique(make: () => string): string {
    let name = make()
    for (let i = 0; this.used.has(name); i++) name = i < 50 ? make() : `${make()} ${i}`
    this.used.add(name)
    return name
  }

  street(): string {
    const pooled = this.streetPool.pop()
    return pooled && !this.used.has(pooled)
      ? this.unique(() => pooled)
      : this.unique(() => `${this.rng.pick(SURNAMES)} ${this.rng.pick(this.streetSuffixes)}`)
  }

  postcode(patch: number): string {
    const letter = () => INWARD_LETTERS[this.rng.int(0, INWARD_LETTERS.length - 1)]!
    return this.unique(() => `${this.patches[patch]!.postcodeDistrict} ${this.rng.int(1, 9)}${letter()}${letter()}`)
  }

  block(suffixes: readonly string[]): string {
    return this.unique(() => `${this.rng.pick(BLOCK_NAMES)} ${this.rng.pick(suffixes)}`)
  }
}

/** Homes on streets of houses and blocks of flats per patch, TA units, the traveller site, garage blocks. */
function planProperties(ctx: PlanContext, places: Places, town: string, homes: number): PlannedProperty[] {
  const { profile } = ctx
  const sizes = profile.sizes
  const rng = places.rng
  const pitchCount = homes >= 100 ? Math.min(sizes.pitches[1], Math.max(sizes.pitches[0], Math.round(homes * sizes.pitchesPerHome))) : 0
  const taCount = Math.max(homes >= 20 ? 1 : 0, Math.round(homes * sizes.taShare))
  const dwellingCount = homes - taCount - pitchCount
  const garageCount = Math.round(homes * sizes.garageShare)
  const patchCount = places.patches.length
  const properties: PlannedProperty[] = []
  const counters: Record<string, number> = {}
  const add = (p: Omit<PlannedProperty, 'ref' | 'ratesByYear' | 'town'> & { quoted: number[] }, prefix: string): void => {
    const { quoted, ...rest } = p
    counters[prefix] = (counters[prefix] ?? 0) + 1
    const byCharge = quoted.map((q) => ratesForYears(profile, q, ctx.firstRentYear, ctx.lastRentYear))
    properties.push({
      ...rest,
      ref: `${prefix}${String(counters[prefix]).padStart(6, '0')}`,
      town,
      ratesByYear: byCharge[0]!.map((_, yi) => byCharge.map((rates) => rates[yi]!)),
    })
  }

  const dw = profile.dwellings
  const scale48 = (pence: number, rentFree: boolean) => (rentFree ? Math.round((pence * 52) / 48) : pence)
  const dwellingRent = (bedrooms: number, house: boolean): number => {
    const [lo, hi] = dw.rentByBedrooms[bedrooms] ?? [9000, 12000]
    const u = house ? 0.4 + 0.6 * rng.float() : 0.75 * rng.float()
    return Math.round(lo + (hi - lo) * u)
  }
  let dwellings = 0
  let flats = 0
  for (let patch = 0; patch < patchCount; patch++) {
    const target = Math.round((dwellingCount * (patch + 1)) / patchCount) - Math.round((dwellingCount * patch) / patchCount)
    let made = 0
    while (made < target) {
      const street = places.street()
      const postcode = places.postcode(patch)
      // The charging calendar is set estate by estate: here, street by street.
      const rentFree = rng.chance(dw.rentFreeCalendarShare)
      if (flats < dw.flatShare * (dwellings + 1)) {
        const block = places.block(BLOCK_SUFFIXES)
        const n = Math.min(target - made, rng.int(8, 36))
        for (let f = 1; f <= n; f++, made++, flats++, dwellings++) {
          const bedrooms = rng.weighted(dw.flatBedrooms)
          const chargeTypes: ChargeType[] = ['rent']
          const quoted = [scale48(dwellingRent(bedrooms, false), rentFree)]
          if (rng.chance(dw.flatServiceChargeShare)) {
            chargeTypes.push('service_charge')
            quoted.push(scale48(rng.intIn(dw.flatServiceCharge), rentFree))
          }
          add({ kind: 'dwelling', line1: `Flat ${f}, ${block}`, line2: street, postcode, siteName: null, bedrooms, patch, chargeTypes,
            eligible: chargeTypes.map(() => true), rentFree, quoted }, 'DW')
        }
      } else {
        const n = Math.min(target - made, rng.int(6, 30))
        // Council houses are not numbered 1, 2, 3…: some were sold under the right to buy.
        let number = rng.int(1, 12)
        for (let h = 0; h < n; h++, made++, dwellings++) {
          const bedrooms = rng.weighted(dw.houseBedrooms)
          add({ kind: 'dwelling', line1: `${number} ${street}`, line2: places.patches[patch]!.name, postcode, siteName: null, bedrooms,
            patch, chargeTypes: ['rent'], eligible: [true], rentFree, quoted: [scale48(dwellingRent(bedrooms, true), rentFree)] }, 'DW')
          number += rng.pick([1, 2, 2, 2, 2, 4, 6])
        }
      }
    }
  }

  const ch = profile.charges
  for (let made = 0; made < taCount; ) {
    const patch = rng.int(0, patchCount - 1)
    const street = places.street()
    const block = places.block(['Lodge', 'House'])
    const postcode = places.postcode(patch)
    const n = Math.min(taCount - made, rng.int(6, 40))
    for (let u = 1; u <= n; u++, made++) {
      const chargeTypes: ChargeType[] = ['ta_charge']
      const quoted = [rng.intIn(ch.ta)]
      if (rng.chance(ch.taHeatingShare)) {
        chargeTypes.push('heating')
        quoted.push(rng.intIn(ch.taHeating))
      }
      add({ kind: 'ta_unit', line1: `Unit ${u}, ${block}`, line2: street, postcode, siteName: null,
        bedrooms: rng.weighted([[0, 30], [1, 40], [2, 25], [3, 5]]), patch, chargeTypes,
        eligible: chargeTypes.map((c) => c === 'ta_charge'), rentFree: false, quoted }, 'TA')
    }
  }

  if (pitchCount > 0) {
    const patch = rng.int(0, patchCount - 1)
    const siteName = `${rng.pick(TRAVELLER_SITE_NAMES)} Travellers' Site`
    const road = places.street()
    const postcode = places.postcode(patch)
    for (let n = 1; n <= pitchCount; n++) {
      add({ kind: 'pitch', line1: `Pitch ${n}, ${siteName}`, line2: road, postcode, siteName, bedrooms: null, patch,
        chargeTypes: ['rent', 'electricity', 'water'], eligible: [true, false, false], rentFree: false,
        quoted: [rng.intIn(ch.pitchRent), rng.intIn(ch.pitchElectricity), rng.intIn(ch.pitchWater)] }, 'PT')
    }
  }

  // Garage blocks sit on the streets of the homes, one rent per block.
  const homesOnStreets = properties.filter((p) => p.kind === 'dwelling')
  for (let made = 0; made < garageCount; ) {
    const near = rng.pick(homesOnStreets)
    const street = near.line1.startsWith('Flat ') ? near.line2! : near.line1.replace(/^\d+ /, '')
    const n = Math.min(garageCount - made, rng.intIn(sizes.garageBlock))
    const rent = rng.intIn(ch.garage)
    for (let g = 1; g <= n; g++, made++) {
      add({ kind: 'garage', line1: `Garage ${g}, ${street} garages`, line2: street, postcode: near.postcode, siteName: `${street} garages`,
        bedrooms: null, patch: near.patch, chargeTypes: ['garage_rent'], eligible: [false], rentFree: false, quoted: [rent] }, 'GR')
    }
  }
  return properties
}

/** Synthetic people: common UK names, a date of birth fitting the tenancy, contact details for most. */
class People {
  readonly parties: PlannedParty[] = []
  private readonly sexes: ('female' | 'male')[] = []

  constructor(
    private readonly rng: Rng,
    private readonly faker: Faker,
    private readonly ctx: PlanContext,
  ) {}

  surnameOf(party: number): string {
    return this.parties[party]!.surname
  }

  sexOf(party: number): 'female' | 'male' {
    return this.sexes[party]!
  }

  /** A new person, adult when the tenancy started on `start`; returns their index. */
  add(start: number, surname?: string, sex?: 'female' | 'male'): number {
    const { rng, faker } = this
    const pp = this.ctx.profile.parties
    const s = sex ?? (rng.chance(0.55) ? 'female' : 'male')
    const forename = s === 'female' ? rng.pick(FEMALE_FORENAMES) : rng.pick(MALE_FORENAMES)
    const last = surname ?? rng.pick(SURNAMES)
    const title =
      s === 'female' ? rng.weighted([['Mrs', 40], ['Ms', 35], ['Miss', 22], ['Dr', 1], ['Mx', 2]] as const)
        : rng.weighted([['Mr', 96], ['Dr', 1], ['Mx', 3]] as const)
    const ageAtStart = pp.ageAtStart[0] + Math.floor((pp.ageAtStart[1] - pp.ageAtStart[0]) * rng.float() ** 1.6)
    let dob = start - Math.round(ageAtStart * YEAR_DAYS) - rng.int(0, 364)
    const oldest = this.ctx.window.today - Math.round(96 * YEAR_DAYS)
    if (dob < oldest) dob = oldest + rng.int(0, 3650)
    // Example domains only (example.com/.net/.org): a demo can never email a real person.
    const email = rng.chance(pp.emailShare) ? faker.internet.exampleEmail({ firstName: forename, lastName: last }).toLowerCase() : null
    const phone = rng.chance(pp.phoneShare) ? faker.helpers.replaceSymbols('07### ######') : null
    let channel = rng.weighted(pp.channel)
    if ((channel === 'email' && !email) || ((channel === 'sms' || channel === 'phone') && !phone)) channel = 'letter'
    this.sexes.push(s)
    this.parties.push({
      ref: `P${String(this.parties.length + 1).padStart(7, '0')}`,
      title,
      forename,
      surname: last,
      dateOfBirth: isoOfDay(dob),
      email,
      phone,
      channel,
    })
    return this.parties.length - 1
  }

  /** The tenants of a new agreement: a lead, and for some dwellings a joint tenant (often a partner). */
  household(start: number, joint: boolean): number[] {
    const lead = this.add(start)
    if (!joint) return [lead]
    const partnerSex = this.sexOf(lead) === 'female' ? 'male' : 'female'
    return [lead, this.add(start, this.rng.chance(0.7) ? this.surnameOf(lead) : undefined, partnerSex)]
  }
}

/**
 * Who rents what, since when, how they pay, and which agreements end inside the history (to be relet). Agreements
 * older than the history are bulk-loaded; those starting inside it are let week by week.
 */
function planTenancies(ctx: PlanContext, properties: PlannedProperty[], people: People, rng: Rng, payRng: Rng): PlannedTenancy[] {
  const { profile, window } = ctx
  const sizes = profile.sizes
  const dw = profile.dwellings
  const tenancies: PlannedTenancy[] = []
  const windowWeeks = (window.lastMonday - window.firstMonday) / WEEK + 1
  const oldStart = (maxYears: number): number => {
    const [lo, hi] = dw.startYearsBefore
    const yearsBefore = lo + (Math.min(hi, maxYears) - lo) * rng.float() ** 1.7
    return mondayOf(window.firstMonday - Math.max(WEEK, Math.round(yearsBefore * YEAR_DAYS)))
  }

  for (const kind of ['dwelling', 'ta_unit', 'pitch', 'garage'] as const) {
    const kp = profile.kinds[kind]
    let props = properties.map((p, i) => ({ p, i })).filter((x) => x.p.kind === kind)
    if (kind === 'garage') {
      const letCount = Math.round(props.length * (sizes.garageLetToTenant + sizes.garageLetToNonTenant))
      props = rng.shuffle(props).slice(0, letCount).sort((a, b) => a.i - b.i)
    }
    const benefits = quota(rng, props.length, kp.benefit)
    const behaviours = assignBehaviours(rng, props.length, kp.behaviour, benefits, kind === 'dwelling', profile.ucTenantArrearsBias)
    const voidAtStart = new Set(rng.shuffle(props.map((_, k) => k)).slice(0, Math.round(props.length * (sizes.voidAtStart[kind] ?? 0))))
    const leadsByPatch = new Map<number, number[]>()
    for (const t of tenancies) {
      const property = properties[t.property]!
      if (property.kind !== 'dwelling' || t.inWindow || t.end) continue
      const leads = leadsByPatch.get(property.patch) ?? []
      leads.push(t.parties[0]!)
      leadsByPatch.set(property.patch, leads)
    }
    const allLeads = [...leadsByPatch.values()].flat()
    const toTenants =
      kind === 'garage' ? Math.round((props.length * sizes.garageLetToTenant) / (sizes.garageLetToTenant + sizes.garageLetToNonTenant)) : 0
    const first = tenancies.length
    props.forEach(({ p, i }, k) => {
      const inWindow = voidAtStart.has(k)
      const start = inWindow
        ? window.firstMonday + WEEK * rng.int(1, Math.max(1, Math.floor(windowWeeks / 2)))
        : kind === 'ta_unit'
          ? mondayOf(window.firstMonday - rng.int(7, 3 * 365))
          : oldStart(kind === 'garage' ? 15 : 30)
      let parties: number[]
      if (k < toTenants && allLeads.length > 0) {
        // A garage rented by one of the council's tenants (one person, two accounts: the one view of debt).
        parties = [rng.pick(leadsByPatch.get(p.patch) ?? allLeads)]
      } else {
        parties = people.household(start, kind === 'dwelling' && rng.chance(dw.jointTenancyShare))
      }
      tenancies.push({
        property: i,
        tenure: tenureFor(kind, start, window, rng, dw.tenure),
        socialHousing: kind === 'dwelling',
        start,
        parties,
        inWindow,
        end: null,
        payer: planPayer(payRng, profile, kind, benefits[k]!, behaviours[k]!, inWindow ? 0 : 1),
        rngSeed: payRng.int(0, 0x7fffffff),
      })
    })
    planEndings(ctx, kind, tenancies.slice(first), tenancies, people, rng, payRng)
  }

  for (const t of tenancies) {
    const p = t.payer
    if (p.behaviour === 'stopped' && !t.end) {
      // Stop early enough to owe about £2,000–£4,000 by the end of the history.
      const property = properties[t.property]!
      const yi = Math.min(rentYearIndex(ctx.rentYearStarts, window.today), property.ratesByYear.length - 1)
      const weekly = Math.max(1, property.ratesByYear[yi]!.reduce((a, b) => a + b, 0))
      const weeksNeeded = payRng.between(profile.stoppedArrears) / weekly
      const stop = window.lastMonday + WEEK - Math.round(weeksNeeded * WEEK)
      const earliest = Math.max(t.start, window.firstMonday) + 4 * WEEK
      if (stop < earliest && !t.inWindow) p.openingWeeks += (earliest - stop) / WEEK
      p.stopDay = Math.max(stop, earliest)
    }
    // Third-party deductions for arrears start some months in.
    if (p.deduction) p.deduction.fromDay = Math.max(t.start, window.firstMonday) + payRng.int(4, Math.max(5, Math.floor(windowWeeks / 2))) * WEEK
  }
  return tenancies
}

/**
 * Some agreements end inside the history (a share of them among those in arrears: evictions, abandonments),
 * most leavers stop paying some weeks before, a few pay something afterwards, and the property is relet.
 */
function planEndings(
  ctx: PlanContext,
  kind: PropertyKind,
  ofKind: PlannedTenancy[],
  tenancies: PlannedTenancy[],
  people: People,
  rng: Rng,
  payRng: Rng,
): void {
  const { profile, window } = ctx
  const kp = profile.kinds[kind]
  const ends = profile.ends
  const existing = ofKind.filter((t) => !t.inWindow)
  const nEnd = Math.max(kind === 'dwelling' ? 1 : 0, Math.round(existing.length * kp.endShare))
  const inArrears = rng.shuffle(existing.filter((t) => ARREARS_BEHAVIOURS.has(t.payer.behaviour)))
  const others = rng.shuffle(existing.filter((t) => !ARREARS_BEHAVIOURS.has(t.payer.behaviour)))
  const nArrears = Math.min(inArrears.length, Math.round(nEnd * 0.3))
  const firstEnd = window.firstMonday + 6 * WEEK - 1
  const lastEnd = window.lastMonday - 1
  if (lastEnd <= firstEnd) return
  for (const t of [...inArrears.slice(0, nArrears), ...others.slice(0, nEnd - nArrears)]) {
    const endDay = firstEnd + WEEK * rng.int(0, Math.floor((lastEnd - firstEnd) / WEEK)) // a Sunday
    const arrears = ARREARS_BEHAVIOURS.has(t.payer.behaviour)
    const reason: EndReason =
      kind === 'ta_unit' ? 'licence_ended'
        : arrears ? rng.weighted(ends.inArrears)
          : kind === 'dwelling' ? rng.weighted(ends.other)
            : 'notice_given'
    t.end = { day: endDay, reason }
    if (arrears || rng.chance(ends.stopBeforeEndChance)) {
      const stop = endDay + 1 - WEEK * rng.intIn(ends.stopBeforeEndWeeks) + rng.int(0, 6)
      t.payer.stopDay = Math.min(t.payer.stopDay ?? Infinity, stop)
    }
    if (rng.chance(ends.ftaPayerShare)) {
      t.payer.fta = {
        method: rng.weighted(ends.ftaMethod),
        amountPence: Math.round(rng.intIn(ends.ftaPayment) / 100) * 100,
        firstAfterDays: rng.int(14, 70),
      }
    }
    // Relet 1–6 weeks later to new people, if that is still inside the history.
    const reletStart = endDay + 1 + WEEK * rng.intIn(ends.reletAfterWeeks)
    if (reletStart > window.lastMonday) continue
    const parties = people.household(reletStart, kind === 'dwelling' && rng.chance(profile.dwellings.jointTenancyShare))
    const behaviour = rng.weighted(kp.behaviour.filter(([b]) => b !== 'catching_up' && b !== 'stopped'))
    tenancies.push({
      property: t.property,
      tenure: tenureFor(kind, reletStart, window, rng, [['secure', 1]]),
      socialHousing: kind === 'dwelling',
      start: reletStart,
      parties,
      inWindow: true,
      end: null,
      payer: planPayer(payRng, profile, kind, rng.weighted(kp.benefit), behaviour, 0),
      rngSeed: payRng.int(0, 0x7fffffff),
    })
  }
}

/** An income officer per patch, and one of each other role. */
function planUsers(rng: Rng, patches: PlannedPatch[]): PlannedUser[] {
  const person = (): string => `${rng.chance(0.5) ? rng.pick(FEMALE_FORENAMES) : rng.pick(MALE_FORENAMES)} ${rng.pick(SURNAMES)}`
  const users: PlannedUser[] = patches.map((_, i) => ({
    username: `officer${i + 1}`,
    displayName: person(),
    role: 'income_officer' as const,
    email: `officer${i + 1}@council.example`,
    patch: i,
  }))
  for (const [username, role] of [
    ['teamleader', 'team_leader'],
    ['recovery', 'debt_recovery_officer'],
    ['finance', 'finance'],
    ['auditor', 'auditor'],
    ['admin', 'administrator'],
  ] as const) {
    users.push({ username, displayName: person(), role, email: `${username}@council.example`, patch: null })
  }
  return users
}

function isoOfDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10)
}

/** Index of the rent year containing day (0 = the first rent year of the history). */
export function rentYearIndex(rentYearStarts: readonly number[], day: number): number {
  let i = 0
  while (i + 1 < rentYearStarts.length && rentYearStarts[i + 1]! <= day) i++
  return i
}

function tenureFor(kind: PropertyKind, start: number, window: HistoryWindow, rng: Rng, mix: Weighted<Tenure>): Tenure {
  if (kind === 'ta_unit') return 'ta_licence'
  if (kind === 'pitch') return 'pitch_licence'
  if (kind === 'garage') return 'garage_licence'
  // Introductory for the first year, then secure; flexible (fixed-term) tenancies only since April 2012.
  if (start > window.today - 365) return 'introductory'
  const t = rng.weighted(mix)
  return t === 'flexible' && start < dayOf('2012-04-01') ? 'secure' : t
}

/**
 * Behaviours by exact quota; UC claimants paying their own rent are more likely than others to be given an
 * arrears behaviour (they are sorted towards the front when the arrears behaviours are handed out).
 */
function assignBehaviours(
  rng: Rng,
  n: number,
  mix: Weighted<Behaviour>,
  benefits: BenefitKind[],
  guarantee: boolean,
  ucBias: number,
): Behaviour[] {
  const list = quota<Behaviour>(rng, n, mix, guarantee ? ['stopped', 'serious_arrears', 'credit', 'catching_up'] : [])
  const severity: Behaviour[] = ['stopped', 'serious_arrears', 'catching_up', 'moderate_arrears', 'small_arrears', 'credit', 'clear']
  const sortedBehaviours = [...list].sort((a, b) => severity.indexOf(a) - severity.indexOf(b))
  const keys = benefits.map((b, i) => ({ i, key: rng.float() * (b === 'uc_tenant' ? ucBias : 1) }))
  keys.sort((a, b) => a.key - b.key)
  const out: Behaviour[] = new Array(n)
  // Arrears behaviours go to the front of the biased order, the others are spread at random.
  const arrears = sortedBehaviours.filter((b) => b !== 'clear' && b !== 'credit')
  const rest = rng.shuffle(sortedBehaviours.filter((b) => b === 'clear' || b === 'credit'))
  keys.forEach(({ i }, rank) => {
    out[i] = rank < arrears.length ? arrears[rank]! : rest[rank - arrears.length]!
  })
  // Within the arrears group, shuffle so the worst are not always the most-biased.
  const arrearsIdx = keys.slice(0, arrears.length).map((k) => k.i)
  const shuffled = rng.shuffle(arrearsIdx.map((i) => out[i]!))
  arrearsIdx.forEach((i, k) => {
    out[i] = shuffled[k]!
  })
  return out
}

function planPayer(
  rng: Rng,
  profile: CouncilProfile,
  kind: PropertyKind,
  benefitIn: BenefitKind,
  behaviour: Behaviour,
  opening: 0 | 1,
): PayerPlan {
  let benefit = benefitIn
  // Full Housing Benefit and arrears do not go together: those claims are partial (non-dependant deductions…).
  if (benefit === 'hb_full' && behaviour !== 'clear' && behaviour !== 'credit') benefit = 'hb_partial'
  const share =
    benefit === 'hb_full' ? 1
      : benefit === 'hb_partial' ? rng.between(profile.hbPartialShare)
        : benefit === 'uc_managed' ? rng.weighted(profile.ucManagedShare)
          : 0
  let method = rng.weighted(profile.kinds[kind].method)
  let frequency: Frequency = rng.weighted(profile.frequencies[method] ?? [['monthly', 1]])
  const benefitDom = rng.int(1, 28)
  let dom: number = rng.pick(profile.monthlyDays)
  if (benefit === 'uc_tenant') {
    // Paid UC monthly in arrears: the rent goes out a few days after the UC lands.
    if (method === 'allpay' || method === 'paypoint' || method === 'post_office' || method === 'cash') method = 'bank_transfer'
    frequency = 'monthly'
    dom = Math.min(28, benefitDom + rng.int(0, 3))
  }
  const reliable = RELIABLE.has(behaviour)
  const range = (r: Range) => rng.between(r)
  const deduction: PayerPlan['deduction'] =
    benefit === 'uc_tenant' && (behaviour === 'catching_up' || ARREARS_BEHAVIOURS.has(behaviour)) && behaviour !== 'stopped' &&
    rng.chance(profile.dwpDeductionShare)
      ? { method: 'dwp_deduction', monthlyPence: rng.intIn(profile.dwpDeduction), fromDay: 0, dom: benefitDom }
      : kind === 'dwelling' && benefit === 'none' && behaviour === 'catching_up' && rng.chance(profile.employerDeductionShare)
        ? { method: 'employer_deduction', monthlyPence: Math.round(rng.intIn(profile.employerDeduction) / 100) * 100, fromDay: 0, dom: 28 }
        : null
  return {
    benefit,
    share,
    hbCycleWeeks: rng.weighted(profile.hbCycleWeeks),
    benefitDom,
    method,
    frequency,
    dom,
    weekday: rng.weighted([[1, 30], [2, 15], [3, 12], [4, 15], [5, 20], [6, 8]]),
    behaviour,
    openingWeeks: opening * range(profile.openingWeeks[behaviour]),
    targetWeeks: range(profile.targetWeeks[behaviour]),
    horizon: behaviour === 'clear' || behaviour === 'credit' ? rng.between([0.05, 0.3]) : rng.between([0.4, 1]),
    gain: range(reliable ? profile.gain.reliable : profile.gain.unreliable),
    missChance: range(reliable ? profile.missChance.reliable : profile.missChance.unreliable),
    stopDay: null,
    deduction,
    fta: null,
  }
}
