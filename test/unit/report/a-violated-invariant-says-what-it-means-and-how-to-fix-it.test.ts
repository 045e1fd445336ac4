import { describe, expect, it } from 'vitest';
import { ADVICE } from '../../../src/report/advice.js';
import { formatHtmlReport } from '../../../src/report/html.js';
import { escapeData, formatGithubAnnotations } from '../../../src/report/github.js';
import { formatReport } from '../../../src/report/pretty.js';
import { formatSummary } from '../../../src/report/summary.js';
import { escapeText } from '../../../src/report/markup.js';
import { failingReport, passingReport } from './reports.js';

function unescapeMarkdown(text: string): string {
  const entities: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&amp;': '&' };
  return text.replace(/\\(.)/g, '$1').replace(/&(lt|gt|quot|#39|amp);/g, (e) => entities[e] ?? e);
}

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

  it('has its meaning and fix in its GitHub annotation', () => {
    const annotations = formatGithubAnnotations(report).split('\n');
    for (const id of violated) {
      const own = annotations.find((line) => line.includes(`title=shutdown-check%3A ${id} violated`));
      expect(own, id).toContain(escapeData(`how to fix it: ${ADVICE[id].fix}`));
    }
  });

  it('has its meaning and fix in its section of the Markdown summary', () => {
    const sections = formatSummary(report).split('\n### ').slice(1);
    for (const id of violated) {
      const section = sections.find((text) => text.split('\n')[0]?.endsWith(` ${id}`)) ?? '';
      // The summary escapes Markdown punctuation with a backslash; read as text, the backslashes are gone.
      expect(unescapeMarkdown(section), id).toContain(`how to fix it: ${ADVICE[id].fix}`);
    }
  });

  it('is the only kind of verdict that gets advice', () => {
    expect(formatReport(passingReport())).not.toContain('how to fix it:');
    expect(formatHtmlReport(passingReport())).not.toContain('How to fix it:');
    expect(formatGithubAnnotations(passingReport())).not.toContain('how to fix it:');
    expect(formatSummary(passingReport())).not.toContain('how to fix it:');
  });
});
