// @ts-check
/**
 * The machine a measurement ran on, in one line: a figure means little without the cores it had and
 * the load others put on them (the machines here are shared).
 */
import os from 'node:os';

/** One sentence: cores, CPU, memory, kernel, Node, and the load average when it started. */
export function describeMachine() {
  const cpus = os.cpus();
  const memoryGb = Math.round(os.totalmem() / 2 ** 30);
  const load = os.loadavg().map((v) => v.toFixed(2)).join(' ');
  return `${cpus.length} cores (${cpus[0]?.model ?? 'unknown'}), ${memoryGb} GB, ${os.type()} ${os.release()}, Node ${process.version}; load average at the start ${load}`;
}
