/**
 * Text a target controls — an exception message, a WebSocket close reason, a path it reports, the last
 * lines of its stderr — made safe to print on a terminal or in a CI log. Pure.
 *
 * Three things in such text would act instead of being read:
 * - line breaks (CR, LF, NEL, U+2028/2029) start a line of the target's choosing, which a GitHub Actions
 *   runner executes when it starts with `::` (its v2 parser trims leading space first);
 * - `##[` anywhere in a line is a command to the runner's legacy parser, which searches the whole line
 *   (actions/runner, ActionCommand.TryParse);
 * - control characters (ESC starting a CSI or OSC sequence, the C1 CSI 0x9B, BEL, backspace) drive the
 *   user's terminal: colours, titles, hyperlinks, cursor moves that hide or rewrite what was printed.
 * So every control character becomes visible text (`\n`, `\r`, `\x1b`, `\u2028`), `##[` becomes
 * `#\#[`, a lone surrogate (which no terminal can show) becomes `\udXXX`, and text whose first word
 * would be a workflow command gets a backslash in front. Tabs stay: they are neither.
 */

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\t' };

// eslint-disable-next-line no-control-regex -- the control characters are exactly what this finds
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function visible(char: string): string {
  const named = NAMED[char];
  if (named !== undefined) return named;
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One line of text a target controls, safe to print anywhere in a line of the harness's own output. */
export function printable(text: string): string {
  const flat = text.replace(UNSAFE, visible).replace(/##\[/g, '#\\#[');
  return flat.trimStart().startsWith('::') ? `\\${flat}` : flat;
}

/**
 * JSON for stdout: the same value once parsed, with `##[` written `#\u0023[` so that no line of it is a
 * command to the runner's legacy parser, and DEL, the C1 controls and U+2028/2029 written as `\uXXXX`
 * too — JSON.stringify escapes only the C0 controls and lone surrogates (ECMA-262 QuoteJSONString). No
 * line of indented JSON starts with `::`.
 */
export function printableJson(value: unknown): string {
  return JSON.stringify(value, null, 2)
    .replace(/[\u007F-\u009F\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/##\[/g, '#\\u0023[');
}
