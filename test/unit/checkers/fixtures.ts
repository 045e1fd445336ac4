import type { CheckOptions } from '../../../src/checkers/checker.js';
import { defaultCheckOptions } from '../../../src/checkers/checker.js';
import type { Verdict } from '../../../src/checkers/verdict.js';
import type { ConnectionEnd, EventBody, HistoryEvent, Outcome } from '../../../src/history/events.js';
import type { ClientSpec, Scenario } from '../../../src/scenario/types.js';

/**
 * Writes a history the way the executor records one: `at(t)` starts the next step at time t, and every
 * event until the next `at` is stamped with that step and time. The first events (before any `at`)
 * are step 0 at t 0.
 */
export class HistoryBuilder {
  private readonly events: HistoryEvent[] = [];
  private step = 0;
  private t = 0;

  at(t: number): this {
    this.step++;
    this.t = t;
    return this;
  }

  add(body: EventBody): this {
    this.events.push({ ...body, t: this.t, step: this.step } as HistoryEvent);
    return this;
  }

  listening(listener = 0): this {
    return this.add({ type: 'listening', listener });
  }
  listenerClosed(listener = 0): this {
    return this.add({ type: 'listener-closed', listener });
  }
  handler(signal = 'SIGTERM'): this {
    return this.add({ type: 'signal-handler-added', signal });
  }
  handled(signal = 'SIGTERM'): this {
    return this.add({ type: 'signal-handled', signal });
  }
  signal(signal = 'SIGTERM', nth = 1): this {
    return this.add({ type: 'signal-sent', signal, nth });
  }
  kill(): this {
    return this.add({ type: 'kill-sent', reason: 'grace-expired' });
  }
  exit(code: number | null, signal: string | null = null): this {
    return this.add({ type: 'target-exited', code, signal });
  }
  thrown(message: string): this {
    return this.add({ type: 'uncaught-exception', message });
  }
  watchdog(reason: string): this {
    return this.add({ type: 'watchdog', reason });
  }

  connect(client: string): this {
    return this.add({ type: 'client-connect', client });
  }
  connected(client: string): this {
    return this.add({ type: 'client-connected', client });
  }
  /** a connection attempt that succeeded: client-connect, then client-connected */
  open(client: string): this {
    return this.connect(client).connected(client);
  }
  /** the agent saw the target accept a connection of this client */
  accepted(client: string): this {
    return this.add({ type: 'server-connection-opened', client });
  }
  refused(client: string): this {
    return this.add({ type: 'client-refused', client });
  }
  ended(client: string, how: ConnectionEnd = 'fin', by: 'client' | 'server' = 'server'): this {
    return this.add({ type: 'connection-ended', client, how, by });
  }

  sent(client: string, request = 0, path = '/', injection?: 'hold' | 'stream'): this {
    return this.add({ type: 'request-sent', client, request, path, ...(injection ? { injection } : {}) });
  }
  started(client: string, request = 0, path = '/'): this {
    return this.add({ type: 'server-request-started', client, request, method: 'GET', path });
  }
  /** the server read the request only after it had ended the connection (socket.end()) */
  startedAfterEnd(client: string, request = 0, path = '/'): this {
    return this.add({ type: 'server-request-started', client, request, method: 'GET', path, afterServerEnd: true });
  }
  /** the server fixed the response's head; `afterHandler`: its signal handler had begun to run */
  head(client: string, request = 0, options: { status?: number; connectionClose?: boolean; afterHandler?: boolean } = {}): this {
    const { status = 200, connectionClose = false, afterHandler = false } = options;
    return this.add({
      type: 'server-response-started',
      client,
      request,
      status,
      connectionClose,
      ...(afterHandler ? { afterSignalHandler: true as const } : {}),
    });
  }
  finished(
    client: string,
    request = 0,
    status = 200,
    connectionClose = false,
    injection?: 'applied' | 'no-effect',
  ): this {
    const extra = injection ? { injection } : {};
    return this.add({ type: 'server-response-finished', client, request, status, connectionClose, ...extra });
  }
  outcome(
    client: string,
    request: number,
    outcome: Outcome,
    extra: { status?: number; connectionClose?: boolean; bytesWritten?: boolean } = {},
  ): this {
    const { bytesWritten = true, ...rest } = extra;
    return this.add({ type: 'request-outcome', client, request, outcome, bytesWritten, ...rest });
  }
  /** a complete 200 as the client sees it */
  answered(client: string, request = 0, connectionClose = false): this {
    return this.outcome(client, request, 'complete', { status: 200, connectionClose });
  }
  upgrade(client: string, request = 0): this {
    return this.add({ type: 'server-upgrade', client, request });
  }
  wsClosed(client: string, code: number, reason = ''): this {
    return this.add({ type: 'websocket-closed', client, code, reason });
  }

