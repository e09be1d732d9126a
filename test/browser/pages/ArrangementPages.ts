import { BasePage } from './BasePage.ts'

/** The terms of a new arrangement (`/accounts/:n/arrangement/new`). */
export class ArrangementTermsPage extends BasePage {
  protected readonly heading = 'Set up an arrangement'

  /** Fills the terms as an officer types them: frequency by its label ("Weekly"), the instalment in pounds, the first date as day, month, year. */
  async enterTerms(terms: { frequency: string; instalment: string; firstPayment: [string, string, string]; method: string }): Promise<void> {
    await this.page.getByLabel(terms.frequency, { exact: true }).check()
    await this.page.locator('#instalment').fill(terms.instalment)
    const [day, month, year] = terms.firstPayment
    await this.page.locator('#startDate-day').fill(day)
    await this.page.locator('#startDate-month').fill(month)
    await this.page.locator('#startDate-year').fill(year)
    await this.page.locator('#paymentMethod').selectOption({ label: terms.method })
  }

  async continue(): Promise<void> {
    await this.page.getByRole('button', { name: 'Continue' }).click()
  }
}

/** The check page: the schedule the terms give, before anything is saved. */
export class ArrangementCheckPage extends BasePage {
  protected readonly heading = 'Check the arrangement'
  protected override readonly marker = 'completes-on'

  async completesOn(): Promise<string> {
    return (await this.qa('completes-on').innerText()).trim()
  }

  async confirm(): Promise<void> {
    await this.page.getByRole('button', { name: 'Set up the arrangement' }).click()
  }
}
