import fc from 'fast-check';
import { spanMs, type Span } from '../spans.js';
import { configRequest, msText } from '../wording.js';
import type { ClientKindDefinition } from './definition.js';

/**
 * One HTTP request on its own connection: connects at `at`, sends, reads the whole answer, closes. It
 * sends `GET path`, or the config's request number `route` (exactly one of the two).
 */
export interface HttpClientSpec {
  kind: 'http';
  id: string;
  at: number;
  path?: string;
  /** the index of one of the config's `requests` (method, path, headers, body) */
  route?: number;
  /** ask the agent to hold the response this long (virtual ms) before the target's handler answers */
  holdMs?: number;
}

export interface HttpDraft {
  kind: 'http';
  start: number;
  hold: Span | undefined;
  route: number | undefined;
}

export const httpKind: ClientKindDefinition<HttpClientSpec, HttpDraft> = {
  kind: 'http',
  fields: { 'path?': 'string', 'route?': 'index', 'holdMs?': 'number' },
  targets: ['http'],
  // `slow` with a short latency covers one request on a connection of its own, and a single quick
  // request rarely meets the signal.
  byDefault: false,
  example: { kind: 'http', id: 'H', at: 0, path: '/' },
  unsupported: (options) =>
    options.noAgent ? 'http clients ask the agent to hold some answers, and the target has none: use slow clients with routes.slow' : null,

  draft: ({ start, span, route }) =>
    fc.record({ kind: fc.constant('http' as const), start, hold: fc.option(span, { nil: undefined }), route }),
  early(draft, id, durations, signalAt) {
    const at = draft.start;
    const what = draft.route !== undefined ? { route: draft.route } : { path: '/' };
    const hold = draft.hold && { holdMs: spanMs(draft.hold, { at, signalAt }, durations.maxMs) };
    return { kind: 'http', id, at, ...what, ...hold };
  },
  spansFromSignal: (draft) => draft.hold?.from === 'signal',

  opTimes: (spec) => [spec.at],
  busy: (spec) => (spec.holdMs !== undefined ? [{ from: spec.at, to: spec.at + spec.holdMs }] : []),
  validate(spec, check) {
    const problems = (spec.path === undefined) === (spec.route === undefined) ? [`client ${spec.id} must name exactly one of path and route`] : [];
    return [...problems, ...check.route(`client ${spec.id}`, spec.route)];
  },
  describe(spec) {
    const what = spec.route !== undefined ? configRequest(spec.route) : `GET ${spec.path ?? '/'}`;
    return spec.holdMs === undefined
      ? `sends ${what} at ${msText(spec.at)}`
      : `sends ${what} answered after ${msText(spec.holdMs)}, at ${msText(spec.at)}`;
  },
};