  build(): HistoryEvent[] {
    return [...this.events];
  }
}

export function history(): HistoryBuilder {
  return new HistoryBuilder();
}

/** A scenario with these clients; the signal (SIGTERM) at 100 ms and a 10 s grace period unless told. */
export function scenario(clients: ClientSpec[], overrides: Partial<Scenario> = {}): Scenario {
  return { clients, signal: 'SIGTERM', signalAt: 100, graceMs: 10_000, profile: 'immediate', ...overrides };
}

export function options(s: Scenario, overrides: Partial<CheckOptions> = {}): CheckOptions {
  return defaultCheckOptions(s, overrides);
}

/** The evidence sentences of a verdict, or a readable failure when it is not `violated`. */
export function messages(v: Verdict): string[] {
  if (v.verdict !== 'violated') throw new Error(`expected violated, got ${JSON.stringify(v)}`);
  return v.evidence.map((e) => e.message);
}

/** The reason of an `unknown` verdict, or a readable failure. */
export function reason(v: Verdict): string {
  if (v.verdict !== 'unknown') throw new Error(`expected unknown, got ${JSON.stringify(v)}`);
  return v.reason;
}

/** The reason of a `not-exercised` verdict, or a readable failure. */
export function notExercisedReason(v: Verdict): string {
  if (v.verdict !== 'not-exercised') throw new Error(`expected not-exercised, got ${JSON.stringify(v)}`);
  return v.reason;
}

/**
 * A typical healthy run that puts every invariant to the test: a request in flight at the signal that
 * completes, a keep-alive client whose drain-time response says `Connection: close`, another whose
 * request is written on its idle connection as the signal goes and is read, a readiness probe after the
 * signal answered 503 before the listener closes, a late client refused after that, a WebSocket sent 1001, a stream
 * mid-body at the signal that ends cleanly, an HTTP/2 session idle at the signal told to go away, and an exit with code 0 well within the grace period.
 */
export function typicalRun(): { scenario: Scenario; history: HistoryEvent[] } {
  const s = scenario([
    { kind: 'slow', id: 'A', at: 10, latencyMs: 300 },
    { kind: 'keep-alive', id: 'K', at: 20, requests: [{ at: 20, path: '/' }, { at: 150, path: '/' }] },
    { kind: 'keep-alive', id: 'J', at: 25, requests: [{ at: 25, path: '/' }, { at: 100, path: '/' }] },
    { kind: 'websocket', id: 'W', at: 30, messages: [] },
    { kind: 'stream', id: 'S', at: 40, chunks: 5, everyMs: 50, sse: false },
    { kind: 'http', id: 'P', at: 120, path: '/readyz' },
    { kind: 'late', id: 'L', at: 500, attempts: [] },
    { kind: 'h2', id: 'H', at: 50, requests: [{ at: 50, path: '/' }] },
  ]);
  const h = history()
    .listening()
    .handler('SIGTERM')
    .at(10).sent('A').open('A').started('A')
    .at(20).sent('K').open('K').started('K').finished('K').answered('K')
    .at(25).sent('J').open('J').started('J').finished('J').answered('J')
    .at(30).open('W').sent('W', 0, '/ws').upgrade('W').outcome('W', 0, 'complete', { status: 101 })
    .at(40).sent('S').open('S').started('S')
    .at(50).open('H').add({ type: 'request-sent', client: 'H', request: 0, path: '/', streamId: 1 }).started('H').finished('H').answered('H')
    .at(100).signal().handled()
    .add({ type: 'goaway-received', client: 'H', code: 0, lastStreamId: 1 })
    .sent('J', 1).started('J', 1).finished('J', 1, 200, true).answered('J', 1, true).ended('J')
    .at(120).sent('P', 0, '/readyz').open('P').started('P', 0, '/readyz').finished('P', 0, 503, true)
    .outcome('P', 0, 'drain-refusal', { status: 503, connectionClose: true }).ended('P')
    .at(130).listenerClosed()
    .at(150).sent('K', 1).started('K', 1).finished('K', 1, 200, true).answered('K', 1, true).ended('K')
    .at(200).wsClosed('W', 1001, 'going away').ended('W').ended('H')
    .at(290).finished('S').answered('S').ended('S', 'fin', 'client')
    .at(310).finished('A').answered('A').ended('A', 'fin', 'client')
    .at(320).exit(0)
    // what a command target's run records at its exit: here the process signalled is the server
    .add({ type: 'server-process', at: { kind: 'recipient', command: 'node server.js' } })
    .at(500).connect('L').sent('L').refused('L').outcome('L', 0, 'refused', { bytesWritten: false });
  return { scenario: s, history: h.build() };
}
