// signal-reaches-server judges where the server stood when the harness SIGKILLed what was left of a
// command target. Literal histories: the facts /proc gave are in the `server-process` event.
import { describe, expect, it } from 'vitest';
import { fixFor, signalReachesServer } from '../../../src/checkers/signal-reaches-server.js';
import type { ServerAtEnd } from '../../../src/history/server-at-end.js';
import { history, messages, notExercisedReason, options, reason, scenario } from './fixtures.js';

const s = scenario([{ kind: 'slow', id: 'A', at: 0, latencyMs: 300 }], { signalAt: 100, graceMs: 2000 });
const check = (h: ReturnType<typeof history>) => signalReachesServer.check(h.build(), s, options(s));

const npmLeftItListening: ServerAtEnd = { kind: 'other', recipient: 'npm start', server: 'node server.js', state: 'listening', sigterm: 'handled' };

describe('signal-reaches-server', () => {
  it('is violated when npm got the signal and exited while the server still listened, naming both and the fix', () => {
    const v = check(history().at(0).sent('A', 0, '/slow?ms=300').open('A').at(100).signal().at(110).exit(null, 'SIGTERM').add({ type: 'server-process', at: npmLeftItListening }));
    expect(v.verdict).toBe('violated');
    const [message] = messages(v);
    expect(message).toContain('the SIGTERM went to `npm start`, which did not pass it on to the server, `node server.js`');
    expect(message).toContain("SIGKILLed when `npm start` exited, as a container's processes are when its PID 1 exits");
    expect(message).toContain('start `node server.js` directly instead of through npm');
  });

  it('is violated at the grace end when the shell outlived it, and says a server without a handler never got the signal', () => {
    const at: ServerAtEnd = { ...npmLeftItListening, recipient: 'bash ./start.sh', sigterm: 'default' };
    const v = check(history().at(100).signal().at(2100).kill().exit(null, 'SIGKILL').add({ type: 'server-process', at }));
    const [message] = messages(v);
    expect(message).toContain('it has no SIGTERM handler, so had it got the signal it would have died of it');
    expect(message).toContain('SIGKILLed at the end of the 2000 ms grace period');
    expect(message).toContain('put `exec` before the server\'s command (`exec node server.js`)');
  });

  it('holds when the process signalled is the server', () => {
    expect(check(history().at(100).signal().at(150).exit(0).add({ type: 'server-process', at: { kind: 'recipient', command: 'node server.js' } })).verdict).toBe('holds');
  });

  it('holds when another process got it and the server exited or closed its listener before the SIGKILL (npm running `exec node`, tini)', () => {
    for (const state of ['gone', 'not-listening'] as const) {
      const at: ServerAtEnd = { ...npmLeftItListening, state };
      expect(check(history().at(100).signal().at(150).exit(0).add({ type: 'server-process', at })).verdict).toBe('holds');
    }
  });

  it('is unknown, with the reason, when /proc could not name the server', () => {
    const v = check(history().at(100).signal().at(150).exit(0).add({ type: 'server-process', at: { kind: 'unknown', reason: 'there is no /proc on darwin to say which process listens' } }));
    expect(v.verdict).toBe('unknown');
    expect(reason(v)).toContain('no /proc on darwin');
  });

  it('is not exercised for a Node target, which the harness starts and signals itself', () => {
    const v = check(history().at(0).listening().at(100).signal().at(150).exit(0));
    expect(notExercisedReason(v)).toContain('the harness started the listening Node process itself');
  });

  it('is not exercised when the command exited before the signal', () => {
    const v = check(history().at(50).exit(1).add({ type: 'server-process', at: npmLeftItListening }).at(100).signal());
    expect(v.verdict).toBe('not-exercised');
  });
});

describe('the fix for a command that did not pass the signal on', () => {
  it('takes npm and npx out of the path, and has a shell exec the server', () => {
    expect(fixFor('npm exec meas-server', 'node x.js')).toMatch(/^start `node x.js` directly instead of through npm/);
    expect(fixFor('node /usr/lib/node_modules/npm/bin/npm-cli.js start', 'node x.js')).toMatch(/directly instead of through npm/);
    expect(fixFor('/bin/sh ./start.sh', 'node x.js')).toMatch(/^put `exec` before the server's command/);
    // The exec form named is the server's own command (an express-generator app serves from ./bin/www).
    expect(fixFor('npm start', 'node ./bin/www')).toContain('(`CMD ["node", "./bin/www"]`)');
    expect(fixFor('npm start', "node -e 'x()'")).toContain('(`CMD ["node", "server.js"]`)');
  });
});
