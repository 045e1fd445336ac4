/**
 * What a load run counted, as plain data: load mode's view of a run, as the history is the checkers'.
 * Each invariant's definition (src/checkers/*) reads its verdict from these totals.
 */
import type { Outcome } from '../history/events.js';
import type { LoadFault } from './invariants.js';
import type { HttpLoadKind, LoadKind } from './mix.js';
import type { Percentiles, ThroughputSeries } from './stats.js';

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
