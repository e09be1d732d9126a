import { BasePage } from './BasePage.ts'

/** The income officer's worktray (built alongside these tests): known by its address rather than its heading's wording. */
export class WorktrayPage extends BasePage {
  protected readonly heading = /\S/

  protected override async verify(): Promise<void> {
    await super.verify()
    const path = new URL(this.page.url()).pathname
    if (!path.startsWith('/worktray')) throw new Error(`Expected the worktray but the browser is on ${this.page.url()}`)
  }

  get caseLinks() {
    return this.page.locator('main a[href^="/accounts/"]')
  }

  /** Opens the first case on the worktray (a link to an account's recovery page); returns the link's address. */
  async openFirstCase(): Promise<string> {
    const link = this.caseLinks.first()
    const href = (await link.getAttribute('href')) ?? ''
    await link.click()
    return href
  }
}
