// The same server behind a start command, the only difference being `exec`: with it the server is the
// process the signal goes to (or npm passes it straight to the server), its handler drains and exits 0,
// and signal-reaches-server holds; without it the shell gets the signal, dies, and the run fails.
import { describe, expect, it } from 'vitest';
import { LONG, runCli, tempDir } from '../support/cli.js';
import { survivorsIn, readReport, resultOf, smallRun, startCommandApp } from '../support/start-command.js';

describe.each([
  ['a shell script ending in `exec node server.js`', './with-exec.sh'],
  ['npm start whose script is `exec node server.js`', 'npm run start:exec'],
  ['node server.js itself', 'node server.js'],
])('%s', (_name, cmd) => {
  it("lets the server's own SIGTERM handler drain: signal-reaches-server holds and the run passes", async () => {
    const app = startCommandApp();
    const out = tempDir();
    const result = runCli(smallRun(cmd, out), { cwd: app, timeoutMs: LONG });
    const report = readReport(out);
    expect(resultOf(report, 'signal-reaches-server').verdict).toBe('holds');
    expect(resultOf(report, 'clean-exit').verdict).toBe('holds');
    expect(result.status).toBe(0);
    expect(await survivorsIn(app)).toEqual([]);
  }, LONG);
});

describe.each([
  ['a shell script ending in `node server.js` without exec', './without-exec.sh', '/bin/sh ./without-exec.sh'],
  ['a shell-form `sh -c "node server.js"`, which dash forks', 'sh -c "node server.js"', 'sh -c node server.js'],
])('%s', (_name, cmd, recipient) => {
  it('keeps the signal from the server: signal-reaches-server is violated and the fix is exec', async () => {
    const app = startCommandApp();
    const out = tempDir();
    const result = runCli(smallRun(cmd, out), { cwd: app, timeoutMs: LONG });
    expect(result.status).toBe(1);
    const found = resultOf(readReport(out), 'signal-reaches-server');
    expect(found.verdict).toBe('violated');
    const message = found.evidence?.[0]?.message ?? '';
    expect(message).toContain(`the SIGTERM went to \`${recipient}\`, which did not pass it on to the server, \`node server.js\``);
    expect(message).toContain("Fix: put `exec` before the server's command (`exec node server.js`)");
    expect(await survivorsIn(app)).toEqual([]);
  }, LONG);
});
