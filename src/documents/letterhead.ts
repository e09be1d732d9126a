/**
 * The council's letterhead for documents. Set by REEVE_COUNCIL_NAME / REEVE_COUNCIL_ADDRESS
 * (address lines separated by "|"); the demo council is fictional.
 */
export function councilLetterhead(env: NodeJS.ProcessEnv = process.env): { councilName: string; councilAddress: string[] } {
  return {
    councilName: env.REEVE_COUNCIL_NAME ?? 'Borough of Reevesby Council',
    councilAddress: (env.REEVE_COUNCIL_ADDRESS ?? 'Income Management Team|Town Hall, Market Square|Reevesby RV1 1AA').split('|'),
  }
}
