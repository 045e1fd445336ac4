import { describe, expect, it } from 'vitest';
import { loadHtml } from '../../../src/load/report/html.js';
import { formatLoadProgress, formatLoadReport } from '../../../src/load/report/text.js';
import { summarize } from '../../../src/load/summary.js';
import { brokenRun, facts } from './fixtures.js';

const summary = summarize(brokenRun().totals(), facts);

describe('the load report', () => {
  it('prints the outcome classes, the percentiles, the sparkline with its marks and each invariant', () => {
    const text = formatLoadReport(summary);
    expect(text).toContain('outcomes     complete 3 · refused 1 · reset-before-response 0 · closed-before-response 4');
    expect(text).toMatch(/latency {6}p50 {6}p90 {6}p99 {6}p99\.9 {4}max/);
    expect(text).toMatch(/^ {2}all {8}\S/m);
    expect(text).toMatch(/^ {2}[ ▁▂▃▄▅▆▇█]+$/m);
    // The signal (1000 ms) and the exit (1020 ms) share the 11th bucket: the exit's mark wins it.
    expect(text).toMatch(/^ {12}X$/m);
    expect(text).toContain('FAIL in-flight-complete      2 requests the server had read got no complete answer (3 in flight at the signal)');
    expect(text).toContain('warn keepalive-race');
    expect(text).toContain('shutdown     SIGTERM at 1 s · exited 20 ms later · exit code 0');
    expect(text.trimEnd().split('\n').at(-1)).toBe('verdict: fail — in-flight-complete 2, websocket-going-away 1, stream-clean-end 1');
  });

  it('is a page that needs nothing else: the chart inline, no script, no external file', () => {
    const html = loadHtml(summary);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(html).not.toMatch(/<script|<link|src=|href=/);
    expect(html).toContain('<td>in-flight-complete</td><td>error</td><td class="violated">violated</td><td class="num">2</td>');
  });

  it('escapes what comes from the user: the target path', () => {
    const html = loadHtml(summarize(brokenRun().totals(), { ...facts, target: '<b>x</b>.js' }));
    expect(html).toContain('&#60;b&#62;x&#60;/b&#62;.js');
    expect(html).not.toContain('<b>x</b>');
  });

  it('shows progress as a bar, while connecting and while loading', () => {
    const base = { elapsedMs: 0, durationMs: 10_000, opened: 50, wanted: 100, sent: 0, answered: 0, failed: 0, refused: 0, notSent: 0, rssMb: 80 };
    expect(formatLoadProgress({ ...base, phase: 'connecting' })).toBe('[############------------] connecting 50/100 · RSS 80 MB');
    expect(formatLoadProgress({ ...base, phase: 'loading', elapsedMs: 5000, sent: 1234 })).toMatch(
      /^\[############------------\] loading 5\.0 s · 1,234 sent · 0 answered · 0 failed · 0 refused · 0 not sent · RSS 80 MB/,
    );
  });
});
