#!/usr/bin/env node
// @ts-check
/**
 * The false-positive soak: many searches against a target that holds every invariant
 * (scenarios/reference.js by default), each with a fresh random seed (or the seeds given), through the
 * real command line in dist/, under the virtual clock or the real one. A correct target must never be
 * reported as violating anything — an error or a warning — and every run must reach a verdict; any
 * violation is a bug in the target or in the harness, and each violated invariant's replay command is
 * printed.
 *
 *   npm run soak -- [--target <file>] [--searches 10] [--runs 100] [--concurrency 2] [--out <dir>]
 *                   [--clock virtual|real] [--time-scale 0.1] [--seeds 900,901] [--summary reports/soak.md]
 *
 * It ends by writing its figure to reports/soak.md (or --summary): when and where it ran, the runs,
 * violations, undecided searches, wall time and every seed. `npm run bench` rewrites reports/bench.md
 * on every run, and carries the soak's last recorded figure from there (bench/measurements/soak-figure.mjs).
 *
 * Exit status: 0 no violation and every run decided · 1 a violation (an error or a warning) · 3 a search ended without a
 * verdict (a run reached no verdict, the target failed, or the search did not finish).
 *
 * Outside `npm test`: it takes minutes, and its point is volume, not a fixed answer.
 */
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { describeMachine } from '../bench/lib/machine.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'bin/shutdown-check.js');
/** A bound on one search, against a harness that hangs: the soak then reports it, and goes on. */
const SEARCH_TIMEOUT_MS = 60 * 60 * 1000;

/**
 * @typedef {{ id: string; severity: string; replay: string | null }} Violation
 * @typedef {{ seed: number; status: number | null; verdict: string | null; numRuns: number;
 *   reason: string | null; violated: Violation[]; wallMs: number }} Search
 */

/**
 * The soak's totals and its exit status, from the searches it ran. Pure.
 *
 * A search shrinks a counterexample for every invariant it sees violated, so it counts each of them:
 * `violations` the errors, `warnings` the warnings (a warning fails a run only under --strict, but a
 * target that holds every invariant has none either). A search ends with verdict `error` when a run
 * reached no verdict or the target failed; one that never wrote a report has no verdict at all.
 * Neither is a pass: both count as `undecided`.
 * @param {Search[]} searches
 */
export function summarize(searches) {
  const all = searches.flatMap((s) => s.violated);
  const violations = all.filter((v) => v.severity === 'error').length;
  const warnings = all.length - violations;
  const undecided = searches.filter((s) => s.verdict !== 'fail' && s.verdict !== 'pass').length;
  return {
    runs: searches.reduce((sum, s) => sum + s.numRuns, 0),
    violations,
    warnings,
    undecided,
    status: all.length > 0 ? 1 : undecided > 0 ? 3 : 0,
  };
}

/**
 * One search's line (and, for a violation, its replay command; for an undecided search, why). Pure.
 * @param {Search} s
 * @param {number} concurrency its runners use seeds s.seed .. s.seed + concurrency - 1
 */
export function formatSearch(s, concurrency) {
  const seeds = concurrency > 1 ? `seeds ${s.seed}..${s.seed + concurrency - 1}` : `seed ${s.seed}`;
  const line = `${seeds}: ${s.verdict ?? `no report, exit status ${s.status}`}, ${s.numRuns} runs, ${(s.wallMs / 1000).toFixed(1)} s`;
  const told = s.violated.map((v) => `${v.id} (${v.severity}) replay: ${v.replay}`);
  if (s.reason) told.push(s.reason);
  return [line, ...told].join('\n  ');
}

/**
 * The totals: runs, violations, undecided searches, wall time and every seed. Pure.
 * @param {Search[]} searches
 * @param {{ target: string; wallMs: number }} context
 */
export function formatTotals(searches, context) {
  const totals = summarize(searches);
  return [
    `soak of ${context.target}: ${totals.runs} runs in ${searches.length} searches, ${(context.wallMs / 1000).toFixed(1)} s`,
    `violations: ${totals.violations} · warnings: ${totals.warnings} · unknown (searches with a run that reached no verdict, or no report): ${totals.undecided}`,
    `seeds: ${searches.map((s) => s.seed).join(', ')}`,
  ].join('\n');
}

/**
 * The marker of the machine-readable figure in the summary file: an HTML comment, invisible where the
 * Markdown is shown, that bench/measurements/soak-figure.mjs reads back.
 */
export const FIGURE_MARKER = 'soak-figure';

/**
 * @typedef {{ date: string; target: string; clock: string; runs: number; searches: number; violations: number;
 *   warnings: number; unknown: number; wallMs: number }} Figure
 */

/**
 * The figure a summary file records, or null when it records none (the soak has not been run). Pure.
 * @param {string} text the summary file's content
 * @returns {Figure | null}
 */
export function readFigure(text) {
  const match = new RegExp(`<!-- ${FIGURE_MARKER} (\\{.*\\}) -->`).exec(text);
  return match?.[1] ? JSON.parse(match[1]) : null;
}

/**
 * reports/soak.md: the figure a reader looks for, then how it was obtained. Pure.
 * @param {Search[]} searches
 * @param {{ target: string; wallMs: number; runsPerSearch: number; concurrency: number; date: string; machine: string; clock: string }} context
 */
