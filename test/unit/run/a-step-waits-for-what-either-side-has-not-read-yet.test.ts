import { describe, expect, it } from 'vitest';
import { stillOnTheWire, type HarnessSide } from '../../../src/run/wire.js';
import type { WireCount } from '../../../src/target/agent-protocol.js';

const quiet: WireCount = { port: 40_001, read: 120, written: 300, finReceived: false, finSent: false, reading: true };
const client: HarnessSide = { client: 'A', port: 40_001, read: 300, written: 120, finReceived: false, finSent: false, reading: true, closing: false };

describe('stillOnTheWire', () => {
  it('is null when each side has read all the other sent', () => {
    expect(stillOnTheWire([client], [quiet])).toBeNull();
  });

  it('waits for the target to read bytes the client wrote (a WebSocket close frame answered)', () => {
    expect(stillOnTheWire([{ ...client, written: 128 }], [quiet])).toBe('the target to read what client A sent (8 bytes)');
  });

  it('waits for the client to read bytes the target handed to the kernel', () => {
    expect(stillOnTheWire([{ ...client, read: 290 }], [quiet])).toBe('client A to read what the target sent (10 bytes)');
  });

  it('waits for a FIN either side sent and the other has not read', () => {
    expect(stillOnTheWire([client], [{ ...quiet, finSent: true }])).toBe('client A to read what the target sent (0 bytes and a FIN)');
    expect(stillOnTheWire([{ ...client, finSent: true }], [quiet])).toBe('the target to read what client A sent (0 bytes and a FIN)');
    expect(stillOnTheWire([{ ...client, finSent: true, finReceived: true }], [{ ...quiet, finSent: true, finReceived: true }])).toBeNull();
  });

  it('does not wait on a side that is not reading: a paused target, or a client held for the keep-alive race', () => {
    expect(stillOnTheWire([{ ...client, written: 500 }], [{ ...quiet, reading: false }])).toBeNull();
    expect(stillOnTheWire([{ ...client, read: 0, reading: false }], [{ ...quiet, finSent: true }])).toBeNull();
  });

  it('pairs the two sides by port only: a connection the target has not accepted, or has destroyed, is left to the expectations', () => {
    expect(stillOnTheWire([{ ...client, port: 40_002, written: 999 }], [quiet])).toBeNull();
    expect(stillOnTheWire([], [{ ...quiet, written: 999 }])).toBeNull();
  });

  it('waits for a client that destroyed its socket to close it, whatever the target’s side says', () => {
    const closing: HarnessSide = { ...client, finSent: true, finReceived: true, closing: true };
    expect(stillOnTheWire([closing], [quiet])).toBe('client A to close its connection');
    expect(stillOnTheWire([closing], [])).toBe('client A to close its connection');
  });

  it('names the first connection still in flight, in the harness’s order', () => {
    const other: HarnessSide = { ...client, client: 'B', port: 40_002, read: 0 };
    const otherTarget: WireCount = { ...quiet, port: 40_002 };
    expect(stillOnTheWire([client, other], [otherTarget, quiet])).toBe('client B to read what the target sent (300 bytes)');
  });
});
