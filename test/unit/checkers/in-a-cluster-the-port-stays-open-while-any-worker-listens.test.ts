// In a node:cluster tree the primary holds the listening socket and hands connections to the workers
// that listen; it closes the socket, resetting its accept queue, only when the last worker's server has
// closed. Each worker numbers its listeners from 0, so a listener is known by its process too.
import { describe, expect, it } from 'vitest';
import { noAcceptThenDrop } from '../../../src/checkers/no-accept-then-drop.js';
import { history, messages, options, scenario } from './fixtures.js';

const late = scenario([{ kind: 'late', id: 'A', at: 1460, attempts: [] }], { signalAt: 1450 });
const check = (h: ReturnType<typeof history>) => noAcceptThenDrop.check(h.build(), late, options(late));
const worker = (proc: number) => ({ listening: { type: 'listening', listener: 0, proc }, closed: { type: 'listener-closed', listener: 0, proc } }) as const;
const signalled = () => history().add(worker(1).listening).add(worker(2).listening).handler().at(1560).signal();

describe('no-accept-then-drop in a cluster', () => {
  it('takes a reset as the backlog reset of the last worker listener to close, after the handler began: no violation', () => {
    const h = signalled()
      .at(1574).handled()
      .at(1575).add(worker(1).closed)
      .at(1576).connect('A').sent('A').connected('A')
      .at(1577).add(worker(2).closed)
      .at(1578).outcome('A', 0, 'reset-before-response').ended('A', 'rst');
    expect(check(h)).toEqual({ verdict: 'holds' });
  });

  it('does not take the close of one worker for the port closing: a reset while the other still listens is a drop', () => {
    const h = signalled()
      .at(1574).handled()
      .at(1575).add(worker(1).closed)
      .at(1576).connect('A').sent('A').connected('A')
      .at(1578).outcome('A', 0, 'reset-before-response').ended('A', 'rst');
    const verdict = check(h);
    expect(verdict.verdict).toBe('violated');
    expect(messages(verdict).join('\n')).not.toContain('listen backlog');
  });
});
