import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectUsageError, runCli, tempDir } from '../support/cli.js';
import { scenarioPath } from '../support/processes.js';

const target = scenarioPath('reference.js');

/** Every bad flag of `load`: one line naming it and what is accepted, exit status 2, nothing started. */
describe('load: bad usage', () => {
  it.each<[string, string[], RegExp]>([
    ['no target', ['load'], /^shutdown-check: load needs a target: shutdown-check load <file> \(or --target <file>, or target in the config file\)$/m],
    ['an unknown option', ['load', '--target', target, '--colour'], /^shutdown-check: unknown option --colour; see shutdown-check load --help for the options$/m],
    ['a misspelt option', ['load', '--target', target, '--conections', '10'], /^shutdown-check: unknown option --conections; did you mean --connections\?$/m],
    ['no connections', ['load', '--target', target, '--connections', '0'], /^shutdown-check: --connections 0 is not a whole number of at least 1/],
    ['a negative rate', ['load', '--target', target, '--rate', '-5'], /^shutdown-check: --rate -5 is not a whole number of at least 1$/m],
    ['a negative duration', ['load', '--target', target, '--duration', '-10s'], /^shutdown-check: --duration -10s is negative; give a duration above 0/],
    ['a rate that is not a number', ['load', '--target', target, '--rate', 'fast'], /^shutdown-check: --rate fast is not a whole number of at least 1/],
    ['a bad duration', ['load', '--target', target, '--duration', 'soon'], /^shutdown-check: --duration soon is not a duration; use e\.g\. 30s/],
    ['a signal after the load', ['load', '--target', target, '--duration', '2s', '--signal-at', '3s'], /^shutdown-check: --signal-at 3s is after the end of the load \(--duration 2s\); signal within it/],
    ['an unknown kind in the mix', ['load', '--target', target, '--mix', 'keep-alive=70,carrier=5'], /^shutdown-check: --mix keep-alive=70,carrier=5: 'carrier' is not a load kind; use keep-alive, slow, stream, websocket/],
    ['a mix of zeros', ['load', '--target', target, '--mix', 'slow=0'], /^shutdown-check: --mix slow=0: every weight is 0/],
    ['a bad signal', ['load', '--target', target, '--signal', 'SIGFOO'], /^shutdown-check: --signal SIGFOO is not accepted; use one of SIGTERM, /],
    ['a bad reporter', ['load', '--target', target, '--reporter', 'xml'], /^shutdown-check: --reporter xml is not accepted; use one of pretty, json/],
    ['a stray argument', ['load', '--target', target, 'now'], /^shutdown-check: the target is named twice, as now and --target .*; give one$/m],
    ['two targets', ['load', target, target], /^shutdown-check: load takes one target, not 2 /],
    ['two configs', ['load', target, '--config', 'a.json', '--config', 'b.json'], /^shutdown-check: --config is given 2 times \(a\.json, b\.json\); give one config file/],
    ['load after other flags', ['--target', target, 'load'], /^shutdown-check: load comes first: shutdown-check load <file> \[options\]/],
  ])('%s', (_name, args, message) => {
    const result = runCli(args, { timeoutMs: 30_000 });
    expectUsageError(result, message);
    expect(result.stdout).toBe('');
  });

  it.skipIf(!existsSync('/proc/self/limits'))('more connections than the open-file limit allows, before anything starts', () => {
    // Linux caps any process at fs.nr_open (1,048,576 by default), far below this.
    const result = runCli(['load', '--target', target, '--connections', '100000000', '--out', tempDir()], { timeoutMs: 30_000 });
    expectUsageError(
      result,
      /^shutdown-check: --connections 100000000 needs about 100,000,064 open files in the harness, which may open [\d,]+ \(ulimit -n; hard limit [\d,]+\): use at most [\d,]+ connections, or raise the hard limit/,
    );
  });

  it.each<[string, string, string[], RegExp]>([
    ['WebSockets asked of a target without them', 'exit-at-once.js', ['--mix', 'keep-alive=9,websocket=1'], /^shutdown-check: --mix asks for WebSockets, but .*exit-at-once\.js has no WebSocket endpoint/],
    ['a raw TCP target', 'raw-echo-polling.js', [], /^shutdown-check: load drives HTTP servers, and .*raw-echo-polling\.js listens for plain TCP; test it with run/],
    ['an HTTP/2 target', 'http2-goaway.js', [], /^shutdown-check: load drives HTTP\/1\.1 in clear text, and .*http2-goaway\.js serves only TLS or HTTP\/2; test it with run/],
  ])('%s, once the target says what it serves', (_name, strategy, flags, message) => {
    expectUsageError(runCli(['load', '--target', scenarioPath(strategy), ...flags, '--out', tempDir()], { timeoutMs: 60_000 }), message);
  });

  it('a target that does not exist: exit 3, one line', () => {
    const result = runCli(['load', '--target', 'nowhere.js', '--out', tempDir()], { cwd: tempDir(), timeoutMs: 30_000 });
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/^shutdown-check: target nowhere\.js not found/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('--help describes load', () => {
    const result = runCli(['load', '--help'], { timeoutMs: 30_000 });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^shutdown-check load — shutdown under real load/);
    expect(result.stdout).toContain('--signal-at <duration>');
  });
});
