import type { HttpClientSpec } from '../scenario/types.js';
import { HOLD_HEADER } from '../target/agent-protocol.js';
import type { ClientContext } from './client.js';
import { OneRequestClient } from './one-request.js';

/** One GET of a given path, optionally held by the agent for `holdMs`. */
export class HttpClient extends OneRequestClient {
  readonly kind = 'http';

  constructor(
    private readonly spec: HttpClientSpec,
    ctx: ClientContext,
  ) {
    super(spec.id, ctx);
  }

  protected request(): { path: string; headers: Record<string, string> } {
    const headers: Record<string, string> = {};
    if (this.spec.holdMs !== undefined) headers[HOLD_HEADER] = String(this.spec.holdMs);
    return { path: this.spec.path, headers };
  }
}
