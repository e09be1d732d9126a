/**
 * How the money comes in, week by week, for every account of the synthetic council. Each account has a benefit
 * stream (Housing Benefit credited 2- or 4-weekly in arrears, or a UC managed payment monthly in arrears) and the
 * tenant's own payments (Direct Debit, standing order, card, cash and payment-network files…), plus third-party
 * deductions for some in arrears. Amounts follow a simple controller: each payer pays roughly what fell due,
 * nudged towards the balance their behaviour profile heads for, with missed payments and rounding like people's.
 *
 * The simulator is fed the charges actually posted by the real weekly debit run, so its balances are the ledger's.
 */
import type { PaymentMethod } from '../services/payments/record-payment.ts'
import { dayInMonth, dowOf, nextMonthly, weekdayOnOrAfter } from './days.ts'
import { rentYearIndex, type CouncilPlan, type PlannedProperty, type PlannedTenancy } from './plan-council.ts'
import { COUNCIL_PROFILE, type CouncilProfile } from './profiles.ts'
import { Rng } from './random.ts'

export interface SimPayment {
  accountId: number
  reference: string
  method: PaymentMethod
  amountPence: number
  day: number
}

interface FormerTenantStream {
  accountId: number
  reference: string
  balance: number
  next: number
  /** Benefit for the last weeks of the tenancy, paid after it ended. */
  finalBenefit: number
  finalBenefitDay: number
}

interface AccountSim {
  tenancy: PlannedTenancy
  property: PlannedProperty
  accountId: number
  reference: string
  rng: Rng
  balance: number
  /** Benefit accrued for weeks already charged and not yet paid (technical arrears). */
  benefitOwed: number
  /** Benefit accrued for the current week (HB pays in arrears, so not this week). */
  benefitThisWeek: number
  /** The tenant's part of the charges since their last payment. */
  tenantAccrued: number
  nextBenefit: number
  nextTenant: number
  nextTenantScheduled: number
  nextDeduction: number
  fixedAmount: number | null
  fixedYear: number
  openingNet: number
  targetPence: number
  pathStart: number
  pathDays: number
  /** Share of one payment the payer keeps ahead (see COUNCIL_PROFILE.paysInAdvance). */
  advance: number
  weeklyGross: number
  open: boolean
  fta: FormerTenantStream | null
}

const FIXED_METHODS: ReadonlySet<PaymentMethod> = new Set(['direct_debit', 'standing_order'])
const WHOLE_POUNDS: ReadonlySet<PaymentMethod> = new Set(['cash', 'allpay', 'paypoint', 'post_office'])
const PERIOD_WEEKS = { weekly: 1, fortnightly: 2, four_weekly: 4, monthly: 52 / 12, irregular: 1 } as const

export class PaymentSimulator {
  private readonly accounts = new Map<number, AccountSim>()
  private readonly windowDays: number
  private currentMonday = 0

  constructor(
    private readonly plan: CouncilPlan,
    private readonly profile: CouncilProfile = COUNCIL_PROFILE,
  ) {
    this.windowDays = plan.window.lastMonday - plan.window.firstMonday + 7
  }

  private weekly(property: PlannedProperty, day: number): { gross: number; eligible: number } {
    const yi = Math.min(rentYearIndex(this.plan.rentYearStarts, day), property.ratesByYear.length - 1)
    const rates = property.ratesByYear[yi]!
    let gross = 0
    let eligible = 0
    rates.forEach((r, i) => {
      gross += r
      if (property.eligible[i]) eligible += r
    })
    return { gross, eligible }
  }

  private chargeableWeeks(property: PlannedProperty): number {
    return property.rentFree ? 48 : 52
  }

  /** HB is credited on council-wide Mondays: 2-weekly on even weeks of the history, 4-weekly on week 1, 5, 9… */
  private isHbDay(cycleWeeks: number, monday: number): boolean {
    const w = Math.round((monday - this.plan.window.firstMonday) / 7)
    return cycleWeeks === 2 ? ((w % 2) + 2) % 2 === 0 : ((((w - 1) % 4) + 4) % 4) === 0
  }

  private nextHbDay(cycleWeeks: number, onOrAfter: number): number {
    let d = onOrAfter + ((8 - dowOf(onOrAfter)) % 7)
    while (!this.isHbDay(cycleWeeks, d)) d += 7
    return d
  }

  private firstMonthly(dom: number, onOrAfter: number): number {
    const d = new Date(onOrAfter * 86_400_000)
    let sched = dayInMonth(d.getUTCFullYear(), d.getUTCMonth(), dom)
    if (sched < onOrAfter) sched = nextMonthly(sched, dom)
    return sched
  }

