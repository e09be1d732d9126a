import { BasePage } from './BasePage.ts'

export class TakePaymentPage extends BasePage {
  protected readonly heading = 'Take a payment'

  async choose(method: string): Promise<void> {
    await this.page.getByLabel(method, { exact: true }).check()
  }

  async enterAmount(amount: string): Promise<void> {
    await this.page.locator('#amount').fill(amount)
  }

  async submit(): Promise<void> {
    await this.page.getByRole('button', { name: 'Take payment and print receipt' }).click()
  }
}
