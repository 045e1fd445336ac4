import type { LoadSettings } from '../load/settings.js';
import { launchTarget, type TargetProcess } from '../target/launch.js';

/**
 * The one place load mode starts a target: a Node entry file with the agent, on the real clock. The
 * agent's per-request events tell which failed requests the server had read; a target started another
 * way (a command, with no agent) plugs in here, and the settle rule (see load/classify.ts) decides instead.
 */
export function launchLoadTarget(settings: Pick<LoadSettings, 'target' | 'keepPorts' | 'startupTimeoutMs'>): Promise<TargetProcess> {
  return launchTarget({
    entry: settings.target,
    clock: 'real',
    keepPorts: settings.keepPorts,
    startupTimeoutMs: settings.startupTimeoutMs,
  });
}
