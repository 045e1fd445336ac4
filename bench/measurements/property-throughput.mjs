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
 * its own start-up and the probe that asks the target what it serves (one more start, about 1 % here).
 * The floor is taken in two halves, one either side of that search, so that both meet about the same
 * load from the other users of the machine; the search at --concurrency 2 follows.
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
  const { root, log } = context;
  const entry = path.join(root, 'scenarios/reference.js');
  const { launchTarget } = await import(pathToFileURL(path.join(root, 'dist/target/launch.js')).href);

  const floorA = await floor(RUNS / 2, () => agentSpawn(launchTarget, entry));
  log(`floor, first half: ${RUNS / 2} starts in ${seconds(floorA.wallMs)}`);
  const one = await search(context, entry, 1);
  log(`search --concurrency 1: ${one.runs} runs, ${one.verdict}, ${seconds(one.wallMs)}`);
  const floorB = await floor(RUNS / 2, () => agentSpawn(launchTarget, entry));
  log(`floor, second half: ${RUNS / 2} starts in ${seconds(floorB.wallMs)}`);
  const two = await search(context, entry, 2);
  log(`search --concurrency 2: ${two.runs} runs, ${two.verdict}, ${seconds(two.wallMs)}`);
  const bare = await floor(RUNS, () => bareSpawn(entry));
  log(`bare node floor: ${RUNS} starts in ${seconds(bare.wallMs)}`);

  const floorMs = floorA.wallMs + floorB.wallMs;
  const starts = [...floorA.phases, ...floorB.phases];
  const startMs = median(starts.map((p) => p.startMs));
  const exitMs = median(starts.map((p) => p.exitMs));
  const ratio = one.wallMs / bare.wallMs;
  const agentRatio = one.wallMs / floorMs;
  const speedUp = one.wallMs / two.wallMs;

  const profile = await perRunProfile(root, entry);
  const atDefault = profile.get(DEFAULT_QUIET_MS);
  const atOld = profile.get(OLD_QUIET_MS);
  log(`profile: ${PROFILE_RUNS} runs, ${Math.round(atDefault.total)} ms a run; with a ${OLD_QUIET_MS} ms quiet window ${Math.round(atOld.total)} ms`);
  const perRun = one.wallMs / RUNS;
  const gap = perRun - bare.wallMs / RUNS;
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
      value: `${seconds(bare.wallMs)} (${Math.round(bare.wallMs / RUNS)} ms each)`,
      goal: 'reference',
      met: true,
    },
    {
      measurement: `search of ${RUNS} runs, --concurrency 1, --seed ${SEED} (the command line, start to exit)`,
      value: `${seconds(one.wallMs)} (${Math.round(perRun)} ms a run), verdict ${one.verdict}`,
      goal: '',
      met: one.verdict === 'pass' && one.runs === RUNS,
    },
    {
      measurement: `property throughput: search wall time / bare floor, --concurrency 1`,
      value: `${ratio.toFixed(2)}${ratio > GOAL ? ` — over the goal: ${Math.round(gap)} ms a run above the bare floor` : ''}`,
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
      value: `${speedUp.toFixed(2)} (${seconds(two.wallMs)}, verdict ${two.verdict})`,
      goal: '> 1 (reference; 2 runs share the cores with the targets and other users)',
      met: speedUp > 1 && two.verdict === 'pass',
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
async function search({ cli }, entry, concurrency) {
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
