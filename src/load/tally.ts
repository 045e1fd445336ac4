/**
 * What a load run counts while it runs: the workers report each request's outcome and each
 * connection's life here, the agent reports what the server read, and the run reports the signal,
 * the kill and the exit. No I/O and no clock of its own (every time is given), so it is tested with
 * literal values. `totals()` hands the result on as plain data.
 *
 * Only failed requests and the answers after the signal are kept one by one, and only until the end:
 * whether the server read a request, and when, is known only once the agent's events, which travel on
 * another pipe, have all arrived. Everything else is counted as it comes.
 */
import type { Outcome } from '../history/events.js';
import { OUTCOMES } from '../history/events.js';
import type { AgentEvent } from '../target/agent-protocol.js';
import { classifyRequest, isAnswered, type LoadFault, type Moments, type RequestFacts } from './classify.js';
import type { HttpLoadKind, LoadKind } from './mix.js';
import { LatencyStats, Throughput, type Percentiles, type Series, type ThroughputSeries } from './stats.js';

/** A request's result as its worker reports it. */
export interface RequestResult extends Omit<RequestFacts, 'serverRead' | 'acceptedBeforeHandler'> {
  /** the connection's name and the request's number on it: the request-id the agent reports back */
  client: string;
  request: number;
  /** the local port of the connection it went out on (the agent's peer port); null without one */
  localPort: number | null;
  /** when the open-loop schedule wanted it sent; null for the requests that open connections */
  scheduledAt: number | null;
  status?: number;
  connectionClose?: boolean;
}

export const LOAD_FAULTS: readonly LoadFault[] = [
  'before-signal',
  'in-flight-complete',
  'no-accept-then-drop',
  'stream-clean-end',
  'keepalive-race',
  'deadline',
];

export type OutcomeCounts = Record<Outcome, number>;

export interface LoadTotals {
  /** the agent reported what the server read (a Node target); without it the settle rule decides */
  hasAgent: boolean;
  moments: { signalAt: number | null; killAt: number | null; exitAt: number | null };
  connections: {
    opened: number;
    attemptsAfterSignal: number;
    /** attempts after the signal that the target's machine accepted (not refused), answered or not */
    acceptedAfterSignal: number;
    refusedAfterSignal: number;
    /** the agent saw the server accept a connection after its last listener had closed; null without agent */
    acceptedAfterListenersClosed: number | null;
  };
  /**
   * scheduled sends: sent on a connection, not sent because every connection was busy, held back
   * because the target was refusing connections (see LoadGenerator), sent over 10 ms late
   */
  sends: { scheduled: number; sent: number; notSent: number; heldBack: number; late: number; messages: number };
  outcomes: OutcomeCounts;
  outcomesByKind: Record<LoadKind, OutcomeCounts>;
  faults: Record<LoadFault, number>;
  latency: { all: Percentiles } & Partial<Record<HttpLoadKind, Percentiles>>;
  throughput: ThroughputSeries;
  /** requests whose outcome came before the signal (or with no signal) */
  requestsBeforeSignal: number;
  /** requests sent before the signal whose outcome came after it */
  inFlightAtSignal: number;
  /** streams whose request went out before the signal and ended after it */
  streamsAtSignal: number;
  /** requests that went out on a reused connection, the ones the keep-alive race can take */
  reusedRequests: number;
  /** answered responses the server started after the signal, and those of them without `Connection: close` */
  drainResponses: number;
  drainResponsesKeptAlive: number;
  /**
   * no-shutdown-5xx: requests the server read before the signal (before its handler ran, as the agent
   * tells; else sent settleMs before) and answered after it; those answered 5xx where the same kind —
   * one route per kind — was answered below 500 before the signal; and 5xx the run cannot attribute,
   * their kind having no answer at all before the signal
   */
  readBeforeAnsweredAfter: number;
  shutdown5xx: number;
  unattributed5xx: number;
  websockets: {
    opened: number;
    openAtSignal: number;
    /** close code → how many WebSockets open at the signal were closed with it (after the signal) */
    closes: Record<string, number>;
    /** closed after the signal with a code outside the clean ones, before any SIGKILL */
    unclean: number;
    /** cut by the SIGKILL */
    killed: number;
    /** closed before the signal with no close frame (1006) */
    droppedBeforeSignal: number;
  };
  uncaughtException: string | null;
  /** why the run cannot be judged; empty when it can */
  problems: string[];
}

/** One request's key, whether the worker or the agent names it. */
const keyOf = (client: string, request: number): string => `${client}#${request}`;

const emptyCounts = (): OutcomeCounts => Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as OutcomeCounts;

