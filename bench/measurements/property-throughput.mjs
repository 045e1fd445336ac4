/**
 * Property throughput: what a search costs beyond the processes it must start. Every run of a search
 * starts the target afresh, so 100 runs one after the other cost at least 100 start-ups and exits of
 * the same file with plain `node`; that bare floor is the goal's denominator. (A search starts each
 * target one run ahead, so start-up overlaps the previous run and the ratio can fall below 1.)
 *
 * The floor is started as the harness starts a target (src/target/launch.ts): `node --import <agent>`
 * with the harness's environment, the virtual clock installed, the fixed port remapped to a free one,
 * the agent's event pipe and IPC channel; it counts from spawn to the agent's listening event, then
 * SIGTERM, the exit (every event read) and the process group's cleanup. A bare `node` floor — no
 * agent, PORT set to a free port, ready once a TCP connect succeeds — is shown beside it, to say what
 * the agent itself costs.
 *
 * The search is the real command line (`--runs 100 --concurrency 1 --seed <fixed>`), so it also pays
 * its own start-up and the probe that asks the target what it serves (its target then serves the
 * first run).
 * The bare floor is taken in two halves, one either side of that search, so that both meet about the
 * same load from the other users of the machine; the search at --concurrency 2 follows, and the
 * harness's own floor last. With BENCH_BASELINE, each search is followed by the same search of the
 * older checkout, against the same floor.
 *
 * Where the time goes: scenarios drawn from the same arbitrary with the same seed are run one by one
 * in this process, each split into its phases (bench/lib/run-profile.mjs), once as the command line
 * runs them (a step ends on what is observed, with no quiet window) and once with a fixed 20 ms quiet
 * window per step, as the executor once had. The difference is what exact quiescence saves a run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { baselineRoot, withBefore } from '../lib/baseline.mjs';
import { runNode, STARTUP_TIMEOUT_MS } from '../lib/process.mjs';
import { profileRuns } from '../lib/run-profile.mjs';
import { median, seconds } from '../lib/stats.mjs';

const RUNS = 100;
const SEED = 20_261_122;
const GOAL = 1.0;
/** runs of the per-run profile, at each quiet window */
const PROFILE_RUNS = 20;
/** the executor's default (none) and the fixed window it once had, in ms */
const DEFAULT_QUIET_MS = 0;
const OLD_QUIET_MS = 20;

export async function measure(context) {
  const { root, cli, log } = context;
  const entry = path.join(root, 'scenarios/reference.js');
  const { launchTarget } = await import(pathToFileURL(path.join(root, 'dist/target/launch.js')).href);
  const baseline = baselineRoot();
  const baselineCli = baseline === null ? null : path.join(baseline, 'bin/shutdown-check.js');
  // The same target file for both trees: only the harness differs.
  const searchBoth = async (concurrency) => {
    const after = await search(cli, entry, concurrency);
    log(`search --concurrency ${concurrency}: ${after.runs} runs, ${after.verdict}, ${seconds(after.wallMs)}`);
    const before = baselineCli === null ? null : await search(baselineCli, entry, concurrency);
    if (before) log(`  baseline: ${before.runs} runs, ${before.verdict}, ${seconds(before.wallMs)}`);
    return { after, before };
  };

  const bareA = await floor(RUNS / 2, () => bareSpawn(entry));
  log(`bare node floor, first half: ${RUNS / 2} starts in ${seconds(bareA.wallMs)}`);
  const one = await searchBoth(1);
  const bareB = await floor(RUNS / 2, () => bareSpawn(entry));
  log(`bare node floor, second half: ${RUNS / 2} starts in ${seconds(bareB.wallMs)}`);
  const two = await searchBoth(2);
  const agentFloor = await floor(RUNS, () => agentSpawn(launchTarget, entry));
  log(`floor as the harness starts a target: ${RUNS} starts in ${seconds(agentFloor.wallMs)}`);

  const bareMs = bareA.wallMs + bareB.wallMs;
  const floorMs = agentFloor.wallMs;
  const startMs = median(agentFloor.phases.map((p) => p.startMs));
  const exitMs = median(agentFloor.phases.map((p) => p.exitMs));
  const ratio = one.after.wallMs / bareMs;
  const ratioBefore = one.before === null ? null : one.before.wallMs / bareMs;
  const agentRatio = one.after.wallMs / floorMs;
  const speedUp = one.after.wallMs / two.after.wallMs;
  const speedUpBefore = one.before === null || two.before === null ? null : one.before.wallMs / two.before.wallMs;

  const profile = await perRunProfile(root, entry);
  const atDefault = profile.get(DEFAULT_QUIET_MS);
  const atOld = profile.get(OLD_QUIET_MS);
  log(`profile: ${PROFILE_RUNS} runs, ${Math.round(atDefault.total)} ms a run; with a ${OLD_QUIET_MS} ms quiet window ${Math.round(atOld.total)} ms`);
  const perRun = one.after.wallMs / RUNS;
  const gap = perRun - bareMs / RUNS;
  const quietCost = atOld.total - atDefault.total;
  const phases = (p) =>
    `${Math.round(p.total)} ms = ${Math.round(p.start)} start to listening + ${Math.round(p.beforeSignal)} steps before the signal + ` +
    `${Math.round(p.drain)} signal to exit + ${Math.round(p.afterExit)} after the exit; ${p.steps.toFixed(1)} steps, ${p.commands.toFixed(1)} agent round trips`;

  const rows = [
    {
      measurement: `floor: ${RUNS} starts of reference.js as the harness starts it (node --import agent, virtual clock; spawn to listening, SIGTERM, exit, cleanup)`,
      value: `${seconds(floorMs)} (${Math.round(floorMs / RUNS)} ms each: ${Math.round(startMs)} ms to listening + ${Math.round(exitMs)} ms to exit, medians)`,
      goal: 'reference',
      met: true,
    },
    {
      measurement: `bare floor: ${RUNS} starts of plain node reference.js (PORT set, ready at the first TCP connect, SIGTERM, exit)`,
      value: `${seconds(bareMs)} (${Math.round(bareMs / RUNS)} ms each; taken in two halves, one either side of the --concurrency 1 searches)`,
      goal: 'reference',
      met: true,
    },
    {
      measurement: `search of ${RUNS} runs, --concurrency 1, --seed ${SEED} (the command line, start to exit)`,
      value: withBefore(one.after, one.before, (r) => `${seconds(r.wallMs)} (${Math.round(r.wallMs / RUNS)} ms a run), verdict ${r.verdict}`),
      goal: '',
      met: one.after.verdict === 'pass' && one.after.runs === RUNS,
    },
    {
      measurement: `property throughput: search wall time / bare floor, --concurrency 1`,
      value: `${withBefore(ratio, ratioBefore, (r) => r.toFixed(2))}${ratio > GOAL ? ` — over the goal: ${Math.round(gap)} ms a run above the bare floor` : ''}`,
      goal: `<= ${GOAL}`,
      met: ratio <= GOAL,
    },
    {
      measurement: `search wall time / the harness's own floor (agent starts, one after the other), --concurrency 1`,
      value: agentRatio.toFixed(2),
      goal: 'reference',
      met: true,
    },
    {
      measurement: `speed-up at --concurrency 2: wall at 1 / wall at 2 (seeds ${SEED}, ${SEED + 1}; ${RUNS} runs)`,
      value: `${withBefore(speedUp, speedUpBefore, (r) => r.toFixed(2))}; ${seconds(two.after.wallMs)}, verdict ${two.after.verdict}`,
      goal: '> 1 (reference; 2 runs share the cores with the targets and other users)',
      met: speedUp > 1 && two.after.verdict === 'pass',
    },
    {
      measurement: `profile: one run (mean of ${PROFILE_RUNS} scenarios of the same arbitrary and seed, in-process, no quiet window)`,
      value: phases(atDefault),
      goal: '',
      met: true,
    },
    {
      measurement: `profile: the same runs with a fixed ${OLD_QUIET_MS} ms quiet window per step (interleaved with the above)`,
      value: `${phases(atOld)}: such windows would cost ${Math.round(quietCost)} ms a run, ${(quietCost / atDefault.steps).toFixed(0)} ms a step`,
      goal: '',
      met: true,
    },
  ];
  return rows;
}

