import net from 'node:net';
import { once } from 'node:events';
import { afterEach, expect, it } from 'vitest';
import { stillOnTheWire, Wire } from '../../src/run/wire.js';

const servers: net.Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A real loopback connection: the client's socket, bound to a Wire as the executor binds it. */
async function connected(): Promise<{ wire: Wire; socket: net.Socket; accepted: net.Socket }> {
  const server = net.createServer();
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address() as net.AddressInfo;
  const socket = net.connect({ host: '127.0.0.1', port: address.port });
  const [[accepted]] = await Promise.all([once(server, 'connection') as Promise<[net.Socket]>, once(socket, 'connect')]);
  const wire = new Wire();
  wire.add('A', socket);
  return { wire, socket, accepted };
}

it('a socket the client destroyed is waited for until its close event, when the client records how it ended', async () => {
  const { wire, socket, accepted } = await connected();
  // Node emits 'close' from the handle's close callback, a loop phase after destroy(): in between no
  // event of the client's says the connection ended, and a step that ended then would leave the end
  // to the next one.
  socket.destroy();
  expect(stillOnTheWire(wire.sides(), [])).toBe('client A to close its connection');
  await once(socket, 'close');
  expect(wire.sides()).toEqual([]);
  expect(stillOnTheWire(wire.sides(), [])).toBeNull();
  accepted.destroy();
});

it('a connection the server ended is waited for from the FIN the client reads to the close that follows its own', async () => {
  const { wire, socket, accepted } = await connected();
  let closed = false;
  socket.once('close', () => {
    closed = true;
  });
  accepted.end();
  await once(socket, 'end');
  // Node ends the client's side in answer to the FIN (allowHalfOpen is false) and destroys the socket
  // once that end is written; its 'close' follows in the loop's close phase, after the immediates.
  while (!socket.destroyed) await new Promise((resolve) => setImmediate(resolve));
  expect(closed).toBe(false);
  expect(stillOnTheWire(wire.sides(), [])).toBe('client A to close its connection');
  await once(socket, 'close');
  expect(stillOnTheWire(wire.sides(), [])).toBeNull();
});
