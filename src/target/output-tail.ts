/**
 * The last lines a target wrote to one of its streams, in bounded memory whatever it writes: at most
 * `maxLines` lines of at most `maxLineChars` characters each. A longer line keeps its start (where a
 * message or an exception's name is) and says how many characters were left out; a line that never
 * ends (a progress bar, a runaway logger) costs no more than a short one. Line breaks are `\n`, `\r\n`
 * and a lone `\r`, as in `node:readline`.
 */
export class OutputTail {
  /** the complete lines kept, oldest first; the array is updated in place as text arrives */
  readonly lines: string[] = [];
  private partial = '';
  private partialLength = 0;
  private open = false;
  private afterCr = false;

  constructor(
    private readonly maxLines = 20,
    private readonly maxLineChars = 1000,
    /** sees each line as it is kept */
    private readonly onLine?: (line: string) => void,
  ) {}

  write(text: string): void {
    // A native search, not a loop over characters: a flood must cost no more than reading it.
    const breaks = /[\r\n]/g;
    let start = 0;
    for (let match = breaks.exec(text); match !== null; match = breaks.exec(text)) {
      const i = match.index;
      const cr = text.charCodeAt(i) === 13;
      // The \n of a \r\n whose \r ended the previous line (perhaps in the previous chunk).
      const secondHalf = !cr && this.afterCr && i === start;
      this.afterCr = cr;
      if (!secondHalf) {
        this.append(text, start, i);
        this.endLine();
      }
      start = i + 1;
    }
    if (start < text.length) {
      this.afterCr = false;
      this.append(text, start, text.length);
    }
  }

  /** The stream has ended: an unterminated last line counts as a line. */
  end(): void {
    if (this.open) this.endLine();
  }

  private append(text: string, from: number, to: number): void {
    this.open = true;
    const room = this.maxLineChars - this.partial.length;
    if (room > 0) this.partial += text.slice(from, Math.min(to, from + room));
    this.partialLength += to - from;
  }

  private endLine(): void {
    const dropped = this.partialLength - this.partial.length;
    const line = dropped > 0 ? `${this.partial} … (${dropped} more characters)` : this.partial;
    this.lines.push(line);
    if (this.lines.length > this.maxLines) this.lines.shift();
    this.partial = '';
    this.partialLength = 0;
    this.open = false;
    this.onLine?.(line);
  }
}
