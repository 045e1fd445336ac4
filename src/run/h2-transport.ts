import type { Protocols } from '../target/agent-protocol.js';
import type { Scenario } from '../scenario/types.js';
import type { Target } from '../target/target.js';

/**
 * Whether a scenario's h2 clients open their sessions over TLS: where the target's HTTP/2 listener is
 * a secure one, as its agent says (asked only when the scenario has an h2 client), or, for a target
 * without an agent, as the harness's probe found (`probed`). Knowing neither, or with listeners of both
 * kinds, HTTP/2 in clear text with prior knowledge.
 */
export async function h2OverTls(target: Target, scenario: Scenario, probed?: Protocols): Promise<boolean> {
  if (!scenario.clients.some((c) => c.kind === 'h2')) return false;
  const protocols = target.hasAgent ? (await target.command('status'))?.protocols : probed;
  return protocols !== undefined && protocols.h2 && !protocols.h2c;
}