export class LoadTally {
  signalAt: number | null = null;
  /** since the signal, the last connection attempt was refused: the listener is closed */
  refusing = false;
  killAt: number | null = null;
  exitAt: number | null = null;
  private hasAgent = false;
  private readonly latency = new Map<LoadKind, LatencyStats>();
  private readonly throughput = new Throughput();
  private readonly outcomes = emptyCounts();
  private readonly outcomesByKind: Record<LoadKind, OutcomeCounts> = {
    'keep-alive': emptyCounts(),
    slow: emptyCounts(),
    stream: emptyCounts(),
    websocket: emptyCounts(),
  };
  /** failed requests whose judging waits for the agent's events */
  private readonly failures: RequestResult[] = [];
  /** failed requests judged as they came */
  private readonly judgedFaults = Object.fromEntries(LOAD_FAULTS.map((f) => [f, 0])) as Record<LoadFault, number>;
  /** per connection, the request the server has started and not finished (one at a time on each) */
  private readonly serverOpen = new Map<string, number>();
  /** failed requests whose key the agent reported, at whatever moment the report arrived */
  private readonly serverSaw = new Set<string>();
  private readonly failedKeys = new Set<string>();
  /** requests the server read on a connection it had already ended */
  private readonly readAfterEnd = new Set<string>();
  /** the target's own signal handler has started to run (the agent saw it) */
  private serverSignalled = false;
  /**
   * peer ports of the connections the server accepted after the signal was sent but before its own
   * handler ran (the agent reports a connection destroyed as it is accepted with no port: never here)
   */
  private readonly openedBeforeHandler = new Set<number>();
  /** requests the server started once its signal handler had run */
  private readonly startedAfterHandler = new Set<string>();
  /** answers (with a status) that came after the signal */
  private readonly drainAnswers: { key: string; kind: LoadKind; sentAt: number; keptAlive: boolean; status: number }[] = [];
  /** the kinds answered with a status before the signal: below 500, and 500 or above */
  private readonly servedBeforeSignal = new Set<LoadKind>();
  private readonly failedBeforeSignal = new Set<LoadKind>();
  private listeners = 0;
  private everListened = false;
  private acceptedAfterListenersClosed = 0;
  private uncaughtException: string | null = null;
  private readonly problems = new Set<string>();
  private readonly counts = {
    opened: 0,
    attemptsAfterSignal: 0,
    refusedAfterSignal: 0,
    scheduled: 0,
    sent: 0,
    notSent: 0,
    heldBack: 0,
    late: 0,
    messages: 0,
    requestsBeforeSignal: 0,
    inFlightAtSignal: 0,
    streamsAtSignal: 0,
    reusedRequests: 0,
    websocketsOpened: 0,
    websocketsOpenAtSignal: 0,
    websocketsUnclean: 0,
    websocketsKilled: 0,
    websocketsDroppedBeforeSignal: 0,
  };
  private readonly closes: Record<string, number> = {};
  /** running totals for a progress line */
  readonly live: Record<Series, number> = { answered: 0, failed: 0, refused: 0 };

  constructor(
    private readonly settleMs: number,
    private readonly cleanCloseCodes: readonly number[],
  ) {}

  private afterSignal(at: number): boolean {
    return this.signalAt !== null && at >= this.signalAt;
  }

  markSignal(at: number, openWebSockets: number): void {
    this.signalAt = at;
    this.counts.websocketsOpenAtSignal = openWebSockets;
  }

  connectionOpened(): void {
    this.counts.opened++;
  }

  websocketOpened(): void {
    this.counts.websocketsOpened++;
  }

  attempt(at: number): void {
    if (this.afterSignal(at)) this.counts.attemptsAfterSignal++;
  }

  /** A connection opened: whatever refused before, the target accepts again. */
  connected(at: number): void {
    if (this.afterSignal(at)) this.refusing = false;
  }

  refused(at: number): void {
    if (!this.afterSignal(at)) return;
    this.counts.refusedAfterSignal++;
    this.refusing = true;
  }

  get sent(): number {
    return this.counts.sent + this.counts.messages;
  }

  get notSent(): number {
    return this.counts.notSent;
  }

  /** A send that would have needed a new connection while the target refuses them. */
  heldBack(): void {
    this.counts.scheduled++;
    this.counts.heldBack++;
  }

  /** Sends of the open-loop schedule that found no free connection. */
  notSentBulk(count: number): void {
    this.counts.scheduled += count;
    this.counts.notSent += count;
  }

  /** One send of the open-loop schedule: sent on time, sent late, or not sent (no free connection). */
  send(kind: LoadKind | null, lateBy: number, lateMs: number): void {
    this.counts.scheduled++;
    if (kind === null) {
      this.counts.notSent++;
      return;
    }
    if (kind === 'websocket') this.counts.messages++;
    else this.counts.sent++;
    if (lateBy > lateMs) this.counts.late++;
  }

