/**
 * Time independence: under the virtual clock a run's wall time should not depend on how long the
 * scenario lasts. One fixed scenario — a request in flight when SIGTERM arrives, answered after the
 * signal, the server then exiting on its own — is played against bench/targets/timed-drain.js twice:
 * with 30 s handlers, a 30 s server deadline and a 30 s grace period, and with 10 ms of each. Both do
 * the same things in the same order; only the durations differ. And the 30 s scenario once under the
 * real clock (--time-scale 1), which must take its 30 s: the virtual clock's speed-up is that over
 * the virtual run.
 *
 * Each is timed two ways. As the command line with `--scenario`, from spawn to exit: that includes
 * the command's own start-up (loading the library, measured as `shutdown-check --version`), the same
 * under both clocks. And as the library's `runScenario` in this process, from the call to the verdict,
 * as a vitest suite meets it: the scenario's own cost, the target's start included. The speed-up's
 * goal is on the scenario; the command line's figure is beside it. The virtual runs alternate, five
 * rounds, and the medians are compared, so that both meet about the same load; with BENCH_BASELINE
 * the older checkout's runs alternate with these.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { baselineRoot, withBefore } from '../lib/baseline.mjs';
import { runNode, STARTUP_TIMEOUT_MS } from '../lib/process.mjs';
import { median, seconds } from '../lib/stats.mjs';

const ROUNDS = 5;
const INDEPENDENCE_GOAL = 1.1;
const SPEED_UP_GOAL = 100;
const LONG_MS = 30_000;
const SHORT_MS = 10;

/** The scenario, at one duration: handler, server deadline and grace period all `ms`, the signal halfway through the request. */
function scenario(ms) {
  return {
    clients: [{ kind: 'http', id: 'A', at: 0, path: '/' }],
    signal: 'SIGTERM',
    signalAt: ms / 2,
    graceMs: ms,
    profile: 'immediate',
  };
}

/** The scenario must have played out as meant: a pass, and the exit at the handler's end (virtual) or no sooner (real). */
function checkPlayed(result, ms, clock) {
  const exit = result.history.find((e) => e.type === 'target-exited');
  const exitedInTime = exit !== undefined && (clock === 'virtual' ? exit.t === ms : exit.t >= ms && exit.t < 2 * ms);
  if (result.verdict !== 'pass' || !exitedInTime) {
    throw new Error(`the ${ms} ms scenario (${clock} clock) gave verdict ${result.verdict}, exit at ${exit?.t} ms; expected pass and the exit at ${ms} ms`);
  }
}

const durations = (ms) => ({ HANDLER_MS: String(ms), DEADLINE_MS: String(ms) });

/** One tree's two ways of playing the scenario. */
function player(root) {
  const target = path.join(root, 'bench/targets/timed-drain.js');
  const cli = path.join(root, 'bin/shutdown-check.js');
  const library = import(pathToFileURL(path.join(root, 'dist/index.js')).href);
  return {
    async command(ms, clock) {
      const args = [cli, '--target', target, '--clock', clock, ...(clock === 'real' ? ['--time-scale', '1'] : [])];
      args.push('--scenario', JSON.stringify(scenario(ms)), '--startup-timeout', `${STARTUP_TIMEOUT_MS}ms`, '--reporter', 'json');
      const run = await runNode(args, { env: { ...process.env, ...durations(ms) } });
      if (run.status !== 0) throw new Error(`the ${ms} ms scenario (${clock} clock) exited with ${run.status}: ${run.stderr.trim() || run.stdout.trim()}`);
      checkPlayed(JSON.parse(run.stdout), ms, clock);
      return run.wallMs;
    },
    async scenario(ms, clock) {
      const { runScenario } = await library;
      // The target inherits this process's environment.
      Object.assign(process.env, durations(ms));
      const started = performance.now();
      const result = await runScenario(target, scenario(ms), { clock, timeScale: 1, startupTimeout: `${STARTUP_TIMEOUT_MS}ms` });
      const wallMs = performance.now() - started;
      checkPlayed(result, ms, clock);
      return wallMs;
    },
    async startUp() {
      return (await runNode([cli, '--version'])).wallMs;
    },
  };
}

