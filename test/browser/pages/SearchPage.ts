import type { Locator, Page } from 'playwright-core'
import { BasePage } from './BasePage.ts'

export class SearchPage extends BasePage {
  protected readonly heading = 'Search for an account'

  static async open(page: Page): Promise<SearchPage> {
    await page.goto('/search')
    return SearchPage.verifyOnPage(page)
  }

  async search(text: string): Promise<void> {
    await this.page.locator('#q').fill(text)
    await this.page.getByRole('button', { name: 'Search', exact: true }).click()
  }

  get results(): Locator {
    return this.qa('search-results').locator('tbody tr')
  }

  async openAccount(accountNumber: string): Promise<void> {
    await this.qa('search-results').getByRole('link', { name: accountNumber, exact: true }).click()
  }
}