  /**
   * Something kept the run from being judged: the harness could not do its part (a local port or file
   * limit), or the target died before the signal. The verdict is then `error`.
   */
  problem(reason: string): void {
    this.problems.add(reason);
  }

  result(r: RequestResult): void {
    this.outcomes[r.outcome]++;
    this.outcomesByKind[r.kind][r.outcome]++;
    const answered = isAnswered(r.outcome);
    if (answered && r.scheduledAt !== null) this.stats(r.kind).record(r.endedAt - r.scheduledAt);
    const refusedHonestly = r.outcome === 'refused' && this.afterSignal(r.endedAt);
    const series = answered ? 'answered' : refusedHonestly ? 'refused' : 'failed';
    this.live[series]++;
    // The requests that opened the connections came before the load's time 0: not its throughput.
    if (r.scheduledAt !== null) this.throughput.record(series, r.endedAt);
    if (r.reused) this.counts.reusedRequests++;
    if (this.signalAt === null || r.endedAt < this.signalAt) {
      this.counts.requestsBeforeSignal++;
      if (answered && r.status !== undefined) (r.status < 500 ? this.servedBeforeSignal : this.failedBeforeSignal).add(r.kind);
    } else {
      if (r.sentAt < this.signalAt) {
        this.counts.inFlightAtSignal++;
        if (r.kind === 'stream') this.counts.streamsAtSignal++;
      }
      // A WebSocket's 101 keeps its connection by design: only HTTP answers are asked to close it.
      if (answered && r.status !== undefined && r.kind !== 'websocket') {
        const key = keyOf(r.client, r.request);
        this.drainAnswers.push({ key, kind: r.kind, sentAt: r.sentAt, keptAlive: !r.connectionClose, status: r.status });
      }
    }
    if (answered) return;
    if (r.outcome === 'refused') {
      // What the server read does not matter to a refusal: judged now, and not kept. After the
      // listener closed every send may be one, thousands a second.
      const judged = classifyRequest({ ...r, serverRead: null, acceptedBeforeHandler: null }, this.moments());
      if (judged.class === 'failed') this.judgedFaults[judged.fault]++;
      return;
    }
    this.failures.push(r);
    const key = keyOf(r.client, r.request);
    this.failedKeys.add(key);
    if (this.serverOpen.get(r.client) === r.request) this.serverSaw.add(key);
  }

  private moments(): Moments {
    return { signalAt: this.signalAt, killAt: this.killAt, settleMs: this.settleMs };
  }

  websocketClosed(at: number, code: number): void {
    if (!this.afterSignal(at)) {
      if (code === 1006) this.counts.websocketsDroppedBeforeSignal++;
      return;
    }
    if (this.killAt !== null && at >= this.killAt) {
      this.counts.websocketsKilled++;
      return;
    }
    this.closes[String(code)] = (this.closes[String(code)] ?? 0) + 1;
    if (!this.cleanCloseCodes.includes(code)) this.counts.websocketsUnclean++;
  }

  agentEvent(event: AgentEvent): void {
    this.hasAgent = true;
    switch (event.type) {
      case 'request-started':
      case 'response-finished': {
        if (!event.id) return;
        const { client, request } = event.id;
        // Strings are made only where one is needed: this runs twice for every request.
        const needed = this.failedKeys.size > 0 || this.serverSignalled || (event.type === 'request-started' && event.socketEnded);
        const key = needed ? keyOf(client, request) : null;
        if (key !== null && this.failedKeys.has(key)) this.serverSaw.add(key);
        if (event.type === 'request-started') {
          // Read after the server had ended the connection: its answer could never be written, so for
          // the client it is lost unread — the keep-alive race, not a request in flight.
          if (event.socketEnded && key !== null) {
            this.readAfterEnd.add(key);
            return;
          }
          this.serverOpen.set(client, request);
          if (key !== null && this.serverSignalled) this.startedAfterHandler.add(key);
        } else if (this.serverOpen.get(client) === request) {
          this.serverOpen.delete(client);
        }
        return;
      }
      case 'signal-handled':
        this.serverSignalled = true;
        return;
      case 'listening':
        this.listeners++;
        this.everListened = true;
        return;
      case 'listener-closed':
        this.listeners = Math.max(0, this.listeners - 1);
        return;
      case 'connection-opened':
        if (this.everListened && this.listeners === 0 && this.signalAt !== null) this.acceptedAfterListenersClosed++;
        if (this.signalAt !== null && !this.serverSignalled && event.peerPort !== null) this.openedBeforeHandler.add(event.peerPort);
        return;
      case 'uncaught-exception':
        this.uncaughtException ??= event.message;
        return;
      default:
        return;
    }
  }

