import { canonicalize } from '../history/canonical.js';
import { SIGNAL_NUMBERS } from './checker.js';
import type { EventOf, History, HistoryEvent, Outcome } from '../history/events.js';
import type { ClientSpec, Scenario } from '../scenario/types.js';
import { naturalEnd } from './natural-end.js';

/** One connection attempt of a client: its `client-connect` and what became of it. */
export interface Attempt {
  client: string;
  /** an h2 client's session number (see `client-connect`) */
  session?: number;
  connect: EventOf<'client-connect'>;
  connected?: EventOf<'client-connected'>;
  refused?: EventOf<'client-refused'>;
  ended?: EventOf<'connection-ended'>;
  websocketClosed?: EventOf<'websocket-closed'>;
  requests: RequestRecord[];
}

/** Everything the history says about one request, from both sides. */
export interface RequestRecord {
  client: string;
  request: number;
  spec: ClientSpec | undefined;
  /** the connection attempt the request went out on, when the history shows one */
  attempt: Attempt | undefined;
  sent?: EventOf<'request-sent'>;
  started?: EventOf<'server-request-started'>;
  /** the server fixed the response's head: when it decided on `Connection: close` */
  head?: EventOf<'server-response-started'>;
  /** the response's status line reached the client */
  began?: EventOf<'response-began'>;
  finished?: EventOf<'server-response-finished'>;
  outcome?: EventOf<'request-outcome'>;
  /**
   * The first try of a request an h2 client sent again on another session, its stream having been
   * refused unprocessed (RFC 9113 §8.7): the rest of the record is the retry's.
   */
  firstTry?: { sent?: EventOf<'request-sent'>; outcome: EventOf<'request-outcome'>; attempt: Attempt | undefined };
}

/** The parts of a record that are only known while the history is read. */
interface Pending {
  retrySent?: EventOf<'request-sent'>;
  refused?: EventOf<'request-outcome'>;
}

/**
 * A history indexed for the checkers: canonical order, the signal, the kill, the exit, and each
 * client's connection attempts and requests. Order is canonical order, that is (step, t) and, inside
 * one step and one time, the canonical rank, which puts the nemesis's action first: every event of the
 * signal's step is an effect of the signal, so it counts as after it even at the same `t`.
 */
export class HistoryView {
  readonly events: readonly HistoryEvent[];
  /** the first signal (nth 1) */
  readonly signal: EventOf<'signal-sent'> | undefined;
  readonly kill: EventOf<'kill-sent'> | undefined;
  /**
   * What ended the target against its will, if something did: the harness's SIGKILL at the grace end,
   * or a second signal other than the first (SIGINT after SIGTERM: an operator escalating) whose default
   * action killed it because it had no handler for it. Either way the stop was the operator's, and what
   * it cut is `deadline`'s to judge, not the drain's. A second copy of the first signal is no
   * escalation: a target that dies of it (a handler registered with `once`) cut its own work.
   */
  readonly hardStop: EventOf<'kill-sent'> | EventOf<'signal-sent'> | undefined;
  readonly exit: EventOf<'target-exited'> | undefined;
  readonly watchdog: EventOf<'watchdog'> | undefined;
  /** an agent ran inside the target (it reports `listening`); false in command mode */
  readonly hasAgent: boolean;
  /** a proxy stood between the clients and the target: the clients' connections ended at the proxy */
  readonly proxied: boolean;
  readonly attempts: readonly Attempt[];
  readonly requests: readonly RequestRecord[];
  private readonly position = new Map<HistoryEvent, number>();

