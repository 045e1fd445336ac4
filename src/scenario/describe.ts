import { definitionOf } from './client-kinds/registry.js';
import type { Scenario } from './types.js';
import { msText } from './wording.js';

/**
 * A scenario as a few readable steps, one per client and one for the signals, for a failure report.
 * Each client kind says what its clients do (its definition's `describe`). Pure.
 */
export function describeScenario(scenario: Scenario): string[] {
  const lines = scenario.clients.map((spec) => `${spec.id} (${spec.kind}) ${definitionOf(spec.kind).describe(spec, scenario.signal)}`);
  const signals = [`${scenario.signal} at ${msText(scenario.signalAt)}`];
  if (scenario.secondSignal) signals.push(`a second ${scenario.secondSignal.signal} at ${msText(scenario.secondSignal.at)}`);
  signals.push(`SIGKILL at ${msText(scenario.signalAt + scenario.graceMs)} if still running`);
  lines.push(signals.join('; '));
  return lines;
}