  /**
   * Whether the server started this request after the signal, which is when drain-connection-close
   * asks for `Connection: close`. The agent tells it when the target has a handler: a request the
   * harness sent after the signal may still be read before the handler runs. Otherwise a request sent
   * at least settleMs after the signal counts.
   */
  private startedAfterSignal(answer: { key: string; sentAt: number }): boolean {
    if (this.serverSignalled) return this.startedAfterHandler.has(answer.key);
    return this.signalAt !== null && answer.sentAt >= this.signalAt + this.settleMs;
  }

  /**
   * Whether the server read this request before the signal: before its own handler ran, when the agent
   * tells (every request it starts after the handler is keyed then); otherwise when it was sent at least
   * settleMs before the signal.
   */
  private readBeforeSignal(answer: { key: string; sentAt: number }): boolean {
    if (this.serverSignalled) return !this.startedAfterHandler.has(answer.key);
    return this.signalAt !== null && answer.sentAt <= this.signalAt - this.settleMs;
  }

  private stats(kind: LoadKind): LatencyStats {
    let stats = this.latency.get(kind);
    if (!stats) {
      stats = new LatencyStats();
      this.latency.set(kind, stats);
    }
    return stats;
  }

  /** Everything counted, with each failed request judged now that the agent's events are all in. */
  totals(): LoadTotals {
    const moments = this.moments();
    const faults = { ...this.judgedFaults };
    for (const r of this.failures) {
      const key = keyOf(r.client, r.request);
      const serverRead = this.hasAgent ? this.serverSaw.has(key) && !this.readAfterEnd.has(key) : null;
      const acceptedBeforeHandler = this.serverSignalled && r.localPort !== null ? this.openedBeforeHandler.has(r.localPort) : null;
      const judged = classifyRequest({ ...r, serverRead, acceptedBeforeHandler }, moments);
      if (judged.class === 'failed') faults[judged.fault]++;
    }
    faults['before-signal'] += this.counts.websocketsDroppedBeforeSignal;
    const latency: LoadTotals['latency'] = { all: LatencyStats.merge([...this.latency.values()]).summary() };
    for (const kind of ['keep-alive', 'slow', 'stream'] as const) {
      const stats = this.latency.get(kind);
      if (stats) latency[kind] = stats.summary();
    }
    const c = this.counts;
    const drain = this.drainAnswers.filter((a) => this.startedAfterSignal(a));
    const readBefore = this.drainAnswers.filter((a) => this.readBeforeSignal(a));
    const fiveXx = readBefore.filter((a) => a.status >= 500);
    return {
      hasAgent: this.hasAgent,
      moments: { signalAt: this.signalAt, killAt: this.killAt, exitAt: this.exitAt },
      connections: {
        opened: c.opened,
        attemptsAfterSignal: c.attemptsAfterSignal,
        // Counted as not refused rather than as connected: a connection the server resets as it
        // accepts it may fail before the client ever sees it open.
        acceptedAfterSignal: c.attemptsAfterSignal - c.refusedAfterSignal,
        refusedAfterSignal: c.refusedAfterSignal,
        acceptedAfterListenersClosed: this.hasAgent ? this.acceptedAfterListenersClosed : null,
      },
      sends: { scheduled: c.scheduled, sent: c.sent, notSent: c.notSent, heldBack: c.heldBack, late: c.late, messages: c.messages },
      outcomes: { ...this.outcomes },
      outcomesByKind: structuredClone(this.outcomesByKind),
      faults,
      latency,
      throughput: this.throughput.series(),
      requestsBeforeSignal: c.requestsBeforeSignal,
      inFlightAtSignal: c.inFlightAtSignal,
      streamsAtSignal: c.streamsAtSignal,
      reusedRequests: c.reusedRequests,
      drainResponses: drain.length,
      drainResponsesKeptAlive: drain.filter((a) => a.keptAlive).length,
      readBeforeAnsweredAfter: readBefore.length,
      shutdown5xx: fiveXx.filter((a) => this.servedBeforeSignal.has(a.kind)).length,
      unattributed5xx: fiveXx.filter((a) => !this.servedBeforeSignal.has(a.kind) && !this.failedBeforeSignal.has(a.kind)).length,
      websockets: {
        opened: c.websocketsOpened,
        openAtSignal: c.websocketsOpenAtSignal,
        closes: { ...this.closes },
        unclean: c.websocketsUnclean,
        killed: c.websocketsKilled,
        droppedBeforeSignal: c.websocketsDroppedBeforeSignal,
      },
      uncaughtException: this.uncaughtException,
      problems: [...this.problems],
    };
  }
}
