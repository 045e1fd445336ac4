import fc from 'fast-check';
import { spanStream, type Span } from '../spans.js';
import { msText, streamText } from '../wording.js';
import type { ClientKindDefinition } from './definition.js';

/** A chunked (or SSE) response of `chunks` chunks, one every `everyMs`. */
export interface StreamShape {
  chunks: number;
  everyMs: number;
  sse: boolean;
}

/** A chunked (or SSE) response of `chunks` chunks, one every `everyMs`. */
export interface StreamClientSpec extends StreamShape {
  kind: 'stream';
  id: string;
  at: number;
}

export interface StreamDraft {
  kind: 'stream';
  start: number;
  chunks: number;
  span: Span;
  sse: boolean;
}

export const STREAM_FIELDS = { chunks: 'number', everyMs: 'number', sse: 'boolean' } as const;

export const streamKind: ClientKindDefinition<StreamClientSpec, StreamDraft> = {
  kind: 'stream',
  fields: STREAM_FIELDS,
  targets: ['http'],
  example: { kind: 'stream', id: 'T', at: 0, chunks: 2, everyMs: 5, sse: false },
  unsupported: (options) =>
    options.noAgent && !options.noAgent.streamRoute
      ? 'without an agent a stream needs the target\'s own route: set routes.stream in the config, e.g. "/events?n={chunks}&every={every}"'
      : null,

  draft: ({ start, chunks, span }) => fc.record({ kind: fc.constant('stream' as const), start, chunks, span, sse: fc.boolean() }),
  early: (draft, id, durations, signalAt) => ({
    kind: 'stream',
    id,
    at: draft.start,
    ...spanStream(draft.span, draft.chunks, { at: draft.start, signalAt }, durations),
    sse: draft.sse,
  }),
  spansFromSignal: (draft) => draft.span.from === 'signal',

  opTimes: (spec) => [spec.at],
  busy: (spec) => [{ from: spec.at, to: spec.at + spec.chunks * spec.everyMs }],
  describe: (spec) => `asks for ${streamText(spec)}, at ${msText(spec.at)}`,
};
