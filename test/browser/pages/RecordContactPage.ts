import { BasePage } from './BasePage.ts'

export interface ContactDetails {
  who: string
  direction: 'We contacted them' | 'They contacted us'
  channel: string
  time: string
  outcome: string
  summary: string
}

export class RecordContactPage extends BasePage {
  protected readonly heading = 'Record a contact or visit'

  async fill(c: ContactDetails): Promise<void> {
    const fieldset = (legend: string) => this.page.getByRole('group', { name: legend })
    await fieldset('Who was the contact with?').getByLabel(c.who, { exact: true }).check()
    await fieldset('Who made contact?').getByLabel(c.direction, { exact: true }).check()
    await fieldset('How was the contact made?').getByLabel(c.channel, { exact: true }).check()
    await this.page.locator('#contactedTime').fill(c.time)
    await this.page.locator('#outcome').selectOption({ label: c.outcome })
    await this.page.locator('#summary').fill(c.summary)
  }

  async submit(): Promise<void> {
    await this.page.getByRole('button', { name: 'Record contact' }).click()
  }
}
