/**
 * What a load run counts while it runs: the workers report each request's outcome and each
 * connection's life here, the agent reports what the server read, and the run reports the signal,
 * the kill and the exit. No I/O and no clock of its own (every time is given), so it is tested with
 * literal values. `totals()` hands the result on as plain data.
 *
 * Only failed requests and the answers after the signal are kept one by one, and only until the end:
 * whether the server read a request, and when, is known only once the agent's events, which travel on
 * another pipe, have all arrived (./agent-view.ts keeps them). Everything else is counted as it comes.
 * Which invariant a failed request breaks is each invariant's own rule (./classify.ts).
 */
import { OUTCOMES } from '../history/events.js';
import type { AgentEvent } from '../target/agent-protocol.js';
import { AgentView, keyOf } from './agent-view.js';
import { classifyRequest } from './classify.js';
import { LOAD_FAULTS, type LoadFault } from './invariants.js';
import type { LoadKind } from './mix.js';
import { isAnswered, type Moments, type RequestFacts } from './request-facts.js';
import { LatencyStats, Throughput, type Series } from './stats.js';
import type { LoadTotals, OutcomeCounts } from './totals.js';

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

const emptyCounts = (): OutcomeCounts => Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as OutcomeCounts;

export class LoadTally {
  signalAt: number | null = null;
  /** since the signal, the last connection attempt was refused: the listener is closed */
  refusing = false;
  killAt: number | null = null;
  exitAt: number | null = null;
  private readonly agent = new AgentView();
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
  /** answers (with a status) that came after the signal */
  private readonly drainAnswers: { key: string; kind: LoadKind; sentAt: number; keptAlive: boolean; status: number }[] = [];
  /** the kinds answered with a status before the signal: below 500, and 500 or above */
  private readonly servedBeforeSignal = new Set<LoadKind>();
  private readonly failedBeforeSignal = new Set<LoadKind>();
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
    this.agent.failed(r.client, r.request);
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
    this.agent.event(event, this.signalAt);
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
      const serverRead = this.agent.serverRead(key);
      const acceptedBeforeHandler = this.agent.acceptedBeforeHandler(r.localPort);
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
    const drain = this.drainAnswers.filter((a) => this.agent.startedAfterSignal(a, this.signalAt, this.settleMs));
    const readBefore = this.drainAnswers.filter((a) => this.agent.readBeforeSignal(a, this.signalAt, this.settleMs));
    const fiveXx = readBefore.filter((a) => a.status >= 500);
    return {
      hasAgent: this.agent.hasAgent,
      moments: { signalAt: this.signalAt, killAt: this.killAt, exitAt: this.exitAt },
      connections: {
        opened: c.opened,
        attemptsAfterSignal: c.attemptsAfterSignal,
        // Counted as not refused rather than as connected: a connection the server resets as it
        // accepts it may fail before the client ever sees it open.
        acceptedAfterSignal: c.attemptsAfterSignal - c.refusedAfterSignal,
        refusedAfterSignal: c.refusedAfterSignal,
        acceptedAfterListenersClosed: this.agent.acceptedAfterListenersClosed,
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
      uncaughtException: this.agent.uncaughtException,
      problems: [...this.problems],
    };
  }
}
