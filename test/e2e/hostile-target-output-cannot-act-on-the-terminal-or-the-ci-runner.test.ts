import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LONG, PATIENT_STARTUP_MS, readReport, runCli, tempDir } from '../support/cli.js';
import { actingLines } from '../support/hostile.js';
import { fixturePath } from '../support/processes.js';

/** The command line against a fixture in test/fixtures/hostile (beside the text it requires), its own --out. */
function runOn(fixture: string, args: string[]) {
  const out = tempDir();
  const target = fixturePath(`hostile/${fixture}`);
  return { out, ...runCli(['--target', target, '--startup-timeout', `${PATIENT_STARTUP_MS}ms`, ...args, '--out', out]) };
}

// A target that prints and throws hostile text (test/fixtures/hostile/text.cjs) on SIGTERM, and one that
// prints it and crashes before it listens: what the harness prints of it, on stdout and stderr, acts
// neither on the terminal nor on a GitHub Actions runner, whatever reporter is chosen.
describe('hostile text from a target', { timeout: LONG }, () => {
  it('reaches the report through an exception, and no line of the pretty and github output acts', () => {
    const run = runOn('throws-on-sigterm.js', ['--runs', '3', '--seed', '1', '--clients', 'slow', '--reporter', 'pretty', '--reporter', 'github', '--reporter', 'junit', '--reporter', 'html']);
    expect(run.status).toBe(1);
    const report = readReport(run.out);
    const evidence = report.invariants.find((i) => i.id === 'clean-exit')?.evidence[0]?.message ?? '';
    // The report keeps the target's words; the terminal gets them shown, not obeyed.
    expect(evidence).toContain('pwned by CRLF');
    expect(run.stdout).toContain('pwned by CRLF');
    expect(actingLines(run.stdout, { annotations: true })).toEqual([]);
    expect(actingLines(run.stderr)).toEqual([]);
    expect(actingLines(readFileSync(path.join(run.out, 'junit.xml'), 'utf8'))).toEqual([]);
    expect(readFileSync(path.join(run.out, 'report.html'), 'utf8')).not.toContain('<script>');
  });

  it('stays inert in the JSON on stdout, which parses to the same words', () => {
    const run = runOn('throws-on-sigterm.js', ['--runs', '3', '--seed', '1', '--clients', 'slow', '--reporter', 'json']);
    expect(run.status).toBe(1);
    expect(actingLines(run.stdout)).toEqual([]);
    const printed = JSON.parse(run.stdout) as ReturnType<typeof readReport>;
    expect(printed.counterexample?.output?.stderr.join('\n')).toContain('pwned by LF');
  });

  it('is shown, not obeyed, in the one line and the stderr tail of a target that crashes before it listens', () => {
    const run = runOn('crashes-on-start.js', ['--runs', '3']);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('pwned by CRLF');
    expect(actingLines(run.stdout)).toEqual([]);
    expect(actingLines(run.stderr)).toEqual([]);
  });

  it('is inert in compare.md and the matrix compare prints', () => {
    const out = tempDir();
    const run = runCli(['compare', fixturePath('hostile/throws-on-sigterm.js'), '--runs', '2', '--seed', '1', '--clients', 'slow', '--out', out]);
    expect(run.status).toBe(1);
    expect(actingLines(run.stdout)).toEqual([]);
    expect(actingLines(run.stderr)).toEqual([]);
    const markdown = readFileSync(path.join(out, 'compare.md'), 'utf8');
    expect(actingLines(markdown)).toEqual([]);
    expect(markdown).not.toContain('<script>');
  });
});
