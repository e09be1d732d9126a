import type { Range, Weighted } from './profiles.ts'

/**
 * A small, fast, seeded pseudo-random generator (sfc32, seeded through splitmix32), so the synthetic council is
 * the same for the same seed on every machine. Never Math.random in seeded data.
 */
export class Rng {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor(seed: number) {
    let s = seed >>> 0
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0
      let z = s
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
      return (z ^ (z >>> 16)) >>> 0
    }
    this.a = next()
    this.b = next()
    this.c = next()
    this.d = next()
    for (let i = 0; i < 12; i++) this.float()
  }

  /** Uniform in [0, 1). */
  float(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return (t >>> 0) / 4294967296
  }

  /** Integer in [min, max] inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1))
  }

  /** Uniform real in [range[0], range[1]). */
  between(range: Range): number {
    return range[0] + this.float() * (range[1] - range[0])
  }

  /** Integer in the range, inclusive (for pence ranges). */
  intIn(range: Range): number {
    return this.int(Math.round(range[0]), Math.round(range[1]))
  }

  chance(p: number): boolean {
    return this.float() < p
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Cannot pick from an empty list')
    return items[Math.floor(this.float() * items.length)]!
  }

  weighted<T>(options: Weighted<T>): T {
    let total = 0
    for (const [, w] of options) total += w
    let x = this.float() * total
    for (const [v, w] of options) {
      x -= w
      if (x < 0) return v
    }
    return options[options.length - 1]![0]
  }

  /** A child generator: independent stream for one part of the council, so adding draws elsewhere changes nothing here. */
  fork(salt: number): Rng {
    return new Rng((Math.imul(this.int(0, 0x7fffffff), 31) ^ salt) >>> 0)
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.float() * (i + 1))
      ;[items[i], items[j]] = [items[j]!, items[i]!]
    }
    return items
  }
}
