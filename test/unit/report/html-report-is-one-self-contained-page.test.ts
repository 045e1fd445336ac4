import { describe, expect, it } from 'vitest';
import { formatHtmlReport } from '../../../src/report/html.js';
import { failingReport, noVerdictReport, passingReport, REPLAY, replayOf } from './reports.js';

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

/** The rows of the verdict table as [invariant, severity, verdict, runs that exercised it, evidence text]. */
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

  it('has a verdict table row per invariant: its id, severity, verdict, the runs that exercised it and evidence sentences', () => {
    const rows = verdictRows(formatHtmlReport(failingReport()));
    expect(rows.map((r) => r[0])).toEqual(failingReport().invariants.map((i) => i.id));
    expect(rows[0]).toEqual([
      'in-flight-complete',
      'error',
      'violated',
      '9',
      'request 0 of client A, read 90 ms before SIGTERM, was reset mid-response request 1 of client K was reset before any response',
    ]);
    expect(rows.find((r) => r[0] === 'drain-connection-close')?.[2]).toBe('violated (warning)');
    expect(rows.find((r) => r[0] === 'readiness')?.slice(2)).toEqual(['not applicable', '0', 'applies to the kubernetes profile only; the scenario uses immediate']);
  });

  it("draws each violated invariant's own counterexample, with its steps and its own replay command", () => {
    const html = formatHtmlReport(failingReport());
    const sections = [...html.matchAll(/<section class="counterexample" data-invariant="([^"]+)">([\s\S]*?)<\/section>/g)];
    expect(sections.map((m) => m[1])).toEqual(['in-flight-complete', 'clean-exit', 'websocket-going-away', 'drain-connection-close']);
    for (const [, id, body] of sections) {
      expect(body, id).toContain('<svg xmlns="http://www.w3.org/2000/svg" class="timeline"');
      expect(body, id).toContain('<li>SIGTERM at 100 ms; SIGKILL at 10100 ms if still running</li>');
    }
    expect(sections[0]?.[2]).toContain(`<pre class="command">${REPLAY}</pre>`);
    expect(sections[2]?.[2]).toContain(`<pre class="command">${replayOf('5:0:2')}</pre>`);
    expect(html).toContain('The search found scenarios that violate in-flight-complete, clean-exit, websocket-going-away, drain-connection-close');
  });

  it('says plainly that a passing run failed nothing, tells what it exercised, and draws nothing', () => {
    const html = formatHtmlReport(passingReport());
    expect(html).toContain('<strong>Pass.</strong> No invariant that fails the run was violated in 100 runs. exercised: in-flight-complete in 7 runs');
    expect(html).not.toContain('<svg');
    expect(html).not.toContain('class="counterexample"');
  });

  it('says why a search reached no verdict', () => {
    const html = formatHtmlReport(noVerdictReport());
    expect(html).toContain('<strong>No verdict.</strong> run 7 made no progress for 10 s: the target stopped answering');
    expect(verdictRows(html).find((r) => r[0] === 'deadline')?.slice(2)).toEqual(['unknown', '7', 'the run ended before the target exited']);
  });

  it('escapes what the target and its messages say', () => {
    const html = formatHtmlReport(failingReport({ target: '<script>alert(1)</script>.js' }));
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;.js');
  });
});
