import { createHash } from 'node:crypto';
import type { EventBody, History, HistoryEvent } from './events.js';

/**
 * Order inside one step. Events of one step are effects of one executor action and arrive over
 * different channels (the agent's pipe, each client's socket), so their arrival order is a race.
 * The canonical order puts them in a fixed order that follows cause before effect in the common case:
 * what the nemesis did, then what the target did as a whole, then per client (by id) the life of a
 * connection and its requests, and the exit last.
 */
const RANK: Record<EventBody['type'], number> = {
  // the proxy was there before anything happened
  'proxy-in-front': -1,
  'signal-sent': 0,
  'kill-sent': 1,
  'signal-handled': 2,
  'signal-handler-added': 3,
  'uncaught-exception': 4,
  listening: 5,
  'listener-closed': 6,
  // per client, in the order a connection lives
  'client-connect': 10,
  'server-connection-opened': 11,
  'client-connected': 12,
  'client-refused': 12,
  'request-sent': 13,
  'server-request-started': 14,
  'server-upgrade': 15,
  // one request is upgraded or answered, never both
  'server-response-started': 15,
  'server-response-finished': 16,
  'response-began': 16,
  // what the proxy answered comes with the outcome it explains, just before it
  'proxy-answered': 16.5,
  'request-outcome': 17,
  'goaway-received': 17,
  'websocket-closed': 18,
  'connection-ended': 19,
  'server-connection-closed': 20,
  'process-exited': 29,
  'target-exited': 30,
  'server-process': 32,
  watchdog: 31,
};

const PER_CLIENT_MIN = 10;
const PER_CLIENT_MAX = 20;

function clientOf(e: HistoryEvent): string {
  return 'client' in e ? e.client : '';
}

function requestOf(e: HistoryEvent): number {
  return 'request' in e ? e.request : -1;
}

/** Serialises an event with `t`, `step`, `type` first and the other keys sorted. */
export function eventToJson(e: HistoryEvent): string {
  const { t, step, type, ...rest } = e;
  const sorted: Record<string, unknown> = { t, step, type };
  for (const key of Object.keys(rest).sort()) sorted[key] = (rest as Record<string, unknown>)[key];
  return JSON.stringify(sorted);
}

function compare(a: HistoryEvent, b: HistoryEvent): number {
  if (a.step !== b.step) return a.step - b.step;
  if (a.t !== b.t) return a.t - b.t;
  const ra = RANK[a.type];
  const rb = RANK[b.type];
  const aPerClient = ra >= PER_CLIENT_MIN && ra <= PER_CLIENT_MAX;
  const bPerClient = rb >= PER_CLIENT_MIN && rb <= PER_CLIENT_MAX;
  if (aPerClient && bPerClient) {
    const ca = clientOf(a);
    const cb = clientOf(b);
    if (ca !== cb) return ca < cb ? -1 : 1;
    const qa = requestOf(a);
    const qb = requestOf(b);
    if (ra !== rb && (qa === qb || qa === -1 || qb === -1)) return ra - rb;
    if (qa !== qb) return qa - qb;
  }
  if (ra !== rb) return ra - rb;
  const ja = eventToJson(a);
  const jb = eventToJson(b);
  return ja < jb ? -1 : ja > jb ? 1 : 0;
}

/** The canonical history: the same events in the canonical order. Pure; does not mutate its input. */
export function canonicalize(history: History): HistoryEvent[] {
  return [...history].sort(compare);
}

/** One event per line, canonical order and key order. */
export function toJsonl(history: History): string {
  return canonicalize(history)
    .map((e) => eventToJson(e) + '\n')
    .join('');
}

/** Parses what toJsonl wrote. */
export function fromJsonl(text: string): HistoryEvent[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as HistoryEvent);
}

/** SHA-256 of the canonical JSONL, hex. */
export function historyHash(history: History): string {
  return createHash('sha256').update(toJsonl(history)).digest('hex');
}
