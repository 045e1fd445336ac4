/**
 * fastify's `close()` with its defaults gives an HTTP/2 server only `server.close()`; Node 24 made
 * that close the open sessions (GOAWAY, then the streams taken are answered), Node 20 and 22 do not.
 * One scenario (`--scenario`), run under the running release and under the other side of 24: the
 * verdict follows the release, the header names it, and the printed replay carries `--node` with it,
 * so a replay reruns under the release that gave the verdict. The other release is fetched from the
 * npm registry once, into the cache the suite shares (as compare --node's test does).
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LONG, runCli } from '../support/cli.js';
import { fixturePath } from '../support/processes.js';

const cache = process.env.SHUTDOWN_CHECK_NODE_CACHE ?? path.join(tmpdir(), 'shutdown-check-node-cache');
const runningMajor = Number(process.versions.node.split('.')[0]);
const otherMajor = runningMajor >= 24 ? 22 : 24;

function runUnder(major: number) {
  const args = [
    fixturePath('as-deployed/fastify-http2-close.js'),
    '--config', fixturePath('as-deployed/routes.config.json'),
    '--scenario', fixturePath('as-deployed/h2-across-the-signal.json'),
    '--no-color',
    ...(major === runningMajor ? [] : ['--node', String(major)]),
  ];
  return runCli(args, { env: { SHUTDOWN_CHECK_NODE_CACHE: cache }, timeoutMs: LONG });
}

describe('fastify-http2-close.js under two Node releases, one scenario', () => {
  it.each([runningMajor, otherMajor])('under Node %i: GOAWAY and a clean exit from 24 on, neither before', (major) => {
    mkdirSync(cache, { recursive: true });
    const result = runUnder(major);
    if (major >= 24) {
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^ok {3}http2-goaway {12}holds$/m);
      expect(result.stdout).toMatch(/1000 ms {2}H receives GOAWAY \(code 0, last stream 3\)/);
      expect(result.stdout).toMatch(/1500 ms {2}target exits with code 0/);
    } else {
      expect(result.status, result.stderr).toBe(1);
      expect(result.stdout).toMatch(/^FAIL http2-goaway {12}violated \(error\)$/m);
      expect(result.stdout).not.toContain('GOAWAY (code');
      expect(result.stdout).toMatch(/31000 ms {2}target is killed by SIGKILL/);
    }
    if (major !== runningMajor) {
      expect(result.stdout).toMatch(new RegExp(`^shutdown-check: .*fastify-http2-close\\.js, Node ${major}\\.\\d+\\.\\d+, virtual clock, one scenario$`, 'm'));
      expect(result.stdout).toMatch(new RegExp(`npx shutdown-check --target \\S+ --config \\S+ --node ${major}\\.\\d+\\.\\d+ --scenario `));
    }
  }, LONG);
});
