import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPORTERS as FLAG_VALUES } from '../../../src/settings/table.js';
import { chosenReporters, reporterFiles, REPORTERS, writeReports } from '../../../src/report/reporters.js';
import { failingReport, noVerdictReport, passingReport } from './reports.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the reporter registry', () => {
  it('names each reporter once, and exactly the reporters --reporter takes', () => {
    const names = REPORTERS.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual([...FLAG_VALUES].sort());
    expect(names[0]).toBe('pretty');
  });

  it('gives every reporter a file or stdout, never both, and distinct files', () => {
    for (const r of REPORTERS) expect(r.file === null, r.name).toBe(r.stdout !== 'no');
    const files = REPORTERS.flatMap((r) => (r.file === null ? [] : [r.file]));
    expect(new Set(files).size).toBe(files.length);
    expect(files).not.toContain('report.json');
    // One document on stdout at most: two reporters owning it would interleave.
    expect(REPORTERS.filter((r) => r.stdout === 'only').length).toBeLessThanOrEqual(1);
  });

  for (const reporter of REPORTERS) {
    describe(reporter.name, () => {
      it('formats a failing, a passing and a verdict-less report as non-empty text', () => {
        for (const report of [failingReport(), passingReport(), noVerdictReport()]) {
          expect(reporter.format(report).trim().length).toBeGreaterThan(0);
        }
      });

      it('is chosen by its name alone', () => {
        expect(chosenReporters([reporter.name])).toEqual([reporter]);
      });

      it('writes exactly the files it lists, report.json first', () => {
        const out = mkdtempSync(path.join(tmpdir(), 'every-reporter-'));
        dirs.push(out);
        const written = writeReports(failingReport(), out, [reporter.name]);
        expect(written.kind).toBe('written');
        if (written.kind !== 'written') return;
        expect(written.files.map((f) => path.basename(f))).toEqual(reporterFiles([reporter.name]));
        if (reporter.file === null) return;
        const text = reporter.format(failingReport());
        expect(readFileSync(path.join(out, reporter.file), 'utf8')).toBe(text.endsWith('\n') ? text : `${text}\n`);
      });
    });
  }

  it('leaves out a name it does not know', () => {
    expect(chosenReporters(['nope'])).toEqual([]);
    expect(reporterFiles(['nope'])).toEqual(['report.json']);
  });
});
