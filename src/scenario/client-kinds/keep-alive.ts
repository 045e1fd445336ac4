import fc from 'fast-check';
import { GAP_MAX_MS, ms, times } from '../draw.js';
import { msList } from '../wording.js';
import type { ClientKindDefinition, Durations } from './definition.js';
import {
  askArbitrary,
  askFromSignal,
  askProblems,
  keepAliveRequest,
  plainArbitrary,
  requestMs,
  requestText,
  type Ask,
  type KeepAliveRequest,
} from './keep-alive-request.js';

export type { KeepAliveRequest } from './keep-alive-request.js';

/**
 * Several requests on one persistent HTTP/1.1 connection, one after the other, idle in between. The
 * first request goes at `at`; a request due while the previous one is unanswered waits for it.
 */
export interface KeepAliveClientSpec {
  kind: 'keep-alive';
  id: string;
  at: number;
  requests: KeepAliveRequest[];
}

/** With `race`, the client writes one more request right after the signal, if its connection is idle by then (see raceRequest). */
export interface KeepAliveDraft {
  kind: 'keep-alive';
  start: number;
  first: Ask;
  rest: { gap: number; ask: Ask }[];
  race: Ask | undefined;
}

const MAX_KEEP_ALIVE_REQUESTS = 5;
/**
 * The longest idle time before a request written with the signal. Servers close a connection idle for
 * longer than their keep-alive timeout (Node's default 5 s, gunicorn's 2 s), and then the request would
 * open a new connection at the signal's instant: a race of another kind than the one it is drawn for.
 */
const RACE_IDLE_MAX_MS = 1_000;

export const keepAliveKind: ClientKindDefinition<KeepAliveClientSpec, KeepAliveDraft> = {
  kind: 'keep-alive',
  fields: { requests: 'requests' },
  targets: ['http'],
  example: { kind: 'keep-alive', id: 'K', at: 0, requests: [{ at: 0, path: '/' }, { at: 1, path: '/' }, { at: 2, path: '/' }] },

  // Gaps of 0 are kept: a request due while the previous one is unanswered queues behind it. One
  // keep-alive client in two tries the race; it shrinks to none.
  draft(tools) {
    const ask = askArbitrary(tools);
    return fc.record({
      kind: fc.constant('keep-alive' as const),
      start: tools.start,
      first: ask,
      rest: fc.array(fc.record({ gap: ms(0, GAP_MAX_MS), ask }), { maxLength: MAX_KEEP_ALIVE_REQUESTS - 1 }),
      race: fc.oneof({ withCrossShrink: true }, { arbitrary: fc.constant(undefined), weight: 1 }, { arbitrary: plainArbitrary(tools), weight: 1 }),
    });
  },
  early(draft, id, durations, signalAt) {
    const at = draft.start;
    const asks = [draft.first, ...draft.rest.map((r) => r.ask)];
    const due = [at, ...times(at, draft.rest.map((r) => r.gap))];
    return { kind: 'keep-alive', id, at, requests: asks.map((ask, i) => keepAliveRequest(ask, { at: due[i] ?? at, signalAt }, durations)) };
  },
  settle(draft, early, id, signalAt, durations) {
    const spec = early ?? keepAliveKind.early(draft, id, durations, signalAt) ?? unreachable();
    return draft.race ? raceRequest(spec, draft.race, signalAt, durations) : spec;
  },
  spansFromSignal: (draft) => askFromSignal(draft.first) || draft.rest.some((r) => askFromSignal(r.ask)),

  opTimes: (spec) => [spec.at, ...spec.requests.slice(1).map((r) => r.at)],
  withSignal: (spec, op) => spec.requests[op]?.withSignal === true,
  busy: (spec) => spec.requests.filter((r) => requestMs(r) > 0).map((r) => ({ from: r.at, to: r.at + requestMs(r) })),
  idleBetween: (spec) =>
    spec.requests.slice(1).map((r, i) => {
      const previous = spec.requests[i];
      return { from: previous ? previous.at + requestMs(previous) : r.at, to: r.at };
    }),
  validate(c, check) {
    const problems: string[] = [];
    if (c.requests.length === 0 || c.requests[0]?.at !== c.at) {
      problems.push(`client ${c.id} is keep-alive: its first request is its start (requests[0].at = at)`);
    }
    c.requests.forEach((r, i) => {
      const where = `request ${i} of client ${c.id}`;
      problems.push(...askProblems(where, r), ...check.route(where, r.route));
      if (r.withSignal && i === 0) {
        problems.push(`${where} is written with the signal, but a first request opens the connection: only a later one can meet an idle close`);
      } else if (r.withSignal && r.at !== check.signalAt) {
        problems.push(`${where} is written with the signal, so its time must be the signal's (${check.signalAt}), not ${r.at}`);
      }
      // A request at the signal's time is written before the signal, so it would overtake one written with it.
      if (!r.withSignal && r.at === check.signalAt && c.requests.slice(0, i).some((q) => q.withSignal)) {
        problems.push(`${where} comes at the signal's time after one written with the signal, and would be written before it`);
      }
    });
    return problems;
  },
  /** GETs of one path read as one list of times; anything else as one phrase per request. */
  describe(spec, signal) {
    const paths = new Set(spec.requests.map((r) => r.path));
    const [only] = paths;
    if (paths.size === 1 && only !== undefined && spec.requests.every((r) => !r.withSignal)) {
      return `sends GET ${only} at ${msList(spec.requests.map((r) => r.at))}`;
    }
    return `sends ${spec.requests.map((r) => requestText(r, signal)).join(', ')}`;
  },
};

function unreachable(): never {
  throw new Error('unreachable: a keep-alive client is placed before the signal');
}

/**
 * The keep-alive race on purpose: when the client's connection is idle at the signal (its last
 * request before the signal answered, by the scenario's own times, at most RACE_IDLE_MAX_MS before
 * it), one more request goes out on it in the signal's own step, right after the signal
 * (`withSignal`), where a server that closes idle connections on the signal meets it. It goes after
 * every request due at or before the signal, so the requests stay in the order they are written.
 */
function raceRequest(spec: KeepAliveClientSpec, ask: Ask, signalAt: number, durations: Durations): KeepAliveClientSpec {
  const k = spec.requests.findIndex((r) => r.at > signalAt);
  const before = k === -1 ? spec.requests : spec.requests.slice(0, k);
  // A connection opened before the signal, then: the race needs one to reuse.
  if (before.length === 0) return spec;
  // Each request goes out when it is due and the one before it is answered.
  let end = -Infinity;
  for (const r of before) end = Math.max(r.at, end) + requestMs(r);
  if (!(end < signalAt && signalAt - end <= RACE_IDLE_MAX_MS)) return spec;
  const race: KeepAliveRequest = { ...keepAliveRequest(ask, { at: signalAt, signalAt }, durations), withSignal: true };
  return { ...spec, requests: [...before, race, ...spec.requests.slice(before.length)] };
}
