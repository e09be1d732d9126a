/**
 * Small state machines for benefit claims: the allowed moves are data (`transitions`), and a move
 * that is not allowed is refused with a message naming the claim, where it is and where it could go.
 */
import { compareDates, parseIsoDate, type IsoDate } from '../calendar/index.ts'

export class BenefitTransitionError extends Error {
  override name = 'BenefitTransitionError'
  constructor(
    message: string,
    readonly machine: string,
    readonly from: string,
    readonly to: string,
  ) {
    super(message)
  }
}

export interface StateMachine<S extends string> {
  /** What the claim is called in messages: "A Housing Benefit claim". */
  readonly name: string
  readonly states: readonly S[]
  readonly labels: Readonly<Record<S, string>>
  readonly transitions: Readonly<Record<S, readonly S[]>>
  canMove(from: S, to: S): boolean
  /** Throws `BenefitTransitionError` unless `from → to` is allowed. */
  assertMove(from: S, to: S): void
}

const orList = (words: readonly string[]) => (words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`)

export function defineStateMachine<S extends string>(name: string, labels: Record<S, string>, transitions: Record<NoInfer<S>, readonly NoInfer<S>[]>): StateMachine<S> {
  const states = Object.keys(labels) as S[]
  return {
    name,
    states,
    labels,
    transitions,
    canMove: (from, to) => (transitions[from] ?? []).includes(to),
    assertMove(from, to) {
      if (!states.includes(to)) throw new BenefitTransitionError(`${name} cannot become "${to}": not a known state`, name, from, to)
      if ((transitions[from] ?? []).includes(to)) return
      const next = transitions[from] ?? []
      const where = next.length === 0 ? 'it is final' : `it can become ${orList(next.map((s) => labels[s]))}`
      throw new BenefitTransitionError(`${name} that is ${labels[from]} cannot become ${labels[to]}: ${where}`, name, from, to)
    },
  }
}

export interface StateChange<S extends string> {
  from: S | null
  to: S
  on: IsoDate
  note?: string
}

/** A move's date must be a real date, not before the last one (RangeError otherwise). */
export function assertChangeDate(machine: string, since: IsoDate, on: IsoDate): IsoDate {
  const date = parseIsoDate(on)
  if (compareDates(date, since) < 0) throw new RangeError(`${machine}: a change on ${date} cannot come before the last one on ${since}`)
  return date
}
