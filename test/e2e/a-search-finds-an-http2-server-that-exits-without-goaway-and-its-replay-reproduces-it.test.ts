import { describe, expect, it } from 'vitest';
import { readReport, runCli, tempDir } from '../support/cli.js';
import { fixturePath, scenarioPath } from '../support/processes.js';

/** The strategies' own slow and streaming routes, so that streams are in flight across the signal. */
const config = fixturePath('config/h2-routes/shutdown-check.config.json');

// Whole searches against real HTTP/2 servers; the limit is the command's own (runCli's), not a claim about speed.
describe('npx shutdown-check against HTTP/2 servers', { timeout: 600_000 }, () => {
  it('finds that server.close() then exit ends HTTP/2 sessions without GOAWAY, shrinks it to one h2 client, and the printed replay reproduces it', () => {
    const out = tempDir();
    const result = runCli(['--target', scenarioPath('http2-close-then-exit.js'), '--config', config, '--runs', '10', '--seed', '7', '--out', out]);
    expect(result.status).toBe(1);
    const report = readReport(out);
    // The agent saw an HTTP/2 server in clear text: h2 (and silent) clients, none of the HTTP/1.1 kinds.
    expect(report.settings.clients).toEqual(['silent', 'h2']);
    const goaway = report.invariants.find((i) => i.id === 'http2-goaway');
    expect(goaway?.verdict).toBe('violated');
    const ce = goaway?.counterexample;
    expect(ce?.scenario.clients.map((c) => c.kind)).toEqual(['h2']);
    expect(result.stdout).toContain('no GOAWAY before it');

    const words = (ce?.replay ?? '').split(' ').slice(2).map((w) => w.replace(/^'|'$/g, ''));
    const out2 = tempDir();
    const replayed = runCli([...words, '--out', out2]);
    expect(replayed.status).toBe(1);
    const again = readReport(out2).invariants.find((i) => i.id === 'http2-goaway');
    expect(again?.verdict).toBe('violated');
    expect(again?.counterexample?.historyHash).toBe(ce?.historyHash);
  });

  it.each(['http2-goaway.js', 'http2-tls.js'])('passes 30 runs against %s, with http2-goaway exercised', (file) => {
    const out = tempDir();
    const result = runCli(['--target', scenarioPath(file), '--config', config, '--runs', '30', '--seed', '11', '--out', out]);
    expect(result.status).toBe(0);
    const report = readReport(out);
    expect(report.verdict).toBe('pass');
    expect(report.invariants.find((i) => i.id === 'http2-goaway')?.verdict).toBe('holds');
  });
});
