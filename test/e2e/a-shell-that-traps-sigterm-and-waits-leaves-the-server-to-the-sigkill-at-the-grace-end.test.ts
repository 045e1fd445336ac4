// A shell that catches SIGTERM itself and waits for its child (as a shell that is a container's PID 1
// keeps running): the server never gets the signal and is SIGKILLed at the grace end. deadline reports
// the SIGKILL; signal-reaches-server says why the server never drained.
import { describe, expect, it } from 'vitest';
import { LONG, runCli, tempDir } from '../support/cli.js';
import { survivorsIn, readReport, resultOf, smallRun, startCommandApp } from '../support/start-command.js';

describe('bash that traps SIGTERM and waits for `node server.js`', () => {
  it('leaves the server to the SIGKILL at the grace end, and signal-reaches-server says the signal stopped at bash', async () => {
    const app = startCommandApp();
    const out = tempDir();
    const cmd = `bash -c 'trap "echo bash got it" TERM; node server.js; echo done'`;
    const result = runCli(smallRun(cmd, out), { cwd: app, timeoutMs: LONG });
    expect(result.status).toBe(1);
    const report = readReport(out);
    expect(resultOf(report, 'deadline').verdict).toBe('violated');
    const found = resultOf(report, 'signal-reaches-server');
    expect(found.verdict).toBe('violated');
    const message = found.evidence?.[0]?.message ?? '';
    expect(message).toContain('the SIGTERM went to `bash -c trap "echo bash got it" TERM; node server.js; echo done`, which did not pass it on to the server, `node server.js`');
    expect(message).toContain('SIGKILLed at the end of the 2000 ms grace period');
    expect(await survivorsIn(app)).toEqual([]);
  }, LONG);
});
