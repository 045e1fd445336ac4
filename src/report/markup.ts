import { printable } from './printable.js';

/**
 * Escaping text for XML and HTML (report.html, its SVG, junit.xml), and for Markdown (compare.md,
 * summary.md). Pure.
 *
 * Five characters are markup (XML 1.0 §2.4, §3.3.3). Control characters other than tab, LF and CR
 * cannot appear in an XML 1.0 document at all, not even as character references (§2.2, the `Char`
 * production), and neither can lone surrogates or U+FFFE/U+FFFF: a target's exception message may
 * carry any of them, so they are written out as visible `\uXXXX` text instead of making the file
 * unparsable. DEL and the C1 controls are allowed but discouraged (§2.2); they are terminal escapes
 * (0x9B is CSI) for whoever prints the file, so they go as visible text too.
 */

const MARKUP: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

// eslint-disable-next-line no-control-regex -- these are exactly the characters XML 1.0 forbids
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function visible(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Text content: markup characters as entities, characters XML cannot carry as `\uXXXX`. */
export function escapeText(text: string): string {
  return text.replace(NOT_XML, visible).replace(/[&<>"']/g, (c) => MARKUP[c] ?? c);
}

/**
 * An attribute value. A parser normalises a literal tab, LF or CR in an attribute to a space
 * (XML 1.0 §3.3.3), so they go as character references to survive the round trip.
 */
export function escapeAttribute(text: string): string {
  return escapeText(text).replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

/**
 * Text for Markdown: one line, its markup characters as entities (a target's `<script>` renders as
 * text) and its Markdown punctuation escaped with a backslash (CommonMark §2.4 lets any ASCII
 * punctuation be escaped), so that a target's words — an exception message, a route — neither format
 * the page, open a code span, nor split the table cell they sit in.
 */
export function markdownText(text: string): string {
  // Punctuation first, entities after: escaped the other way round, the `#` of `&#39;` would get a
  // backslash, and an apostrophe would read as `&#39;` on the page.
  return escapeText(printable(text).replace(/[\\`*_{}[\]()#+!|~]/g, '\\$&'));
}
