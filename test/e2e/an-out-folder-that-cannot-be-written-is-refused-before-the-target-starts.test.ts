// `--out` is checked before anything runs, for run, compare and load: a folder that is a file, is
// under a file, cannot be made or cannot be written to is one line and exit status 2, and the target
// never starts (it would leave a trace in a file). No path makes the harness spin — not one in /proc,
// where Node's recursive mkdir loops for ever — since every command is bounded and must end with 2.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { besidesProgress, expectUsageError, runCli, tempDir } from '../support/cli.js';
import { CLI, fixturePath } from '../support/processes.js';

const target = fixturePath('reliability/records-its-start.js');

/** The command's words for each verb, with `out` as its --out. */
const verbs = {
  run: (out: string) => ['--target', target, '--runs', '1', '--out', out],
  compare: (out: string) => ['compare', target, target, '--runs', '1', '--out', out],
  load: (out: string) => ['load', '--target', target, '--duration', '1s', '--connections', '2', '--out', out],
} as const;

/** Runs the command with a fresh trace file; returns its result and whether a target started. */
function attempt(args: string[], wrap: (command: string[]) => string[] = (c) => c) {
  const started = path.join(tempDir(), 'started');
  const [file, ...rest] = wrap([process.execPath, CLI, ...args]);
  const result = spawnSync(file as string, rest, {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, STARTED_FILE: started },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, started: existsSync(started) };
}

const isRoot = process.getuid?.() === 0;
const hasSetpriv = spawnSync('setpriv', ['--version']).status === 0;
const canMountReadOnly = isRoot && spawnSync('unshare', ['-m', 'true']).status === 0;

describe.each(Object.keys(verbs) as (keyof typeof verbs)[])('%s --out', (verb) => {
  const words = verbs[verb];

  it.each<[string, () => string, RegExp]>([
    [
      'an existing file',
      () => {
        const file = path.join(tempDir(), 'report.json');
        writeFileSync(file, '{}');
        return file;
      },
      /^shutdown-check: --out \S+\/report\.json is a file; give a folder \(it is made if it does not exist\)$/m,
    ],
    [
      'a folder under a file',
      () => {
        const file = path.join(tempDir(), 'notes.txt');
        writeFileSync(file, '');
        return path.join(file, 'reports', 'today');
      },
      /^shutdown-check: --out \S+\/notes\.txt\/reports\/today: \S+\/notes\.txt is a file, so no folder can be made under it; give a folder$/m,
    ],
    ['a folder in /sys', () => '/sys/shutdown-check-reports', /^shutdown-check: --out \/sys\/shutdown-check-reports: cannot make a folder in \/sys \(E\w+: [^)]+\); give a folder you can write to$/m],
    ['/sys itself', () => '/sys', /^shutdown-check: --out \/sys: cannot make a file in \/sys \(E\w+: [^)]+\); give a folder you can write to$/m],
    ['a folder in /proc/self', () => '/proc/self/nope', /^shutdown-check: --out \/proc\/self\/nope: cannot make a folder in \/proc\/self \(ENOENT: no such file or directory\); give a folder you can write to$/m],
    ['a folder two levels under /proc/self', () => '/proc/self/nope/deeper', /^shutdown-check: --out \/proc\/self\/nope\/deeper: cannot make a folder in \/proc\/self \(ENOENT/],
    [
      'a folder whose report file is a folder',
      () => {
        const out = tempDir();
        for (const name of ['report.json', 'compare.json', 'load.json']) mkdirSync(path.join(out, name));
        return out;
      },
      /^shutdown-check: --out \S+: \S+\/(report|compare|load)\.json is there and cannot be written \(EISDIR: illegal operation on a directory\); remove it or give another folder$/m,
    ],
  ])('%s: one line, exit 2, and no target started', (_case, out, message) => {
    const result = attempt(words(out()));
    expectUsageError(result, message);
    expect(result.stdout).toBe('');
    expect(result.started).toBe(false);
  });

  // Root writes through any permission bits, so the command runs as nobody there.
  it.skipIf(isRoot && !hasSetpriv)('a folder the user cannot write to: one line, exit 2, and no target started', () => {
    const parent = tempDir();
    chmodSync(parent, 0o755);
    const locked = path.join(parent, 'locked');
    mkdirSync(locked, { mode: 0o555 });
    chmodSync(locked, 0o555);
    const asUser = (command: string[]): string[] => (isRoot ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', ...command] : command);
    for (const [out, creates] of [
      [locked, 'file'],
      [path.join(locked, 'reports'), 'folder'],
    ] as const) {
      const result = attempt(words(out), asUser);
      expectUsageError(result, new RegExp(`^shutdown-check: --out ${out}: cannot make a ${creates} in ${locked} \\(EACCES: permission denied\\)`));
      expect(result.started).toBe(false);
    }
  });

  // A read-only file system of its own, in a mount namespace that ends with the command.
  it.skipIf(!canMountReadOnly)('a folder on a read-only file system: one line, exit 2, and no target started', () => {
    const mountPoint = tempDir();
    const out = path.join(mountPoint, 'reports');
    const readOnly = (command: string[]): string[] => [
      'unshare',
      '-m',
      'sh',
      '-c',
      `mount -t tmpfs -o ro shutdown-check-test "$0" && exec "$@"`,
      mountPoint,
      ...command,
    ];
    const result = attempt(words(out), readOnly);
    expectUsageError(result, new RegExp(`^shutdown-check: --out ${out}: cannot make a folder in ${mountPoint} \\(EROFS: read-only file system\\)`));
    expect(result.started).toBe(false);
  });
});

describe('a good --out', () => {
  it('is made when it does not exist, and the report is written there', () => {
    const out = path.join(tempDir(), 'new', 'reports');
    const result = runCli(['--target', target, '--runs', '1', '--clients', 'silent', '--out', out], { timeoutMs: 300_000 });
    expect(besidesProgress(result.stderr)).toBe('');
    expect(result.status).toBe(0);
    expect(existsSync(path.join(out, 'report.json'))).toBe(true);
  });
});
