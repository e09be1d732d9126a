/**
 * A small, strict XML reader for Bacs reports: text in, a tree of elements out, or the
 * reason it is not well-formed. It hides fast-xml-parser behind one function so the
 * report parsers only see `XmlElement`, and it refuses what Bacs reports never contain:
 * DOCTYPE declarations (and with them entity-expansion attacks), and oversize input.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser'

export interface XmlElement {
  name: string
  /** Attribute values with entities decoded; names as written (e.g. "payer-name"). */
  attributes: Readonly<Record<string, string>>
  children: XmlElement[]
  /** The element's own text, trimmed (child elements' text is not included). */
  text: string
  /** 1-based line of the start tag, when known. */
  line: number | null
}

export type XmlReadResult = { ok: true; root: XmlElement } | { ok: false; message: string; line: number | null }

/** Reports above this many characters are refused before parsing (a day's ARUDD is far smaller). */
export const MAX_XML_CHARS = 20_000_000

const TEXT = '#text'
const ATTR_PREFIX = '@_'
const ATTRS = ':@'

type OrderedNode = Record<string, unknown>

/** Finds where each start tag is, so problems can name a line. Cheap: one regex pass. */
function startTagLines(xml: string): Map<string, number[]> {
  const lines = new Map<string, number[]>()
  let line = 1
  let last = 0
  const re = /<([A-Za-z_][\w.\-:]*)/g
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    for (let i = last; i < m.index; i += 1) if (xml.charCodeAt(i) === 10) line += 1
    last = m.index
    const list = lines.get(m[1]!) ?? []
    list.push(line)
    lines.set(m[1]!, list)
  }
  return lines
}

export function readXml(xml: string): XmlReadResult {
  if (xml.length > MAX_XML_CHARS) {
    return { ok: false, message: `The report is ${xml.length.toLocaleString('en-GB')} characters, more than the limit of ${MAX_XML_CHARS.toLocaleString('en-GB')}`, line: null }
  }
  const body = xml.replace(/^\uFEFF/, '')
  if (body.trim() === '') return { ok: false, message: 'The report is empty', line: 1 }
  const doctype = /<!DOCTYPE/i.exec(body)
  if (doctype) {
    const line = body.slice(0, doctype.index).split('\n').length
    return { ok: false, message: 'The report has a DOCTYPE declaration, which Bacs reports never have; it is refused', line }
  }
  const valid = XMLValidator.validate(body)
  if (valid !== true) {
    return { ok: false, message: `The report is not well-formed XML: ${valid.err.msg}`, line: valid.err.line ?? null }
  }
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    // A prefix keeps ARUDD's "valueOf" attribute away from fast-xml-parser's guard
    // against Object method names (it would rename it "__valueOf"); stripped below.
    attributeNamePrefix: ATTR_PREFIX,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    processEntities: true,
    htmlEntities: false,
  })
  let ordered: OrderedNode[]
  try {
    ordered = parser.parse(body) as OrderedNode[]
  } catch (e) {
    // fast-xml-parser refuses element names such as "__proto__" or "constructor".
    return { ok: false, message: `The report could not be read: ${e instanceof Error ? e.message : String(e)}`, line: null }
  }
  const tagLines = startTagLines(body)
  const seen = new Map<string, number>()
  const lineOf = (name: string): number | null => {
    const i = seen.get(name) ?? 0
    seen.set(name, i + 1)
    return tagLines.get(name)?.[i] ?? null
  }

  const convert = (node: OrderedNode): XmlElement | null => {
    const name = Object.keys(node).find((k) => k !== ATTRS)
    if (name === undefined || name === TEXT || name.startsWith('?') || name.startsWith('#')) return null
    const line = lineOf(name)
    const rawAttrs = (node[ATTRS] ?? {}) as Record<string, unknown>
    // No prototype: a missing attribute named like an Object method ("valueOf", which
    // ARUDD uses) must read as undefined, and "__proto__" must be an ordinary name.
    const attributes: Record<string, string> = Object.create(null) as Record<string, string>
    for (const [k, v] of Object.entries(rawAttrs)) {
      attributes[k.startsWith(ATTR_PREFIX) ? k.slice(ATTR_PREFIX.length) : k] = String(v)
    }
    const children: XmlElement[] = []
    const texts: string[] = []
    for (const child of (node[name] ?? []) as OrderedNode[]) {
      if (TEXT in child) {
        texts.push(String(child[TEXT]))
        continue
      }
      const el = convert(child)
      if (el) children.push(el)
    }
    return { name, attributes, children, text: texts.join(' ').trim(), line }
  }

  const roots = ordered.map(convert).filter((e): e is XmlElement => e !== null)
  if (roots.length !== 1) return { ok: false, message: `The report must have exactly one root element, not ${roots.length}`, line: null }
  return { ok: true, root: roots[0]! }
}

/**
 * Decodes report bytes. Bacs XML reports are often declared as ISO-8859-1; anything
 * else is read as UTF-8 and refused if it is not valid UTF-8.
 */
export function decodeXmlBytes(bytes: Uint8Array): { ok: true; text: string } | { ok: false; message: string } {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200))
  const declared = /<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1]?.toLowerCase()
  if (declared && ['iso-8859-1', 'latin1', 'latin-1', 'windows-1252', 'us-ascii', 'ascii'].includes(declared)) {
    return { ok: true, text: new TextDecoder('latin1').decode(bytes) }
  }
  if (declared && declared !== 'utf-8' && declared !== 'utf8') {
    return { ok: false, message: `The report declares the encoding "${declared}", which Reeve does not read (expected UTF-8 or ISO-8859-1)` }
  }
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) }
  } catch {
    return { ok: false, message: 'The report is not valid UTF-8 text' }
  }
}
