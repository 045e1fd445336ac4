import { expandRoute } from '../config/config.js';
import type { SlowClientSpec } from '../scenario/types.js';
import { HOLD_HEADER } from '../target/agent-protocol.js';
import { targetMs, type ClientContext } from './client.js';
import { OneRequestClient } from './one-request.js';

/**
 * One request whose answer takes `latencyMs`: through the target's own slow route when the config
 * names one, otherwise by asking the agent to hold the target's answer that long.
 */
export class SlowClient extends OneRequestClient {
  readonly kind = 'slow';

  constructor(
    private readonly spec: SlowClientSpec,
    ctx: ClientContext,
  ) {
    super(spec.id, ctx);
  }

  protected request(): { path: string; headers: Record<string, string> } {
    const { slow, fast } = this.ctx.routes;
    const ms = this.spec.latencyMs;
    return slow ? { path: expandRoute(slow, { ms: targetMs(this.ctx, ms) }), headers: {} } : { path: fast, headers: { [HOLD_HEADER]: String(ms) } };
  }
}
