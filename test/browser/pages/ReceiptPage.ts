import { BasePage } from './BasePage.ts'

export class ReceiptPage extends BasePage {
  protected readonly heading = /^Payment receipt RC\d+$/
  protected override readonly marker = 'receipt'

  async details(): Promise<string> {
    return this.qa('receipt').innerText()
  }

  async backToAccount(): Promise<void> {
    await this.page.getByRole('link', { name: /^Back to account / }).click()
  }
}
