import { expect, it } from 'vitest';
import { discoveredWebSocketRoute } from '../../../src/api/websocket-route.js';

it('one path: clients open on it, and the notice says where and how to choose another', () => {
  const found = discoveredWebSocketRoute('./server.js', ['/chat']);
  expect(found?.route).toBe('/chat');
  expect(found?.notice).toBe(
    './server.js: WebSocket clients open on /chat, the path of its WebSocketServer; set routes.websocket in the config to open them on another path',
  );
});

it('several paths: the first created is taken, and the notice names every one', () => {
  const found = discoveredWebSocketRoute('./server.js', ['/chat', '/feed']);
  expect(found?.route).toBe('/chat');
  expect(found?.notice).toBe(
    './server.js has WebSocketServers on /chat, /feed; WebSocket clients open on the first, /chat; set routes.websocket in the config to open them on another path',
  );
});

it('no path (a WebSocketServer without one answers on every path): nothing to choose', () => {
  expect(discoveredWebSocketRoute('./server.js', [])).toBeNull();
});
