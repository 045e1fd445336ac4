import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/scenario/types.js';
import { runCli } from '../support/cli.js';
import { fixturePath, survivors, uniqueCopy } from '../support/processes.js';

const slowRequestAcrossTheSignal: Scenario = {
  clients: [{ kind: 'slow', id: 'A', at: 0, latencyMs: 500 }],
  signal: 'SIGTERM',
  signalAt: 100,
  graceMs: 30_000,
  profile: 'immediate',
};

describe('--target server.ts', () => {
  it('runs the TypeScript entry through the project’s tsx, with the agent inside it', () => {
    // The fixture lies in this project, whose node_modules holds tsx.
    const result = runCli(['--target', fixturePath('typescript/server.ts'), '--scenario', JSON.stringify(slowRequestAcrossTheSignal)]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    // "holds", not "not exercised": the agent saw the server read the request before the signal.
    expect(result.stdout).toMatch(/^ok {3}in-flight-complete\s+holds$/m);
    expect(result.stdout).toMatch(/server reads GET \/ \(request 0 of A\)/);
    expect(result.stdout).toMatch(/target exits with code 0/);
  });

  it('where no tsx can be found, says in one line what to install, exits 3 and leaves no process', async () => {
    // A copy in a temporary folder, run from there: no node_modules on either path reaches tsx.
    const target = uniqueCopy(fixturePath('typescript/server.ts'));
    const result = runCli(['--target', target, '--runs', '2'], { cwd: path.dirname(target) });
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/^shutdown-check: target .*server\.ts is TypeScript, .* tsx is not installed .*; run npm install --save-dev tsx in its project, or pass the compiled \.js\n$/);
    expect(await survivors(target)).toEqual([]);
  });
});
