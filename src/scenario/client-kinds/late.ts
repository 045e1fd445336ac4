import fc from 'fast-check';
import { gaps, ms, times } from '../draw.js';
import { configRequest, msList, msText } from '../wording.js';
import type { ClientKindDefinition } from './definition.js';

/**
 * New connections, each sending one request: one at `at`, then one at each of `attempts`. Each sends
 * `GET` of the fast route, or the config's request number `route`.
 */
export interface LateClientSpec {
  kind: 'late';
  id: string;
  at: number;
  attempts: number[];
  route?: number;
}

/** The first attempt is relative to the signal: a late connector is placed after it. */
export interface LateDraft {
  kind: 'late';
  offset: number;
  gaps: number[];
  route: number | undefined;
}

/** how long after the signal a late connector first tries */
const LATE_OFFSET_MAX_MS = 2_000;
const MAX_LATE_ATTEMPTS = 4;

export const lateKind: ClientKindDefinition<LateClientSpec, LateDraft> = {
  kind: 'late',
  fields: { attempts: 'numbers', 'route?': 'index' },
  targets: ['http'],
  // An echo service would answer the request line with an echo and never a complete HTTP response,
  // so every attempt would look dropped.
  notForRaw: 'late connectors send HTTP requests, and the target is raw TCP',
  example: { kind: 'late', id: 'L', at: 0, attempts: [1] },

  draft: ({ route }) =>
    fc.record({ kind: fc.constant('late' as const), offset: ms(0, LATE_OFFSET_MAX_MS), gaps: gaps(0, MAX_LATE_ATTEMPTS - 1), route }),
  early: () => undefined,
  settle(draft, _early, id, signalAt) {
    const at = signalAt + draft.offset;
    return { kind: 'late', id, at, attempts: times(at, draft.gaps), ...(draft.route !== undefined ? { route: draft.route } : {}) };
  },
  spansFromSignal: () => false,

  opTimes: (spec) => [spec.at, ...spec.attempts],
  validate: (spec, check) => check.route(`client ${spec.id}`, spec.route),
  describe(spec) {
    const at = [spec.at, ...spec.attempts];
    const what = spec.route !== undefined ? configRequest(spec.route) : 'GET';
    return at.length === 1
      ? `opens a new connection with one ${what} at ${msText(spec.at)}`
      : `opens a new connection with one ${what} at each of ${msList(at)}`;
  },
};
