import type { RunOptions } from '../run/executor.js';

/**
 * Where WebSocket clients open when the config names no route: the path of the target's `ws`
 * WebSocketServer. One made with a `path` option answers a handshake on any other path with 400, so
 * clients on `/` would never open a WebSocket. Of several, the first created; the notice names them
 * all. Null when the target has none with a path (one without answers on every path). Pure.
 */
export function discoveredWebSocketRoute(target: string, paths: readonly string[]): { route: string; notice: string } | null {
  const [first, ...others] = paths;
  if (first === undefined) return null;
  const elsewhere = 'set routes.websocket in the config to open them on another path';
  return {
    route: first,
    notice:
      others.length === 0
        ? `${target}: WebSocket clients open on ${first}, the path of its WebSocketServer; ${elsewhere}`
        : `${target} has WebSocketServers on ${paths.join(', ')}; WebSocket clients open on the first, ${first}; ${elsewhere}`,
  };
}

/** The run with WebSocket clients sent to `route`. */
export function withWebSocketRoute(run: RunOptions, route: string): RunOptions {
  return { ...run, routes: { ...run.routes, websocket: route } };
}
