import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/api/run-scenario.js';
import type { HistoryEvent } from '../../src/history/events.js';
import type { Scenario } from '../../src/scenario/types.js';
import { scenarioPath } from '../support/processes.js';
import { namedScenario } from '../support/strategy-catalogue.js';

/**
 * A command has no agent to say whether its HTTP/2 is over TLS: runScenario probes it, and the h2
 * client opens its session over TLS (ALPN h2) against the reference served over TLS, in clear text
 * (prior knowledge) against the one in clear text. A session opened the wrong way gets no answer at
 * all. The streams: a slow one taken before the signal, a fast one, and one due after the signal.
 */
const scenario: Scenario = namedScenario('h2-streams-at-signal');

describe.each(['http2-tls.js', 'http2-goaway.js'])('%s run as a command', (file) => {
  it('gets its h2 streams answered and tells the session to go away: http2-goaway holds', async () => {
    const result = await runScenario({ cmd: `node ${scenarioPath(file)}`, portEnv: 'PORT' }, scenario, { startupTimeout: '60s' });
    expect(result.run).toEqual({ status: 'completed' });
    const outcomes = result.history.filter((e): e is Extract<HistoryEvent, { type: 'request-outcome' }> => e.type === 'request-outcome');
    expect(outcomes.map((e) => e.outcome)).toContain('complete');
    expect(result.history.some((e) => e.type === 'goaway-received')).toBe(true);
    expect(result.invariants.find((i) => i.id === 'http2-goaway')?.verdict).toBe('holds');
  }, 120_000);
});
