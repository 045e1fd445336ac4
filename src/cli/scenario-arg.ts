import { readFileSync } from 'node:fs';
import { parseScenario, type Scenario } from '../index.js';

/** Reads `--scenario`: inline JSON (it starts with `{`), else the path of a JSON file. */
export function readScenario(given: string): Scenario | string {
  let text = given;
  if (!given.trimStart().startsWith('{')) {
    try {
      text = readFileSync(given, 'utf8');
    } catch (error) {
      return `--scenario ${given}: cannot read it (${error instanceof Error ? error.message : String(error)}); pass a JSON file or the JSON itself`;
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `--scenario: malformed JSON (${error instanceof Error ? error.message : String(error)})`;
  }
  const parsed = parseScenario(value);
  return parsed.ok ? parsed.scenario : `--scenario is not a valid scenario: ${parsed.problems.join('; ')}`;
}