  constructor(
    history: History,
    readonly scenario: Scenario,
  ) {
    const all = canonicalize(history);
    // The watchdog's step never ended: the harness then tore the run down (killed the target, closed
    // the clients), and what it recorded from then on is its own doing, not the target's.
    const cut = all.find((e) => e.type === 'watchdog');
    this.events = cut ? all.filter((e) => e.step < cut.step || e === cut) : all;
    this.events.forEach((e, i) => this.position.set(e, i));
    const signals = this.ofType('signal-sent');
    this.signal = signals.find((e) => e.nth === 1) ?? signals[0];
    this.kill = this.ofType('kill-sent')[0];
    this.exit = this.ofType('target-exited')[0];
    this.hardStop = this.kill ?? escalation(signals, this.exit);
    this.watchdog = this.ofType('watchdog')[0];
    this.hasAgent = this.events.some((e) => e.type === 'listening');
    this.proxied = this.events.some((e) => e.type === 'proxy-in-front');

    const specs = new Map(scenario.clients.map((c) => [c.id, c]));
    const attempts: Attempt[] = [];
    const records = new Map<string, RequestRecord>();
    const pending = new Map<RequestRecord, Pending>();
    const record = (client: string, request: number): RequestRecord => {
      const key = `${client}\u0000${request}`;
      let r = records.get(key);
      if (!r) {
        r = { client, request, spec: specs.get(client), attempt: undefined };
        records.set(key, r);
      }
      return r;
    };
    const pendingOf = (r: RequestRecord): Pending => {
      let p = pending.get(r);
      if (!p) pending.set(r, (p = {}));
      return p;
    };
    // An h2 client numbers its sessions: its events name theirs, whatever else is open meanwhile.
    const ofSession = (client: string, session: number | undefined): Attempt | undefined =>
      session === undefined ? undefined : attempts.findLast((a) => a.client === client && a.session === session);
    const latest = (client: string, open = false): Attempt | undefined =>
      attempts.findLast((a) => a.client === client && (!open || (a.connected !== undefined && a.ended === undefined)));
    for (const e of this.events) {
      switch (e.type) {
        case 'client-connect':
          attempts.push({ client: e.client, ...(e.session !== undefined ? { session: e.session } : {}), connect: e, requests: [] });
          break;
        case 'client-connected':
        case 'client-refused': {
          const a = ofSession(e.client, e.session) ?? latest(e.client);
          if (a && e.type === 'client-connected') a.connected ??= e;
          else if (a && e.type === 'client-refused') a.refused ??= e;
          break;
        }
        case 'connection-ended': {
          // A client may hold several connections at once (late attempts): the one that ends is
          // an open one, and the newest is the likeliest.
          const a = ofSession(e.client, e.session) ?? latest(e.client, true) ?? latest(e.client);
          if (a) a.ended ??= e;
          break;
        }
        case 'websocket-closed': {
          const a = attempts.findLast((x) => x.client === e.client && x.connected !== undefined && !x.websocketClosed);
          if (a) a.websocketClosed = e;
          break;
        }
        case 'request-sent':
          // Canonical order may put a retry's send before its first try's end (same step, same time).
          if (e.retry) pendingOf(record(e.client, e.request)).retrySent ??= e;
          else record(e.client, e.request).sent ??= e;
          break;
        case 'request-outcome':
          if (e.retried) pendingOf(record(e.client, e.request)).refused ??= e;
          else record(e.client, e.request).outcome ??= e;
          break;
        case 'server-request-started':
          // Without the request-id header the agent cannot say which request it read.
          if (e.request >= 0 && e.client !== 'unmatched') record(e.client, e.request).started ??= e;
          break;
        case 'server-response-started':
          if (e.request >= 0 && e.client !== 'unmatched') record(e.client, e.request).head ??= e;
          break;
        case 'response-began':
          record(e.client, e.request).began ??= e;
          break;
        case 'server-response-finished':
          if (e.request >= 0 && e.client !== 'unmatched') record(e.client, e.request).finished ??= e;
          break;
        default:
          break;
      }
    }
    for (const [r, p] of pending) {
      if (!p.refused) continue;
      const first = { ...(r.sent ? { sent: r.sent } : {}), outcome: p.refused };
      r.firstTry = { ...first, attempt: this.attemptOf(first, attempts) };
      if (p.retrySent) r.sent = p.retrySent;
      else delete r.sent;
    }
    for (const r of records.values()) {
      r.attempt = this.attemptOf(r, attempts);
      r.attempt?.requests.push(r);
    }
    this.attempts = attempts;
    this.requests = [...records.values()];
  }

  /**
   * The connection a request went out on. An HTTP client opens a connection for the request it is
   * about to send, in the same executor step, and records the attempt after the request under the
   * real clock but before it in canonical order under the virtual one; so a connection opened in the
   * request's own step is its connection, and otherwise it reused the latest one opened before.
   */
  private attemptOf(r: Pick<RequestRecord, 'sent' | 'started' | 'outcome' | 'finished'>, attempts: readonly Attempt[]): Attempt | undefined {
    const anchor = r.sent ?? r.started ?? r.outcome ?? r.finished;
    if (!anchor) return undefined;
    const client = anchor.client;
    if (r.sent?.session !== undefined) {
      const session = r.sent.session;
      const named = attempts.find((a) => a.client === client && a.session === session);
      if (named) return named;
    }
    const at = this.pos(anchor);
    const mine = attempts.filter((a) => a.client === client);
    const sameStep = mine.filter((a) => a.connect.step === anchor.step);
    if (sameStep.length > 0) {
      const distance = (a: Attempt): number => Math.abs(this.pos(a.connect) - at);
      return sameStep.reduce((best, a) => (distance(a) < distance(best) ? a : best));
    }
    return mine.findLast((a) => this.pos(a.connect) < at);
  }

