import { describe, expect, it } from 'vitest';
import { readReport, runCli, tempDir } from '../support/cli.js';
import { scenarioPath } from '../support/processes.js';

/**
 * No routes config: the only slow and streaming answers an HTTP/2 server gives are the agent's held and
 * trickled streams. They are in flight at the signal, so a search finds the server that destroys its
 * sessions there (cutting the streams its GOAWAY promised), and the reference, which finishes them,
 * passes with in-flight-complete put to the test.
 */
describe('a search on an HTTP/2 server without a routes config', { timeout: 600_000 }, () => {
  it('finds that session.destroy() at the signal cuts the streams in flight', () => {
    const out = tempDir();
    const result = runCli(['--target', scenarioPath('http2-destroy-sessions.js'), '--runs', '20', '--seed', '7', '--out', out]);
    expect(result.status).toBe(1);
    const report = readReport(out);
    expect(report.settings.clients).toEqual(['silent', 'h2']);
    const inFlight = report.invariants.find((i) => i.id === 'in-flight-complete');
    expect(inFlight?.verdict).toBe('violated');
    // Its smallest failing scenario rides on the agent's hold: the target has no slow route.
    const requests = inFlight?.counterexample?.scenario.clients.flatMap((c) => ('requests' in c ? c.requests : []));
    expect(requests?.some((r) => r.latencyMs !== undefined)).toBe(true);
    expect(report.invariants.find((i) => i.id === 'http2-goaway')?.verdict).toBe('violated');
  });

  it('passes the reference HTTP/2 strategy with in-flight-complete, stream-clean-end and http2-goaway exercised', () => {
    const out = tempDir();
    const result = runCli(['--target', scenarioPath('http2-goaway.js'), '--runs', '30', '--seed', '11', '--out', out]);
    expect(result.status).toBe(0);
    const report = readReport(out);
    expect(report.verdict).toBe('pass');
    for (const id of ['in-flight-complete', 'stream-clean-end', 'http2-goaway']) {
      const invariant = report.invariants.find((i) => i.id === id);
      expect(invariant?.verdict, id).toBe('holds');
      expect(invariant?.exercisedRuns, id).toBeGreaterThan(0);
    }
  });
});
