import { escapeAttribute, escapeText } from './markup.js';
import { printable } from './printable.js';
import type { Counterexample, Report } from './report.js';
import { shrinkOrigin } from './shrink-origin.js';

type Invariant = Report['invariants'][number];

/** What one invariant becomes in JUnit terms. */
type Case =
  | { kind: 'passed' }
  | { kind: 'failure'; type: 'error' | 'warning'; message: string; details: string }
  | { kind: 'error'; type: string; message: string }
  | { kind: 'skipped'; message: string };

/**
 * How each verdict reads in CI, chosen so that the test report agrees with the exit status:
 * - violated, and it fails the run (an error, or a warning under --strict): `<failure>`, its message
 *   the evidence sentence and the replay command of the invariant's own counterexample;
 * - violated, but a warning that fails only under --strict: `<skipped>` whose message starts with
 *   "warning" — visible in every JUnit viewer without turning the build red, as the exit status 0 does;
 * - unknown: `<error>` — the check could not be decided, which is neither a pass nor a finding about
 *   the target, and the run exits 3 for it;
 * - not exercised: `<skipped>` with why — no run put it to the test, so it is no pass either;
 * - not applicable: `<skipped>` with why.
 */
function caseOf(invariant: Invariant, report: Report): Case {
  const why = printable(invariant.evidence[0]?.message ?? '');
  switch (invariant.verdict) {
    case 'holds':
      return { kind: 'passed' };
    case 'not-applicable':
      return { kind: 'skipped', message: `not applicable: ${why}` };
    case 'not-exercised':
      return { kind: 'skipped', message: `not exercised: ${why}` };
    case 'unknown':
      return { kind: 'error', type: 'unknown', message: `unknown: ${why}` };
    case 'violated': {
      const sentences = invariant.evidence.map((e) => printable(e.message));
      const ce = invariant.counterexample;
      const replay = ce ? `replay: ${printable(ce.replay)}` : '';
      const message = [sentences[0] ?? 'violated', replay].filter(Boolean).join('\n');
      if (invariant.severity === 'warning' && !report.settings.strict) {
        return { kind: 'skipped', message: `warning (fails the run only under --strict): ${message}` };
      }
      const details = [
        ...sentences,
        ...(ce ? ['', 'smallest failing scenario:', ...originLines(invariant.id, ce), ...ce.steps.map((s) => `  ${printable(s)}`), '', `history sha256 ${ce.historyHash}`] : []),
        ...(replay ? ['', replay] : []),
      ].join('\n');
      return { kind: 'failure', type: invariant.severity, message, details };
    }
  }
}

/** The line saying a violation was found while shrinking another invariant; none otherwise. */
function originLines(id: string, ce: Counterexample): string[] {
  const origin = shrinkOrigin(id, ce);
  return origin === null ? [] : [`  (${printable(origin)})`];
}

function testcase(classname: string, name: string, c: Case): string {
  const open = `    <testcase classname="${escapeAttribute(classname)}" name="${escapeAttribute(name)}"`;
  switch (c.kind) {
    case 'passed':
      return `${open}/>`;
    case 'skipped':
      return `${open}>\n      <skipped message="${escapeAttribute(c.message)}"/>\n    </testcase>`;
    case 'error':
      return `${open}>\n      <error type="${escapeAttribute(c.type)}" message="${escapeAttribute(c.message)}"/>\n    </testcase>`;
    case 'failure':
      return `${open}>\n      <failure type="${c.type}" message="${escapeAttribute(c.message)}">${escapeText(c.details)}</failure>\n    </testcase>`;
  }
}

/**
 * junit.xml: one testsuite for the target, one testcase per invariant (classname the target, name the
 * invariant's id). A search that reached no verdict adds one testcase, `search`, as an `<error>` with
 * the reason. Pure.
 */
export function formatJunit(report: Report): string {
  const cases: { name: string; c: Case }[] = report.invariants.map((i) => ({ name: i.id, c: caseOf(i, report) }));
  if (report.verdict === 'error') {
    cases.push({ name: 'search', c: { kind: 'error', type: 'no-verdict', message: printable(report.reason ?? 'no verdict') } });
  }
  const count = (kind: Case['kind']): number => cases.filter(({ c }) => c.kind === kind).length;
  const totals = `tests="${cases.length}" failures="${count('failure')}" errors="${count('error')}" skipped="${count('skipped')}"`;
  const properties: [string, string][] = [
    ['verdict', report.verdict],
    ['seed', String(report.seed)],
    ['numRuns', String(report.numRuns)],
    ['clock', report.clock],
    ['version', report.tool.version],
    ...(report.counterexample ? ([['historyHash', report.counterexample.historyHash]] as [string, string][]) : []),
    ...(report.replay ? ([['replay', report.replay]] as [string, string][]) : []),
  ];
  const target = printable(report.target);
  const suiteName = escapeAttribute(`shutdown-check ${target}`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="shutdown-check" ${totals}>`,
    `  <testsuite name="${suiteName}" ${totals}>`,
    '    <properties>',
    ...properties.map(([name, value]) => `      <property name="${name}" value="${escapeAttribute(value)}"/>`),
    '    </properties>',
    ...cases.map(({ name, c }) => testcase(target, name, c)),
    '  </testsuite>',
    '</testsuites>',
  ].join('\n');
}
