/**
 * Load mode's request rate against a trivial target, side by side with autocannon against the same
 * target file, started the same way (the same launcher, agent included, real clock), with the same
 * number of connections. Each tool runs three times, alternately, and keeps its best run: the machine is
 * shared, and the best run is the closest to what the tool can do.
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
const ROUNDS = 3;
const GOAL = 0.8;

async function autocannonRate(root) {
  const { launchTarget } = await import(pathToFileURL(path.join(root, 'dist/target/launch.js')).href);
  const target = await launchTarget({ entry: path.join(root, 'bench/targets/hello.js'), clock: 'real' });
  try {
    const result = await autocannon({ url: `http://127.0.0.1:${target.port}/`, connections: CONNECTIONS, duration: SECONDS });
    return result.requests.total / SECONDS;
  } finally {
    await target.dispose();
  }
}

function loadRate({ root, cli }) {
  const out = mkdtempSync(path.join(tmpdir(), 'shutdown-check-bench-'));
  const args = [cli, 'load', '--target', path.join(root, 'bench/targets/hello.js'), '--connections', String(CONNECTIONS)];
  args.push('--rate', '1000000', '--duration', `${SECONDS + 1}s`, '--signal-at', `${SECONDS}s`, '--mix', 'keep-alive=1');
  args.push('--reporter', 'json', '--out', out);
  const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
  if (run.status === null || run.status > 1) throw new Error(`load exited with ${run.status}: ${run.stderr.trim()}`);
  const summary = JSON.parse(readFileSync(path.join(out, 'load.json'), 'utf8'));
  const { bucketMs, answered } = summary.throughput;
  const before = answered.slice(0, Math.floor(summary.shutdown.signalAtMs / bucketMs));
  return before.reduce((a, b) => a + b, 0) / ((before.length * bucketMs) / 1000);
}

export async function measure(context) {
  const rates = { autocannon: [], load: [] };
  for (let round = 0; round < ROUNDS; round++) {
    rates.autocannon.push(await autocannonRate(context.root));
    context.log(`autocannon ${Math.round(rates.autocannon.at(-1))} req/s`);
    rates.load.push(loadRate(context));
    context.log(`load       ${Math.round(rates.load.at(-1))} req/s`);
  }
  const best = { autocannon: Math.max(...rates.autocannon), load: Math.max(...rates.load) };
  const ratio = best.load / best.autocannon;
  const fmt = (v) => Math.round(v).toLocaleString('en-US');
  return [
    { measurement: `autocannon rate, ${CONNECTIONS} connections, trivial target`, value: `${fmt(best.autocannon)} req/s`, goal: 'reference', met: true },
    { measurement: `load mode rate, ${CONNECTIONS} connections, same target`, value: `${fmt(best.load)} req/s`, goal: '', met: true },
    { measurement: 'load mode rate / autocannon rate', value: ratio.toFixed(2), goal: `>= ${GOAL}`, met: ratio >= GOAL },
  ];
}
