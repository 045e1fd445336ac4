import type { Client } from '../clients/client.js';
import type { HistoryEvent } from '../history/events.js';
import type { Target } from '../target/target.js';
import type { Recorder } from './recorder.js';

/** An effect a step must see before it ends, and why (named when the watchdog gives up on it). */
export type Expectation = { why: string; met: () => boolean };

/** What a step's expectations look at: the target, the history so far, and the clients. */
export interface StepView {
  target: Target;
  recorder: Recorder;
  clients: ReadonlyMap<string, Client>;
}

/** Signals whose default action in Node does not end the process (SIGUSR1 starts the inspector). */
const NON_FATAL_BY_DEFAULT = new Set(['SIGUSR1']);

function expectation(why: string, met: () => boolean): Expectation {
  return { why, met };
}

/** The effect that must follow event `e` before the step can end, or null when nothing must. */
export function expectationOf(e: HistoryEvent, view: StepView): Expectation | null {
  // Without an agent nobody reports what the server read, accepted or handled: a step waits for
  // what its clients see, and then for a quiet window (settleReal).
  if (!view.target.hasAgent && (e.type === 'request-sent' || e.type === 'client-connected' || e.type === 'signal-sent')) {
    return null;
  }
  // Behind a proxy a client's connection ends at the proxy, which connects to the target for a request
  // and outlives its exit (see followTheRun).
  if (view.recorder.proxied && (e.type === 'client-connected' || e.type === 'target-exited')) return null;
  switch (e.type) {
    case 'request-sent':
      return expectation(`the server to read request ${e.request} of client ${e.client}, or the client to see it fail`,
        () =>
          hasEvent(
            view.recorder,
            (x) =>
              // An upgrade (a WebSocket handshake) is read without request.start being published.
              (x.type === 'server-request-started' || x.type === 'server-upgrade' || x.type === 'request-outcome') &&
              x.client === e.client &&
              x.request === e.request,
          ),
      );
    case 'client-connected':
      // The client's side of a connection completes in the kernel, before the server's accept
      // callback has run: wait for the accept, so that the next step (a signal, say) finds the
      // connection where a real one would be, in the server's hands.
      return expectation(`the server to accept client ${e.client}'s connection`, () =>
        hasEvent(
            view.recorder,
          (x) =>
            (x.type === 'server-connection-opened' || x.type === 'connection-ended') &&
            x.client === e.client &&
            x.step >= e.step,
        ),
      );
    case 'server-response-finished':
      if (view.clients.has(e.client)) {
        return expectation(`client ${e.client} to see the end of response ${e.request}`, () =>
          hasEvent(view.recorder, (x) => x.type === 'request-outcome' && x.client === e.client && x.request === e.request),
        );
      }
      return null;
    case 'server-connection-closed': {
      const client = view.clients.get(e.client);
      if (client) {
        return expectation(`client ${e.client} to see its connection end`,
          () => client.openConnections() <= serverConnections(view.recorder, e.client),
        );
      }
      return null;
    }
    case 'connection-ended': {
      // The mirror of the rule above: the client's side has closed; the server's close callbacks
      // (often the last thing before a drained server exits) must run in this step too.
      const client = view.clients.get(e.client);
      if (client) {
        return expectation(`the server to see client ${e.client}'s connection end`,
          () => !view.target.alive || serverConnections(view.recorder, e.client) <= client.openConnections(),
        );
      }
      return null;
    }
    case 'signal-sent': {
      const handled = hasEvent(view.recorder, (x) => x.type === 'signal-handler-added' && x.signal === e.signal);
      if (handled || !NON_FATAL_BY_DEFAULT.has(e.signal)) {
        return expectation(`the target to handle ${e.signal} or exit`, () =>
          hasEvent(
            view.recorder,
            (x) => x.type === 'target-exited' || (x.type === 'signal-handled' && x.signal === e.signal && x.step >= e.step),
          ),
        );
      }
      return null;
    }
    case 'kill-sent':
      return expectation('the target to die of SIGKILL', () => !view.target.alive);
    case 'target-exited':
      return expectation('every client to see the exit', () => clientsDone(view.clients));
    default:
      return null;
  }
}

export function hasEvent(recorder: Recorder, predicate: (e: HistoryEvent) => boolean): boolean {
  return recorder.events().some(predicate);
}

/** Nothing in flight and no connection open, for every client (after the exit). */
export function clientsDone(clients: ReadonlyMap<string, Client>): boolean {
  for (const client of clients.values()) {
    if (client.inFlight() > 0 || client.openConnections() > 0 || !client.acted()) return false;
  }
  return true;
}

/**
 * When the proxy in front of the target has done its part, once every action of the timeline has been
 * performed. It outlives the target, as a balancer outlives a pod: what comes after the exit meets the
 * proxy, which answers it (502 while it still routes to the target, 503 once the target is out of
 * rotation). Once the target has exited, every client has finished its last action and every request
 * sent has its outcome, nothing is left for the proxy to pass on, and it must go: the connections it
 * still holds for the clients (idle keep-alive ones, silent ones) end only with it, and the end of the
 * run waits for them (clientsDone).
 */
export function proxyDone(view: StepView): Expectation[] {
  return [
    expectation('the target to exit (the proxy outlives it)', () => !view.target.alive),
    expectation('every client to finish its last action', () => [...view.clients.values()].every((c) => c.acted())),
    expectation('every request sent through the proxy to have its outcome', () => everyRequestAnswered(view.recorder.events())),
  ];
}

/** Every request sent so far has its outcome recorded. */
export function everyRequestAnswered(events: readonly HistoryEvent[]): boolean {
  const open = new Set<string>();
  for (const e of events) {
    if (e.type === 'request-sent') open.add(`${e.client}#${e.request}`);
    if (e.type === 'request-outcome') open.delete(`${e.client}#${e.request}`);
  }
  return open.size === 0;
}

/** Connections the server holds open for a client, from the agent's view. */
export function serverConnections(recorder: Recorder, client: string): number {
  let open = 0;
  for (const e of recorder.events()) {
    if (e.type === 'server-connection-opened' && e.client === client) open++;
    if (e.type === 'server-connection-closed' && e.client === client) open--;
  }
  return open;
}

/** No listener and no server-side connection open, as the agent reported them. */
export function drained(recorder: Recorder): boolean {
  let listeners = 0;
  let connections = 0;
  for (const e of recorder.events()) {
    if (e.type === 'listening') listeners++;
    if (e.type === 'listener-closed') listeners--;
    if (e.type === 'server-connection-opened') connections++;
    if (e.type === 'server-connection-closed') connections--;
  }
  return listeners <= 0 && connections <= 0;
}
