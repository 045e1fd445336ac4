import type { TargetSettings } from '../api/target-settings.js';
import type { RunOptions } from './executor.js';
import { launchCommand } from '../target/command.js';
import { launchTarget, type TargetDescription } from '../target/launch.js';
import { probeProtocols } from '../target/protocol-probe.js';
import type { Target } from '../target/target.js';

/** What the probe learnt, and the target it started when it was asked to keep it. */
export interface Probed {
  serves: TargetDescription;
  /** the probed target, still running and not yet driven, for the search's first run; null unless kept */
  kept: Target | null;
}

/**
 * Starts the target once, before the search: a target that cannot start fails fast, and it tells what
 * it serves. A Node target runs under the virtual clock (the real clock for a search under the real
 * clock, since a node:cluster target runs under no other; see agent/cluster.mjs), and its agent
 * says whether it speaks HTTP, has a WebSocket endpoint, and on which paths its `ws` servers listen; a
 * command is asked as a client would ask it (protocol-probe.ts: clear HTTP/1.1, then TLS and HTTP/2),
 * which leaves it changed, so it is never kept.
 *
 * `keep`: a Node target's probe is what its first run would start (a search under the virtual clock,
 * whose targets wait idle with their time held still until their run), so it is handed over instead of
 * being disposed of: a search pays one start fewer.
 */
export async function probeTarget(settings: TargetSettings, notice: (message: string) => void, keep = false): Promise<Probed> {
  const { run, target } = settings;
  if (run.command !== undefined) {
    const probe = await launchCommand({ ...run.command, startupTimeoutMs: run.startupTimeoutMs });
    try {
      const { http, protocols } = await probeProtocols(probe.port, run.routes?.fast ?? '/');
      return { serves: { http, upgrade: false, websocketPaths: [], protocols }, kept: null };
    } finally {
      await probe.dispose();
    }
  }
  const probe = await launchTarget({ ...run, clock: run.clock === 'real' && !keep ? 'real' : 'virtual' });
  let serves: TargetDescription;
  try {
    serves = await probe.describe();
  } catch (error) {
    await probe.dispose();
    throw error;
  }
  if (!keep) await probe.dispose();
  // Ports, not listening events: a node:cluster primary and each of its workers report one listener
  // each for the one port they share.
  const listeners = new Set(probe.events.flatMap((e) => (e.type === 'listening' ? [e.port] : []))).size;
  if (listeners > 1) {
    notice(`${target} listens on ${listeners} ports; clients connect to the one it opened first, the others are only watched`);
  }
  return { serves, kept: keep ? probe : null };
}

/**
 * Starts a Node target once, under the virtual clock (or the run's real clock), to read the paths of its WebSocketServers from
 * its agent. Rejects with TargetError when it cannot be brought up, as a run would.
 */
export async function webSocketPathsOf(run: RunOptions & { entry: string }): Promise<string[]> {
  const probe = await launchTarget({ ...run, clock: run.clock === 'real' ? 'real' : 'virtual' });
  const serves = await probe.describe().finally(() => probe.dispose());
  return serves.websocketPaths;
}
