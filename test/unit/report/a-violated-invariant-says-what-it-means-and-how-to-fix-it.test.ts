import { describe, expect, it } from 'vitest';
import { ADVICE } from '../../../src/report/advice.js';
import { formatHtmlReport } from '../../../src/report/html.js';
import { formatReport } from '../../../src/report/pretty.js';
import { escapeText } from '../../../src/report/markup.js';
import { failingReport, passingReport } from './reports.js';

/** Under each violated invariant, the reports say what it means for users and how to fix it. */
describe('a violated invariant', () => {
  const report = failingReport();
  const violated = report.invariants.filter((i) => i.verdict === 'violated').map((i) => i.id as keyof typeof ADVICE);

  it('is followed in the pretty report by its meaning and its fix, each on one line under its evidence', () => {
    const text = formatReport(report);
    expect(violated.length).toBeGreaterThan(0);
    for (const id of violated) {
      const lines = text.split('\n');
      const at = lines.findIndex((l) => new RegExp(`^(FAIL|warn) +${id} `).test(l));
      const meaning = lines.findIndex((l, i) => i > at && l.trim() === `what it means: ${ADVICE[id].meaning}`);
      expect(meaning, id).toBeGreaterThan(at);
      expect(lines[meaning + 1]?.trim()).toBe(`how to fix it: ${ADVICE[id].fix}`);
    }
  });

  it('has its meaning and fix in its section of report.html', () => {
    const html = formatHtmlReport(report);
    for (const id of violated) {
      const section = html.slice(html.indexOf(`<section class="counterexample" data-invariant="${id}">`));
      expect(section.slice(0, section.indexOf('</section>'))).toContain(escapeText(ADVICE[id].fix));
    }
  });

  it('is the only kind of verdict that gets advice', () => {
    expect(formatReport(passingReport())).not.toContain('how to fix it:');
    expect(formatHtmlReport(passingReport())).not.toContain('How to fix it:');
  });
});
