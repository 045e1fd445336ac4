import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/checkers/catalogue.js';
import type { Report } from '../../src/report/report.js';
import { runCli, tempDir } from '../support/cli.js';
import { ROOT } from '../support/processes.js';

/**
 * Each reporter against a real failing search (a strategy that exits at once) and a real passing one
 * (the reference strategy), read the way its consumer reads it: report.json as JSON, junit.xml by an
 * XML parser, the annotations line by line as the Actions runner does.
 */

// A generous start-up limit: on a loaded machine the default 10 s can pass before a target listens,
// and the search then ends without a verdict; these tests are about the reporters, not start-up time.
const SLOW_START = ['--startup-timeout', '60s'];
const FAILING = ['--target', 'scenarios/exit-at-once.js', '--runs', '20', '--seed', '7', ...SLOW_START];
const PASSING = ['--target', 'scenarios/reference.js', '--runs', '3', '--seed', '1', ...SLOW_START];

type Run = { status: number | null; stdout: string; stderr: string; out: string };
const runs: Record<'failing' | 'passing' | 'annotated', Run> = {} as Record<'failing' | 'passing' | 'annotated', Run>;

function cli(args: string[]): Run {
  const out = tempDir();
  // From the project's root, so the target is the relative path a workflow would pass.
  return { ...runCli([...args, '--out', out], { cwd: ROOT }), out };
}

function readJson(run: Run): Report {
  return JSON.parse(readFileSync(path.join(run.out, 'report.json'), 'utf8')) as Report;
}

beforeAll(() => {
  runs.failing = cli([...FAILING, '--reporter', 'json', '--reporter', 'junit']);
  runs.passing = cli([...PASSING, '--reporter', 'junit', '--reporter', 'github']);
  // The same failure replayed by its seed and path, as a workflow re-run does: no search, no shrinking.
  const found = readJson(runs.failing).counterexample?.path ?? 'none';
  runs.annotated = cli([...FAILING, '--path', found, '--reporter', 'github', '--reporter', 'pretty']);
}, 600_000);

describe('--reporter json', () => {
  it('prints exactly report.json on stdout, and nothing else', () => {
    const { status, stdout } = runs.failing;
    expect(status).toBe(1);
    expect(JSON.parse(stdout)).toEqual(readJson(runs.failing));
  });

  it('has every field of the contract', () => {
    const report = JSON.parse(runs.failing.stdout) as Report;
    const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect(report.tool).toEqual({ name: 'shutdown-check', version });
    expect(report).toMatchObject({ target: 'scenarios/exit-at-once.js', clock: 'virtual', seed: 7, verdict: 'fail' });
    expect(report.numRuns).toBeGreaterThan(0);
    expect(report.invariants.map((i) => i.id)).toEqual(CATALOGUE.map((c) => c.id));
    for (const i of report.invariants) {
      expect(Object.keys(i).sort()).toEqual(['counterexample', 'evidence', 'exercisedRuns', 'id', 'severity', 'verdict']);
      expect(['error', 'warning']).toContain(i.severity);
      expect(['holds', 'violated', 'unknown', 'not-applicable', 'not-exercised']).toContain(i.verdict);
      expect(i.exercisedRuns).toBeLessThanOrEqual(report.numRuns);
      if (i.verdict === 'holds') expect(i.exercisedRuns).toBeGreaterThan(0);
      if (i.verdict !== 'violated') expect(i.counterexample).toBeNull();
      if (i.verdict !== 'violated') continue;
      expect(i.evidence.length).toBeGreaterThan(0);
      const own = i.counterexample;
      expect(own?.scenario.clients.length).toBeGreaterThan(0);
      expect(own?.path).toMatch(/^\d+(:\d+)*$/);
      expect(own?.historyHash).toMatch(/^[0-9a-f]{64}$/);
      expect(own?.history.some((e) => e.type === 'signal-sent')).toBe(true);
      expect(own?.replay).toContain(`--seed 7 --path ${own?.path}`);
    }
    const ce = report.counterexample;
    expect(report.invariants.find((i) => i.verdict === 'violated' && i.severity === 'error')?.counterexample).toEqual(ce);
    expect(report.replay).toBe(ce?.replay);
  });

  it('gives a passing search no counterexample and no replay command', () => {
    expect(runs.passing.status).toBe(0);
    expect(readJson(runs.passing)).toMatchObject({ verdict: 'pass', counterexample: null, replay: null });
  });
});

