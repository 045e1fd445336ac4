/**
 * The load generator: opens and holds the connections, then sends on the open-loop schedule, each send
 * on the connection that has been free the longest. A send that finds every connection busy is not
 * queued (a queue would turn the open loop back into a closed one): it is counted as not sent.
 */
import { isAnswered } from './classify.js';
import { HttpWorker } from './http-worker.js';
import type { LoadKind } from './mix.js';
import { FreeQueue, OpenLoopSchedule, RateBudget, spread } from './schedule.js';
import type { LoadTally } from './tally.js';
import { WebSocketWorker } from './websocket-worker.js';
import type { LoadTarget } from './worker.js';

/** A send this far behind its schedule counts as late (the generator could not keep up). */
export const LATE_MS = 10;
/** New connections tried a second while the target refuses them (see `probes`). */
export const REFUSED_PROBES_PER_SECOND = 200;
/** Connections opened at once: enough to be quick, few enough not to overflow the target's accept backlog (511 in Node). */
const OPEN_CONCURRENCY = 256;

type Worker = HttpWorker | WebSocketWorker;

/** Short connection names: a name travels in every request's id header, which the agent parses. */
const PREFIX: Record<LoadKind, string> = { 'keep-alive': 'k', slow: 's', stream: 't', websocket: 'w' };

export class LoadGenerator {
  /** every connection, the kinds spread evenly through the list */
  private readonly workers: Worker[] = [];
  private readonly free: FreeQueue<Worker>;
  private timer: NodeJS.Timeout | null = null;
  private tick: (() => void) | null = null;
  private kicked = false;
  /**
   * New connections tried while the target refuses them. Every refused attempt costs the harness a
   * socket, an error and its stack (Node reads it as it destroys the socket); thousands a second would
   * saturate the harness, which would then answer the target's close frames late and see its exit
   * late. A balancer stops sending to a backend that refuses, too; these probes keep watching for a
   * connection accepted after the listener closed.
   */
  private readonly probes = new RateBudget(REFUSED_PROBES_PER_SECOND);
  opened = 0;

  constructor(
    target: LoadTarget,
    split: Readonly<Record<LoadKind, number>>,
    private readonly tally: LoadTally,
    private readonly now: () => number,
  ) {
    for (const { kind, index } of spread(split)) {
      const name = `${PREFIX[kind]}${index}`;
      const worker =
        kind === 'websocket' ? new WebSocketWorker(name, target, tally, now) : new HttpWorker(name, kind, target, tally, now);
      this.workers.push(worker);
    }
    this.free = new FreeQueue(this.workers.length);
  }

  get wanted(): number {
    return this.workers.length;
  }

  /**
   * Opens every connection: an HTTP one with a request to the fast route, a WebSocket with its
   * handshake. Each joins the free queue, in the list's order, so that every kind is in the rotation
   * from the first send — an HTTP one even if it failed (its failure is counted; its next send connects
   * again), a WebSocket only if it opened.
   */
  async open(): Promise<void> {
    const all = this.workers;
    const ready: (Worker | null)[] = new Array<Worker | null>(all.length).fill(null);
    let next = 0;
    const openOne = async (): Promise<void> => {
      while (next < all.length) {
        const index = next++;
        const worker = all[index];
        if (!worker) continue;
        const ok = await this.openWorker(worker);
        if (ok) {
          this.opened++;
          this.tally.connectionOpened();
        }
        if (ok || worker instanceof HttpWorker) ready[index] = worker;
      }
    };
    await Promise.all(Array.from({ length: Math.min(OPEN_CONCURRENCY, all.length) }, openOne));
    for (const worker of ready) if (worker) this.free.push(worker);
  }

  private openWorker(worker: Worker): Promise<boolean> {
    if (worker instanceof WebSocketWorker) return worker.open().then(() => worker.isOpen);
    return new Promise((resolve) => worker.send(null, (outcome) => resolve(isAnswered(outcome))));
  }

  /** Starts sending `ratePerSec` sends a second, from now (the load's time 0). */
  start(ratePerSec: number): void {
    const schedule = new OpenLoopSchedule(ratePerSec);
    this.tick = (): void => {
      const now = this.now();
      const { first, count } = schedule.due(now);
      // Sends beyond the free connections cannot go out: counted at once, not tried one by one.
      const tried = Math.min(count, this.free.length);
      for (let i = 0; i < tried; i++) this.sendOne(schedule.at(first + i), now);
      this.tally.notSentBulk(count - tried);
    };
    this.tick();
    this.timer = setInterval(this.tick, 1);
  }

  /**
   * A connection came free: look at the schedule now rather than at the next timer tick, so that a
   * send falling due in between goes out on time instead of being counted as not sent. Deferred to a
   * microtask so that it never runs inside the client's own completion callback.
   */
  private kick(): void {
    if (this.kicked || !this.tick) return;
    this.kicked = true;
    queueMicrotask(() => {
      this.kicked = false;
      this.tick?.();
    });
  }

  private sendOne(scheduledAt: number, now: number): void {
    let worker = this.free.shift();
    // A WebSocket the server closed leaves the rotation.
    while (worker instanceof WebSocketWorker && !worker.isOpen) worker = this.free.shift();
    if (!worker) return this.tally.send(null, 0, LATE_MS);
    if (worker instanceof WebSocketWorker) {
      this.tally.send('websocket', now - scheduledAt, LATE_MS);
      worker.send();
      this.free.push(worker);
      return;
    }
    const http = worker;
    if (this.tally.refusing && !http.connected && !this.probes.take(now)) {
      this.tally.heldBack();
      this.free.push(http);
      return;
    }
    this.tally.send(http.kind, now - scheduledAt, LATE_MS);
    http.send(scheduledAt, () => {
      this.free.push(http);
      this.kick();
    });
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.tick = null;
  }

  openWebSockets(): number {
    return this.workers.filter((w) => w instanceof WebSocketWorker && w.isOpen).length;
  }

  /** HTTP requests sent and not answered yet. */
  inFlight(): number {
    return this.workers.filter((w) => w instanceof HttpWorker && w.busy).length;
  }

  /** Ends every connection; what is still unanswered is counted as `timeout`. */
  async close(): Promise<void> {
    this.stop();
    await Promise.all(this.workers.map((w) => w.close()));
  }
}
