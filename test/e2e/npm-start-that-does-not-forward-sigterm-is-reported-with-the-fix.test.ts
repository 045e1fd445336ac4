// `npm start` whose script is `node server.js`: npm gets the SIGTERM, passes it to the `sh -c` it runs
// the script with, and that shell dies without passing it on. The server's own drain never runs and it
// is SIGKILLed; the run fails on signal-reaches-server, which names npm, the server and the fix in the
// terminal, report.json, the HTML page and the markdown summary. Nothing of the run is left behind.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LONG, runCli, tempDir } from '../support/cli.js';
import { survivorsIn, readReport, resultOf, smallRun, startCommandApp } from '../support/start-command.js';

describe('npm start whose script does not exec the server', () => {
  it('fails on signal-reaches-server, naming npm start, node server.js and the fix, in every report', async () => {
    const app = startCommandApp();
    const out = tempDir();
    const result = runCli([...smallRun('npm start', out), '--reporter', 'pretty', '--reporter', 'html', '--reporter', 'summary'], { cwd: app, timeoutMs: LONG });
    expect(result.status).toBe(1);

    const found = resultOf(readReport(out), 'signal-reaches-server');
    expect(found.verdict).toBe('violated');
    const message = found.evidence?.[0]?.message ?? '';
    expect(message).toMatch(/^the SIGTERM went to `npm start`, which did not pass it on to the server, `node server\.js`: it neither exited nor closed its listener; still listening, it was SIGKILLed /);
    expect(message).toContain('Fix: start `node server.js` directly instead of through npm');

    expect(result.stdout).toMatch(/^FAIL signal-reaches-server +violated \(error\)/m);
    expect(result.stdout).toContain('the SIGTERM went to `npm start`, which did not pass it on to the server, `node server.js`');
    for (const file of ['report.html', 'summary.md']) {
      const text = readFileSync(path.join(out, file), 'utf8');
      expect(text).toContain('signal-reaches-server');
      // markdown escapes the backquotes
      expect(text).toMatch(/went to \\?`npm start\\?`, which did not pass it on to the server, \\?`node server\.js\\?`/);
    }
    // The server's drain never ran: the line its SIGTERM handler prints is nowhere in its output.
    expect(JSON.stringify(found.counterexample?.output ?? {})).not.toContain('SIGTERM handler runs');
    expect(await survivorsIn(app)).toEqual([]);
  }, LONG);
});