export function formatSummary(searches, context) {
  const totals = summarize(searches);
  /** @type {Figure} */
  const figure = {
    date: context.date,
    target: context.target,
    clock: context.clock,
    runs: totals.runs,
    searches: searches.length,
    violations: totals.violations,
    warnings: totals.warnings,
    unknown: totals.undecided,
    wallMs: Math.round(context.wallMs),
  };
  return [
    '# shutdown-check false-positive soak',
    '',
    `<!-- ${FIGURE_MARKER} ${JSON.stringify(figure)} -->`,
    '',
    `Recorded ${context.date} on ${context.machine}.`,
    '',
    `${searches.length} searches of ${context.runsPerSearch} runs (${context.clock}) against ${context.target}, --concurrency ${context.concurrency}.`,
    '',
    '| runs | errors violated | warnings violated | unknown (searches with a run that reached no verdict, or no report) | wall time |',
    '| --- | --- | --- | --- | --- |',
    `| ${totals.runs} | ${totals.violations} | ${totals.warnings} | ${totals.undecided} | ${(context.wallMs / 1000).toFixed(1)} s |`,
    '',
    '## Searches',
    '',
    ...searches.map((s) => `- ${formatSearch(s, context.concurrency).replace(/\n/g, '\n  ')}`),
    '',
  ].join('\n');
}

/**
 * Runs one search through the command line and reads its report.json.
 * @param {{ target: string; runs: number; concurrency: number; seed: number; out: string; clock: string[] }} options
 * @returns {Search}
 */
function search(options) {
  const started = performance.now();
  const args = [CLI, '--target', options.target, '--runs', String(options.runs), '--concurrency', String(options.concurrency)];
  args.push(...options.clock, '--seed', String(options.seed), '--out', options.out, '--reporter', 'json');
  const result = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'], timeout: SEARCH_TIMEOUT_MS });
  const wallMs = performance.now() - started;
  /** @type {any} report.json, read field by field below */
  let report = null;
  try {
    report = JSON.parse(readFileSync(path.join(options.out, 'report.json'), 'utf8'));
  } catch {
    // no report: the search was killed, or the harness crashed
  }
  return {
    seed: options.seed,
    status: result.status,
    verdict: report?.verdict ?? null,
    numRuns: report?.numRuns ?? 0,
    reason: report ? (report.reason ?? null) : result.signal ? `the search was killed by ${result.signal}` : null,
    violated: (report?.invariants ?? [])
      .filter((/** @type {any} */ i) => i.verdict === 'violated')
      .map((/** @type {any} */ i) => ({ id: i.id, severity: i.severity, replay: i.counterexample?.replay ?? null })),
    wallMs,
  };
}

function main() {
  const { values } = parseArgs({
    options: {
      target: { type: 'string', default: path.join(ROOT, 'scenarios/reference.js') },
      searches: { type: 'string', default: '10' },
      runs: { type: 'string', default: '100' },
      concurrency: { type: 'string', default: '2' },
      out: { type: 'string' },
      clock: { type: 'string', default: 'virtual' },
      'time-scale': { type: 'string' },
      seeds: { type: 'string' },
      summary: { type: 'string', default: path.join(ROOT, 'reports/soak.md') },
    },
  });
  const count = (/** @type {string} */ name, /** @type {string} */ value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) {
      console.error(`soak: --${name} is ${value}; it takes a whole number of at least 1`);
      process.exit(2);
    }
    return n;
  };
  const given = values.seeds?.split(',').map((seed) => Number(seed.trim()));
  if (given?.some((seed) => !Number.isInteger(seed))) {
    console.error(`soak: --seeds is ${values.seeds}; it takes whole numbers, comma-separated`);
    process.exit(2);
  }
  if (values.clock !== 'virtual' && values.clock !== 'real') {
    console.error(`soak: --clock is ${values.clock}; it takes virtual or real`);
    process.exit(2);
  }
  const clock = values.clock === 'real' ? ['--clock', 'real', ...(values['time-scale'] ? ['--time-scale', values['time-scale']] : [])] : [];
  const clockName = values.clock === 'real' ? `real clock${values['time-scale'] ? ` at ×${values['time-scale']}` : ''}` : 'virtual clock';
  const searches = given?.length ?? count('searches', values.searches);
  const runs = count('runs', values.runs);
  const concurrency = count('concurrency', values.concurrency);
  const target = values.target;
  const out = values.out ?? mkdtempSync(path.join(tmpdir(), 'shutdown-check-soak-'));
  console.log(`soak: ${searches} searches of ${runs} runs (${clockName}) against ${target}, --concurrency ${concurrency}; reports in ${out}`);

  const date = new Date().toISOString();
  const machine = describeMachine();
  const started = performance.now();
  /** @type {Search[]} */
  const done = [];
  for (let i = 0; i < searches; i++) {
    // Room for the concurrent runners' seeds (seed .. seed + concurrency - 1) below 2^31.
    const seed = given?.[i] ?? randomInt(0, 2 ** 31 - concurrency);
    const dir = path.join(out, String(seed));
    mkdirSync(dir, { recursive: true });
    const one = search({ target, runs, concurrency, seed, out: dir, clock });
    done.push(one);
    console.log(`${i + 1}/${searches} ${formatSearch(one, concurrency)}`);
  }
  const wallMs = performance.now() - started;
  console.log(`\n${formatTotals(done, { target, wallMs })}`);
  const summary = formatSummary(done, { target: path.relative(ROOT, target) || target, wallMs, runsPerSearch: runs, concurrency, date, machine, clock: clockName });
  mkdirSync(path.dirname(values.summary), { recursive: true });
  writeFileSync(values.summary, summary);
  console.log(`${path.relative(process.cwd(), values.summary) || values.summary} written`);
  process.exitCode = summarize(done).status;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