  ofType<T extends HistoryEvent['type']>(type: T): EventOf<T>[] {
    return this.events.filter((e): e is EventOf<T> => e.type === type);
  }

  pos(e: HistoryEvent): number {
    return this.position.get(e) ?? -1;
  }

  /** `a` comes before `b` in the history. */
  before(a: HistoryEvent, b: HistoryEvent): boolean {
    return this.pos(a) < this.pos(b);
  }

  /** `e` comes before the first signal (false when no signal was sent). */
  beforeSignal(e: HistoryEvent): boolean {
    return this.signal !== undefined && this.before(e, this.signal);
  }

  /** `e` comes after the first signal (false when no signal was sent). */
  afterSignal(e: HistoryEvent): boolean {
    return this.signal !== undefined && this.before(this.signal, e);
  }

  /** When the grace period ends, in history ms; undefined when no signal was sent. */
  graceEnd(): number | undefined {
    return this.signal ? this.signal.t + this.scenario.graceMs : undefined;
  }

  /**
   * The outcome came after the harness's SIGKILL, or after an escalating second signal that killed the
   * target (see hardStop): the operator cut it, and `deadline` judges it.
   */
  cutByKill(r: RequestRecord): boolean {
    return this.hardStop !== undefined && r.outcome !== undefined && this.before(this.hardStop, r.outcome);
  }

  /**
   * Whether a request is complete is for `deadline` alone to judge: the SIGKILL cut it, or its natural
   * end falls after the grace period's end minus `toleranceMs`, so it could not have finished in time,
   * or only by a race of milliseconds.
   */
  leftToDeadline(r: RequestRecord, toleranceMs: number): boolean {
    if (this.cutByKill(r)) return true;
    const end = naturalEnd(r);
    const graceEnd = this.graceEnd();
    return end !== undefined && graceEnd !== undefined && end >= graceEnd - toleranceMs;
  }

  /**
   * The agent can see this request start: it watches HTTP requests, so a raw TCP message is visible
   * only from the client's side even when an agent runs.
   */
  agentSees(r: RequestRecord): boolean {
    return this.hasAgent && r.spec?.kind !== 'raw';
  }

  specOf(client: string): ClientSpec | undefined {
    return this.scenario.clients.find((c) => c.id === client);
  }
}

/**
 * The second signal, when it differs from the first and the target died of it: killed by it (a Node
 * target's exit reports the signal), or exited 128 + its number (a command run through /bin/sh reports
 * its child's death that way).
 */
function escalation(signals: readonly EventOf<'signal-sent'>[], exit: EventOf<'target-exited'> | undefined): EventOf<'signal-sent'> | undefined {
  const first = signals.find((e) => e.nth === 1);
  const second = signals.find((e) => e.nth === 2);
  if (!first || !second || !exit || second.signal === first.signal) return undefined;
  const number = (SIGNAL_NUMBERS as Readonly<Record<string, number>>)[second.signal];
  const diedOfIt = exit.signal === second.signal || (number !== undefined && exit.code === 128 + number);
  return diedOfIt && second.t <= exit.t ? second : undefined;
}

/**
 * Outcomes that are a complete answer; a 503 with `Connection: close` is one too, and so is an HTTP/2
 * stream refused unprocessed, which its client may retry as safely (RFC 9113 §8.7).
 */
export function answered(outcome: Outcome): boolean {
  return outcome === 'complete' || outcome === 'drain-refusal' || outcome === 'stream-refused';
}

/** Outcomes that show the server began a response, so it had read the request. */
export function responseBegan(o: EventOf<'request-outcome'>): boolean {
  if (o.status !== undefined || answered(o.outcome)) return true;
  return o.outcome === 'reset-mid-response' || o.outcome === 'truncated';
}

export { naturalEnd } from './natural-end.js';
