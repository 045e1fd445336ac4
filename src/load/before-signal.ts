/**
 * before-signal: every request that ends before the signal is answered. Only load mode has it: a
 * history's clients are few and scheduled around the signal, but under load a target can fail before
 * any shutdown starts, and what it drops then says nothing about its shutdown. A request lost unread
 * on a reused connection is the keep-alive race's even then, since a server's idle timeout starts it
 * as well as its shutdown.
 */
import type { LoadCount, LoadOnlyInvariant } from '../checkers/invariant.js';
import { plural } from './numbers.js';
import { lostUnread } from './request-facts.js';

export const beforeSignal = {
  id: 'before-signal',
  defaultSeverity: 'error',
  load: {
    failures: { 'before-signal': (r) => !lostUnread(r) },
    count: (t): LoadCount => ({
      count: t.faults['before-signal'],
      of: t.requestsBeforeSignal,
      applicable: true,
      holds: 'every request before the signal was answered',
      violated: `${plural(t.faults['before-signal'], 'request')} failed before the signal: the target did not carry the load`,
    }),
  },
} as const satisfies LoadOnlyInvariant;
