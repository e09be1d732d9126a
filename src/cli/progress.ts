import cliProgress from 'cli-progress'

/**
 * Progress for long runs: a bar on an interactive terminal, plain lines (at most every 10%) otherwise,
 * so CI logs and redirected output stay readable. Always on stderr, so stdout carries only results.
 */
export function makeProgress(label: string): { update(done: number, total: number): void; stop(): void } {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label.padEnd(12)} [{bar}] {percentage}% {value}/{total}`, stream: process.stderr, hideCursor: true },
      cliProgress.Presets.shades_classic,
    )
    let started = false
    return {
      update(done, total) {
        if (!started) {
          bar.start(total, done)
          started = true
        } else {
          bar.setTotal(total)
          bar.update(done)
        }
      },
      stop: () => bar.stop(),
    }
  }
  let lastDecile = -1
  return {
    update(done, total) {
      const decile = total === 0 ? 10 : Math.floor((done / total) * 10)
      if (decile !== lastDecile) {
        lastDecile = decile
        process.stderr.write(`${label}: ${done}/${total}\n`)
      }
    },
    stop() {},
  }
}
