import { describe, expect, it } from 'vitest';
import { Recorder } from '../../../src/run/recorder.js';
import type { AgentEvent } from '../../../src/target/agent-protocol.js';

function historyOf(events: AgentEvent[]) {
  const recorder = new Recorder();
  recorder.bindPort(50_001, 'A');
  for (const event of events) recorder.recordAgent(event);
  return recorder.events().map(({ t: _t, step: _step, ...rest }) => rest);
}

describe('the recorder on a node:cluster tree', () => {
  it("stamps each worker's events with its id and matches its connections to clients by port", () => {
    expect(
      historyOf([
        { kind: 'event', type: 'listening', listener: 0, port: 4000, upgrade: false, hr: 1, proc: 2 },
        { kind: 'event', type: 'connection-opened', peerPort: 50_001, hr: 2, proc: 2 },
      ]),
    ).toEqual([
      { type: 'listening', listener: 0, proc: 2 },
      { type: 'server-connection-opened', client: 'A', proc: 2 },
    ]);
  });

  it("records each process's exit, a worker killed by a signal as its primary saw it, and a lone target's exit not at all", () => {
    expect(
      historyOf([
        { kind: 'event', type: 'worker-killed', worker: 1, signal: 'SIGKILL', hr: 1, proc: 0 },
        { kind: 'event', type: 'exit', code: 0, hr: 2, proc: 2 },
        { kind: 'event', type: 'exit', code: 0, hr: 3 },
      ]),
    ).toEqual([
      { type: 'process-exited', proc: 1, code: null, signal: 'SIGKILL' },
      { type: 'process-exited', proc: 2, code: 0, signal: null },
    ]);
  });

  it('leaves out of the workers the primary left behind one whose own exit was written before the primary’s', () => {
    expect(
      historyOf([
        { kind: 'event', type: 'exit', code: 0, hr: 1, proc: 1 },
        { kind: 'event', type: 'exit', code: 0, workersAlive: [1, 2], hr: 2, proc: 0 },
        { kind: 'event', type: 'exit', code: 0, hr: 3, proc: 2 },
      ]),
    ).toEqual([
      { type: 'process-exited', proc: 1, code: 0, signal: null },
      { type: 'process-exited', proc: 0, code: 0, signal: null, workersAlive: [2] },
      { type: 'process-exited', proc: 2, code: 0, signal: null },
    ]);
    expect(
      historyOf([
        { kind: 'event', type: 'exit', code: 0, hr: 1, proc: 1 },
        { kind: 'event', type: 'exit', code: 0, hr: 2, proc: 2 },
        { kind: 'event', type: 'exit', code: 0, workersAlive: [1, 2], hr: 3, proc: 0 },
      ]).at(-1),
    ).toEqual({ type: 'process-exited', proc: 0, code: 0, signal: null });
  });
});
