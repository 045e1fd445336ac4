import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkShutdown } from '../../src/api/check-shutdown.js';
import { OptionsError } from '../../src/api/options.js';
import { runScenario } from '../../src/api/run-scenario.js';
import { ConfigError } from '../../src/config/config.js';
import { ScenarioError } from '../../src/run/executor.js';
import type { Scenario } from '../../src/scenario/types.js';
import { TargetError } from '../../src/target/errors.js';
import { runCli, tempDir } from '../support/cli.js';
import { fixturePath, scenarioPath } from '../support/processes.js';

/**
 * A generous start-up limit where a search starts targets: on a loaded machine the default 10 s can
 * pass before one listens; these tests are about the library, not start-up time.
 */
const SLOW_START = '60s';

/** A request whose answer takes 2 s is in flight when SIGTERM comes. */
const inFlight: Scenario = {
  clients: [{ kind: 'slow', id: 'A', at: 0, latencyMs: 2000 }],
  signal: 'SIGTERM',
  signalAt: 100,
  graceMs: 30_000,
  profile: 'immediate',
};

describe('runScenario', () => {
  it('judges one scenario: a server that exits at once cuts the request in flight', async () => {
    const result = await runScenario(scenarioPath('exit-at-once.js'), inFlight);
    expect(result.run).toEqual({ status: 'completed' });
    expect(result.verdict).toBe('fail');
    expect(result.invariants.find((i) => i.id === 'in-flight-complete')?.verdict).toBe('violated');
    expect(result.history.some((e) => e.type === 'signal-sent')).toBe(true);
    expect(result.historyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(result.replay).toBe(`npx shutdown-check --target ${scenarioPath('exit-at-once.js')} --scenario '${JSON.stringify(inFlight)}'`);
  });

  it('and the reference strategy answers it', async () => {
    const result = await runScenario(scenarioPath('reference.js'), inFlight);
    expect(result.verdict).toBe('pass');
    expect(result.invariants.filter((i) => i.verdict === 'violated' || i.verdict === 'unknown')).toEqual([]);
  });

  it('rejects a malformed scenario before starting anything', async () => {
    const bad: Scenario = { ...inFlight, graceMs: 0 };
    await expect(runScenario(scenarioPath('reference.js'), bad)).rejects.toThrow(ScenarioError);
  });

  it('rejects with TargetError, carrying its stderr, when the target cannot start', async () => {
    const rejection = runScenario(fixturePath('throws-on-start.js'), inFlight);
    await expect(rejection).rejects.toThrow(TargetError);
    const error = (await rejection.catch((e: unknown) => e)) as TargetError;
    expect(error.stderrTail.join('\n')).toContain('database URL is not set');
  });
});

describe('checkShutdown', () => {
  it('resolves with exactly the report.json the command line writes for the same search', async () => {
    const out = tempDir();
    const target = scenarioPath('exit-at-once.js');
    const cli = runCli(['--target', target, '--runs', '3', '--seed', '5', '--clients', 'slow,keep-alive', '--grace', '10s', '--startup-timeout', '60s', '--out', out]);
    expect(cli.status).toBe(1);
    const written = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as unknown;
    const report = await checkShutdown({ target, runs: 3, seed: 5, clients: ['slow', 'keep-alive'], grace: '10s', startupTimeout: SLOW_START });
    expect(report.verdict).toBe('fail');
    expect(report).toEqual(written);
  });

  it('rejects with TargetError when the target does not exist', async () => {
    await expect(checkShutdown({ target: fixturePath('not-here.js') })).rejects.toThrow(TargetError);
  });

  it('rejects with OptionsError when the target can take none of the client kinds asked for', async () => {
    const dropped: string[] = [];
    const rejection = checkShutdown({
      target: scenarioPath('reference.js'),
      clients: ['raw'],
      startupTimeout: SLOW_START,
      onDroppedKind: (d) => dropped.push(d.kind),
    });
    await expect(rejection).rejects.toThrow(OptionsError);
    await expect(rejection).rejects.toThrow(/^none of the client kinds asked for \(raw\) applies to .*reference\.js; ask for kinds it supports$/);
    expect(dropped).toEqual(['raw']);
  });

  it('rejects with ConfigError for a config file that is not there', async () => {
    await expect(checkShutdown({ target: scenarioPath('reference.js'), config: '/nonexistent/shutdown-check.config.json' })).rejects.toThrow(
      ConfigError,
    );
  });
});

describe('a command target through the library', () => {
  const config = fixturePath('python/shutdown-check.config.json');
  const server = fixturePath('python/server.py');

  it('runScenario takes { cmd, portEnv }: the broken Python server cuts the request in flight', async () => {
    const cmd = `python3 ${server} --mode broken`;
    const result = await runScenario({ cmd, portEnv: 'PORT' }, inFlight, { config, timeScale: 0.25 });
    expect(result.clock).toBe('real');
    expect(result.verdict).toBe('fail');
    expect(result.invariants.find((i) => i.id === 'in-flight-complete')?.verdict).toBe('violated');
    expect(result.replay).toContain(`--cmd '${cmd}' --port-env PORT --config ${config} --time-scale 0.25 --scenario`);
  });

  it('checkShutdown rejects a command without a port before starting it', async () => {
    const rejection = checkShutdown({ cmd: `python3 ${server} --mode graceful` });
    await expect(rejection).rejects.toThrow(OptionsError);
    await expect(rejection).rejects.toThrow(/^cmd needs its port: port, where it listens, or portEnv/);
  });

  it('rejects a target and a command together', async () => {
    await expect(runScenario(scenarioPath('reference.js'), inFlight, { cmd: 'python3 server.py' })).rejects.toThrow(
      /^target and cmd both name the server/,
    );
  });
});
