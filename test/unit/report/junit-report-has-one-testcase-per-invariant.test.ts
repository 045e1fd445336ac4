import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { formatJunit } from '../../../src/report/junit.js';
import type { Report } from '../../../src/report/report.js';
import { children, failingReport, noVerdictReport, parseXml, passingReport, REPLAY, type XmlNode } from './reports.js';

function suiteOf(xml: string): XmlNode {
  expect(XMLValidator.validate(xml)).toBe(true);
  const suites = children(parseXml(xml), 'testsuites');
  expect(suites).toHaveLength(1);
  const suite = children(suites[0], 'testsuite');
  expect(suite).toHaveLength(1);
  return suite[0] as XmlNode;
}

function caseNamed(suite: XmlNode, name: string): XmlNode {
  const found = children(suite, 'testcase').find((c) => c.name === name);
  if (!found) throw new Error(`no testcase ${name}`);
  return found;
}

function counts(node: XmlNode): Record<string, string | undefined> {
  return { tests: node.tests as string, failures: node.failures as string, errors: node.errors as string, skipped: node.skipped as string };
}

describe('formatJunit', () => {
  it('writes one testcase per invariant, classname the target and name the invariant id', () => {
    const report = failingReport();
    const suite = suiteOf(formatJunit(report));
    const cases = children(suite, 'testcase');
    expect(cases.map((c) => c.name)).toEqual(report.invariants.map((i) => i.id));
    expect(new Set(cases.map((c) => c.classname))).toEqual(new Set(['servers/api.js']));
  });

  it('makes each violated error a failure whose message is its sentence and the replay command', () => {
    const suite = suiteOf(formatJunit(failingReport()));
    const failure = children(caseNamed(suite, 'in-flight-complete'), 'failure')[0];
    expect(failure?.type).toBe('error');
    expect(failure?.message).toBe(`request 0 of client A, read 90 ms before SIGTERM, was reset mid-response\nreplay: ${REPLAY}`);
    // The body has every sentence, the smallest scenario and the command.
    const body = failure?.['#text'] ?? '';
    expect(body).toContain('request 1 of client K was reset before any response');
    expect(body).toContain('SIGTERM at 100 ms; SIGKILL at 10100 ms if still running');
    expect(body).toContain(REPLAY);
    expect(counts(suite)).toEqual({ tests: '9', failures: '3', errors: '0', skipped: '2' });
  });

  it('skips a violated warning with a message that says so, unless --strict makes it fail the run', () => {
    const lenient = caseNamed(suiteOf(formatJunit(failingReport())), 'drain-connection-close');
    expect(children(lenient, 'failure')).toEqual([]);
    expect(children(lenient, 'skipped')[0]?.message).toMatch(/^warning \(fails the run only under --strict\): response 1 of client K/);

    const report = failingReport();
    const strict: Report = { ...report, settings: { ...report.settings, strict: true } };
    const suite = suiteOf(formatJunit(strict));
    expect(children(caseNamed(suite, 'drain-connection-close'), 'failure')[0]?.type).toBe('warning');
    expect(counts(suite)).toEqual({ tests: '9', failures: '4', errors: '0', skipped: '1' });
  });

  it('skips a not-applicable invariant with why, and passes one that holds with no child', () => {
    const suite = suiteOf(formatJunit(passingReport()));
    expect(children(caseNamed(suite, 'readiness'), 'skipped')[0]?.message).toBe(
      'not applicable: applies to the kubernetes profile only; the scenario uses immediate',
    );
    const held = caseNamed(suite, 'deadline');
    expect(Object.keys(held).sort()).toEqual(['classname', 'name']);
    expect(counts(suite)).toEqual({ tests: '9', failures: '0', errors: '0', skipped: '1' });
  });

  it('reports an undecided invariant as an error, and a search without a verdict as one more errored testcase', () => {
    const suite = suiteOf(formatJunit(noVerdictReport()));
    expect(children(caseNamed(suite, 'deadline'), 'error')[0]).toMatchObject({ type: 'unknown', message: 'unknown: the run ended before the target exited' });
    expect(children(caseNamed(suite, 'search'), 'error')[0]).toMatchObject({
      type: 'no-verdict',
      message: 'run 7 made no progress for 10 s: the target stopped answering',
    });
    expect(counts(suite)).toEqual({ tests: '10', failures: '0', errors: '2', skipped: '1' });
  });

  it('carries the seed, the run count and the replay command as suite properties', () => {
    const properties = children(children(suiteOf(formatJunit(failingReport())), 'properties')[0], 'property');
    const byName = Object.fromEntries(properties.map((p) => [p.name, p.value]));
    expect(byName).toMatchObject({ verdict: 'fail', seed: '4', numRuns: '12', clock: 'virtual', replay: REPLAY, historyHash: 'ab'.repeat(32) });
  });
});
