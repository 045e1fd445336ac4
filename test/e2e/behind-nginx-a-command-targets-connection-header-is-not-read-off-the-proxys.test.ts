// A command target has no agent: behind nginx, the Connection header its clients see is nginx's own
// (hop-by-hop, RFC 9110 §7.6.1), which keeps the client's connection alive whatever the target said.
// The Python server's graceful mode answers `Connection: close` while it drains; judging the header
// the clients saw would blame it for nginx's. The report must say it cannot see the target's header,
// and that the clients' keep-alive race was not put to the test (their connections end at nginx).
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { fixturePath, survivors, uniqueCopy } from '../support/processes.js';

/**
 * Two requests on one keep-alive connection; the second, sent 100 ms before SIGTERM, takes 1 s, so it
 * is answered during the drain (with `Connection: close` from the server).
 */
const scenario = JSON.stringify({
  clients: [{ kind: 'keep-alive', id: 'A', at: 500, requests: [{ at: 500, path: '/' }, { at: 900, path: '/slow?ms=1000' }] }],
  signal: 'SIGTERM',
  signalAt: 1000,
  graceMs: 10000,
  profile: 'immediate',
});

/** The verdicts of a `--scenario` run, which prints its JSON report and writes no file. */
function verdicts(run: { stdout: string; stderr: string; status: number | null }): Record<string, string> {
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const report = JSON.parse(run.stdout) as { invariants: { id: string; verdict: string }[] };
  return Object.fromEntries(report.invariants.map((i) => [i.id, i.verdict]));
}

describe('a command target behind nginx', () => {
  it("is not judged on nginx's Connection header: drain-connection-close is unknown, keepalive-race not exercised", async () => {
    const server = uniqueCopy(fixturePath('python/server.py'));
    const base = ['--cmd', `python3 ${server} --mode graceful`, '--port-env', 'PORT', '--scenario', scenario, '--startup-timeout', '60s', '--reporter', 'json'];

    // Without the proxy the same run puts the header to the test, and the server said close.
    expect(verdicts(runCli(base))['drain-connection-close']).toBe('holds');
    expect(verdicts(runCli([...base, '--proxy', 'nginx']))).toMatchObject({ 'drain-connection-close': 'unknown', 'keepalive-race': 'not-exercised', 'no-shutdown-5xx': 'holds' });
    expect(await survivors(server)).toEqual([]);
  }, 120_000);
});
