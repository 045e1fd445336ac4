/**
 * Strategy: lightship (9.0.3, the last version that supports Node 20), used as its README shows:
 * `createLightship()`, `signalReady()` once the server listens, and a shutdown handler that calls
 * `server.close()`. Lightship needs no Kubernetes to run: outside a cluster (no
 * KUBERNETES_SERVICE_HOST) it starts "in local mode", where its probe server (`/health`, `/live`,
 * `/ready`) listens on an ephemeral port instead of 9000 and `shutdownDelay` defaults to 0 instead
 * of 5000 ms. A deployment's DRAIN_DELAY_MS is passed as `shutdownDelay`, as a cluster would set it.
 * Two departures from the README, both for the harness, neither for the shutdown: the application
 * server starts listening before lightship is created, because the harness drives the first server
 * that listens; and `/readyz` on the application server reports `lightship.isServerReady()`, because
 * the probe server's own `/ready` is on another port.
 *
 * What it does on SIGTERM (dist/esm/factories/createLightship.js): readiness turns false; after
 * `shutdownDelay` it runs the shutdown handlers (`server.close()` here), closes its probe server,
 * and then, if the process has not exited within 1000 ms, calls `terminate()`, whose default is
 * `process.exit(1)`. Expected to break:
 * - clean-exit: anything that keeps the process alive for more than a second after `close()` — a
 *   slow request, a WebSocket, a socket that never sent a byte (not idle to Node 20's
 *   `closeIdleConnections()`), a keep-alive socket that was busy at the signal — ends in exit status 1;
 * - in-flight-complete: that exit cuts requests in flight, which would have finished within the grace
 *   period;
 * - websocket-going-away: `close()` ignores upgraded sockets, and the exit cuts them with no close
 *   frame (1006);
 * - drain-connection-close (warning): nothing writes `Connection: close`.
 * With a drain delay it holds readiness: the probe fails while requests are still served.
 *
 * Routes: `/` at once; `/slow?ms=N`; `/events?n=N&every=M` (chunked); `/readyz` (200 while lightship
 * says ready, 503 otherwise); a WebSocket echo on any path.
 */
import http from 'node:http';
import { echoWebSockets, serve } from './lib/routes.js';
import { createLightship } from 'lightship';

/** @type {import('lightship').Lightship | undefined} */
let lightship;

const server = http.createServer((req, res) => {
  if (req.url !== '/readyz') return serve(req, res);
  const ready = lightship?.isServerReady() ?? false;
  res.statusCode = ready ? 200 : 503;
  res.end(ready ? 'ready\n' : 'not ready\n');
});

echoWebSockets(server);

// Lightship starts booting its probe server now; the application server binds first.
const creating = createLightship(process.env.DRAIN_DELAY_MS ? { shutdownDelay: Number(process.env.DRAIN_DELAY_MS) } : {});
server.listen(Number(process.env.PORT ?? 3000));
lightship = await creating;
lightship.registerShutdownHandler(() => {
  server.close();
});
lightship.signalReady();
