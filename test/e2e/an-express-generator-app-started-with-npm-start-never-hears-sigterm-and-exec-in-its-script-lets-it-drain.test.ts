// An app laid out by express-generator (`"start": "node ./bin/www"`), its bin/www given the SIGTERM
// handler of express's graceful-shutdown guide, run with `--cmd "npm start"` as a container whose
// command is `npm start` runs it: npm gets the SIGTERM, hands it to the `sh -c` it runs the script
// with, and that shell dies of it; node never hears it and is SIGKILLed still listening. The same
// app with `"start:exec": "exec node ./bin/www"` gets the signal and drains. Nothing is left behind.
import { cpSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LONG, runCli, tempDir } from '../support/cli.js';
import { fixturePath, ROOT } from '../support/processes.js';
import { readReport, resultOf, smallRun, survivorsIn } from '../support/start-command.js';

/** A fresh copy of the app (its processes told apart by their working directory), given express. */
function expressApp(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'shutdown-check-express-app-'));
  cpSync(fixturePath('as-deployed/express-generator-app'), dir, { recursive: true });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

describe('an express-generator app started with npm start', () => {
  it('fails signal-reaches-server, naming npm start, node ./bin/www and the fix; its handler never ran', async () => {
    const app = expressApp();
    const out = tempDir();
    const result = runCli(smallRun('npm start', out), { cwd: app, timeoutMs: LONG });
    expect(result.status).toBe(1);
    const found = resultOf(readReport(out), 'signal-reaches-server');
    expect(found.verdict).toBe('violated');
    const message = found.evidence?.[0]?.message ?? '';
    expect(message).toMatch(/^the SIGTERM went to `npm start`, which did not pass it on to the server, `node \.\/bin\/www`: it neither exited nor closed its listener; still listening, it was SIGKILLed /);
    expect(message).toContain('Fix: start `node ./bin/www` directly instead of through npm (`CMD ["node", "./bin/www"]`)');
    expect(message).toContain('write the script as `exec node ./bin/www`');
    expect(JSON.stringify(found.counterexample?.output ?? {})).not.toContain('SIGTERM signal received');
    expect(await survivorsIn(app)).toEqual([]);
  }, LONG);

  it('with exec in its start script the server gets the signal: signal-reaches-server and clean-exit hold', async () => {
    const app = expressApp();
    const out = tempDir();
    const result = runCli(smallRun('npm run start:exec', out), { cwd: app, timeoutMs: LONG });
    const report = readReport(out);
    expect(resultOf(report, 'signal-reaches-server').verdict).toBe('holds');
    expect(resultOf(report, 'clean-exit').verdict).toBe('holds');
    expect(result.status).toBe(0);
    expect(await survivorsIn(app)).toEqual([]);
  }, LONG);
});
