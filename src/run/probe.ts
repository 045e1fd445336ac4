import type { TargetSettings } from '../api/target-settings.js';
import type { RunOptions } from './executor.js';
import { launchCommand } from '../target/command.js';
import { launchTarget, type TargetDescription } from '../target/launch.js';
import { speaksHttp } from '../target/protocol-probe.js';

/**
 * Starts the target once, before the search: a target that cannot start fails fast, and it tells what
 * it serves. A Node target runs under the virtual clock, whatever the search's clock, and its agent
 * says whether it speaks HTTP, has a WebSocket endpoint, and on which paths its `ws` servers listen; a
 * command is asked with one HTTP request.
 */
export async function probeTarget(settings: TargetSettings, notice: (message: string) => void): Promise<TargetDescription> {
  const { run, target } = settings;
  if (run.command !== undefined) {
    const probe = await launchCommand({ ...run.command, startupTimeoutMs: run.startupTimeoutMs });
    try {
      return { http: await speaksHttp(probe.port, run.routes?.fast ?? '/'), upgrade: false, websocketPaths: [] };
    } finally {
      await probe.dispose();
    }
  }
  const probe = await launchTarget({ ...run, clock: 'virtual' });
  const serves = await probe.describe().finally(() => probe.dispose());
  const listeners = probe.events.filter((e) => e.type === 'listening').length;
  if (listeners > 1) {
    notice(`${target} listens on ${listeners} ports; clients connect to the one it opened first, the others are only watched`);
  }
  return serves;
}

/**
 * Starts a Node target once, under the virtual clock, to read the paths of its WebSocketServers from
 * its agent. Rejects with TargetError when it cannot be brought up, as a run would.
 */
export async function webSocketPathsOf(run: RunOptions & { entry: string }): Promise<string[]> {
  const probe = await launchTarget({ ...run, clock: 'virtual' });
  const serves = await probe.describe().finally(() => probe.dispose());
  return serves.websocketPaths;
}