  private nextTenantAfter(a: AccountSim, from: number): { sched: number; day: number } {
    const p = a.tenancy.payer
    switch (p.frequency) {
      case 'weekly':
      case 'fortnightly':
      case 'four_weekly': {
        const step = p.frequency === 'weekly' ? 7 : p.frequency === 'fortnightly' ? 14 : 28
        const sched = from + step
        return { sched, day: sched }
      }
      case 'monthly': {
        const sched = nextMonthly(from, p.dom)
        return { sched, day: weekdayOnOrAfter(sched) }
      }
      case 'irregular': {
        const sched = from + a.rng.int(7, 35)
        return { sched, day: dowOf(sched) === 7 ? sched + 1 : sched }
      }
    }
  }

  /**
   * Starts simulating an account. For an agreement older than the history, returns its opening balance
   * (brought forward at the window start, including any benefit still to come for weeks already charged).
   */
  open(tenancyIndex: number, accountId: number, reference: string): number {
    const tenancy = this.plan.tenancies[tenancyIndex]!
    const property = this.plan.properties[tenancy.property]!
    const p = tenancy.payer
    const { firstMonday } = this.plan.window
    const from = Math.max(firstMonday, tenancy.start)
    const rng = new Rng(tenancy.rngSeed)
    const w = this.weekly(property, from)
    const weeklyToday = this.weekly(property, this.plan.window.today).gross
    const a: AccountSim = {
      tenancy,
      property,
      accountId,
      reference,
      rng,
      balance: 0,
      benefitOwed: 0,
      benefitThisWeek: 0,
      tenantAccrued: 0,
      nextBenefit: Infinity,
      nextTenant: Infinity,
      nextTenantScheduled: Infinity,
      nextDeduction: p.deduction ? this.firstMonthly(p.deduction.dom, p.deduction.fromDay) : Infinity,
      fixedAmount: null,
      fixedYear: -1,
      openingNet: Math.round(p.openingWeeks * w.gross),
      targetPence: Math.round(p.targetWeeks * weeklyToday),
      pathStart: from,
      pathDays: Math.max(7, p.horizon * this.windowDays),
      advance: rng.between(
        p.behaviour === 'clear' || p.behaviour === 'credit'
          ? p.benefit === 'uc_tenant' ? this.profile.paysInAdvance.ucTenant : this.profile.paysInAdvance.reliable
          : this.profile.paysInAdvance.others,
      ),
      weeklyGross: w.gross,
      open: true,
      fta: null,
    }
    const preWindow = tenancy.start < firstMonday
    // Benefit stream.
    if (p.benefit === 'hb_full' || p.benefit === 'hb_partial') {
      a.nextBenefit = preWindow ? this.nextHbDay(p.hbCycleWeeks, from) : this.nextHbDay(p.hbCycleWeeks, from + 7 * p.hbCycleWeeks)
      if (preWindow) {
        const owedWeeks = p.hbCycleWeeks - (a.nextBenefit - from) / 7
        a.benefitOwed = Math.round(p.share * w.eligible * owedWeeks)
      }
    } else if (p.benefit === 'uc_managed') {
      // The first managed payment comes after the first monthly assessment period (and a week's processing).
      const first = this.firstMonthly(p.benefitDom, preWindow ? from : from + 35)
      a.nextBenefit = weekdayOnOrAfter(first)
      if (preWindow) {
        const previous = first - 30
        a.benefitOwed = Math.round((p.share * w.eligible * Math.max(0, from - previous)) / 7)
      }
    }
    // Tenant stream.
    let sched: number
    switch (p.frequency) {
      case 'weekly':
      case 'fortnightly':
      case 'four_weekly':
        sched = from + (p.weekday - 1) + (preWindow ? 7 * rng.int(0, p.frequency === 'weekly' ? 0 : p.frequency === 'fortnightly' ? 1 : 3) : 0)
        break
      case 'monthly':
        sched = this.firstMonthly(p.dom, from)
        break
      case 'irregular':
        sched = from + rng.int(0, 20)
        break
    }
    a.nextTenantScheduled = sched
    a.nextTenant = p.frequency === 'monthly' ? weekdayOnOrAfter(sched) : dowOf(sched) === 7 ? sched + 1 : sched
    a.balance = preWindow ? a.openingNet + a.benefitOwed : 0
    this.accounts.set(accountId, a)
    return a.balance
  }

