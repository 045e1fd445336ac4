import { HOLD_HEADER } from '../target/agent-protocol.js';
import type { SlowClientSpec } from '../scenario/types.js';
import type { Client, ClientContext } from './client.js';
import { HttpConnection } from './http-connection.js';
import { expandRoute } from '../config/config.js';

/**
 * One request whose answer takes `latencyMs`: through the target's own slow route when the config
 * names one, otherwise by asking the agent to hold the target's handler that long.
 */
export class SlowClient implements Client {
  readonly kind = 'slow';
  readonly id: string;
  private readonly connection: HttpConnection;

  constructor(
    private readonly spec: SlowClientSpec,
    private readonly ctx: ClientContext,
  ) {
    this.id = spec.id;
    this.connection = new HttpConnection(spec.id, ctx);
  }

  act(): void {
    const { slow, fast } = this.ctx.routes;
    const ms = this.spec.latencyMs;
    const [path, headers]: [string, Record<string, string>] = slow ? [expandRoute(slow, { ms }), {}] : [fast, { [HOLD_HEADER]: String(ms) }];
    void this.connection.send(0, path, headers, true);
  }

  acted = (): boolean => this.connection.settled();
  inFlight = (): number => this.connection.inFlight();
  openConnections = (): number => this.connection.openConnections();
  close = (): Promise<void> => this.connection.destroy();
}
