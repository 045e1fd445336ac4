// Linux completes the handshake before the server calls accept(), and resets every connection still in
// the accept queue when the listening socket closes. With an agent, which reports each connection the
// target accepts, no-accept-then-drop tells such a backlog reset from a connection accepted and dropped,
// and blames the target only for one that was already waiting when its signal handler began.
import { describe, expect, it } from 'vitest';
import { noAcceptThenDrop } from '../../../src/checkers/no-accept-then-drop.js';
import { history, messages, options, scenario } from './fixtures.js';

// The shape of a real-clock run against scenarios/reference.js (times in scenario ms): a late client
// connects 13 ms after SIGTERM, in the instant the target's handler closes its listener.
const late = scenario([{ kind: 'late', id: 'A', at: 1460, attempts: [] }], { signalAt: 1450 });
const check = (h: ReturnType<typeof history>, s = late) => noAcceptThenDrop.check(h.build(), s, options(s));
const signalled = () => history().listening().handler().at(1560).signal();

describe('a connection reset from the listen backlog', () => {
  it('is no violation when it connected after the target began its shutdown, in the last instant before the close', () => {
    const h = signalled()
      .at(1573).connect('A').sent('A')
      .at(1574).handled()
      .at(1575).connected('A')
      .at(1576).listenerClosed()
      .at(1578).outcome('A', 0, 'reset-before-response').ended('A', 'rst');
    expect(check(h)).toEqual({ verdict: 'holds' });
  });

  it('is a violation when it was already waiting when the target began its shutdown, and names the backlog', () => {
    const h = signalled()
      .at(1573).connect('A').sent('A').connected('A')
      .at(1574).handled()
      .at(1576).listenerClosed()
      .at(1578).outcome('A', 0, 'reset-before-response').ended('A', 'rst');
    expect(messages(check(h))).toEqual([
      "request 0 of client A went out on a connection opened 13 ms after SIGTERM that was reset from the listen backlog 18 ms after SIGTERM: it connected 1 ms before the target's SIGTERM handler began, and the target closed its listener without accepting it",
    ]);
  });

  it('knows the agent stamps the close as close() begins: a client that connects just after, into the backlog, was not accepted', () => {
    // From a real-clock run: the listener's close is stamped at 48, B and L begin connecting at 50, are
    // connected at 53 and reset at 56. The target accepted neither.
    const s = scenario(
      [
        { kind: 'silent', id: 'B', at: 60 },
        { kind: 'late', id: 'L', at: 60, attempts: [] },
      ],
      { signalAt: 20 },
    );
    const h = history().listening().handler()
      .at(22).signal()
      .at(25).handled()
      .at(48).listenerClosed()
      .at(50).connect('B').connect('L').sent('L')
      .at(53).connected('B').connected('L')
      .at(56).ended('B', 'rst').outcome('L', 0, 'reset-before-response').ended('L', 'rst')
      .at(112).exit(0);
    expect(check(h, s)).toEqual({ verdict: 'holds' });
  });

  it('counts the exit as the close when the target exits with its listener open', () => {
    // The harness records the exit after the kernel has torn the process down and reset the queue.
    const queued = signalled()
      .at(1573).connect('A').sent('A').connected('A')
      .at(1574).handled()
      .at(1578).outcome('A', 0, 'reset-before-response').ended('A', 'rst')
      .at(1580).exit(0);
    expect(messages(check(queued))).toEqual([
      "request 0 of client A went out on a connection opened 13 ms after SIGTERM that was reset from the listen backlog 18 ms after SIGTERM: it connected 1 ms before the target's SIGTERM handler began, and the target exited without accepting it",
    ]);
    // Without a handler of its own the target began to stop when the signal killed it: nothing waited before.
    const killed = history().listening().at(1560).signal()
      .at(1573).connect('A').sent('A').connected('A')
      .at(1578).outcome('A', 0, 'reset-before-response').ended('A', 'rst')
      .at(1580).exit(null, 'SIGTERM');
    expect(check(killed)).toEqual({ verdict: 'holds' });
  });

  it('is still accept-then-drop when the agent saw the target accept the connection', () => {
    const h = signalled()
      .at(1573).connect('A').sent('A')
      .at(1574).handled()
      .at(1575).accepted('A').connected('A')
      .at(1576).listenerClosed()
      .at(1578).outcome('A', 0, 'reset-before-response').ended('A', 'rst');
    expect(messages(check(h))).toEqual([
      'request 0 of client A went out on a connection opened 13 ms after SIGTERM that the server accepted, and was reset before any response 18 ms after SIGTERM',
    ]);
  });

  it('is no backlog reset when the target was still listening: a violation, though it never accepted the connection', () => {
    const h = signalled()
      .at(1574).handled()
      .at(1580).connect('A').sent('A').connected('A')
      .at(1585).outcome('A', 0, 'reset-before-response').ended('A', 'rst')
      .at(2000).listenerClosed()
      .at(2100).exit(0);
    expect(messages(check(h))).toEqual([
      'request 0 of client A went out on a connection opened 20 ms after SIGTERM and was reset before any response 25 ms after SIGTERM while the target was still listening, though it never accepted the connection',
    ]);
  });

  it('pairs each accept with the client\'s earliest waiting connection, as the accept queue is first in, first out', () => {
    // Both connections of L wait in the queue; the target accepts the first and answers it, and closes
    // its listener on the second, which connected after the handler began.
    const s = scenario([{ kind: 'late', id: 'L', at: 1570, attempts: [1572] }], { signalAt: 1450 });
    const h = signalled()
      .at(1570).connect('L').sent('L', 0).connected('L')
      .at(1571).handled()
      .at(1572).connect('L').sent('L', 1).connected('L')
      .at(1573).accepted('L').started('L', 0)
      .at(1574).listenerClosed()
      .at(1575).outcome('L', 1, 'reset-before-response').ended('L', 'rst')
      .at(1576).finished('L', 0, 200, true).answered('L', 0, true).ended('L');
    expect(check(h, s)).toEqual({ verdict: 'holds' });
  });
});
