/**
 * signal-reaches-server: the signal the harness sends to the process a command target started, as an
 * orchestrator sends it to a container's PID 1, reaches the process that serves. `npm start`, `npx`,
 * and a shell that runs the server without `exec` get the signal themselves and do not pass it on to
 * the server (see the measurements in src/target/server-process.ts): the server's own handler never
 * runs, and the server is SIGKILLed, at the grace end or at once when the process that got the signal
 * exits and the container ends with it.
 *
 * A server that is not the process signalled is no fault in itself: tini, dumb-init, or npm running
 * `exec node server.js` pass the signal on, and the server then exits or closes its listener. So it is
 * violated when the server is another process than the one signalled and, when the harness SIGKILLed
 * what was left, it was still alive and still listening: it did not react to the signal at all. The
 * SIGKILL itself stays with deadline (at the grace end) or is the container ending with its PID 1
 * (clean-exit judges how that process ended): this invariant says why the server never drained.
 * /proc/<pid>/status tells whether the server has a SIGTERM handler: with none it would have died of
 * the signal, so it certainly never got it; with one, its handler either never ran or does not close
 * the listener.
 *
 * Exercised by a signal sent to a command target whose listening process /proc could name. A Node
 * target is not exercised: the harness starts the listening process itself and signals that.
 */
import type { EventOf, History } from '../history/events.js';
import type { Scenario } from '../scenario/types.js';
import type { CheckOptions } from './checker.js';
import { withoutSignal } from './exercise.js';
import type { Invariant, NotCounted } from './invariant.js';
import { holds, notExercised, unknown, violated, type Verdict } from './verdict.js';
import { HistoryView } from './view.js';
import { withSignal } from './wording.js';

const FIX =
  'make the server the process that gets the signal: start it directly (`CMD ["node", "server.js"]`) instead of ' +
  'through npm or npx, or end the shell script or shell-form command (or the npm script) with `exec node server.js`; ' +
  'or run it under `tini -g` (`docker run --init -e TINI_KILL_PROCESS_GROUP=1`), which signals the whole process ' +
  'group. Plain `docker run --init` signals only its child, which is npm or the shell again';

function handlerClause(sigterm: 'handled' | 'ignored' | 'default' | 'unknown', signal: string): string {
  switch (sigterm) {
    case 'default':
      return `it has no ${signal} handler, so had it got the signal it would have died of it`;
    case 'ignored':
      return `it ignores ${signal} (it was started with the signal ignored, as under nohup or a shell's \`trap '' TERM\`)`;
    case 'handled':
      return `it has a ${signal} handler, yet it neither exited nor closed its listener`;
    case 'unknown':
      return 'it neither exited nor closed its listener';
  }
}

/** The fix for this command: npm and npx are left out of the path, a shell execs the server. Pure. */
export function fixFor(recipient: string, server: string): string {
  // tini without -g signals only its child, which would be npm or the shell again (measured, tini 0.19).
  const init = 'or run it under `tini -g`, which signals the whole process group (plain `docker run --init` does not)';
  if (/^(npm|npx)\b|\/npm-cli\.js\b|\/npx-cli\.js\b/.test(recipient)) {
    return `start \`${server}\` directly instead of through npm (\`CMD ${execForm(server)}\`), or write the script as \`exec ${server}\`, ${init}`;
  }
  return `put \`exec\` before the server's command (\`exec ${server}\`), so that the shell becomes the server, ${init}`;
}

/**
 * The Dockerfile exec form of the server's own command when its words need no quoting (`node
 * ./bin/www` gives `["node", "./bin/www"]`), else the common `["node", "server.js"]` as an example.
 */
function execForm(server: string): string {
  const words = server.split(' ');
  const plain = words.every((word) => /^[\w./@:=+,-]+$/.test(word));
  return `[${(plain ? words : ['node', 'server.js']).map((word) => `"${word}"`).join(', ')}]`;
}

function check(history: History, scenario: Scenario, _options: CheckOptions): Verdict {
  const view = new HistoryView(history, scenario);
  const { signal } = view;
  if (!signal) return withoutSignal(view);
  const seen: EventOf<'server-process'> | undefined = view.ofType('server-process')[0];
  if (seen === undefined) {
    if (view.ofType('listening').length > 0) {
      return notExercised('the harness started the listening Node process itself and sent it the signal');
    }
    return unknown('the run ended before the harness SIGKILLed the command, so where its server stood was not seen');
  }
  if (view.before(seen, signal)) return notExercised('the process the command started exited before the signal was sent');
  const at = seen.at;
  switch (at.kind) {
    case 'unknown':
      return unknown(`which process serves is unknown: ${at.reason}`);
    case 'recipient':
      return holds();
    case 'other': {
      if (at.state !== 'listening') return holds();
      const ended = view.kill
        ? `at the end of the ${scenario.graceMs} ms grace period`
        : `when \`${at.recipient}\` exited, as a container's processes are when its PID 1 exits`;
      const message =
        `the ${signal.signal} went to \`${at.recipient}\`, which did not pass it on to the server, \`${at.server}\`: ` +
        `${handlerClause(at.sigterm, signal.signal)}; still listening, it was SIGKILLed ${ended}. ` +
        `Fix: ${fixFor(at.recipient, at.server)}`;
      return violated([{ events: withSignal(view, [seen]), message }]);
    }
  }
}

const load = {
  notCounted: 'load mode drives a Node target, whose listening process the harness starts and signals itself',
} satisfies NotCounted;

export const signalReachesServer = {
  id: 'signal-reaches-server',
  defaultSeverity: 'error',
  exercisedBy: 'a signal sent to a command target whose listening process /proc could name',
  definition:
    'The signal sent to the process the command started, as an orchestrator sends it to PID 1, reaches the ' +
    'process that listens: it is that process, or the listener closes or the process exits before the SIGKILL.',
  advice: {
    meaning:
      '`npm start`, `npx` or a shell got the signal and did not pass it on: the server never drained, its own ' +
      'shutdown handler never ran, and it was SIGKILLed with every connection open, on every deploy.',
    fix: `${FIX[0]?.toUpperCase()}${FIX.slice(1)}.`,
  },
  check,
  load,
} as const satisfies Invariant;
