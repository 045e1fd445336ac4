import fc from 'fast-check';
import type { EventBody, HistoryEvent } from '../../../src/history/events.js';
import { OUTCOMES } from '../../../src/history/events.js';
import type { Scenario } from '../../../src/scenario/types.js';
import { scenario } from './fixtures.js';

const client = fc.constantFrom('A', 'K', 'W', 'S', 'L', 'R', 'unmatched');
const request = fc.integer({ min: -1, max: 3 });
const signal = fc.constantFrom('SIGTERM', 'SIGINT', 'SIGKILL', 'SIGSEGV');

/** Any event of the vocabulary, with loosely related fields: histories no executor would write too. */
const body: fc.Arbitrary<EventBody> = fc.oneof(
  fc.record({ type: fc.constant('listening' as const), listener: fc.integer({ min: 0, max: 1 }) }),
  fc.record({ type: fc.constant('listener-closed' as const), listener: fc.integer({ min: 0, max: 1 }) }),
  fc.record({ type: fc.constant('server-connection-opened' as const), client }),
  fc.record({ type: fc.constant('server-connection-closed' as const), client, hadError: fc.boolean() }),
  fc.record({
    type: fc.constant('server-request-started' as const),
    client,
    request,
    method: fc.constantFrom('GET', 'POST'),
    path: fc.constantFrom('/', '/readyz', '/slow?ms=5'),
  }),
  fc.record(
    {
      type: fc.constant('server-response-finished' as const),
      client,
      request,
      status: fc.constantFrom(200, 404, 500, 503),
      connectionClose: fc.boolean(),
      injection: fc.constantFrom('applied' as const, 'no-effect' as const),
    },
    { requiredKeys: ['type', 'client', 'request', 'status', 'connectionClose'] },
  ),
  fc.record({ type: fc.constant('server-upgrade' as const), client, request }),
  fc.record({ type: fc.constant('signal-handler-added' as const), signal }),
  fc.record({ type: fc.constant('signal-handled' as const), signal }),
  fc.record({ type: fc.constant('uncaught-exception' as const), message: fc.constant('Error: boom') }),
  fc.record({
    type: fc.constant('target-exited' as const),
    code: fc.option(fc.constantFrom(0, 1, 143)),
    signal: fc.option(signal),
  }),
  fc.record({ type: fc.constant('signal-sent' as const), signal, nth: fc.integer({ min: 1, max: 2 }) }),
  fc.record({ type: fc.constant('kill-sent' as const), reason: fc.constant('grace-expired' as const) }),
  fc.record({ type: fc.constant('client-connect' as const), client }),
  fc.record({ type: fc.constant('client-connected' as const), client }),
  fc.record({ type: fc.constant('client-refused' as const), client }),
  fc.record({
    type: fc.constant('request-sent' as const),
    client,
    request,
    path: fc.constantFrom('/', '/readyz', '/slow?ms=5'),
  }),
  fc.record(
    {
      type: fc.constant('request-outcome' as const),
      client,
      request,
      outcome: fc.constantFrom(...OUTCOMES),
      status: fc.constantFrom(101, 200, 404, 500, 503),
      connectionClose: fc.boolean(),
      bytesWritten: fc.boolean(),
    },
    { requiredKeys: ['type', 'client', 'request', 'outcome', 'bytesWritten'] },
  ),
  fc.record({
    type: fc.constant('connection-ended' as const),
    client,
    how: fc.constantFrom('fin' as const, 'rst' as const),
    by: fc.constantFrom('client' as const, 'server' as const),
  }),
  fc.record({
    type: fc.constant('websocket-closed' as const),
    client,
    code: fc.constantFrom(1000, 1001, 1006, 1012),
    reason: fc.constant(''),
  }),
  fc.record({ type: fc.constant('watchdog' as const), reason: fc.constant('no progress') }),
);

export const historyArb: fc.Arbitrary<HistoryEvent[]> = fc.array(
  fc.tuple(body, fc.integer({ min: 0, max: 12_000 }), fc.integer({ min: 0, max: 40 })).map(
    ([b, t, step]) => ({ ...b, t, step }) as HistoryEvent,
  ),
  { maxLength: 40 },
);

/** One client of every kind, under either profile. */
export const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    profile: fc.constantFrom('immediate' as const, 'kubernetes' as const),
    graceMs: fc.constantFrom(1_000, 10_000),
    second: fc.boolean(),
  })
  .map(({ profile, graceMs, second }) =>
    scenario(
      [
        { kind: 'slow', id: 'A', at: 0, latencyMs: 9_600 },
        { kind: 'keep-alive', id: 'K', at: 0, requests: [{ at: 0, path: '/' }, { at: 150, path: '/readyz' }] },
        { kind: 'websocket', id: 'W', at: 10, messages: [20] },
        { kind: 'stream', id: 'S', at: 0, chunks: 10, everyMs: 100, sse: true },
        { kind: 'late', id: 'L', at: 150, attempts: [200] },
        { kind: 'raw', id: 'R', at: 0, messages: [50] },
      ],
      { profile, graceMs, ...(second ? { secondSignal: { signal: 'SIGINT', at: 500 } } : {}) },
    ),
  );
