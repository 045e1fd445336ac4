/**
 * Whether the command line colours what it prints. Pure: the flag, the environment and whether stdout
 * is a terminal are given.
 *
 * `--no-color` wins. Then FORCE_COLOR, read as node's own TTY code reads it (getColorDepth in
 * lib/internal/tty.js): '', '1', 'true', '2' and '3' turn colour on, any other value ('0', 'false')
 * turns it off, and it outranks NO_COLOR there too. Then NO_COLOR, when set and not empty
 * (no-color.org), and TERM=dumb turn it off. Otherwise colour goes to a terminal only, never into a
 * pipe or a log file.
 */
export function colourWanted(noColorFlag: boolean, env: Readonly<Record<string, string | undefined>>, stdoutIsTTY: boolean): boolean {
  if (noColorFlag) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return ['', '1', 'true', '2', '3'].includes(force);
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return stdoutIsTTY;
}
