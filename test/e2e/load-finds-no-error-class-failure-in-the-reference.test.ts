import { describe, expect, it } from 'vitest';
import { smallLoad } from '../support/load.js';
import { scenarioPath } from '../support/processes.js';

describe('load against the reference strategy', () => {
  it('finds no failed request in an error class, with requests, streams and WebSockets open at the signal', () => {
    const { status, summary } = smallLoad(scenarioPath('reference.js'));
    const errors = summary.invariants.filter((r) => r.severity === 'error' && r.verdict === 'violated');
    expect(errors).toEqual([]);
    expect(status).toBe(0);
    expect(summary.verdict).toBe('pass');
    // The run met the shutdown it was meant to meet, or its pass would prove nothing.
    const row = (id: string) => summary.invariants.find((r) => r.id === id);
    expect(row('in-flight-complete')?.of).toBeGreaterThan(0);
    expect(row('stream-clean-end')?.of).toBeGreaterThan(0);
    expect(row('websocket-going-away')).toMatchObject({ verdict: 'holds' });
    expect(row('websocket-going-away')?.of).toBeGreaterThan(0);
    expect(summary.websockets.closes['1001']).toBe(row('websocket-going-away')?.of);
    expect(summary.connections.opened).toBe(60);
    expect(summary.shutdown.exit).toEqual({ code: 0, signal: null });
  });
});
