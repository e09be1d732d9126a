import type { Locator, Page } from 'playwright-core'

/**
 * A page object: what a test may do on one page, in the officer's words. `verifyOnPage` checks that the browser is
 * on that page (by its heading, and a `data-qa` marker where the heading alone is ambiguous) and returns the object.
 */
export abstract class BasePage {
  /** The page's h1: exact text, or a pattern for headings that carry a name or number. */
  protected abstract readonly heading: string | RegExp
  /** A `data-qa` id the page must have, when the heading is not enough to tell it apart. */
  protected readonly marker: string | null = null

  constructor(readonly page: Page) {}

  static async verifyOnPage<T extends BasePage>(this: new (page: Page) => T, page: Page): Promise<T> {
    const po = new this(page)
    await po.verify()
    return po
  }

  protected async verify(): Promise<void> {
    const h1 = (await this.page.locator('h1').first().innerText()).trim()
    const ok = typeof this.heading === 'string' ? h1 === this.heading : this.heading.test(h1)
    if (!ok) throw new Error(`Expected the page headed ${String(this.heading)} but ${this.page.url()} is headed "${h1}"`)
    if (this.marker) await this.qa(this.marker).first().waitFor()
  }

  qa(id: string): Locator {
    return this.page.locator(`[data-qa="${id}"]`)
  }

  get h1(): Locator {
    return this.page.locator('h1').first()
  }

  get errorSummary(): Locator {
    return this.page.locator('.govuk-error-summary')
  }

  /** The error summary's messages, with the field each links to: `[['Enter your password', '#password']]`. */
  async errorSummaryLinks(): Promise<[string, string][]> {
    const links = this.errorSummary.locator('.govuk-error-summary__list a')
    const out: [string, string][] = []
    for (let i = 0; i < (await links.count()); i++) {
      out.push([(await links.nth(i).innerText()).trim(), (await links.nth(i).getAttribute('href')) ?? ''])
    }
    return out
  }

  /** The error message GOV.UK shows above a field (`#<id>-error`), without its visually hidden "Error:" prefix. */
  async fieldError(id: string): Promise<string> {
    const text = await this.page.locator(`#${id}-error`).innerText()
    return text.replace(/^Error:\s*/, '').trim()
  }

  get successBanner(): Locator {
    return this.page.locator('.govuk-notification-banner--success')
  }

  /** The id of the focused element (or its class, for elements without an id such as the error summary). */
  async focused(): Promise<string> {
    return String(await this.page.evaluate('document.activeElement ? (document.activeElement.id || document.activeElement.className) : ""'))
  }

  async signOut(): Promise<void> {
    await this.page.getByRole('button', { name: 'Sign out' }).click()
  }
}

/** A page object for a page known only by its heading (finance screens, approvals, the error pages). */
export function pageHeaded(heading: string | RegExp) {
  return class extends BasePage {
    protected readonly heading = heading
  }
}