/** `count` starts, one after the other: their total wall time, and each one's phases. */
async function floor(count, start) {
  const started = performance.now();
  const phases = [];
  for (let i = 0; i < count; i++) phases.push(await start());
  return { wallMs: performance.now() - started, phases };
}

/** One start as the harness makes it: launchTarget, then SIGTERM and the exit, then the cleanup. */
async function agentSpawn(launchTarget, entry) {
  const t0 = performance.now();
  const target = await launchTarget({ entry, clock: 'virtual', startupTimeoutMs: STARTUP_TIMEOUT_MS });
  const t1 = performance.now();
  target.signal('SIGTERM');
  await target.exited;
  await target.dispose();
  return { startMs: t1 - t0, exitMs: performance.now() - t1 };
}

/** One start of plain node, on a port found free just before (as a deployment would pass PORT). */
async function bareSpawn(entry) {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [entry], { env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  // every 5 ms: a tighter poll would take the CPU the starting process needs
  while (!(await connects(port))) await new Promise((resolve) => setTimeout(resolve, 5));
  const t1 = performance.now();
  child.kill('SIGTERM');
  await exited;
  return { startMs: t1 - t0, exitMs: performance.now() - t1 };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function connects(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/** The command line's search, timed from outside; its verdict and run count from report.json. */
async function search(cli, entry, concurrency) {
  const out = mkdtempSync(path.join(tmpdir(), 'shutdown-check-bench-'));
  const args = [cli, '--target', entry, '--runs', String(RUNS), '--concurrency', String(concurrency), '--seed', String(SEED)];
  const run = await runNode([...args, '--startup-timeout', `${STARTUP_TIMEOUT_MS}ms`, '--reporter', 'json', '--out', out]);
  if (run.status === null || run.status > 1) throw new Error(`the search exited with ${run.status}: ${run.stderr.trim()}`);
  const report = JSON.parse(run.stdout);
  return { wallMs: run.wallMs, verdict: report.verdict, runs: report.numRuns };
}

/** PROFILE_RUNS scenarios of the command line's arbitrary for the reference target (it serves WebSockets), split into phases. */
async function perRunProfile(root, entry) {
  const module = (file) => import(pathToFileURL(path.join(root, 'dist', file)).href);
  const { selectKinds } = await module('scenario/kinds.js');
  const { scenarioArbitrary } = await module('scenario/arbitraries.js');
  const { DEFAULT_GRACE_MS } = await module('scenario/types.js');
  const kinds = selectKinds({ upgrade: true, websocketConfig: null, raw: false }).kinds;
  const arbitrary = scenarioArbitrary({ kinds, graceMs: DEFAULT_GRACE_MS, signal: 'SIGTERM', profile: 'immediate' });
  const scenarios = fc.sample(arbitrary, { seed: SEED, numRuns: PROFILE_RUNS });
  return profileRuns({ root, entry, scenarios, quietWindows: [DEFAULT_QUIET_MS, OLD_QUIET_MS] });
}
