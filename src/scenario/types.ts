/**
 * A scenario is plain data: who connects when, what they ask for, when the signal goes and how long the
 * grace period is. Times are milliseconds after the target first listened (virtual under the virtual
 * clock, scaled real time under the real one); every time in a client spec is absolute, not relative
 * to the client's start.
 */

import type { ClientSpec } from './client-kinds/registry.js';

/** The signals a scenario may send the target; the first one starts its shutdown (default SIGTERM). */
export type SignalName = 'SIGTERM' | 'SIGINT' | 'SIGHUP' | 'SIGQUIT' | 'SIGUSR1' | 'SIGUSR2';

export const SIGNALS: readonly SignalName[] = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];

/**
 * What the target is expected to do around the signal: `immediate`, stop as `docker stop` or a process
 * supervisor expects; `kubernetes`, also fail its readiness route from the signal on and keep serving
 * for the drain delay, while the endpoint is taken away.
 */
export type Profile = 'immediate' | 'kubernetes';

export const PROFILES: readonly Profile[] = ['immediate', 'kubernetes'];

export type { HttpClientSpec } from './client-kinds/http.js';
export type { HttpsClientSpec } from './client-kinds/https.js';
export type { H2ClientSpec } from './client-kinds/h2.js';
export type { KeepAliveClientSpec, KeepAliveRequest } from './client-kinds/keep-alive.js';
export type { LateClientSpec } from './client-kinds/late.js';
export type { RawClientSpec } from './client-kinds/raw.js';
export type { SilentClientSpec } from './client-kinds/silent.js';
export type { SlowClientSpec } from './client-kinds/slow.js';
export type { StreamClientSpec, StreamShape } from './client-kinds/stream.js';
export type { WebSocketClientSpec } from './client-kinds/websocket.js';
export type { ClientKind, ClientSpec, SpecOfKind } from './client-kinds/registry.js';
export { CLIENT_KINDS } from './client-kinds/registry.js';

/**
 * One shutdown to try: the clients, the signal and when it goes, the grace period. Write one to pin a
 * case in a test, give it to runScenario, or read it from a counterexample.
 */
export interface Scenario {
  clients: ClientSpec[];
  signal: SignalName;
  /** when the signal goes */
  signalAt: number;
  /** a second signal (an impatient operator, or a supervisor escalating) */
  secondSignal?: { signal: SignalName; at: number };
  /** from the first signal to the SIGKILL */
  graceMs: number;
  profile: Profile;
}

export const DEFAULT_GRACE_MS = 30_000;
