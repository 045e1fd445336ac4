import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, checkAll } from '../../src/checkers/catalogue.js';
import { executeScenario } from '../../src/run/executor.js';
import { NAMED_SCENARIOS } from '../../scenarios/lib/named.js';
import { ROOT, scenarioPath, STARTUP_TIMEOUT_MS } from '../support/processes.js';
import {
  CASES,
  CATALOGUED,
  EXERCISES,
  exercisedBy,
  limiter,
  PINNED,
  type Pinned,
  type ScenarioName,
} from '../support/strategy-catalogue.js';

const limited = limiter(2);
const named = new Map(NAMED_SCENARIOS.map((n) => [n.name, n]));

describe('the pinned table', () => {
  it('names every named scenario', () => {
    const listed: ScenarioName[] = [
      'request-in-flight',
      'keep-alive-busy-at-signal',
      'idle-keep-alive',
      'stream-in-progress',
      'websocket-open',
      'silent-connection',
      'late-connector',
      'long-request-past-grace',
      'readiness-during-drain',
      'raw-session-at-signal',
      'raw-connect-after-signal',
      'h2-streams-at-signal',
      'https-keep-alive-busy-at-signal',
    ];
    expect([...named.keys()].sort()).toEqual([...listed].sort());
  });

  it('covers every strategy in scenarios/, and the catalogue lists each of them', () => {
    const files = readdirSync(path.join(ROOT, 'scenarios')).filter((f) => f.endsWith('.js'));
    expect(Object.keys(PINNED).sort()).toEqual(files.sort());
    expect([...CATALOGUED].sort()).toEqual(files.sort());
  });

  it.each(Object.entries(PINNED))('%s: what it breaks is the union of its scenarios', (_file, pinned) => {
    const union = new Set(Object.values(pinned.violates).flat());
    expect([...union].sort()).toEqual([...pinned.breaks].sort());
  });

  it.each(Object.entries(PINNED))('%s: what a scenario violates, it exercises', (_file, pinned) => {
    for (const [name, ids] of Object.entries(pinned.violates) as [ScenarioName, string[]][]) {
      expect(exercisedBy(pinned, name), name).toEqual(expect.arrayContaining(ids));
    }
  });

  it('between them, the strategies break every invariant but keepalive-race and no-shutdown-5xx; the reference breaks none', () => {
    const broken = new Set(Object.values(PINNED).flatMap((p) => p.breaks));
    expect([...broken].sort()).toEqual(
      [
        'in-flight-complete',
        'no-accept-then-drop',
        'deadline',
        'clean-exit',
        'websocket-going-away',
        'stream-clean-end',
        'drain-connection-close',
        'readiness',
        'http2-goaway',
      ].sort(),
    );
    // no-shutdown-5xx is broken by an application's resources, not by a way of shutting the server down:
    // test/fixtures/violations/closes-pool-before-draining.js breaks it.
    expect(PINNED['reference.js']?.breaks).toEqual([]);
  });

  it('between them, the named scenarios exercise every invariant but keepalive-race and signal-reaches-server', () => {
    // keepalive-race takes a request written on an idle connection in the signal's own executor step;
    // the named scenarios write each request in a step of its own, after the executor has seen what the
    // signal made the server do (see EXERCISES). signal-reaches-server is for command targets: the
    // strategies are Node targets, whose listening process the harness starts and signals itself.
    const exercised = new Set(
      Object.entries(PINNED).flatMap(([, pinned]) =>
        (Object.keys(EXERCISES) as ScenarioName[]).flatMap((name) => exercisedBy(pinned, name)),
      ),
    );
    expect([...exercised].sort()).toEqual(CATALOGUE.map((c) => c.id).filter((id) => id !== 'keepalive-race' && id !== 'signal-reaches-server').sort());
  });
});

/** Every invariant's pinned verdict: violated as pinned, holds where exercised, otherwise not-exercised. */
function pinnedVerdicts(pinned: Pinned, name: ScenarioName, profile: string): Record<string, string> {
  const violated = new Set<string>(pinned.violates[name] ?? []);
  const exercised = new Set<string>(exercisedBy(pinned, name));
  return Object.fromEntries(
    CATALOGUE.map((c) => {
      if (c.profiles && !c.profiles.includes(profile as never)) return [c.id, 'not-applicable'];
      if (violated.has(c.id)) return [c.id, 'violated'];
      return [c.id, exercised.has(c.id) ? 'holds' : 'not-exercised'];
    }),
  );
}


// An HTTP scenario's clients speak HTTP; a raw TCP service would only see garbage lines, so
// raw-echo-polling gets the raw scenarios and the silent connection, and the HTTP strategies the rest.
describe.concurrent('each strategy on each named scenario, under the virtual clock', () => {
  it.each(CASES)('%s × %s', async (file, name, pinned, scenario) => {
    const expected = [...(pinned.violates[name as ScenarioName] ?? [])].sort();
    const result = await limited(() =>
      executeScenario(scenario.scenario, {
        entry: scenarioPath(file),
        startupTimeoutMs: STARTUP_TIMEOUT_MS,
        routes: pinned.routes,
        ...(scenario.env ? { env: { ...process.env, ...scenario.env } } : {}),
      }),
    );
    expect(result.run).toEqual({ status: 'completed' });

    // The SIGKILL at the end of the grace period is what the target died of, if it was sent at all:
    // an exit with a code after it means the target had already ended on its own.
    const kill = result.history.find((e) => e.type === 'kill-sent');
    const exit = result.history.find((e) => e.type === 'target-exited');
    if (kill && exit && exit.signal !== 'SIGKILL') {
      expect.fail(
        `the harness sent SIGKILL at ${kill.t} ms (step ${kill.step}) to a target that exited by itself ` +
          `with code ${exit.code} (recorded at ${exit.t} ms, step ${exit.step})\n${result.jsonl}`,
      );
    }

    const report = checkAll(result.history, scenario.scenario, scenario.checkOptions ?? {});
    const violated = report.results.filter((r) => r.verdict.verdict === 'violated').map((r) => r.id);
    const undecided = report.results.filter((r) => r.verdict.verdict === 'unknown');
    expect(undecided).toEqual([]);
    // On a mismatch, show the evidence sentences and the reasons rather than lists of ids.
    const evidence = report.results.flatMap((r) =>
      r.verdict.verdict === 'violated'
        ? r.verdict.evidence.map((e) => `${r.id}: ${e.message}`)
        : r.verdict.verdict === 'not-exercised'
          ? [`${r.id}: not exercised, ${r.verdict.reason}`]
          : [],
    );
    expect(violated.sort(), evidence.join('\n')).toEqual(expected);
    const verdicts = Object.fromEntries(report.results.map((r) => [r.id, r.verdict.verdict]));
    expect(verdicts, evidence.join('\n')).toEqual(pinnedVerdicts(pinned, name as ScenarioName, scenario.scenario.profile));
  });
});
