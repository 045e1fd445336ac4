/**
 * `compare <file> --node <the running major>,<another>` runs the target under each release: the other
 * one is fetched from the npm registry (once: into SHUTDOWN_CHECK_NODE_CACHE when CI sets it, so that
 * runs reuse it, else a folder of the machine's temp dir shared by the suite's runs).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Comparison } from '../../src/report/compare.js';
import type { Report } from '../../src/report/report.js';
import { besidesProgress, LONG, runCli, tempDir } from '../support/cli.js';
import { fixturePath } from '../support/processes.js';

const cache = process.env.SHUTDOWN_CHECK_NODE_CACHE ?? path.join(tmpdir(), 'shutdown-check-node-cache');
const running = process.versions.node;
const runningMajor = Number(running.split('.')[0]);
const otherMajor = runningMajor === 22 ? 24 : 22;

describe('compare --node', () => {
  it(
    'runs the target under each release, one row per release with its real version, its verdicts its own search’s',
    () => {
      mkdirSync(cache, { recursive: true });
      const out = tempDir();
      const result = runCli(
        ['compare', fixturePath('ignores-sigterm-under-one-node-major.js'), '--node', `${runningMajor},${otherMajor}`, '--runs', '3', '--seed', '5', '--clients', 'keep-alive', '--out', out],
        // The target ignores SIGTERM only under the other major: if it did not run under that release, its deadline would hold.
        { env: { SHUTDOWN_CHECK_NODE_CACHE: cache, IGNORE_SIGTERM_UNDER_MAJOR: String(otherMajor) }, timeoutMs: LONG },
      );
      expect(result.stderr).not.toMatch(/^shutdown-check: /m);
      const comparison = JSON.parse(readFileSync(path.join(out, 'compare.json'), 'utf8')) as Comparison;
      const [mine, other] = comparison.rows;
      expect(mine?.node).toBe(running);
      expect(other?.node).toMatch(new RegExp(`^${otherMajor}\\.\\d+\\.\\d+$`));
      expect(comparison.rows.map((r) => r.target)).toEqual([`node ${running}`, `node ${other?.node}`]);
      // The fetched binary is the release the row names.
      const binary = path.join(cache, `node-${process.platform}-${process.arch}-${other?.node}`, 'node');
      expect(spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout.trim()).toBe(`v${other?.node}`);
      expect(mine?.cells.deadline?.verdict).toBe('holds');
      expect(other?.cells.deadline?.verdict).toBe('violated');
      expect(other?.cells.deadline?.replay).toContain(`--node ${other?.node}`);
      expect(result.status).toBe(1);
      // Each row is its release's own report, which sits in a folder named for the release.
      for (const row of comparison.rows) {
        const report = JSON.parse(readFileSync(path.join(out, `node-${row.node}`, 'report.json'), 'utf8')) as Report;
        expect(report.settings?.node).toBe(row.node);
        for (const invariant of report.invariants) {
          const cell = row.cells[invariant.id]?.verdict;
          expect(invariant.verdict === 'not-applicable' ? 'n/a' : invariant.verdict === 'violated' && cell === 'warning' ? 'violated' : invariant.verdict, invariant.id).toBe(cell === 'warning' ? 'violated' : cell);
        }
      }
      // The terminal's matrix has the same rows, the deadline column as the search found it.
      const deadline = comparison.invariants.indexOf('deadline');
      const cellsOf = (version: string | undefined): string[] | undefined =>
        result.stdout.split('\n').find((line) => line.startsWith(`node ${version} `))?.trim().split(/\s+/).slice(2);
      expect(cellsOf(running)?.[deadline]).toBe('ok');
      expect(cellsOf(other?.node)?.[deadline]).toBe('FAIL');
      const markdown = readFileSync(path.join(out, 'compare.md'), 'utf8');
      expect(markdown).toContain('| node | verdict |');
      expect(markdown).toContain(`| node ${other?.node} | fail |`);
      expect(readdirSync(cache).filter((f) => f.startsWith('.fetch-'))).toEqual([]);
    },
    LONG,
  );

  it('takes its versions from the shared config file\'s node, and refuses them in a target\'s own config', { timeout: LONG }, () => {
    const dir = tempDir();
    const target = fixturePath('ignores-sigterm-under-one-node-major.js');
    writeFileSync(path.join(dir, 'shared.json'), JSON.stringify({ node: String(runningMajor) }));
    const out = path.join(dir, 'out');
    const result = runCli(['compare', target, '--config', path.join(dir, 'shared.json'), '--runs', '2', '--seed', '3', '--clients', 'keep-alive', '--out', out], { timeoutMs: LONG });
    expect(besidesProgress(result.stderr)).toBe('');
    const comparison = JSON.parse(readFileSync(path.join(out, 'compare.json'), 'utf8')) as Comparison;
    expect(comparison.rows.map((r) => r.target)).toEqual([`node ${running}`]);
    expect(comparison.acrossNode).toEqual({ target });

    writeFileSync(path.join(dir, 'own.json'), JSON.stringify({ node: '22' }));
    const own = runCli(['compare', target, '--config', `${target}=${path.join(dir, 'own.json')}`, '--out', path.join(dir, 'own-out')]);
    expect(own.status).toBe(2);
    expect(own.stderr.trim()).toBe(`shutdown-check: ${path.join(dir, 'own.json')}: node is decided once for every target of a comparison; give it with --node or in the shared config`);
  });

  it('refuses a version that is no version with one line and exit status 2, before anything runs', () => {
    const out = tempDir();
    const result = runCli(['compare', fixturePath('ignores-sigterm-under-one-node-major.js'), '--node', '7x', '--out', out]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual(["shutdown-check: --node 7x: '7x' is not a Node version; give majors or exact versions, e.g. --node 20,22,24 or --node 22.12.0"]);
    expect(existsSync(path.join(out, 'compare.json'))).toBe(false);
  });

  it('refuses a release the registry does not have with one line and exit status 2, leaving the cache as it was', () => {
    const own = tempDir();
    const result = runCli(['compare', fixturePath('ignores-sigterm-under-one-node-major.js'), '--node', `${runningMajor},99`], { env: { SHUTDOWN_CHECK_NODE_CACHE: own } });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^shutdown-check: --node 99: no such Node release in the npm registry \(node-\w+-\w+ has majors \d+ to \d+\)$/)]);
    expect(readdirSync(own)).toEqual([]);
  });

  it('without the registry, says so in one line with exit status 2 and leaves nothing in the cache', () => {
    const own = path.join(tempDir(), 'cache');
    // A registry on a closed loopback port: npm's request is refused at once (no retry, so no wait).
    const result = runCli(['run', fixturePath('ignores-sigterm-under-one-node-major.js'), '--node', String(otherMajor)], {
      env: { SHUTDOWN_CHECK_NODE_CACHE: own, npm_config_registry: 'http://127.0.0.1:9/', npm_config_fetch_retries: '0', npm_config_offline: 'false', npm_config_prefer_offline: 'false' },
    });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^shutdown-check: --node \d+: cannot list the Node releases in the npm registry \(npm view: .*ECONNREFUSED.*\); check the network and the npm config's registry$/)]);
    expect(existsSync(own) ? readdirSync(own) : []).toEqual([]);
  });

  it('does not go with a command target: --node picks the Node of a Node entry file', () => {
    const result = runCli(['run', '--cmd', './server', '--port', '8080', '--node', '22']);
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe('shutdown-check: --node picks the Node that runs a Node entry file; a --cmd target starts its own program (leave --node out)');
  });
});
