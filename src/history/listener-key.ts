/**
 * A listener's identity in a history. The agent numbers listeners per process, so in a node:cluster
 * tree every worker has its listener 0: the process is part of the name.
 */
export function listenerKey(e: { listener: number; proc?: number }): string {
  return `${e.proc ?? 0}:${e.listener}`;
}
