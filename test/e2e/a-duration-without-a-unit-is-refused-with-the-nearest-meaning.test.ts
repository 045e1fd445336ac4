/**
 * `--grace 30` could mean 30 ms or 30 s, and the difference is a run that kills every target at once
 * or one that waits half a minute: a duration without its unit is refused, as a flag and in a config
 * file, with the seconds most likely meant, before any target starts.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectUsageError, runCli, tempDir } from '../support/cli.js';
import { fixturePath } from '../support/processes.js';

const target = fixturePath('logs-its-starts.js');

/** The command line in a fresh folder, with a log the target appends to as it starts. */
function runLogged(args: string[], config?: { file: string; text: string }) {
  const dir = tempDir();
  const log = path.join(dir, 'starts.log');
  if (config) writeFileSync(path.join(dir, config.file), config.text);
  const result = runCli(args, { cwd: dir, env: { STARTS_LOG: log }, timeoutMs: 60_000 });
  return { ...result, started: existsSync(log) };
}

describe('a duration without its unit', () => {
  it.each<[string, string[], RegExp]>([
    ['--grace 30', [target, '--grace', '30'], /^shutdown-check: --grace 30 needs a unit: did you mean 30s\? \(or 30ms; the units are ms, s and m\)\n$/],
    ['--time-budget 90', ['--target', target, '--time-budget', '90'], /^shutdown-check: --time-budget 90 needs a unit: did you mean 90s\?/],
    ['--startup-timeout 2.5', ['run', target, '--startup-timeout', '2.5'], /^shutdown-check: --startup-timeout 2\.5 needs a unit: did you mean 2\.5s\?/],
    ['load --duration 10', ['load', target, '--duration', '10'], /^shutdown-check: --duration 10 needs a unit: did you mean 10s\?/],
    ['compare --shrink-budget 60', ['compare', target, target, '--shrink-budget', '60'], /^shutdown-check: --shrink-budget 60 needs a unit: did you mean 60s\?/],
  ])('is refused as the flag %s, and no target starts', (_name, args, message) => {
    const result = runLogged(args);
    expectUsageError(result, message);
    expect(result.stdout).toBe('');
    expect(result.started).toBe(false);
  });

  it.each<[string, { file: string; text: string }, RegExp]>([
    ['a JSON number', { file: 'shutdown-check.config.json', text: '{ "grace": 30 }' }, /^shutdown-check: shutdown-check\.config\.json: grace 30 needs a unit: did you mean "30s"\? \(or "30ms"/],
    ['a string of digits', { file: 'shutdown-check.config.json', text: '{ "maxLatency": "1500" }' }, /^shutdown-check: shutdown-check\.config\.json: maxLatency "1500" needs a unit: did you mean "1500s"\?/],
    ['a module', { file: 'shutdown-check.config.mjs', text: 'export default { startupTimeout: 5 };\n' }, /^shutdown-check: shutdown-check\.config\.mjs: startupTimeout 5 needs a unit: did you mean "5s"\?/],
    ['a slow route', { file: 'shutdown-check.config.json', text: '{ "routes": { "slow": { "path": "/r", "latency": 3 } } }' }, /routes\.slow\.latency 3 needs a unit: did you mean "3s"\?/],
  ])('is refused in a config file as %s, and no target starts', (_name, config, message) => {
    const result = runLogged([target], config);
    expectUsageError(result, message);
    expect(result.started).toBe(false);
  });

  it('is refused in the config of load mode too', () => {
    const result = runLogged(['load', target], { file: 'shutdown-check.config.json', text: '{ "signalAt": 4 }' });
    expectUsageError(result, /^shutdown-check: shutdown-check\.config\.json: signalAt 4 needs a unit: did you mean "4s"\?/);
    expect(result.started).toBe(false);
  });
});
