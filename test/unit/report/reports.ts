import { XMLParser } from 'fast-xml-parser';
import type { Report } from '../../../src/report/report.js';
import type { Scenario } from '../../../src/scenario/types.js';
import { history } from '../checkers/fixtures.js';

/** Literal reports for the formatters' tests, shaped as buildReport shapes them. */

const SETTINGS: Report['settings'] = {
  target: 'servers/api.js',
  clock: 'virtual',
  graceMs: 10_000,
  signal: 'SIGTERM',
  profile: 'immediate',
  clients: ['keep-alive', 'slow', 'late', 'silent', 'websocket'],
  strict: false,
  config: null,
};

export const REPLAY = 'npx shutdown-check --target servers/api.js --grace 10000ms --signal SIGTERM --seed 4 --path 1:0';

type Invariant = Report['invariants'][number];
const holds = (id: string, severity: Invariant['severity'] = 'error'): Invariant => ({
  id,
  severity,
  verdict: 'holds',
  evidence: [],
  exercisedRuns: 7,
  counterexample: null,
});
const notApplicable: Invariant = {
  id: 'readiness',
  severity: 'error',
  verdict: 'not-applicable',
  evidence: [{ message: 'applies to the kubernetes profile only; the scenario uses immediate', events: [] }],
  exercisedRuns: 0,
  counterexample: null,
};

/**
 * Five clients: a slow request A cut by the exit, a keep-alive K answered then reset on its second
 * request, a late client L whose two attempts overlap (one refused, one never answered), a silent Q, a
 * WebSocket W that ends with 1006. SIGTERM at 100 ms, the listener closes, the target exits 1 at 120 ms.
 */
export const SCENARIO: Scenario = {
  clients: [
    { kind: 'slow', id: 'A', at: 10, latencyMs: 300 },
    { kind: 'keep-alive', id: 'K', at: 20, requests: [{ at: 20, path: '/' }, { at: 105, path: '/' }] },
    { kind: 'late', id: 'L', at: 101, attempts: [102] },
    { kind: 'silent', id: 'Q', at: 30 },
    { kind: 'websocket', id: 'W', at: 40, messages: [] },
  ],
  signal: 'SIGTERM',
  signalAt: 100,
  graceMs: 10_000,
  profile: 'immediate',
};

export const HISTORY = history()
  .listening()
  .handler('SIGTERM')
  .at(10).sent('A').open('A').started('A')
  .at(20).sent('K').open('K').started('K').finished('K').answered('K')
  .at(30).open('Q')
  .at(40).open('W').sent('W', 0, '/ws').upgrade('W').answered('W')
  .at(100).signal().handled()
  .at(101).connect('L').sent('L', 0).open('L')
  .at(102).sent('L', 1)
  .at(105).sent('K', 1)
  .at(110).listenerClosed()
  .at(111).refused('L').outcome('L', 1, 'refused', { bytesWritten: false })
  .at(120).exit(1).outcome('A', 0, 'reset-mid-response', { status: 200 }).outcome('K', 1, 'reset-before-response')
  .ended('A', 'rst').ended('K', 'rst').ended('Q', 'fin').wsClosed('W', 1006).ended('W', 'rst')
  .build();

/** A counterexample of SCENARIO at `path`, replayed by `replay`. */
function counterexample(path: string, replay: string): NonNullable<Report['counterexample']> {
  return {
    seed: 4,
    path,
    focus: [],
    shrunk: true,
    scenario: SCENARIO,
    steps: ['A (slow) asks at 10 ms for a response that takes 300 ms', 'SIGTERM at 100 ms; SIGKILL at 10100 ms if still running'],
    history: HISTORY,
    historyHash: 'ab'.repeat(32),
    replay,
  };
}

/** The replay command of an invariant's counterexample other than in-flight-complete's. */
export function replayOf(path: string): string {
  return REPLAY.replace('--path 1:0', `--path ${path}`);
}

export function failingReport(overrides: Partial<Report> = {}): Report {
  const inFlight = counterexample('1:0', REPLAY);
  return {
    tool: { name: 'shutdown-check', version: '9.9.9' },
    target: SETTINGS.target,
    clock: 'virtual',
    seed: 4,
    numRuns: 12,
    verdict: 'fail',
    reason: null,
    settings: SETTINGS,
    invariants: [
      {
        id: 'in-flight-complete',
        severity: 'error',
        verdict: 'violated',
        evidence: [
          { message: 'request 0 of client A, read 90 ms before SIGTERM, was reset mid-response', events: [] },
          { message: 'request 1 of client K was reset before any response', events: [] },
        ],
        exercisedRuns: 9,
        counterexample: inFlight,
      },
      holds('no-accept-then-drop'),
      holds('deadline'),
      {
        id: 'clean-exit',
        severity: 'error',
        verdict: 'violated',
        evidence: [{ message: 'the target exited with code 1', events: [] }],
        exercisedRuns: 12,
        counterexample: counterexample('3:1', replayOf('3:1')),
      },
      {
        id: 'websocket-going-away',
        severity: 'error',
        verdict: 'violated',
        evidence: [{ message: 'the WebSocket of client W ended with no close frame (1006)', events: [] }],
        exercisedRuns: 2,
        counterexample: counterexample('5:0:2', replayOf('5:0:2')),
      },
      holds('stream-clean-end'),
      {
        id: 'drain-connection-close',
        severity: 'warning',
        verdict: 'violated',
        evidence: [{ message: 'response 1 of client K, started after SIGTERM, did not say Connection: close', events: [] }],
        exercisedRuns: 4,
        counterexample: counterexample('8:0', replayOf('8:0')),
      },
      holds('keepalive-race', 'warning'),
      notApplicable,
    ],
    counterexample: inFlight,
    replay: REPLAY,
    ...overrides,
  };
}

export function passingReport(): Report {
  return {
    ...failingReport(),
    verdict: 'pass',
    numRuns: 100,
    invariants: failingReport().invariants.map((i) => (i.verdict === 'violated' ? holds(i.id, i.severity) : i)),
    counterexample: null,
    replay: null,
  };
}

/** A search that reached no verdict: one run could not decide `deadline`. */
export function noVerdictReport(): Report {
  return {
    ...passingReport(),
    verdict: 'error',
    reason: 'run 7 made no progress for 10 s: the target stopped answering',
    invariants: passingReport().invariants.map((i) =>
      i.id === 'deadline' ? { ...i, verdict: 'unknown', evidence: [{ message: 'the run ended before the target exited', events: [] }] } : i,
    ),
  };
}

/** An element as fast-xml-parser gives it: attributes by name, children as arrays, text in `#text`. */
export type XmlNode = { [key: string]: XmlNode[] | string | undefined; '#text'?: string };

/** Parses XML (junit.xml, the SVG): attributes under their own names, entities decoded, children always arrays. */
export function parseXml(xml: string): XmlNode {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    htmlEntities: true,
    isArray: (_name: string, _path: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute,
  });
  return parser.parse(xml) as XmlNode;
}

/** The child elements called `name` (none if absent). */
export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  const value = node?.[name];
  return Array.isArray(value) ? value : [];
}
