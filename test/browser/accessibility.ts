import { AxeBuilder } from '@axe-core/playwright'
import type { Page } from 'playwright-core'

/** WCAG 2.0, 2.1 and 2.2 at levels A and AA: what public sector bodies must meet (the 2018 accessibility regulations). */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

/**
 * The serious and critical axe violations on the page as it is now, one line each (rule, impact, help, and the
 * elements), so a failing test prints what to fix. Minor and moderate findings are not failures here.
 */
export async function seriousAccessibilityProblems(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze()
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => {
      const nodes = v.nodes.map((n) => `${n.target.join(' ')}${n.failureSummary ? ` (${n.failureSummary.replace(/\s+/g, ' ').trim()})` : ''}`)
      return `${v.id} [${v.impact}] ${v.help} (${v.helpUrl}) on ${page.url()}:\n    ${nodes.join('\n    ')}`
    })
}
