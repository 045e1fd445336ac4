import type { Scenario } from '../scenario/types.js';
import type { Target } from '../target/target.js';

/**
 * Whether a scenario's h2 clients open their sessions over TLS: where the target's HTTP/2 listener is
 * a secure one, as its agent says (asked only when the scenario has an h2 client). Without an agent,
 * or with listeners of both kinds, HTTP/2 in clear text with prior knowledge.
 */
export async function h2OverTls(target: Target, scenario: Scenario): Promise<boolean> {
  if (!scenario.clients.some((c) => c.kind === 'h2')) return false;
  const protocols = (await target.command('status'))?.protocols;
  return protocols !== undefined && protocols.h2 && !protocols.h2c;
}
