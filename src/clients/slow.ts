import { expandRoute } from '../config/config.js';
import type { SlowClientSpec } from '../scenario/types.js';
import { HOLD_HEADER } from '../target/agent-protocol.js';
import { targetMs, type ClientContext, type Routes } from './client.js';
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
    return slowRequest(this.ctx.routes, this.spec.latencyMs, this.ctx.targetScale);
  }
}

/**
 * A request answered after `ms`: the target's slow route, or its fast one with the agent holding the
 * answer. `targetScale` stretches the route's own duration for a target whose clock nobody scales.
 */
export function slowRequest(routes: Routes, ms: number, targetScale?: number): { path: string; headers: Record<string, string> } {
  const { slow, fast } = routes;
  return slow
    ? { path: expandRoute(slow, { ms: targetMs({ targetScale }, ms) }), headers: {} }
    : { path: fast, headers: { [HOLD_HEADER]: String(ms) } };
}
