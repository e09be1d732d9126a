import type { Locator } from 'playwright-core'
import { BasePage } from './BasePage.ts'

export class PersonPage extends BasePage {
  protected readonly heading = /\S/
  protected override readonly marker = 'person-details'

  get accountRows(): Locator {
    return this.qa('person-account')
  }

  async accountNumbers(): Promise<string[]> {
    return (await this.accountRows.locator('th a').allInnerTexts()).map((t) => t.trim())
  }

  async total(): Promise<string> {
    return (await this.qa('person-total').locator('td').innerText()).trim()
  }

  /** The value in the details list for `key` (e.g. "Date of birth"). */
  async detail(key: string): Promise<string> {
    const row = this.qa('person-details').locator('.govuk-summary-list__row', { has: this.page.locator('dt', { hasText: key }) })
    return (await row.locator('dd').innerText()).trim()
  }

  async back(): Promise<void> {
    await this.page.locator('.govuk-back-link').click()
  }
}
