import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/cli.js';
import { fixturePath, survivors, uniqueCopy } from '../support/processes.js';

/** listens-on-fixed-port.js listens on PORT and drains properly; the test holds that port itself. */
describe('a target that asks for a port already in use', () => {
  const holder = net.createServer();
  let port = 0;
  beforeAll(async () => {
    await new Promise<void>((resolve) => holder.listen(0, '::', resolve));
    port = (holder.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => holder.close(() => resolve())));

  it('with --keep-ports: one line names the port and what to do, exit 3, no process left', async () => {
    const target = uniqueCopy(fixturePath('reliability/listens-on-fixed-port.js'));
    const result = runCli(['--target', target, '--keep-ports', '--out', tempDir()], { env: { PORT: String(port) }, timeoutMs: 120_000 });
    expect(result.status).toBe(3);
    const [first] = result.stderr.split('\n');
    expect(first).toBe(
      `shutdown-check: target ${target} could not listen: port ${port} is already in use (EADDRINUSE); stop what listens there, or drop --keep-ports to let the harness give the target a free port`,
    );
    expect(await survivors(target)).toEqual([]);
  });

  it('without --keep-ports: the port is remapped to a free one and the search reaches its verdict', async () => {
    const target = uniqueCopy(fixturePath('reliability/listens-on-fixed-port.js'));
    const result = runCli(['--target', target, '--runs', '5', '--clients', 'late', '--out', tempDir()], {
      env: { PORT: String(port) },
      timeoutMs: 300_000,
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(await survivors(target)).toEqual([]);
  });

  it('with --keep-ports and --concurrency 2: a usage error before any target starts, exit 2', async () => {
    const target = uniqueCopy(fixturePath('reliability/listens-on-fixed-port.js'));
    const result = runCli(['--target', target, '--keep-ports', '--concurrency', '2', '--out', tempDir()], {
      env: { PORT: String(port) },
      timeoutMs: 120_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('shutdown-check: --keep-ports (or the config\'s keepPorts) runs one target at a time; drop --concurrency 2, or --keep-ports\n');
    expect(await survivors(target)).toEqual([]);
  });
});
