/**
 * Running the command line (or any process) and timing it from outside, as a user would: wall time
 * from spawn to exit, and optionally the peak resident memory of the process and of its children.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/**
 * How long a target may take to listen. The bench shares its two cores with other work, and there a
 * Node start that takes 0.4 s on a quiet machine has been seen to take over 10 s (the default): a
 * measurement should then finish, slow, and say so, not fail.
 */
export const STARTUP_TIMEOUT_MS = 60_000;

/** How often /proc is read while sampling memory. VmHWM is a high-water mark, so only the last
 * interval before the exit can be missed. */
const SAMPLE_MS = 50;

/**
 * Runs `node <args>` to its exit. Resolves with its exit status, stdout, stderr and wall time; with
 * `sampleMemory`, also the peak VmHWM of the process itself (MB) and the peak sum of its children's
 * VmRSS (MB) — the targets a search starts.
 */
export function runNode(args, { env = process.env, sampleMemory = false } = {}) {
  const started = performance.now();
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text) => (stderr += text));
  let peakKb = 0;
  let childrenPeakKb = 0;
  const sample = () => {
    peakKb = Math.max(peakKb, statusKb(child.pid, 'VmHWM') ?? 0);
    childrenPeakKb = Math.max(childrenPeakKb, childrenOf(child.pid).reduce((sum, pid) => sum + (statusKb(pid, 'VmRSS') ?? 0), 0));
  };
  const timer = sampleMemory ? setInterval(sample, SAMPLE_MS) : null;
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status, signal) => {
      if (timer) clearInterval(timer);
      resolve({ status, signal, stdout, stderr, wallMs: performance.now() - started, peakMb: peakKb / 1024, childrenPeakMb: childrenPeakKb / 1024 });
    });
  });
}

/** A field of /proc/<pid>/status in kB, or null once the process is gone. */
function statusKb(pid, field) {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** The pids whose parent is `pid`, from /proc/<n>/stat (field 4). */
function childrenOf(pid) {
  const found = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) found.push(Number(name));
    } catch {
      // gone between the listing and the read
    }
  }
  return found;
}
