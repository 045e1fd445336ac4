import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/cli.js';
import { scenarioPath } from '../support/processes.js';

const target = scenarioPath('reference.js');

/** Every bad flag and every bad config: one line naming it and what is accepted, and exit status 2. */
describe('bad usage', () => {
  it.each<[string, string[], RegExp]>([
    ['an unknown option', ['--target', target, '--colour'], /^shutdown-check: unknown option --colour; see shutdown-check --help for the options\n$/],
    ['a misspelt option', ['--target', target, '--grcae', '30s'], /^shutdown-check: unknown option --grcae; did you mean --grace\?\n$/],
    ['an option cut short', ['--target', target, '--max-lat', '3s'], /^shutdown-check: unknown option --max-lat; did you mean --max-latency\?\n$/],
    ['a long option with one dash', ['-target', target], /^shutdown-check: unknown option -target; did you mean --target\?\n$/],
    ['a misspelt long option with one dash and its value', ['--target', target, '-concurency=2'], /^shutdown-check: unknown option -concurency; did you mean --concurrency\?\n$/],
    ['no target', [], /^shutdown-check: a target is required: shutdown-check <file> \(or --target <file>\)/],
    ['two targets', [target, target], /^shutdown-check: run takes one target, not 2 \(.*\); to search several, use compare\n$/],
    ['a target as an argument and a flag', [target, '--target', target], /^shutdown-check: the target is named twice, as .* and --target .*; give one\n$/],
    ['a misspelt command', ['comapre', 'a.js', 'b.js'], /^shutdown-check: unknown command 'comapre'; did you mean compare\? /],
    ['a target file and a command', [target, '--cmd', 'python3 server.py', '--port', '8080'], /^shutdown-check: --target and --cmd both name the server/],
    ['an unknown command', ['frobnicate', '--target', target], /^shutdown-check: unknown command 'frobnicate'; the commands are run, compare, replay, load and merge/],
    ['compare with no targets', ['compare'], /^shutdown-check: compare takes the targets to compare/],
    ['a bad time budget', ['--target', target, '--time-budget', 'later'], /^shutdown-check: --time-budget later is not a duration/],
    ['a bad clock', ['--target', target, '--clock', 'fast'], /^shutdown-check: --clock fast is not accepted; use one of virtual, real/],
    ['a time scale of zero', ['--target', target, '--clock', 'real', '--time-scale', '0'], /^shutdown-check: --time-scale 0 is not a positive number/],
    ['a time scale without the real clock', ['--target', target, '--time-scale', '0.5'], /^shutdown-check: --time-scale scales the real clock; use it with --clock real/],
    ['a bad grace', ['--target', target, '--grace', 'soon'], /^shutdown-check: --grace soon is not a duration; use e.g. 30s, 500ms or 2m/],
    ['a bad signal', ['--target', target, '--signal', 'SIGFOO'], /^shutdown-check: --signal SIGFOO is not accepted; use one of SIGTERM, /],
    ['a bad profile', ['--target', target, '--profile', 'k8s'], /^shutdown-check: --profile k8s is not accepted; use one of immediate, kubernetes/],
    ['a bad client kind', ['--target', target, '--clients', 'keep-alive,carrier-pigeon'], /^shutdown-check: --clients carrier-pigeon is not accepted; use one of /],
    ['a bad run count', ['--target', target, '--runs', '0'], /^shutdown-check: --runs 0 is not a whole number of at least 1/],
    ['a bad seed', ['--target', target, '--seed', 'abc'], /^shutdown-check: --seed abc is not a whole number/],
    ['a path without a seed, here or in a config file', ['--target', target, '--path', '1:2'], /^shutdown-check: --path 1:2 replays a failure only with the seed it was printed with; give --seed <n> \(or seed in the config file\)/],
    ['a malformed path', ['--target', target, '--seed', '1', '--path', 'x'], /^shutdown-check: --path x is not a replay path/],
    ['a bad reporter', ['--target', target, '--reporter', 'xml'], /^shutdown-check: --reporter xml is not accepted; use one of pretty, json/],
    ['a bad concurrency', ['--target', target, '--concurrency', '0'], /^shutdown-check: --concurrency 0 is not a whole number of at least 1/],
    ['a flag where a value should be', ['--target', target, '--signal', '--strict'], /^shutdown-check: --signal needs a value; for one that starts with a dash write --signal=<value>/],
    ['a negative concurrency', ['--target', target, '--concurrency', '-1'], /^shutdown-check: --concurrency -1 is not a whole number of at least 1$/m],
    ['a negative run count', ['--target', target, '--runs', '-1'], /^shutdown-check: --runs -1 is not a whole number of at least 1$/m],
    ['a negative grace', ['--target', target, '--grace', '-5s'], /^shutdown-check: --grace -5s is negative; give a duration above 0/],
    ['a flag with no value', ['--target'], /^shutdown-check: Option '--target <value>' argument missing/],
    ['replay of a missing report', ['replay', '/nonexistent/report.json'], /^shutdown-check: cannot read \/nonexistent\/report\.json/],
  ])('%s', (_name, args, message) => {
    const result = runCli(args, { timeoutMs: 30_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toBe('');
  });
});

describe('bad config', () => {
  it.each<[string, string, string, RegExp]>([
    ['an unknown key', 'shutdown-check.config.json', '{"verbose": true}', /^shutdown-check: shutdown-check\.config\.json: unknown key "verbose"; the keys are routes, /],
    ['a misspelt key', 'shutdown-check.config.json', '{"timeBudegt": "1m"}', /^shutdown-check: shutdown-check\.config\.json: unknown key "timeBudegt"; did you mean "timeBudget"\?\n$/],
    ['a misspelt route', 'shutdown-check.config.json', '{"routes": {"strem": "/s?n={chunks}&e={every}"}}', /^shutdown-check: shutdown-check\.config\.json: unknown key "routes\.strem"; did you mean "routes\.stream"\?\n$/],
    ['a route without its placeholder', 'shutdown-check.config.json', '{"routes": {"slow": "/slow"}}', /routes\.slow "\/slow" must contain \{ms\}/],
    ['malformed JSON', 'shutdown-check.config.json', '{"routes": ', /^shutdown-check: shutdown-check\.config\.json: malformed JSON/],
    ['a bad exit code', 'shutdown-check.config.json', '{"allowedExitCodes": [300]}', /allowedExitCodes/],
    ['a config that throws', 'shutdown-check.config.mjs', 'throw new Error("no env");', /^shutdown-check: shutdown-check\.config\.mjs: .*no env/],
  ])('%s', (_name, file, content, message) => {
    const dir = tempDir();
    writeFileSync(path.join(dir, file), content);
    const result = runCli(['--target', target], { cwd: dir, timeoutMs: 30_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('an explicit --config that does not exist', () => {
    const result = runCli(['--target', target, '--config', 'nowhere.json'], { cwd: tempDir(), timeoutMs: 30_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^shutdown-check: nowhere\.json: no such file/);
  });
});
