import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScenarioResult } from '../../src/report/scenario-result.js';
import type { Scenario } from '../../src/scenario/types.js';
import { runCli, tempDir } from '../support/cli.js';
import { scenarioPath } from '../support/processes.js';

const streamAtSignal: Scenario = {
  clients: [{ kind: 'stream', id: 'A', at: 0, chunks: 3, everyMs: 50, sse: false }],
  signal: 'SIGTERM',
  signalAt: 60,
  graceMs: 30_000,
  profile: 'immediate',
};

describe('shutdown-check --target <file> --scenario <json|file>', () => {
  it('runs the scenario given inline, judges it and exits 1 when an invariant is violated', () => {
    const result = runCli(['--target', scenarioPath('exit-at-once.js'), '--scenario', JSON.stringify(streamAtSignal)]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^FAIL stream-clean-end\s+violated \(error\)$/m);
    expect(result.stdout).toContain('A (stream) asks for a stream of 3 chunks, one every 50 ms, at 0 ms');
    expect(result.stdout).toContain(`--scenario '${JSON.stringify(streamAtSignal)}'`);
  });

  it('runs a scenario from a file and exits 0 when every invariant holds; --reporter json prints the result', () => {
    const file = path.join(tempDir(), 'scenario.json');
    writeFileSync(file, JSON.stringify(streamAtSignal, null, 2));
    const result = runCli(['--target', scenarioPath('reference.js'), '--scenario', file, '--reporter', 'json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const printed = JSON.parse(result.stdout) as ScenarioResult;
    expect(printed.verdict).toBe('pass');
    expect(printed.scenario).toEqual(streamAtSignal);
    expect(printed.historyHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each<[string, string[], RegExp]>([
    ['a scenario that is not JSON', ['--scenario', '{clients'], /^shutdown-check: --scenario: malformed JSON/],
    ['a scenario file that is not there', ['--scenario', '/nonexistent/s.json'], /^shutdown-check: --scenario \/nonexistent\/s\.json: cannot read it/],
    [
      'a scenario with a misspelt key',
      ['--scenario', JSON.stringify({ ...streamAtSignal, grace: 5 })],
      /^shutdown-check: --scenario is not a valid scenario: scenario has an unknown key "grace"\n$/,
    ],
    ['a search flag with it', ['--scenario', JSON.stringify(streamAtSignal), '--seed', '3'], /^shutdown-check: --seed does not go with --scenario/],
    ['compare with it', ['compare', 'scenarios/', '--scenario', '{}'], /^shutdown-check: --scenario runs against one target: use it with run, not compare\n$/],
  ])('says what is wrong with %s in one line and exits 2', (_name, args, message) => {
    const target = args[0] === 'compare' ? [] : ['--target', scenarioPath('reference.js')];
    const result = runCli([...target, ...args], { timeoutMs: 60_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toBe('');
  });
});
