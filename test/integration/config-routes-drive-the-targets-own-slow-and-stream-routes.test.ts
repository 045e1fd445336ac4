import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { executeScenario } from '../../src/run/executor.js';
import { scenarioPath } from '../support/processes.js';

it("a config file's routes send slow and streaming clients to the target's own routes", async () => {
  const entry = scenarioPath('reference.js');
  const dir = mkdtempSync(path.join(tmpdir(), 'shutdown-check-config-'));
  writeFileSync(
    path.join(dir, 'shutdown-check.config.json'),
    JSON.stringify({ routes: { slow: '/slow?ms={ms}', stream: '/events?n={chunks}&every={every}', websocket: '/ws' } }),
  );
  const config = await loadConfig(dir);
  expect(config).not.toBeNull();
  const result = await executeScenario(
    {
      clients: [
        { kind: 'slow', id: 'S', at: 0, latencyMs: 700 },
        { kind: 'stream', id: 'T', at: 0, chunks: 4, everyMs: 50, sse: false },
      ],
      signal: 'SIGTERM',
      signalAt: 100,
      graceMs: 30_000,
      profile: 'immediate',
    },
    { entry, cwd: dir, ...(config ? { routes: config.routes } : {}) },
  );
  const read = result.history.flatMap((e) => (e.type === 'server-request-started' ? [`${e.client} ${e.path}`] : []));
  expect(read.sort()).toEqual(['S /slow?ms=700', 'T /events?n=4&every=50']);
  // No injection header was needed: the target's own timers answered, at the times its routes say.
  const finished = result.history.flatMap((e) => (e.type === 'server-response-finished' ? [`${e.client}@${e.t}`] : []));
  expect(finished.sort()).toEqual(['S@700', 'T@200']);
  expect(result.history.filter((e) => e.type === 'request-outcome').map((e) => e.type === 'request-outcome' && e.outcome)).toEqual([
    'complete',
    'complete',
  ]);
});
