import fc from 'fast-check';
import { gaps, times } from '../draw.js';
import { TICK_MS } from '../spans.js';
import { msText, sends } from '../wording.js';
import type { ClientKindDefinition } from './definition.js';
import { betweenMessages, MAX_MESSAGES } from './messages.js';

/** An open WebSocket that sends a message at each of `messages`. */
export interface WebSocketClientSpec {
  kind: 'websocket';
  id: string;
  at: number;
  messages: number[];
}

export interface WebSocketDraft {
  kind: 'websocket';
  start: number;
  gaps: number[];
}

export const websocketKind: ClientKindDefinition<WebSocketClientSpec, WebSocketDraft> = {
  kind: 'websocket',
  fields: { messages: 'numbers' },
  targets: ['http'],
  example: { kind: 'websocket', id: 'W', at: 0, messages: [1, 2] },
  unsupported(options) {
    if (options.websocketConfig === false) return 'the config says websocket: false';
    if (options.websocketConfig === null && !options.upgrade) {
      return "the target has no WebSocket endpoint: no 'upgrade' listener was seen, and the config does not say websocket: true";
    }
    return null;
  },

  // A message due before the WebSocket is open would be dropped, so messages come at least a tick apart.
  draft: ({ start }) => fc.record({ kind: fc.constant('websocket' as const), start, gaps: gaps(TICK_MS, MAX_MESSAGES) }),
  early: (draft, id) => ({ kind: 'websocket', id, at: draft.start, messages: times(draft.start, draft.gaps) }),
  spansFromSignal: () => false,

  opTimes: (spec) => [spec.at, ...spec.messages],
  idleBetween: (spec) => betweenMessages([spec.at, ...spec.messages]),
  describe: (spec) => `opens a WebSocket at ${msText(spec.at)} and ${sends(spec.messages, 'a message', 'messages')}`,
};
