import type { Download, Locator } from 'playwright-core'
import { BasePage } from './BasePage.ts'

export class AccountPage extends BasePage {
  protected readonly heading = /^[A-Z]{3}\d{7}$/
  protected override readonly marker = 'balance'

  async accountNumber(): Promise<string> {
    return (await this.h1.innerText()).trim()
  }

  async balance(): Promise<string> {
    return (await this.qa('balance').innerText()).trim()
  }

  get statement(): Locator {
    return this.qa('statement')
  }

  /** Chooses the statement period with the GOV.UK date inputs (day, month, year as typed). */
  async showStatement(from: [string, string, string], to: [string, string, string]): Promise<void> {
    for (const [name, parts] of [['from', from], ['to', to]] as const) {
      await this.page.locator(`#${name}-day`).fill(parts[0])
      await this.page.locator(`#${name}-month`).fill(parts[1])
      await this.page.locator(`#${name}-year`).fill(parts[2])
    }
    await this.page.getByRole('button', { name: 'Show statement' }).click()
  }

  get csvLink(): Locator {
    return this.page.getByRole('link', { name: 'CSV spreadsheet' })
  }

  async downloadCsv(): Promise<Download> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.csvLink.click()])
    return download
  }

  async takePayment(): Promise<void> {
    // A GOV.UK button made from a link has the button role.
    await this.page.getByRole('button', { name: 'Take a payment' }).click()
  }

  /** Opens an account holder's person page from the account summary. */
  async openHolder(name: string): Promise<void> {
    await this.page.locator('.govuk-summary-list').getByRole('link', { name, exact: true }).click()
  }

  async holderNames(): Promise<string[]> {
    const row = this.page.locator('.govuk-summary-list__row', { hasText: 'Account holders' })
    return (await row.locator('a').allInnerTexts()).map((t) => t.trim())
  }

  async recordContact(): Promise<void> {
    await this.page.getByRole('button', { name: 'Record a contact or visit' }).click()
  }

  async addNote(): Promise<void> {
    await this.page.getByRole('button', { name: 'Add a note' }).click()
  }

  get timelineEntries(): Locator {
    return this.qa('timeline-entry')
  }
}
