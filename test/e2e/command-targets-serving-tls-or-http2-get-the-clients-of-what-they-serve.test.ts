// A server started with --cmd has no agent to say what it serves; the harness's probe finds HTTPS,
// HTTP/2 over TLS and h2c as a client would, so such a target gets the https and h2 clients a Node
// target serving the same gets (and not the raw clients of a TCP service), and they are judged.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectUsageError, LONG, readReport, runCli, tempDir } from '../support/cli.js';
import { fixturePath, scenarioPath, survivors, uniqueCopy } from '../support/processes.js';

const CERTIFICATE = scenarioPath('lib/test-only-localhost');
/** These tests are about what is drawn and judged, not start-up time: a loaded machine is slow to start one. */
const SLOW_START = ['--startup-timeout', '60s'];

/** An argument the Node server ignores, that names this test's processes among all the machine's. */
function uniqueMarker(): string {
  return `run-${path.basename(tempDir())}`;
}

function invariant(out: string, id: string) {
  return readReport(out).invariants.find((i) => i.id === id);
}

describe('command targets that serve TLS or HTTP/2', { timeout: LONG }, () => {
  it('a Python HTTPS server gets https clients, not raw ones, and its drain holds in-flight-complete', async () => {
    const server = uniqueCopy(fixturePath('python/server.py'));
    const out = tempDir();
    // Unscaled 3 s grace, as for the clear-text graceful mode (command-targets-in-python…): its exit by
    // 90 % of the grace needs the margin on a busy machine.
    const cmd = `python3 ${server} --mode graceful --tls ${CERTIFICATE}`;
    // The fixture's own config: its routes, with which the search places requests across the signal.
    const config = fixturePath('python/shutdown-check.config.json');
    const result = runCli(['--cmd', cmd, '--port-env', 'PORT', '--config', config, '--runs', '8', '--grace', '3s', '--seed', '11', ...SLOW_START, '--out', out]);
    const report = readReport(out);
    expect(report.settings.clients).toEqual(['silent', 'https']);
    expect(report.verdict, JSON.stringify(report.invariants)).toBe('pass');
    expect(result.status).toBe(0);
    const inFlight = invariant(out, 'in-flight-complete');
    expect(inFlight?.verdict).toBe('holds');
    expect(inFlight?.exercisedRuns).toBeGreaterThan(0);
    expect(await survivors(server)).toEqual([]);
  });

  it('a Node HTTP/2 server over TLS run as a command gets h2 clients, which open their sessions over TLS, and holds http2-goaway', async () => {
    const marker = uniqueMarker();
    const out = tempDir();
    // Its own deadline below the 3 s grace: a silent TLS connection, never a session, keeps the listener open until then.
    const cmd = `DEADLINE_MS=2500 node ${scenarioPath('http2-tls.js')} ${marker}`;
    const result = runCli(['--cmd', cmd, '--port-env', 'PORT', '--runs', '8', '--grace', '3s', '--seed', '11', ...SLOW_START, '--out', out]);
    const report = readReport(out);
    expect(report.settings.clients).toEqual(['silent', 'h2']);
    expect(report.verdict, JSON.stringify(report.invariants)).toBe('pass');
    expect(result.status).toBe(0);
    const goaway = invariant(out, 'http2-goaway');
    expect(goaway?.verdict).toBe('holds');
    expect(goaway?.exercisedRuns).toBeGreaterThan(0);
    expect(await survivors(marker)).toEqual([]);
  });

  it('a Node h2c server that exits without GOAWAY, run as a command, is found violating http2-goaway', () => {
    const out = tempDir();
    const result = runCli(['--cmd', `node ${scenarioPath('http2-close-then-exit.js')}`, '--port-env', 'PORT', '--runs', '10', '--shrink-runs', '5', '--grace', '3s', '--seed', '7', ...SLOW_START, '--out', out]);
    expect(result.status).toBe(1);
    expect(readReport(out).settings.clients).toEqual(['silent', 'h2']);
    expect(invariant(out, 'http2-goaway')?.verdict).toBe('violated');
  });

  it('--proxy nginx refuses an HTTP/2-over-TLS command target with one line and status 2, leaving nothing running', async () => {
    const marker = uniqueMarker();
    const result = runCli(['--cmd', `node ${fixturePath('h2-secure-allowing-http1.mjs')} ${marker}`, '--port-env', 'PORT', '--proxy', 'nginx', '--runs', '1', ...SLOW_START, '--out', tempDir()]);
    expectUsageError(result, /^shutdown-check: --proxy nginx passes requests on as clear HTTP\/1\.1, and .* serves only TLS or HTTP\/2; run it without --proxy$/m);
    expect(await survivors(marker, 5_000)).toEqual([]);
  });
});
