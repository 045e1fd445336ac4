import type { HttpClientSpec } from '../scenario/types.js';
import { HOLD_HEADER } from '../target/agent-protocol.js';
import type { ClientContext } from './client.js';
import { ordinaryRequest, type HttpAsk } from './http-connection.js';
import { OneRequestClient } from './one-request.js';

/** One GET of a given path (or the config's request the spec names), optionally held by the agent for `holdMs`. */
export class HttpClient extends OneRequestClient {
  readonly kind = 'http';

  constructor(
    private readonly spec: HttpClientSpec,
    ctx: ClientContext,
  ) {
    super(spec.id, ctx);
  }

  protected request(): HttpAsk {
    const { routes } = this.ctx;
    const ask = this.spec.route !== undefined ? ordinaryRequest(routes, this.spec.route) : { path: this.spec.path ?? routes.fast };
    const hold: Record<string, string> = this.spec.holdMs !== undefined ? { [HOLD_HEADER]: String(this.spec.holdMs) } : {};
    return { ...ask, headers: { ...ask.headers, ...hold } };
  }
}
