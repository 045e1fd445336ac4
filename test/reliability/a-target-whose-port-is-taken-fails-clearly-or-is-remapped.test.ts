import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { besidesProgress, LONG, runOnCopy } from '../support/cli.js';
import { survivors } from '../support/processes.js';

/** listens-on-fixed-port.js listens on PORT and drains properly; the test holds that port itself. */
const FIXTURE = 'reliability/listens-on-fixed-port.js';

describe('a target that asks for a port already in use', () => {
  const holder = net.createServer();
  let port = 0;
  beforeAll(async () => {
    await new Promise<void>((resolve) => holder.listen(0, '::', resolve));
    port = (holder.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => holder.close(() => resolve())));

  it('with --keep-ports: one line names the port and what to do, exit 3, no process left', async () => {
    const run = runOnCopy(FIXTURE, ['--keep-ports'], { env: { PORT: String(port) }, timeoutMs: 120_000 });
    expect(run.status).toBe(3);
    const [first] = run.stderr.split('\n');
    expect(first).toBe(
      `shutdown-check: target ${run.target} could not listen: port ${port} is already in use (EADDRINUSE); stop what listens there, or drop --keep-ports to let the harness give the target a free port`,
    );
    expect(await survivors(run.target)).toEqual([]);
  }, LONG);

  it('without --keep-ports: the port is remapped to a free one and the search reaches its verdict', async () => {
    const run = runOnCopy(FIXTURE, ['--runs', '5', '--clients', 'late'], { env: { PORT: String(port) }, timeoutMs: 300_000 });
    expect(besidesProgress(run.stderr)).toBe('');
    expect(run.status).toBe(0);
    expect(await survivors(run.target)).toEqual([]);
  }, LONG);

  it('with --keep-ports and --concurrency 2: a usage error before any target starts, exit 2', async () => {
    const run = runOnCopy(FIXTURE, ['--keep-ports', '--concurrency', '2'], { env: { PORT: String(port) }, timeoutMs: 120_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('shutdown-check: --keep-ports (or the config\'s keepPorts) runs one target at a time; drop --concurrency 2, or --keep-ports\n');
    expect(await survivors(run.target)).toEqual([]);
  }, LONG);
});
