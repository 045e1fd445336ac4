import type { Window } from './definition.js';

/** The most messages a WebSocket or raw client sends after connecting. */
export const MAX_MESSAGES = 4;

/** The idle times between consecutive actions of a client that sends messages on one connection. */
export function betweenMessages(ops: number[]): Window[] {
  return ops.slice(1).map((to, i) => ({ from: ops[i] ?? to, to }));
}
