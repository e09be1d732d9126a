import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Two cores: run files in parallel on both, but keep PGlite memory in check.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    env: { TZ: 'Europe/London' },
    reporters: ['default', './test/summary-reporter.ts'],
  },
})