/**
 * Five rounds; in each, every tree plays the virtual runs in turn (this tree, then the baseline), so
 * that both meet about the same load; then each plays the real ones. Medians and the real wall, per way.
 */
async function measureTrees(players, log) {
  const runs = players.map(() => ({ commandLong: [], commandShort: [], long: [], short: [], startUp: [] }));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, { label, play }] of players.entries()) {
      const r = runs[i];
      r.commandLong.push(await play.command(LONG_MS, 'virtual'));
      r.commandShort.push(await play.command(SHORT_MS, 'virtual'));
      r.long.push(await play.scenario(LONG_MS, 'virtual'));
      r.short.push(await play.scenario(SHORT_MS, 'virtual'));
      r.startUp.push(await play.startUp());
      const ms = (list) => Math.round(list[round]);
      log(`${label} round ${round + 1}: command ${ms(r.commandLong)} / ${ms(r.commandShort)} ms, runScenario ${ms(r.long)} / ${ms(r.short)} ms, --version ${ms(r.startUp)} ms`);
    }
  }
  const results = [];
  for (const [i, { label, play }] of players.entries()) {
    const real = await play.scenario(LONG_MS, 'real');
    const commandReal = await play.command(LONG_MS, 'real');
    log(`${label} 30 s scenario under the real clock: runScenario ${seconds(real)}, command ${seconds(commandReal)}`);
    const m = Object.fromEntries(Object.entries(runs[i]).map(([k, v]) => [k, median(v)]));
    results.push({
      commandIndependence: m.commandLong / m.commandShort,
      independence: m.long / m.short,
      speedUp: real / m.long,
      commandSpeedUp: commandReal / m.commandLong,
      text: { long: m.long, short: m.short, real, commandLong: m.commandLong, commandShort: m.commandShort, commandReal, startUp: m.startUp },
    });
  }
  return results;
}

export async function measure({ root, log }) {
  const baseline = baselineRoot();
  const players = [{ label: 'this tree', play: player(root) }, ...(baseline ? [{ label: 'baseline', play: player(baseline) }] : [])];
  const [after, before = null] = await measureTrees(players, log);
  const t = after.text;
  const ratio = (r) => r.toFixed(2);
  const times = (r) => `${r.toFixed(0)}×`;
  return [
    {
      measurement: `time independence: 30 s handler, deadline and grace / the same scenario at 10 ms (virtual clock, the command line with --scenario, median of ${ROUNDS})`,
      value: `${withBefore(after.commandIndependence, before?.commandIndependence ?? null, ratio)}; ${Math.round(t.commandLong)} ms / ${Math.round(t.commandShort)} ms`,
      goal: `<= ${INDEPENDENCE_GOAL}`,
      met: after.commandIndependence <= INDEPENDENCE_GOAL,
    },
    {
      measurement: `time independence of the scenario itself (runScenario, median of ${ROUNDS})`,
      value: `${withBefore(after.independence, before?.independence ?? null, ratio)}; ${Math.round(t.long)} ms / ${Math.round(t.short)} ms`,
      goal: `<= ${INDEPENDENCE_GOAL}`,
      met: after.independence <= INDEPENDENCE_GOAL,
    },
    {
      measurement: 'virtual clock speed-up: the 30 s scenario under --clock real (--time-scale 1) / under the virtual clock (runScenario, from the call to the verdict, the target\'s start included)',
      value: `${withBefore(after.speedUp, before?.speedUp ?? null, times)}; ${seconds(t.real)} / ${Math.round(t.long)} ms`,
      goal: `>= ${SPEED_UP_GOAL}×`,
      met: after.speedUp >= SPEED_UP_GOAL,
    },
    {
      measurement: 'the same speed-up timed as the command line, spawn to exit (its own start-up in both)',
      value: `${withBefore(after.commandSpeedUp, before?.commandSpeedUp ?? null, times)}; ${seconds(t.commandReal)} / ${Math.round(t.commandLong)} ms, of which the command's start-up (--version) ${Math.round(t.startUp)} ms`,
      goal: 'reference',
      met: true,
    },
  ];
}
