/** Literal load-run data shared by the load report tests. */
import { summarySettings, type LoadInvariant, type RunFacts } from '../../../src/load/summary.js';
import { LoadTally, type RequestResult } from '../../../src/load/tally.js';
import type { AgentEvent } from '../../../src/target/agent-protocol.js';

export const settings = summarySettings({
  connections: 10,
  split: { 'keep-alive': 6, slow: 1, stream: 1, websocket: 2 },
  ratePerSec: 100,
  durationMs: 2000,
  signalAtMs: 1000,
  graceMs: 30_000,
  signal: 'SIGTERM',
  strict: false,
});
export const facts: RunFacts = {
  version: '0.0.0',
  target: 'server.js',
  settings,
  openMs: 20,
  exit: { code: 0, signal: null },
  allowedExitCodes: [0, 143],
  cleanCloseCodes: [1001, 1012],
  harness: { rssMaxMb: 80, targetRssMaxMb: 50, cpuMs: 900, targetCpuMs: 700, openFilesLimit: { harness: 1024, target: 1024 } },
};

export function request(key: string, fields: Partial<RequestResult>): RequestResult {
  const [client = '', n = '0'] = key.split('#');
  return {
    client,
    request: Number(n),
    kind: 'keep-alive',
    outcome: 'complete',
    scheduledAt: 0,
    sentAt: 0,
    endedAt: 1,
    attemptAt: -11,
    localPort: 40_000,
    reused: true,
    bytesWritten: true,
    responseBegun: true,
    status: 200,
    connectionClose: false,
    ...fields,
  };
}

export const started = (key: string, socketEnded = false): AgentEvent => {
  const [client = '', n = '0'] = key.split('#');
  return {
    hr: 0,
    kind: 'event',
    type: 'request-started',
    id: { client, request: Number(n) },
    peerPort: 1,
    method: 'GET',
    path: '/',
    ...(socketEnded ? { socketEnded: true as const } : {}),
  };
};

export const lost = { outcome: 'closed-before-response', responseBegun: false, status: undefined, connectionClose: undefined } as const;

export function row(rows: LoadInvariant[], id: string): LoadInvariant | undefined {
  return rows.find((r) => r.id === id);
}

/** A run like exit-at-once's: the signal at 1000 ms, then requests cut, a stream cut, a WebSocket dropped. */
export function brokenRun(): LoadTally {
  const tally = new LoadTally(50, [1001, 1012]);
  tally.agentEvent({ hr: 0, kind: 'event', type: 'listening', listener: 0, port: 1, upgrade: true });
  tally.result(request('k0#0', { sentAt: 100, endedAt: 101 }));
  tally.result(request('k1#0', { sentAt: 200, endedAt: 203 }));
  tally.markSignal(1000, 2);
  tally.agentEvent({ hr: 0, kind: 'event', type: 'signal-handled', signal: 'SIGTERM' });
  // read by the server (its start reported before the failure) and never answered
  tally.agentEvent(started('k0#1'));
  tally.result(request('k0#1', { ...lost, sentAt: 990, endedAt: 1005 }));
  // the same, but the agent's report arrives after the client saw the failure
  tally.result(request('k2#1', { ...lost, sentAt: 995, endedAt: 1006 }));
  tally.agentEvent(started('k2#1'));
  // never read: the keep-alive race
  tally.result(request('k3#1', { ...lost, sentAt: 1001, endedAt: 1006 }));
  // read only after the server had ended the connection: the keep-alive race too
  tally.agentEvent(started('k4#1', true));
  tally.result(request('k4#1', { ...lost, sentAt: 1001, endedAt: 1007 }));
  tally.result(request('t0#1', { kind: 'stream', outcome: 'truncated', sentAt: 900, endedAt: 1008, status: undefined }));
  tally.attempt(1010);
  tally.refused(1011);
  tally.result(request('k5#2', { outcome: 'refused', localPort: null, attemptAt: 1010, sentAt: 1010, endedAt: 1011, reused: false, responseBegun: false, status: undefined }));
  // answered after the handler ran, without Connection: close
  tally.agentEvent(started('k1#1'));
  tally.result(request('k1#1', { sentAt: 1002, endedAt: 1009 }));
  tally.websocketClosed(1012, 1006);
  tally.websocketClosed(1013, 1001);
  tally.exitAt = 1020;
  return tally;
}
