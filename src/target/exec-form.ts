/**
 * How the harness's own `/bin/sh -c` runs a command target: a simple command (`npm start`,
 * `python3 server.py`, `PORT=8080 ./server`, `sh -c "node server.js"`) is prefixed with `exec`, so that
 * the command the user wrote is the process the harness started and signals, as a container's
 * exec-form `CMD ["npm", "start"]` is PID 1. Without it dash (Debian's /bin/sh) forks the command and
 * waits, and the harness's shell, not the user's command, would get the signal. Anything else (a list
 * `a; b`, `a && b`, a pipeline, a subshell, a command that starts with a shell keyword or builtin such as
 * `cd`) is run as written: it is a shell-form command, and its top process is the shell, as with a
 * container's shell-form `CMD a && b`.
 *
 * The scan is deliberately conservative: any unquoted control character (`;`, `&`, `|`, `(`, `)`, a
 * backquote or a newline) leaves the command unchanged, so `exec` is only ever added where it cannot
 * change what runs. Leading assignments stay in front (`PORT=1 exec ./server`): POSIX exports the
 * assignments of a command to the program `exec` runs (XCU 2.9.1, 2.14 exec).
 */

/** Reserved words and builtins that `exec` cannot run as a program (XCU 2.4, 2.14, and common builtins). */
const NOT_A_PROGRAM = new Set([
  '!', '{', '}', '[[', 'if', 'then', 'else', 'elif', 'fi', 'for', 'while', 'until', 'do', 'done', 'case', 'esac',
  'function', 'select', 'time', 'exec', '.', ':', 'source', 'cd', 'export', 'set', 'unset', 'eval', 'alias',
  'unalias', 'read', 'shift', 'trap', 'ulimit', 'umask', 'wait', 'exit', 'return', 'break', 'continue',
  'readonly', 'local', 'declare', 'typeset', 'type', 'command', 'builtin', 'getopts', 'hash', 'jobs', 'fg', 'bg',
]);

const CONTROL = new Set([';', '&', '|', '(', ')', '`', '\n']);

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** The words of `cmd` with where each begins, or null when an unquoted control character makes it more than one simple command. */
function simpleWords(cmd: string): { word: string; at: number }[] | null {
  const words: { word: string; at: number }[] = [];
  let current: { word: string; at: number } | null = null;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < cmd.length; i++) {
    const c = cmd[i] as string;
    if (quote !== null) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"') i++;
      if (current) current.word += c;
      continue;
    }
    if (c === ' ' || c === '\t') {
      current = null;
      continue;
    }
    // `2>&1`, `<&3`: a redirection, not a background `&`.
    if (CONTROL.has(c) && !(c === '&' && (cmd[i - 1] === '>' || cmd[i - 1] === '<'))) return null;
    if (current === null) {
      current = { word: '', at: i };
      words.push(current);
    }
    current.word += c;
    if (c === "'" || c === '"') quote = c;
    else if (c === '\\') {
      current.word += cmd[i + 1] ?? '';
      i++;
    }
  }
  return quote === null ? words : null;
}

/** The script the harness's `/bin/sh -c` runs for `cmd`: `cmd` with `exec` before its program when it is one simple command. Pure. */
export function execForm(cmd: string): string {
  const words = simpleWords(cmd);
  if (words === null) return cmd;
  const program = words.find((w) => !ASSIGNMENT.test(w.word));
  if (program === undefined || NOT_A_PROGRAM.has(program.word)) return cmd;
  return `${cmd.slice(0, program.at)}exec ${cmd.slice(program.at)}`;
}