  /** The weekly debit run posted `total` to the account, of which `eligible` counts for HB/UC. */
  charged(accountId: number, total: number, eligible: number): void {
    const a = this.accounts.get(accountId)
    if (!a || !a.open) return
    a.balance += total
    const p = a.tenancy.payer
    const suspended = p.stopDay !== null && this.currentMonday >= p.stopDay
    const benefitPays = (p.benefit === 'hb_full' || p.benefit === 'hb_partial' || p.benefit === 'uc_managed') && !suspended
    const benefit = benefitPays ? Math.round(eligible * p.share) : 0
    a.benefitOwed += benefit
    a.benefitThisWeek = benefit
    a.tenantAccrued += total - benefit
  }

  /** Starts a new week: call before `charged` for the week. */
  beginWeek(monday: number): void {
    this.currentMonday = monday
    for (const a of this.accounts.values()) a.benefitThisWeek = 0
  }

  /** The tenancy ended: the rent account is left with `balance` (normally nil) and any former tenant account with its own. */
  ended(accountId: number, balance: number, fta: { accountId: number; reference: string; balance: number } | null): void {
    const a = this.accounts.get(accountId)
    if (!a) return
    a.open = false
    a.balance = balance
    const end = a.tenancy.end!.day
    if (fta) {
      const p = a.tenancy.payer
      a.fta = {
        ...fta,
        next: p.fta ? end + p.fta.firstAfterDays : Infinity,
        finalBenefit: Math.max(0, a.benefitOwed),
        finalBenefitDay: a.nextBenefit,
      }
    }
  }

  /** Balances the simulator believes every account has (to check against the ledger). */
  balances(): Map<number, number> {
    const out = new Map<number, number>()
    for (const a of this.accounts.values()) {
      out.set(a.accountId, a.balance)
      if (a.fta) out.set(a.fta.accountId, a.fta.balance)
    }
    return out
  }

  private target(a: AccountSim, day: number): number {
    const t = Math.min(1, Math.max(0, (day - a.pathStart) / a.pathDays))
    return a.openingNet + (a.targetPence - a.openingNet) * t
  }

  private roundFor(method: PaymentMethod, x: number, rng: Rng): number {
    if (WHOLE_POUNDS.has(method)) return rng.chance(0.4) ? Math.round(x / 500) * 500 : Math.round(x / 100) * 100
    if (method === 'card' && rng.chance(0.6)) return Math.round(x / 100) * 100
    return Math.round(x)
  }

  /** Every payment received in the week starting `monday` (up to today), applied to the balances. */
  paymentsForWeek(monday: number): SimPayment[] {
    const out: SimPayment[] = []
    const last = Math.min(monday + 6, this.plan.window.today)
    for (const a of this.accounts.values()) {
      if (a.open) this.openAccountWeek(a, monday, last, out)
      else if (a.fta) this.formerTenantWeek(a, a.fta, monday, last, out)
    }
    return out
  }

  private openAccountWeek(a: AccountSim, monday: number, last: number, out: SimPayment[]): void {
    const p = a.tenancy.payer
    const stopped = (d: number) => p.stopDay !== null && d >= p.stopDay
    const w = this.weekly(a.property, monday)
    a.weeklyGross = w.gross
    for (let d = monday; d <= last; d++) {
      // Benefit: HB on its Monday for the weeks before this one; UC managed payment monthly.
      if (a.nextBenefit === d) {
        if (p.benefit === 'uc_managed') {
          const amount = Math.round((p.share * w.eligible * this.chargeableWeeks(a.property)) / 12)
          if (!stopped(d) && amount >= 100) this.pay(a, out, 'universal_credit', amount, d)
          a.benefitOwed -= stopped(d) ? 0 : amount
          a.nextBenefit = weekdayOnOrAfter(nextMonthly(this.firstMonthly(p.benefitDom, d - 3), p.benefitDom))
        } else {
          const amount = a.benefitOwed - a.benefitThisWeek
          if (!stopped(d) && amount >= 100) {
            this.pay(a, out, 'housing_benefit', amount, d)
            a.benefitOwed -= amount
          }
          a.nextBenefit = d + 7 * p.hbCycleWeeks
        }
      }
      if (a.nextDeduction === d && p.deduction) {
        const net = a.balance - Math.max(0, a.benefitOwed)
        if (!stopped(d) && net > 0) this.pay(a, out, p.deduction.method, p.deduction.monthlyPence, d)
        a.nextDeduction = weekdayOnOrAfter(nextMonthly(this.firstMonthly(p.deduction.dom, d - 3), p.deduction.dom))
      }
      if (a.nextTenant === d) {
        const amount = stopped(d) ? null : this.tenantPayment(a, d, w)
        if (amount !== null) this.pay(a, out, p.method, amount, d)
        const next = this.nextTenantAfter(a, a.nextTenantScheduled)
        a.nextTenantScheduled = next.sched
        a.nextTenant = next.day
      }
    }
  }

