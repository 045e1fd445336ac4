/**
 * Time independence: under the virtual clock a run's wall time should not depend on how long the
 * scenario lasts. One fixed scenario — a request in flight when SIGTERM arrives, answered after the
 * signal, the server then exiting on its own — is played against bench/targets/timed-drain.js twice:
 * with 30 s handlers, a 30 s server deadline and a 30 s grace period, and with 10 ms of each. Both do
 * the same things in the same order; only the durations differ. And the 30 s scenario once under the
 * real clock (--time-scale 1), which must take its 30 s: the virtual clock's speed-up is that over
 * the virtual run.
 *
 * Each is the command line with `--scenario`, timed from spawn to exit, so the command's own start-up
 * (measured as `shutdown-check --version`) is in every figure; it is shown apart. The virtual runs
 * alternate, five rounds, and the medians are compared, so that both meet about the same load.
 */
import path from 'node:path';
import { runNode, STARTUP_TIMEOUT_MS } from '../lib/process.mjs';
import { median, seconds } from '../lib/stats.mjs';

const ROUNDS = 5;
const INDEPENDENCE_GOAL = 1.1;
const SPEED_UP_GOAL = 100;

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

async function play({ root, cli }, ms, clock) {
  const args = [cli, '--target', path.join(root, 'bench/targets/timed-drain.js'), '--clock', clock];
  if (clock === 'real') args.push('--time-scale', '1');
  args.push('--scenario', JSON.stringify(scenario(ms)), '--startup-timeout', `${STARTUP_TIMEOUT_MS}ms`, '--reporter', 'json');
  const env = { ...process.env, HANDLER_MS: String(ms), DEADLINE_MS: String(ms) };
  const run = await runNode(args, { env });
  if (run.status !== 0) throw new Error(`the ${ms} ms scenario (${clock} clock) exited with ${run.status}: ${run.stderr.trim() || run.stdout.trim()}`);
  const result = JSON.parse(run.stdout);
  const exit = result.history.find((e) => e.type === 'target-exited');
  // The scenario must have played out as meant: the answer after the signal, then the exit — at the
  // handler's end exactly under the virtual clock, and no sooner under the real one.
  const exitedInTime = exit !== undefined && (clock === 'virtual' ? exit.t === ms : exit.t >= ms && exit.t < 2 * ms);
  if (result.verdict !== 'pass' || !exitedInTime) {
    throw new Error(`the ${ms} ms scenario (${clock} clock) gave verdict ${result.verdict}, exit at ${exit?.t} ms; expected pass and the exit at ${ms} ms`);
  }
  return run.wallMs;
}

export async function measure(context) {
  const long = [];
  const short = [];
  const startUp = [];
  for (let round = 0; round < ROUNDS; round++) {
    long.push(await play(context, 30_000, 'virtual'));
    short.push(await play(context, 10, 'virtual'));
    startUp.push((await runNode([context.cli, '--version'])).wallMs);
    context.log(`round ${round + 1}: 30 s scenario ${Math.round(long[round])} ms, 10 ms scenario ${Math.round(short[round])} ms, --version ${Math.round(startUp[round])} ms`);
  }
  const real = await play(context, 30_000, 'real');
  context.log(`30 s scenario under the real clock: ${seconds(real)}`);

  const longMs = median(long);
  const shortMs = median(short);
  const startUpMs = median(startUp);
  const independence = longMs / shortMs;
  const speedUp = real / longMs;
  const speedUpOfRun = (real - startUpMs) / (longMs - startUpMs);
  return [
    {
      measurement: `time independence: 30 s handler, deadline and grace / the same scenario at 10 ms (virtual clock, --scenario, median of ${ROUNDS})`,
      value: `${independence.toFixed(2)} (${Math.round(longMs)} ms / ${Math.round(shortMs)} ms)`,
      goal: `<= ${INDEPENDENCE_GOAL}`,
      met: independence <= INDEPENDENCE_GOAL,
    },
    {
      measurement: 'virtual clock speed-up: the 30 s scenario under --clock real (--time-scale 1) / under the virtual clock',
      value: `${speedUp.toFixed(0)}× (${seconds(real)} / ${Math.round(longMs)} ms; the command's own start-up, ${Math.round(startUpMs)} ms, is in both — without it ${speedUpOfRun.toFixed(0)}×)`,
      goal: `>= ${SPEED_UP_GOAL}×`,
      met: speedUp >= SPEED_UP_GOAL,
    },
  ];
}
