/**
 * Load mode's request rate against a trivial target, side by side with autocannon against the same
 * target file, started the same way (the same launcher, agent included, real clock), with the same
 * number of connections. The two run one after the other, five rounds: the machine is shared, and two
 * runs close in time meet about the same load from elsewhere, so each round gives one ratio and the
 * median ratio is the measurement.
 *
 * Load mode's rate is its answered requests per second before the signal, asked for at a rate no
 * target here can meet, so that every free connection is always in use.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';

const CONNECTIONS = 100;
const SECONDS = 5;
const ROUNDS = 5;
const GOAL = 0.8;

/** A process's CPU time so far in ms, from /proc (utime + stime, in 10 ms ticks). */
function cpuMsOf(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function autocannonRun(root) {
  const { launchTarget } = await import(pathToFileURL(path.join(root, 'dist/target/launch.js')).href);
  const target = await launchTarget({ entry: path.join(root, 'bench/targets/hello.js'), clock: 'real' });
  try {
    const cpu = process.cpuUsage();
    const targetCpu = cpuMsOf(target.pid);
    const result = await autocannon({ url: `http://127.0.0.1:${target.port}/`, connections: CONNECTIONS, duration: SECONDS });
    const used = process.cpuUsage(cpu);
    const requests = result.requests.total;
    return {
      rate: requests / SECONDS,
      harnessUs: ((used.user + used.system) / requests),
      targetUs: ((cpuMsOf(target.pid) - targetCpu) * 1000) / requests,
    };
  } finally {
    await target.dispose();
  }
}

function loadRun({ root, cli }) {
  const out = mkdtempSync(path.join(tmpdir(), 'shutdown-check-bench-'));
  const args = [cli, 'load', '--target', path.join(root, 'bench/targets/hello.js'), '--connections', String(CONNECTIONS)];
  args.push('--rate', '1000000', '--duration', `${SECONDS + 1}s`, '--signal-at', `${SECONDS}s`, '--mix', 'keep-alive=1');
  args.push('--reporter', 'json', '--out', out);
  const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
  if (run.status === null || run.status > 1) throw new Error(`load exited with ${run.status}: ${run.stderr.trim()}`);
  const summary = JSON.parse(readFileSync(path.join(out, 'load.json'), 'utf8'));
  const { bucketMs, answered } = summary.throughput;
  const before = answered.slice(0, Math.floor(summary.shutdown.signalAtMs / bucketMs));
  const all = answered.reduce((a, b) => a + b, 0);
  return {
    rate: before.reduce((a, b) => a + b, 0) / ((before.length * bucketMs) / 1000),
    harnessUs: (summary.harness.cpuMs * 1000) / all,
    targetUs: summary.harness.targetCpuMs === null ? NaN : (summary.harness.targetCpuMs * 1000) / all,
  };
}

export async function measure(context) {
  const rounds = [];
  for (let round = 0; round < ROUNDS; round++) {
    const autocannon = await autocannonRun(context.root);
    const load = loadRun(context);
    rounds.push({ autocannon, load, ratio: load.rate / autocannon.rate });
    const line = (r) => `${Math.round(r.rate)} req/s (CPU per request: harness ${Math.round(r.harnessUs)} µs, target ${Math.round(r.targetUs)} µs)`;
    context.log(`round ${round + 1}: autocannon ${line(autocannon)}; load ${line(load)}; ratio ${(load.rate / autocannon.rate).toFixed(2)}`);
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const ratio = median(rounds.map((r) => r.ratio));
  const fmt = (v) => Math.round(v).toLocaleString('en-US');
  const ratios = rounds.map((r) => r.ratio.toFixed(2)).join(', ');
  const cpu = (tool) =>
    `harness ${fmt(median(rounds.map((r) => r[tool].harnessUs)))} µs + target ${fmt(median(rounds.map((r) => r[tool].targetUs)))} µs`;
  return [
    { measurement: `autocannon rate, ${CONNECTIONS} connections, trivial target (median)`, value: `${fmt(median(rounds.map((r) => r.autocannon.rate)))} req/s`, goal: 'reference', met: true },
    { measurement: `load mode rate, ${CONNECTIONS} connections, same target (median)`, value: `${fmt(median(rounds.map((r) => r.load.rate)))} req/s`, goal: '', met: true },
    { measurement: `load mode rate / autocannon rate (median of ${ROUNDS} rounds: ${ratios})`, value: ratio.toFixed(2), goal: `>= ${GOAL}`, met: ratio >= GOAL },
    { measurement: 'CPU per answered request, autocannon (median)', value: cpu('autocannon'), goal: 'reference', met: true },
    { measurement: 'CPU per answered request, load mode (median)', value: cpu('load'), goal: '', met: true },
  ];
}
