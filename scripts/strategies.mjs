#!/usr/bin/env node
/**
 * Writes reports/strategies.md: every strategy in scenarios/ on every named scenario (the matrix), the
 * property search against each (`shutdown-check compare`), and long searches against the reference
 * strategy under both clocks. Runs on the built package (dist/, which `npm install` builds).
 *
 * Settings, from the environment: STRATEGY_RUNS (compare's runs per strategy, default 50), SEED
 * (default 1), REFERENCE_VIRTUAL_RUNS (default 1000), REFERENCE_REAL_RUNS (default 100),
 * REFERENCE_TIME_SCALE (default 0.25), CLUSTER_RUNS (the real-clock compare of scenarios/cluster/,
 * default 10) and CLUSTER_TIME_SCALE (default 0.1). A value of 0 skips that part.
 */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CATALOGUE, checkAll } from '../dist/checkers/catalogue.js';
import { formatStrategyMatrix, matrixCell } from '../dist/report/strategy-matrix.js';
import { executeScenario } from '../dist/run/executor.js';
import { NAMED_SCENARIOS, strategyCases } from '../scenarios/lib/named.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'reports');
const WORK = path.join(OUT, 'strategies');
const CLI = path.join(ROOT, 'bin/shutdown-check.js');
/** @param {string} name @param {number} fallback */
const setting = (name, fallback) => Number(process.env[name] ?? fallback);
const SEED = setting('SEED', 1);
const STRATEGY_RUNS = setting('STRATEGY_RUNS', 50);
const VIRTUAL_RUNS = setting('REFERENCE_VIRTUAL_RUNS', 1000);
const REAL_RUNS = setting('REFERENCE_REAL_RUNS', 100);
const CLUSTER_RUNS = setting('CLUSTER_RUNS', 10);
// The cluster tests' own time scale: each real-clock run of a 30 s grace period then costs 3 s, and a
// minute of shrinking bounds the broken strategies' share.
const CLUSTER_TIME_SCALE = setting('CLUSTER_TIME_SCALE', 0.1);
const TIME_SCALE = setting('REFERENCE_TIME_SCALE', 0.25);
const RUNS_AT_ONCE = 2;

/**
 * Runs `work` over `items`, `n` at a time, keeping their order.
 * @template T, R
 * @param {T[]} items
 * @param {number} n
 * @param {(item: T) => Promise<R>} work
 * @returns {Promise<R[]>}
 */
async function pool(items, n, work) {
  /** @type {R[]} */
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(/** @type {T} */ (items[i]));
      }
    }),
  );
  return results;
}

/**
 * The CLI, as a user runs it; returns how long it took and its exit status.
 * @param {string[]} args
 * @param {string} out
 */
function cli(args, out) {
  rmSync(out, { recursive: true, force: true });
  const started = Date.now();
  // A generous start-up time: these searches are long, and one slow start must not void them.
  const run = spawnSync(process.execPath, [CLI, ...args, '--out', out, '--reporter', 'json', '--startup-timeout', '60s'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (run.status === 2 || run.status === null || !existsSync(path.join(out, args[0] === 'compare' ? 'compare.json' : 'report.json'))) {
    throw new Error(`shutdown-check ${args.join(' ')} failed (${run.status ?? run.signal}): ${run.stderr}`);
  }
  return { wallMs: Date.now() - started, status: run.status };
}

/**
 * @param {'virtual' | 'real'} clock
 * @param {number} runs
 * @returns {import('../dist/report/strategy-matrix.js').Soak}
 */
function soak(clock, runs) {
  const out = path.join(WORK, `reference-${clock}`);
  const args = ['--target', 'scenarios/reference.js', '--runs', String(runs), '--seed', String(SEED), '--concurrency', '2'];
  if (clock === 'real') args.push('--clock', 'real', '--time-scale', String(TIME_SCALE));
  console.log(`reference, ${runs} runs, ${clock} clock …`);
  const { wallMs } = cli(args, out);
  /** @type {import('../dist/report/report.js').Report} */
  const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));
  return {
    clock,
    timeScale: clock === 'real' ? TIME_SCALE : 1,
    runs: report.numRuns,
    seed: report.seed,
    verdict: report.verdict,
    violated: report.invariants.filter((i) => i.verdict === 'violated').map((i) => i.id),
    wallMs,
  };
}

