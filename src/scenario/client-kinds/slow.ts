import fc from 'fast-check';
import { spanMs, type Span } from '../spans.js';
import { msText } from '../wording.js';
import type { ClientKindDefinition } from './definition.js';

/** One request whose response takes `latencyMs` (a slow route, or latency the agent injects). */
export interface SlowClientSpec {
  kind: 'slow';
  id: string;
  at: number;
  latencyMs: number;
}

export interface SlowDraft {
  kind: 'slow';
  start: number;
  span: Span;
}

export const slowKind: ClientKindDefinition<SlowClientSpec, SlowDraft> = {
  kind: 'slow',
  fields: { latencyMs: 'number' },
  targets: ['http'],
  example: { kind: 'slow', id: 'S', at: 0, latencyMs: 10 },
  unsupported: (options) =>
    options.noAgent && !options.noAgent.slowRoute
      ? 'without an agent a slow answer needs the target\'s own route: set routes.slow in the config, e.g. "/slow?ms={ms}"'
      : null,

  draft: ({ start, span }) => fc.record({ kind: fc.constant('slow' as const), start, span }),
  early: (draft, id, durations, signalAt) => ({
    kind: 'slow',
    id,
    at: draft.start,
    latencyMs: durations.slowLatencyMs ?? spanMs(draft.span, { at: draft.start, signalAt }, durations.maxMs),
  }),
  spansFromSignal: (draft) => draft.span.from === 'signal',

  opTimes: (spec) => [spec.at],
  busy: (spec) => [{ from: spec.at, to: spec.at + spec.latencyMs }],
  describe: (spec) => `sends a request answered after ${msText(spec.latencyMs)}, at ${msText(spec.at)}`,
};
