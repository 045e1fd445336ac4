import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { searchProperty } from '../../src/run/property.js';
import { scenarioArbitrary } from '../../src/scenario/arbitraries.js';
import { fixturePath } from '../support/processes.js';

it('a failure found stands, with its counterexample, when the target fails to start while it shrinks', async () => {
  const marker = path.join(mkdtempSync(path.join(tmpdir(), 'shutdown-check-')), 'cut');
  const result = await searchProperty({
    run: {
      entry: fixturePath('exit-at-once-then-never-start.js'),
      routes: { slow: '/?ms={ms}' },
      env: { ...process.env, MARKER: marker },
    },
    arbitrary: scenarioArbitrary({ kinds: ['slow'], graceMs: 30_000, signal: 'SIGTERM', profile: 'immediate' }),
    numRuns: 50,
    seed: 7,
  });
  expect(result.status).toBe('failed');
  if (result.status !== 'failed') return;
  const inFlight = result.counterexamples.find((c) => c.invariant === 'in-flight-complete');
  expect(inFlight?.trial.report.verdict).toBe('fail');
  const broken = inFlight?.trial.report.results.filter((r) => r.verdict.verdict === 'violated').map((r) => r.id);
  expect(broken).toContain('in-flight-complete');
});
