import type { Page } from 'playwright-core'
import { BasePage } from './BasePage.ts'

export class SignInPage extends BasePage {
  protected readonly heading = 'Sign in'

  static async open(page: Page): Promise<SignInPage> {
    await page.goto('/sign-in')
    return SignInPage.verifyOnPage(page)
  }

  async signIn(username: string, password: string): Promise<void> {
    await this.page.locator('#username').fill(username)
    await this.page.locator('#password').fill(password)
    await this.page.getByRole('button', { name: 'Sign in' }).click()
  }
}