mkdirSync(WORK, { recursive: true });

console.log(`${strategyCases().length} strategy × named-scenario runs …`);
const outcomes = await pool(strategyCases(), RUNS_AT_ONCE, async ([file, strategy, named]) => {
  const result = await executeScenario(named.scenario, {
    entry: path.join(ROOT, 'scenarios', file),
    routes: strategy.routes,
    ...(named.env ? { env: { ...process.env, ...named.env } } : {}),
  });
  if (result.run.status !== 'completed') console.warn(`${file} × ${named.name}: ${result.run.reason}`);
  return { file, scenario: named.name, results: checkAll(result.history, named.scenario, named.checkOptions ?? {}).results };
});

const files = [...new Set(outcomes.map((o) => o.file))];
const invariants = CATALOGUE.map((c) => ({ id: /** @type {import('../dist/checkers/catalogue.js').InvariantId} */ (c.id), severity: c.defaultSeverity }));
const rows = files.map((file) => {
  const mine = outcomes.filter((o) => o.file === file);
  const cells = Object.fromEntries(
    invariants.map(({ id, severity }) => [
      id,
      matrixCell(
        severity,
        mine.flatMap((o) => o.results.filter((r) => r.id === id).map((r) => ({ scenario: o.scenario, verdict: r.verdict }))),
      ),
    ]),
  );
  return { file, cells };
});

/** @type {import('../dist/report/strategy-matrix.js').StrategyMatrix['searches']} */
const searches = [];
/**
 * One `compare` of a folder of strategies, as a user runs it.
 * @param {string} name where its files go under reports/strategies/
 * @param {string[]} args compare's arguments
 * @param {string} [about] what the report should say of it besides
 */
function compareSearch(name, args, about) {
  const command = `shutdown-check compare ${args.join(' ')}`;
  console.log(`${command} …`);
  const out = path.join(WORK, name);
  cli(['compare', ...args], out);
  searches.push({ command, comparison: JSON.parse(readFileSync(path.join(out, 'compare.json'), 'utf8')), ...(about ? { about } : {}) });
}
if (STRATEGY_RUNS > 0) {
  // Every strategy is searched as it comes, without a routes config: the agent holds and trickles
  // HTTP/1.1 and HTTP/2 answers alike, so streams are in flight across the signal on any route.
  compareSearch('compare', ['scenarios/', '--runs', String(STRATEGY_RUNS), '--seed', String(SEED)]);
}
if (CLUSTER_RUNS > 0) {
  compareSearch(
    'compare-cluster',
    ['scenarios/cluster/', '--clock', 'real', '--time-scale', String(CLUSTER_TIME_SCALE), '--shrink-budget', '60s', '--runs', String(CLUSTER_RUNS), '--seed', String(SEED)],
    'The cluster strategies run under the real clock only (the virtual clock would drive the primary\'s timers but ' +
      'not its workers\'), so they are not in the matrix above, whose verdicts are pinned under both clocks.',
  );
}

const soaks = [];
if (VIRTUAL_RUNS > 0) soaks.push(soak('virtual', VIRTUAL_RUNS));
if (REAL_RUNS > 0) soaks.push(soak('real', REAL_RUNS));

const version = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
const markdown = formatStrategyMatrix({
  tool: { version, node: process.versions.node, machine: `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}` },
  invariants,
  scenarios: NAMED_SCENARIOS.map((n) => ({ name: n.name, description: n.description })),
  rows,
  searches,
  soaks,
});
writeFileSync(path.join(OUT, 'strategies.md'), markdown + '\n');
console.log(`reports/strategies.md written`);
