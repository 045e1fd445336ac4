// @ts-check
/**
 * The harness's commands, over the IPC channel, each answered on the events pipe once the target is
 * quiet. The channel is unref'd so that it never keeps the target alive, and its end means the harness
 * is gone: the target's whole run goes with it.
 */
import { askWorkers, workersStarting } from './cluster.mjs';
import { wireCounts } from './connections.mjs';
import { emit } from './events.mjs';
import { describeListeners } from './listeners.mjs';
import { COMMAND_CHANNEL } from './protocol.mjs';
import { quietTurns } from './quiet.mjs';
import { killMarked, RUN_MARK } from '../run-mark.mjs';
import { webSocketPaths } from './websocket-paths.mjs';

/** @typedef {ReturnType<typeof import('./virtual-clock.mjs').installVirtualClock>} VirtualClock */

/** @param {() => VirtualClock | null} virtualClock the virtual clock, once it is installed */
export function answerCommands(virtualClock) {
  process.on('message', (/** @type {any} the harness's command object, checked field by field */ command) => {
    if (!command || typeof command !== 'object' || command.channel !== COMMAND_CHANNEL) return;
    void answer(command, virtualClock());
  });
  // Node refs the channel when a 'message' listener is added; unref it after, so that the channel
  // never keeps the target alive (a server that would exit must exit).
  process.channel?.unref();
  // The harness is gone (killed, even with SIGKILL): take the target's whole process group with it,
  // and the processes of this run that left the group (RUN_MARK stays in the environment for that).
  const mark = process.env[RUN_MARK];
  const orphaned = () => {
    if (mark) killMarked(mark, process.pid);
    try {
      process.kill(-process.pid, 'SIGKILL');
    } catch {
      process.kill(process.pid, 'SIGKILL');
    }
  };
  process.on('disconnect', orphaned);
  // `--import` loads the agent asynchronously: a harness that died while the target was starting may
  // already have been read as EOF, and 'disconnect' emitted before the listener above existed.
  if (!process.connected) orphaned();
}

/**
 * @param {Pick<import('./protocol.mjs').AgentCommand, 'op' | 'seq' | 'to'>} command
 * @param {VirtualClock | null} virtual
 */
async function answer(command, virtual) {
  /** @type {import('./virtual-clock.mjs').Move | null} */
  let move = null;
  if (command.op === 'advance' && virtual && typeof command.to === 'number') {
    try {
      move = await virtual.advanceTo(command.to);
    } catch (error) {
      // An exception from the target's own timer callback: fake-timers catches it and rethrows it from
      // tick(). Rethrown outside any promise it becomes an uncaught exception, as it would have been
      // had a real timer fired it; a target that survives it still answers.
      move = { observed: true };
      process.nextTick(() => {
        throw error;
      });
    }
  }
  await quietTurns();
  // A cluster primary serves through its workers: what they serve and hold is the target's.
  const workers = await askWorkers();
  const own = describeListeners();
  emit({
    kind: 'control',
    seq: command.seq,
    now: virtual ? virtual.now() : null,
    next: virtual ? virtual.nextDue() : null,
    upgrade: own.upgrade || workers.some((w) => w.upgrade),
    http: own.http || workers.some((w) => w.http),
    protocols: {
      http1: own.protocols.http1 || workers.some((w) => w.protocols.http1),
      https: own.protocols.https || workers.some((w) => w.protocols.https),
      h2c: own.protocols.h2c || workers.some((w) => w.protocols.h2c),
      h2: own.protocols.h2 || workers.some((w) => w.protocols.h2),
    },
    websocketPaths: [...new Set([...webSocketPaths(), ...workers.flatMap((w) => w.websocketPaths)])],
    wire: [...wireCounts(), ...workers.flatMap((w) => w.wire)],
    ...(workersStarting() > 0 ? { starting: workersStarting() } : {}),
    ...(move ? { observed: move.observed } : {}),
    ...(move?.unfaithful !== undefined ? { unfaithful: move.unfaithful } : {}),
  });
}
