/** What one load run is asked to do. Plain data. */
import type { Routes } from '../clients/client.js';
import type { SignalName } from '../scenario/types.js';
import type { Mix } from './mix.js';

export interface LoadSettings {
  /** the target's entry file */
  target: string;
  /** connections held open (HTTP and WebSocket together) */
  connections: number;
  /** sends per second: HTTP requests and WebSocket messages together, open loop */
  ratePerSec: number;
  /** how long the load runs; it goes on past this while the target is still draining */
  durationMs: number;
  /** when the signal goes, in ms after the load started */
  signalAtMs: number;
  /** weights per kind; null: the default mix for what the target serves */
  mix: Mix | null;
  /** the config's `websocket`: whether the target has a WebSocket endpoint; null: ask the agent */
  websocket: boolean | null;
  /** from the signal to the SIGKILL */
  graceMs: number;
  signal: SignalName;
  routes: Routes;
  startupTimeoutMs: number;
  keepPorts: boolean;
  /** exit codes that count as clean; default 0 and 128 + the signal's number */
  allowedExitCodes: readonly number[] | null;
  websocketCloseCodes: readonly number[];
  /** warnings (keepalive-race, drain-connection-close) fail the run too */
  strict: boolean;
}

/** How long a `slow` request takes, and what a `stream` response is: fixed, so runs compare. */
export const SLOW_MS = 1000;
export const STREAM = { chunks: 10, everyMs: 100 } as const;

export const LOAD_DEFAULTS = {
  connections: 100,
  ratePerSec: 1000,
  durationMs: 10_000,
} as const;

/** What a progress line shows while a load runs. */
export interface LoadProgress {
  phase: 'connecting' | 'loading' | 'draining';
  /** ms since the load started (0 while connecting) */
  elapsedMs: number;
  durationMs: number;
  opened: number;
  wanted: number;
  sent: number;
  answered: number;
  failed: number;
  refused: number;
  notSent: number;
  rssMb: number;
}
