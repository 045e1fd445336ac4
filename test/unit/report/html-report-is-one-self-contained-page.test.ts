import { describe, expect, it } from 'vitest';
import { formatHtmlReport } from '../../../src/report/html.js';
import { failingReport, noVerdictReport, passingReport, REPLAY } from './reports.js';

/** Anything that would make the browser fetch, or need a script. */
function externalReferences(html: string): string[] {
  const found = [
    ...html.matchAll(/<(script|link|img|iframe|object|embed)\b/gi),
    ...html.matchAll(/\b(src|href)\s*=/gi),
    ...html.matchAll(/url\(/gi),
    ...html.matchAll(/@import/gi),
  ].map((m) => m[0]);
  // The SVG namespace is a name, not something fetched; any other http(s) address would be.
  const addresses = [...html.matchAll(/https?:\/\/[^\s"'<>]+/g)].map((m) => m[0]).filter((a) => a !== 'http://www.w3.org/2000/svg');
  return [...found, ...addresses];
}

/** The rows of the verdict table as [invariant, severity, verdict, evidence text]. */
function verdictRows(html: string): string[][] {
  const body = /<table class="verdicts">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...(row[1] ?? '').matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) => (cell[1] ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()),
  );
}

describe('formatHtmlReport', () => {
  it('is one document with its styles inline and nothing to fetch or run', () => {
    for (const report of [failingReport(), passingReport(), noVerdictReport()]) {
      const html = formatHtmlReport(report);
      expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
      expect(html).toContain('<style>');
      expect(externalReferences(html)).toEqual([]);
    }
  });

  it('has a verdict table row per invariant: its id, severity, verdict and evidence sentences', () => {
    const rows = verdictRows(formatHtmlReport(failingReport()));
    expect(rows.map((r) => r[0])).toEqual(failingReport().invariants.map((i) => i.id));
    expect(rows[0]).toEqual([
      'in-flight-complete',
      'error',
      'violated',
      'request 0 of client A, read 90 ms before SIGTERM, was reset mid-response request 1 of client K was reset before any response',
    ]);
    expect(rows.find((r) => r[0] === 'drain-connection-close')?.[2]).toBe('violated (warning)');
    expect(rows.find((r) => r[0] === 'readiness')?.slice(2)).toEqual(['not applicable', 'applies to the kubernetes profile only; the scenario uses immediate']);
  });

  it('draws the counterexample, lists its steps and shows the replay command of a failure', () => {
    const html = formatHtmlReport(failingReport());
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg" class="timeline"');
    expect(html).toContain('<li>SIGTERM at 100 ms; SIGKILL at 10100 ms if still running</li>');
    expect(html).toContain(`<pre class="command">${REPLAY}</pre>`);
    expect(html).toContain('The search found a scenario that violates in-flight-complete, clean-exit, websocket-going-away, drain-connection-close');
  });

  it('says plainly that a passing run has no counterexample, and draws none', () => {
    const html = formatHtmlReport(passingReport());
    expect(html).toContain('<strong>Pass.</strong> No invariant that fails the run was violated in 100 runs, so there is no counterexample to draw.');
    expect(html).not.toContain('<svg');
    expect(html).not.toContain('Replay it');
  });

  it('says why a search reached no verdict', () => {
    const html = formatHtmlReport(noVerdictReport());
    expect(html).toContain('<strong>No verdict.</strong> run 7 made no progress for 10 s: the target stopped answering');
    expect(verdictRows(html).find((r) => r[0] === 'deadline')?.slice(2)).toEqual(['unknown', 'the run ended before the target exited']);
  });

  it('escapes what the target and its messages say', () => {
    const html = formatHtmlReport(failingReport({ target: '<script>alert(1)</script>.js' }));
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;.js');
  });
});
