/**
 * A failing search as a user meets it: how long until the first failure is known, and how long the
 * whole default search takes, shrinking included. Two targets: scenarios/exit-at-once.js under the
 * virtual clock (the default search, 100 runs), and the Python server's broken mode under --cmd and
 * the real clock (x0.25, a 2 s grace period, 20 runs).
 *
 * Each search runs in this process through the library's checkShutdown, whose progress callback
 * says when the first failing run ended. With BENCH_BASELINE set to another checkout of the project
 * (with its dist/ built), the same searches run there too, alternating with this tree's, so that
 * "before" and "after" meet about the same load in one bench run.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { baselineRoot } from '../lib/baseline.mjs';
import { seconds } from '../lib/stats.mjs';
import { STARTUP_TIMEOUT_MS } from '../lib/process.mjs';

const SEED = 20_261_206;

function searches(root) {
  const python = path.join(root, 'test/fixtures/python');
  return [
    { name: 'scenarios/exit-at-once.js, virtual clock, default search (100 runs)', options: { target: path.join(root, 'scenarios/exit-at-once.js') } },
    {
      name: '--cmd python3 server.py --mode broken, real clock x0.25, grace 2s, 20 runs',
      options: {
        cmd: `python3 ${path.join(python, 'server.py')} --mode broken`,
        portEnv: 'PORT',
        config: path.join(python, 'shutdown-check.config.json'),
        timeScale: 0.25,
        grace: '2s',
        runs: 20,
      },
    },
  ];
}

async function timeSearch(root, options) {
  const { checkShutdown } = await import(pathToFileURL(path.join(root, 'dist/index.js')).href);
  const started = performance.now();
  let firstFailureMs = null;
  const report = await checkShutdown({
    ...options,
    seed: SEED,
    startupTimeout: `${STARTUP_TIMEOUT_MS}ms`,
    onProgress: (p) => {
      if (firstFailureMs === null && p.failures > 0) firstFailureMs = performance.now() - started;
    },
  });
  return { firstFailureMs, totalMs: performance.now() - started, verdict: report.verdict };
}

export async function measure({ root, log }) {
  const baseline = baselineRoot();
  const rows = [];
  for (const search of searches(root)) {
    const after = await timeSearch(root, search.options);
    log(`${search.name}: first failure ${seconds(after.firstFailureMs ?? NaN)}, total ${seconds(after.totalMs)}, ${after.verdict}`);
    // The same targets and fixtures for both: only the harness differs.
    const before = baseline ? await timeSearch(baseline, search.options) : null;
    if (before) log(`  baseline: first failure ${seconds(before.firstFailureMs ?? NaN)}, total ${seconds(before.totalMs)}, ${before.verdict}`);
    const show = (r) => `first failure ${seconds(r.firstFailureMs ?? NaN)}, total ${seconds(r.totalMs)}`;
    rows.push({
      measurement: `failing search: ${search.name}`,
      value: before ? `${show(after)} (before: ${show(before)}; total ${(before.totalMs / after.totalMs).toFixed(2)}× faster)` : show(after),
      goal: 'fails, and sooner than before',
      met: after.verdict === 'fail' && (before === null || after.totalMs <= before.totalMs),
    });
  }
  return rows;
}
