import fc from 'fast-check';
import { gaps, times } from '../draw.js';
import { TICK_MS } from '../spans.js';
import { msText, sends } from '../wording.js';
import type { ClientKindDefinition } from './definition.js';
import { betweenMessages, MAX_MESSAGES } from './messages.js';

/** A plain TCP session for non-HTTP targets: sends a line at each of `messages`, expects it echoed. */
export interface RawClientSpec {
  kind: 'raw';
  id: string;
  at: number;
  messages: number[];
}

export interface RawDraft {
  kind: 'raw';
  start: number;
  gaps: number[];
}

export const rawKind: ClientKindDefinition<RawClientSpec, RawDraft> = {
  kind: 'raw',
  fields: { messages: 'numbers' },
  targets: ['raw'],
  example: { kind: 'raw', id: 'R', at: 0, messages: [1, 2] },

  draft: ({ start }) => fc.record({ kind: fc.constant('raw' as const), start, gaps: gaps(TICK_MS, MAX_MESSAGES) }),
  early: (draft, id) => ({ kind: 'raw', id, at: draft.start, messages: times(draft.start, draft.gaps) }),
  spansFromSignal: () => false,

  opTimes: (spec) => [spec.at, ...spec.messages],
  idleBetween: (spec) => betweenMessages([spec.at, ...spec.messages]),
  describe: (spec) => `connects at ${msText(spec.at)} and ${sends(spec.messages, 'a line to be echoed', 'lines to be echoed')}`,
};
