/**
 * A rendered letter's text as blocks for the PDF, in a small plain-text format an administrator can write without
 * knowing any markup language (and close to what GOV.UK Notify shows for e-mail):
 *
 *   # Heading                  a heading
 *   ## Subheading              a smaller heading
 *   - item  or  * item         a bullet
 *   ---                        on a line of its own: start a new page (a reply form, an information sheet)
 *   a blank line               ends a paragraph; lines next to each other join into one paragraph
 *   | label | value |          a row of a two-column table (statement figures, collections)
 *   a line ending with two spaces keeps its line break (signature blocks, form lines)
 *
 * Pure.
 */

export type LetterBlock =
  | { type: 'heading'; text: string }
  | { type: 'subheading'; text: string }
  | { type: 'paragraph'; lines: string[] }
  | { type: 'bullet'; text: string }
  | { type: 'row'; cells: string[] }
  | { type: 'page_break' }

export function parseLetterBody(text: string): LetterBlock[] {
  const blocks: LetterBlock[] = []
  let para: string[] | null = null
  let joinNext = false
  const endParagraph = () => {
    if (para && para.length) blocks.push({ type: 'paragraph', lines: para })
    para = null
    joinNext = false
  }
  for (const raw of text.replaceAll('\r\n', '\n').split('\n')) {
    const hardBreak = / {2,}$/.test(raw)
    const line = raw.trim()
    if (!line) {
      endParagraph()
      continue
    }
    if (/^-{3,}$/.test(line)) {
      endParagraph()
      // Never two page breaks in a row, nor one at the very start.
      if (blocks.length && blocks[blocks.length - 1]!.type !== 'page_break') blocks.push({ type: 'page_break' })
      continue
    }
    const heading = /^(#{1,2})\s+(.*)$/.exec(line)
    if (heading) {
      endParagraph()
      blocks.push({ type: heading[1] === '#' ? 'heading' : 'subheading', text: heading[2]!.trim() })
      continue
    }
    const bullet = /^[-*•]\s+(.*)$/.exec(line)
    if (bullet) {
      endParagraph()
      blocks.push({ type: 'bullet', text: bullet[1]!.trim() })
      continue
    }
    if (line.startsWith('|') && line.endsWith('|') && line.length > 1) {
      endParagraph()
      blocks.push({ type: 'row', cells: line.slice(1, -1).split('|').map((c) => c.trim()) })
      continue
    }
    if (!para) para = []
    if (para.length && !joinNext) para[para.length - 1] = `${para[para.length - 1]} ${line}`
    else para.push(line)
    joinNext = hardBreak
  }
  endParagraph()
  while (blocks.length && blocks[blocks.length - 1]!.type === 'page_break') blocks.pop()
  return blocks
}

/** The blocks as plain text (for SMS and e-mail previews, and the stored text of a letter). */
export function blocksToText(blocks: readonly LetterBlock[]): string {
  return blocks
    .map((b) => {
      switch (b.type) {
        case 'heading':
        case 'subheading':
          return b.text
        case 'paragraph':
          return b.lines.join('\n')
        case 'bullet':
          return `• ${b.text}`
        case 'row':
          return b.cells.join('  ')
        case 'page_break':
          return '\f'
      }
    })
    .join('\n\n')
}
