import { describe, expect, it } from 'vitest';
import { judgeShutdown } from '../../../src/api/shutdown-matcher.js';
import { formatCompareHtml } from '../../../src/report/compare-html.js';
import { compareRow, formatCompareMarkdown, formatCompareText, type Comparison } from '../../../src/report/compare.js';
import { formatGithubAnnotations } from '../../../src/report/github.js';
import { formatHtmlReport } from '../../../src/report/html.js';
import { formatJunit } from '../../../src/report/junit.js';
import { formatReport } from '../../../src/report/pretty.js';
import { printable, printableJson } from '../../../src/report/printable.js';
import type { Report } from '../../../src/report/report.js';
import { actingLines, HOSTILE } from '../../support/hostile.js';
import { failingReport, noVerdictReport, parseXml } from './reports.js';

/** A failing report whose every target-controlled text is HOSTILE: evidence, reason, history, output. */
function hostileReport(): Report {
  const report = failingReport({ target: `srv${HOSTILE}.js`, reason: HOSTILE });
  const history = [
    ...(report.counterexample?.history ?? []),
    { type: 'uncaught-exception' as const, message: HOSTILE, t: 120, step: 9 },
    { type: 'websocket-closed' as const, client: 'W', code: 1001, reason: HOSTILE, t: 121, step: 9 },
    { type: 'server-request-started' as const, client: 'A', request: 0, method: 'GET', path: `/${HOSTILE}`, t: 122, step: 9 },
  ];
  const invariants = report.invariants.map((i) => ({
    ...i,
    evidence: i.evidence.map(() => ({ message: `the target threw: ${HOSTILE}`, events: [] })),
    counterexample: i.counterexample ? { ...i.counterexample, history, output: { stdout: [HOSTILE], stderr: [HOSTILE] } } : null,
  }));
  return { ...report, invariants, counterexample: invariants[0]?.counterexample ?? null };
}

describe('a target\'s hostile text', () => {
  const report = hostileReport();

  it('is printed one line, visible, by printable', () => {
    const shown = printable(HOSTILE);
    expect(shown).not.toContain('\n');
    expect(shown).toContain('\\r\\n');
    expect(shown).toContain('\\x1b]0;owned title\\x07');
    expect(shown).toContain('#\\#[error]');
    expect(actingLines(shown)).toEqual([]);
    expect(printable('::error::x')).toBe('\\::error::x');
    expect(actingLines(printable('  ::error::x'))).toEqual([]);
  });

  it('cannot act through the pretty report, the matcher, the compare matrix or the JSON on stdout', () => {
    const comparison: Comparison = { tool: report.tool, seed: 1, numRuns: 3, invariants: report.invariants.map((i) => i.id), rows: [compareRow(report)] };
    const outputs = {
      pretty: formatReport(report),
      noVerdict: formatReport({ ...noVerdictReport(), reason: HOSTILE }),
      matcher: judgeShutdown(report).message,
      compareText: formatCompareText(comparison),
      json: printableJson(report),
    };
    for (const [name, text] of Object.entries(outputs)) expect(actingLines(text), name).toEqual([]);
    expect(JSON.parse(outputs.json)).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it('cannot add an annotation of its own, nor act inside ours', () => {
    const text = formatGithubAnnotations(report);
    expect(actingLines(text, { annotations: true })).toEqual([]);
    expect(text.split('\n').length).toBe(report.invariants.filter((i) => i.verdict === 'violated').length + 1);
  });

  it('stays text in junit.xml, report.html, compare.md and compare.html', () => {
    const comparison: Comparison = { tool: report.tool, seed: 1, numRuns: 3, invariants: report.invariants.map((i) => i.id), rows: [compareRow(report)] };
    expect(() => parseXml(formatJunit(report))).not.toThrow();
    for (const [name, text] of Object.entries({
      junit: formatJunit(report),
      html: formatHtmlReport(report),
      compareHtml: formatCompareHtml(comparison),
      compareMd: formatCompareMarkdown(comparison),
    })) {
      expect(text, name).not.toContain('<script>');
      expect(text, name).not.toContain('\u001b');
      expect(text, name).not.toContain('\u009b');
    }
    // Whoever prints junit.xml in a CI log prints no command of the target's either.
    expect(actingLines(formatJunit(report))).toEqual([]);
    // A Markdown table row stays one row: no line break and no unescaped cell separator from the target.
    const rows = formatCompareMarkdown(comparison).split('\n').filter((l) => l.startsWith('| srv'));
    expect(rows).toHaveLength(1);
    expect(actingLines(formatCompareMarkdown(comparison))).toEqual([]);
  });
});
