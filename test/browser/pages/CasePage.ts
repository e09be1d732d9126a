import { BasePage } from './BasePage.ts'

/** A recovery case: an account's recovery page (`/accounts/:accountNumber/recovery`), opened from the worktray. */
export class CasePage extends BasePage {
  protected readonly heading = /^[A-Z]{3}\d{7}$/

  protected override async verify(): Promise<void> {
    await super.verify()
    const path = new URL(this.page.url()).pathname
    if (!/^\/accounts\/[^/]+\/recovery$/.test(path)) throw new Error(`Expected a recovery case but the browser is on ${this.page.url()}`)
  }

  async accountNumber(): Promise<string> {
    return (await this.h1.innerText()).trim()
  }
}
