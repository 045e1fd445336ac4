/**
 * Where a long command's progress goes: stderr, so that stdout holds only results (a JSON document,
 * annotations, the verdict) and stays parseable. On a terminal one line is redrawn in place; in a pipe
 * or a CI log, where a carriage return draws nothing, a line is written each time the phase changes.
 */
export class ProgressLine {
  private drawn = false;
  private phase: string | null = null;

  constructor(private readonly sink: { redraw: boolean; write: (text: string) => void }) {}

  /**
   * Shows `line`. `phase` names the stage the command is at: off a terminal a line is written only
   * when it differs from the last one shown.
   */
  show(line: string, phase: string): void {
    if (this.sink.redraw) {
      // \x1b[K (erase to the end of the line, ECMA-48 EL) clears what a longer line left behind.
      this.sink.write(`\r${line}\x1b[K`);
      this.drawn = true;
      return;
    }
    if (phase === this.phase) return;
    this.phase = phase;
    this.sink.write(`${line}\n`);
  }

  /** Ends a redrawn line, so that what is printed next starts on a line of its own. */
  end(): void {
    if (!this.drawn) return;
    this.sink.write('\n');
    this.drawn = false;
  }
}

/**
 * A search's phase, for ProgressLine: each tenth run, each invariant found violated, the start of each
 * shrink and each tenth shrink run, so that a CI log shows a search and its shrinking moving. Pure.
 */
export function searchPhase(progress: { runs: number; shrinkRuns: number; violated: readonly string[]; shrinking: string | null }): string {
  if (progress.shrinking !== null) return `shrinking ${progress.shrinking} ${Math.floor(progress.shrinkRuns / 10)}`;
  return `searching ${progress.violated.length} ${Math.floor(progress.runs / 10)}`;
}
