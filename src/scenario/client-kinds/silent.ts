import fc from 'fast-check';
import { msText } from '../wording.js';
import type { ClientKindDefinition } from './definition.js';

/** Connects and sends nothing: a balancer's pre-opened socket. */
export interface SilentClientSpec {
  kind: 'silent';
  id: string;
  at: number;
}

export interface SilentDraft {
  kind: 'silent';
  start: number;
}

export const silentKind: ClientKindDefinition<SilentClientSpec, SilentDraft> = {
  kind: 'silent',
  fields: {},
  targets: ['http', 'raw'],
  // It sends nothing, so it opens a connection to any listener, TLS or not, as a balancer's would.
  speaks: 'tcp',
  example: { kind: 'silent', id: 'Q', at: 0 },

  draft: ({ start }) => fc.record({ kind: fc.constant('silent' as const), start }),
  early: (draft, id) => ({ kind: 'silent', id, at: draft.start }),
  spansFromSignal: () => false,

  opTimes: (spec) => [spec.at],
  describe: (spec) => `connects at ${msText(spec.at)} and sends nothing`,
};
