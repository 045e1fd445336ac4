/**
 * `merge` reads the config file as run does, for the settings that are its own (reporter, noColor,
 * out): a merge in the folder of the shards' config writes and prints the merged report as the shards'
 * runs wrote theirs, and its flags win over the file. A bad config file is one line and exit status 2,
 * before any blob is read.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectUsageError, LONG, readReport, runCli, tempDir } from '../support/cli.js';
import { scenarioPath } from '../support/processes.js';

const reference = scenarioPath('reference.js');

/** The config of the shards and of their merge; the merge must take its reporters and its folder. */
const CONFIG = { runs: 2, seed: 3, reporter: ['pretty', 'junit', 'summary'], noColor: true, out: 'merged' };

describe('merge with a config file', { timeout: LONG }, () => {
  const dir = tempDir();
  beforeAll(() => {
    writeFileSync(path.join(dir, 'shutdown-check.config.mjs'), [
      "import { appendFileSync } from 'node:fs';",
      `export default () => { appendFileSync(new URL('./loads.log', import.meta.url), 'loaded\\n'); return ${JSON.stringify(CONFIG)}; };`,
    ].join('\n'));
    for (const shard of ['1/2', '2/2']) {
      const run = runCli([reference, '--shard', shard, '--out', `shard-${shard[0]}`], { cwd: dir, env: { FORCE_COLOR: '1' } });
      expect(run.status, run.stderr).toBe(0);
      // The shards themselves took the config's reporters (the flag --out wins over its out).
      expect(existsSync(path.join(dir, `shard-${shard[0]}`, 'junit.xml'))).toBe(true);
    }
  }, LONG);

  it('writes the config\'s reporters\' files to its out, without colour, loading it once', () => {
    const before = readFileSync(path.join(dir, 'loads.log'), 'utf8').split('\n').filter(Boolean).length;
    const merged = runCli(['merge', 'shard-1', 'shard-2'], { cwd: dir, env: { FORCE_COLOR: '1' } });
    expect(merged.status, merged.stderr).toBe(0);
    for (const file of ['report.json', 'junit.xml', 'summary.md']) expect(existsSync(path.join(dir, 'merged', file)), file).toBe(true);
    expect(readReport(path.join(dir, 'merged'))).toMatchObject({ verdict: 'pass', seed: 3, numRuns: 2 });
    expect(existsSync(path.join(dir, 'reports'))).toBe(false);
    // FORCE_COLOR=1 would colour it; the config's noColor turns colour off, as it does for a run.
    expect(merged.stdout).not.toContain('\u001b[');
    expect(merged.stdout).toMatch(/verdict: pass\n\nreport: .*merged\/report\.json, .*merged\/junit\.xml, .*merged\/summary\.md\n$/);
    const after = readFileSync(path.join(dir, 'loads.log'), 'utf8').split('\n').filter(Boolean).length;
    expect(after - before).toBe(1);
  });

  it('takes its flags over the config file', () => {
    const out = tempDir();
    const merged = runCli(['merge', 'shard-1', 'shard-2', '--out', out, '--reporter', 'json'], { cwd: dir });
    expect(merged.status, merged.stderr).toBe(0);
    expect(JSON.parse(merged.stdout)).toMatchObject({ verdict: 'pass', numRuns: 2 });
    expect(existsSync(path.join(out, 'report.json'))).toBe(true);
    expect(existsSync(path.join(out, 'junit.xml'))).toBe(false);
  });

  it('reads the config file --config names', () => {
    const elsewhere = tempDir();
    writeFileSync(path.join(elsewhere, 'merge.json'), JSON.stringify({ reporter: ['html'], out: 'from-json' }));
    const merged = runCli(['merge', path.join(dir, 'shard-1'), path.join(dir, 'shard-2'), '--config', 'merge.json'], { cwd: elsewhere });
    expect(merged.status, merged.stderr).toBe(0);
    expect(existsSync(path.join(elsewhere, 'from-json', 'report.html'))).toBe(true);
  });

  it.each<[string, string, string, string[], RegExp]>([
    ['a config file with a bad key', 'shutdown-check.config.json', '{"reporters": ["json"]}', [], /^shutdown-check: shutdown-check\.config\.json: unknown key "reporters"; did you mean "reporter"\?\n$/],
    ['a config file with a bad reporter', 'shutdown-check.config.json', '{"reporter": ["xml"]}', [], /^shutdown-check: shutdown-check\.config\.json: reporter/],
    ['a --config that does not exist', 'unused.json', '{}', ['--config', 'nowhere.json'], /^shutdown-check: nowhere\.json: no such file/],
    ['--config given twice', 'a.json', '{}', ['--config', 'a.json', '--config', 'a.json'], /^shutdown-check: --config is given 2 times/],
  ])('refuses %s with one line and exit status 2', (_name, file, content, args, message) => {
    const elsewhere = tempDir();
    writeFileSync(path.join(elsewhere, file), content);
    const merged = runCli(['merge', path.join(dir, 'shard-1'), path.join(dir, 'shard-2'), ...args], { cwd: elsewhere, timeoutMs: 60_000 });
    expectUsageError(merged, message);
    expect(merged.stdout).toBe('');
    expect(existsSync(path.join(elsewhere, 'reports'))).toBe(false);
  });
});