describe('--reporter junit', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase', 'failure', 'skipped', 'error'].includes(name) });
  type Case = { name: string; classname: string; failure?: { message: string }[]; skipped?: { message: string }[]; error?: unknown[] };
  type Suite = { tests: string; failures: string; errors: string; skipped: string; testcase: Case[] };
  function suites(run: Run): Suite[] {
    const xml = readFileSync(path.join(run.out, 'junit.xml'), 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    return (parser.parse(xml) as { testsuites: { testsuite: Suite[] } }).testsuites.testsuite;
  }

  it('writes one testsuite with one testcase per invariant, failures for the violated ones', () => {
    const report = readJson(runs.failing);
    const [suite, ...more] = suites(runs.failing);
    expect(more).toEqual([]);
    expect(suite?.testcase.map((c) => [c.classname, c.name])).toEqual(report.invariants.map((i) => ['scenarios/exit-at-once.js', i.id]));
    const violated = report.invariants.filter((i) => i.verdict === 'violated' && i.severity === 'error').map((i) => i.id);
    expect(violated.length).toBeGreaterThan(0);
    expect(suite?.testcase.filter((c) => c.failure).map((c) => c.name)).toEqual(violated);
    expect(Number(suite?.failures)).toBe(violated.length);
    expect(Number(suite?.tests)).toBe(report.invariants.length);
  });

  it("puts the invariant's own replay command in each failure's message", () => {
    const report = readJson(runs.failing);
    const cases = suites(runs.failing)[0]?.testcase ?? [];
    const failing = cases.filter((c) => c.failure);
    expect(failing.length).toBeGreaterThan(1);
    for (const c of failing) {
      const own = report.invariants.find((i) => i.id === c.name)?.counterexample;
      expect(c.failure?.[0]?.message).toContain(`replay: ${own?.replay ?? 'missing'}`);
    }
  });

  it('shows a passing search as passing testcases, and skipped ones for what does not apply or was not exercised, saying so', () => {
    const suite = suites(runs.passing)[0];
    const report = readJson(runs.passing);
    expect([suite?.failures, suite?.errors]).toEqual(['0', '0']);
    const skipped = report.invariants.filter((i) => i.verdict === 'not-applicable' || i.verdict === 'not-exercised');
    expect(suite?.testcase.filter((c) => c.skipped).map((c) => c.name)).toEqual(skipped.map((i) => i.id));
    expect(skipped.map((i) => i.id)).toContain('readiness');
    for (const c of suite?.testcase.filter((t) => t.skipped) ?? []) {
      expect(c.skipped?.[0]?.message).toMatch(/^not (applicable|exercised): /);
    }
  });
});

describe('--reporter github', () => {
  const COMMAND = /^::(error|warning|notice) file=([^,:]+),title=([^,:]*)::(.*)$/;

  function annotations(run: Run) {
    // The other lines are the progress lines and the pretty report; the runner ignores them too.
    return run.stdout
      .split('\n')
      .filter((line) => line.startsWith('::'))
      .map((line) => {
        const match = COMMAND.exec(line);
        if (!match) throw new Error(`not a workflow command: ${line}`);
        return { level: match[1], file: match[2], title: match[3], message: match[4] ?? '' };
      });
  }

  it('annotates each violated invariant on the target file, with its own replay command, then sums up', () => {
    const report = readJson(runs.annotated);
    expect(runs.annotated.status).toBe(1);
    const lines = annotations(runs.annotated);
    const violated = report.invariants.filter((i) => i.verdict === 'violated');
    expect(lines.map((l) => [l.level, l.file])).toEqual([
      ...violated.map((i) => [i.severity === 'error' ? 'error' : 'warning', 'scenarios/exit-at-once.js']),
      ['notice', 'scenarios/exit-at-once.js'],
    ]);
    lines.slice(0, -1).forEach((line, n) => {
      expect(line.title).toBe(`shutdown-check%3A ${violated[n]?.id} violated (${violated[n]?.severity})`);
      // Several lines in one annotation: newlines escaped, none raw.
      expect(line.message).toContain(`%0A%0Areplay: ${violated[n]?.counterexample?.replay ?? 'missing'}`);
    });
    expect(lines.at(-1)?.title).toBe('shutdown-check%3A fail');
  });

  it('gives a passing search one notice', () => {
    expect(annotations(runs.passing).map((l) => [l.level, l.title])).toEqual([['notice', 'shutdown-check%3A pass']]);
  });

  it('leaves the pretty report and the list of written files on stdout beside it', () => {
    expect(runs.annotated.stdout).toContain('replay it with:');
    expect(runs.annotated.stdout).toContain(`report: ${path.join(runs.annotated.out, 'report.json')}`);
  });
});