  private tenantPayment(a: AccountSim, d: number, w: { gross: number; eligible: number }): number | null {
    const p = a.tenancy.payer
    const rng = a.rng
    const benefitShare = p.benefit === 'hb_full' || p.benefit === 'hb_partial' || p.benefit === 'uc_managed' ? p.share : 0
    const tenantWeekly = Math.max(0, w.gross - benefitShare * w.eligible)
    const fixed = FIXED_METHODS.has(p.method)
    const standard = fixed
      ? (tenantWeekly * this.chargeableWeeks(a.property) * PERIOD_WEEKS[p.frequency]) / 52
      : Math.max(0, a.tenantAccrued)
    const nominal = (tenantWeekly * (p.frequency === 'irregular' ? 3 : PERIOD_WEEKS[p.frequency]) * this.chargeableWeeks(a.property)) / 52
    const net = a.balance - Math.max(0, a.benefitOwed)
    const deviation = net - (this.target(a, d) - a.advance * nominal)
    let x = (1 - p.gain) * standard + p.gain * deviation
    x = Math.max(0, Math.min(x, standard * 2.5 + w.gross * 3))
    let amount: number
    if (fixed) {
      const year = rentYearIndex(this.plan.rentYearStarts, d)
      if (p.method === 'standing_order') {
        // A standing order is the tenant's own fixed amount: set at the start (with any arrears spread over six
        // months) and changed after a rent change only if the tenant remembers to.
        const setAmount = () => Math.max(100, Math.round((standard + (p.gain * (deviation - standard)) / 6) / 100) * 100)
        if (a.fixedAmount === null || (year !== a.fixedYear && rng.chance(this.profile.standingOrderUpdated))) a.fixedAmount = setAmount()
        a.fixedYear = year
      } else if (a.fixedAmount === null || year !== a.fixedYear || Math.abs(x - a.fixedAmount) > 0.35 * Math.max(standard, w.gross)) {
        // A Direct Debit is re-notified after the rent change, and reviewed by the DD officer when the account drifts.
        a.fixedAmount = Math.round(x)
        a.fixedYear = year
      }
      amount = a.fixedAmount
    } else {
      amount = this.roundFor(p.method, x, rng)
    }
    // A bounced Direct Debit, a week without paying (a standing order, once set up, rarely fails).
    if (rng.chance(p.method === 'standing_order' ? Math.min(p.missChance, 0.02) : p.missChance)) return null
    // Someone about to leave pays what they owe, not ahead.
    const end = a.tenancy.end?.day
    if (end !== undefined && d > end - 35 && p.behaviour !== 'credit') amount = Math.min(amount, Math.max(0, net))
    if (amount < 100) return null
    a.tenantAccrued = fixed ? Math.max(0, a.tenantAccrued - amount) : 0
    return amount
  }

  private formerTenantWeek(a: AccountSim, fta: FormerTenantStream, monday: number, last: number, out: SimPayment[]): void {
    for (let d = monday; d <= last; d++) {
      if (fta.finalBenefitDay === d) {
        // Benefit for the last weeks arrives after the end; it is not paid beyond what the former tenant owes.
        const amount = Math.min(fta.finalBenefit, fta.balance)
        if (amount >= 100) {
          const method = a.tenancy.payer.benefit === 'uc_managed' ? 'universal_credit' : 'housing_benefit'
          out.push({ accountId: fta.accountId, reference: fta.reference, method, amountPence: amount, day: d })
          fta.balance -= amount
        }
        fta.finalBenefit = 0
      }
      if (fta.next === d) {
        const plan = a.tenancy.payer.fta!
        if (fta.balance >= 100) {
          const amount = Math.min(plan.amountPence, fta.balance)
          out.push({ accountId: fta.accountId, reference: fta.reference, method: plan.method, amountPence: amount, day: d })
          fta.balance -= amount
        }
        // Former tenants pay now and then: roughly monthly, sometimes missing a month or two.
        fta.next = weekdayOnOrAfter(d + a.rng.pick([28, 30, 31, 35, 61, 92]))
      }
    }
  }

  private pay(a: AccountSim, out: SimPayment[], method: PaymentMethod, amountPence: number, day: number): void {
    out.push({ accountId: a.accountId, reference: a.reference, method, amountPence, day })
    a.balance -= amountPence
  }
}
