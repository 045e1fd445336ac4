import { describe, expect, it } from 'vitest';
import { formatSummary } from '../../../src/report/summary.js';
import { HOSTILE } from '../../support/hostile.js';
import { failingReport, passingReport } from './reports.js';

describe('the Markdown summary (summary.md, and the GitHub job summary)', () => {
  it('has one table row per invariant with its verdict and the runs that exercised it', () => {
    const report = failingReport();
    const rows = formatSummary(report)
      .split('\n')
      .filter((line) => /^\| \S+ \| [a-z-]+ \|/.test(line));
    expect(rows).toHaveLength(report.invariants.length);
    for (const [i, invariant] of report.invariants.entries()) {
      expect(rows[i]).toContain(`| ${invariant.id} |`);
      expect(rows[i]).toContain(`| ${invariant.exercisedRuns} runs |`);
    }
  });

  it('gives each violated invariant a section whose smallest scenario and replay command sit inside <details>', () => {
    const report = failingReport();
    const text = formatSummary(report);
    for (const invariant of report.invariants.filter((i) => i.verdict === 'violated' && i.counterexample)) {
      const start = text.indexOf(` ${invariant.id}\n`, text.indexOf('\n### '));
      const section = text.slice(start, text.indexOf('</details>', start));
      expect(section, invariant.id).toContain('<details><summary>');
      expect(section, invariant.id).toContain(`<pre>${invariant.counterexample?.replay.replace(/'/g, '&#39;')}</pre>`);
    }
  });

  it('has no section for a passing search', () => {
    const text = formatSummary(passingReport());
    expect(text).toContain('## shutdown-check: pass');
    expect(text).not.toContain('### ');
    expect(text).not.toContain('<details>');
  });

  it("keeps a target's text inert: no tag, no table cell break, no line of its own", () => {
    const report = failingReport();
    const hostile = {
      ...report,
      target: `x | <script>alert(1)</script>`,
      invariants: report.invariants.map((i) => ({ ...i, evidence: i.evidence.map(() => ({ message: `${HOSTILE} | </details><img src=x>`, events: [] })) })),
    };
    const text = formatSummary(hostile);
    expect(text).not.toContain('<script>');
    expect(text).not.toContain('<img');
    expect(text).not.toContain('</details><img');
    expect(text).not.toContain('\u001b');
    for (const line of text.split('\n').filter((l) => l.startsWith('| '))) expect(line.split(/(?<!\\)\|/).length).toBe(6);
  });
});
