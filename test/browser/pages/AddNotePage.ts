import { BasePage } from './BasePage.ts'

export class AddNotePage extends BasePage {
  protected readonly heading = 'Add a note'

  async add(text: string): Promise<void> {
    await this.page.locator('#note').fill(text)
    await this.page.getByRole('button', { name: 'Add note' }).click()
  }
}
