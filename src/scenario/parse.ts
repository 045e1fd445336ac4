import { validateScenario } from './timeline.js';
import type { Field, Shape } from './client-kinds/definition.js';
import { KEEP_ALIVE_REQUEST_FIELDS } from './client-kinds/keep-alive-request.js';
import { CLIENT_KIND_DEFINITIONS } from './client-kinds/registry.js';
import { STREAM_FIELDS } from './client-kinds/stream.js';
import { CLIENT_KINDS, PROFILES, SIGNALS, type ClientKind, type Scenario } from './types.js';

export type ParsedScenario = { ok: true; scenario: Scenario } | { ok: false; problems: string[] };

const SCENARIO: Shape = {
  clients: 'clients',
  signal: 'signal',
  signalAt: 'number',
  'secondSignal?': 'second',
  graceMs: 'number',
  profile: 'profile',
};

const SECOND_SIGNAL: Shape = { signal: 'signal', at: 'number' };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

const oneOf = (allowed: readonly string[], value: unknown): boolean => typeof value === 'string' && allowed.includes(value);

function fieldProblems(where: string, value: unknown, field: Field): string[] {
  const fails = (what: string): string[] => [`${where} must be ${what}`];
  switch (field) {
    case 'number':
      return isNumber(value) ? [] : fails('a number');
    case 'index':
      return Number.isInteger(value) && (value as number) >= 0 ? [] : fails('a whole number, 0 or more');
    case 'string':
      return typeof value === 'string' ? [] : fails('a string');
    case 'boolean':
      return typeof value === 'boolean' ? [] : fails('true or false');
    case 'numbers':
      return Array.isArray(value) && value.every(isNumber) ? [] : fails('a list of numbers');
    case 'requests':
      return Array.isArray(value)
        ? value.flatMap((request, i) => shapeProblems(`${where}[${i}]`, request, KEEP_ALIVE_REQUEST_FIELDS))
        : fails('a list of requests such as { "at": 0, "path": "/" }');
    case 'stream':
      return shapeProblems(where, value, STREAM_FIELDS);
    case 'signal':
      return oneOf(SIGNALS, value) ? [] : fails(`one of ${SIGNALS.join(', ')}`);
    case 'profile':
      return oneOf(PROFILES, value) ? [] : fails(`one of ${PROFILES.join(', ')}`);
    case 'kind':
      return oneOf(CLIENT_KINDS, value) ? [] : fails(`one of ${CLIENT_KINDS.join(', ')}`);
    case 'clients':
      return Array.isArray(value) ? value.flatMap((client, i) => clientProblems(`${where}[${i}]`, client)) : fails('a list of clients');
    case 'second':
      return shapeProblems(where, value, SECOND_SIGNAL);
  }
}

/** Checks that `value` is an object with exactly the keys of `shape`, each of its type. */
function shapeProblems(where: string, value: unknown, shape: Shape): string[] {
  if (!isRecord(value)) return [`${where} must be an object`];
  const problems: string[] = [];
  const keys = new Map(Object.entries(shape).map(([spec, field]) => [spec.replace(/\?$/, ''), { field, optional: spec.endsWith('?') }]));
  for (const key of Object.keys(value)) if (!keys.has(key)) problems.push(`${where} has an unknown key "${key}"`);
  for (const [key, { field, optional }] of keys) {
    if (value[key] === undefined) {
      if (!optional) problems.push(`${where} has no "${key}"`);
    } else problems.push(...fieldProblems(`${where}.${key}`, value[key], field));
  }
  return problems;
}

function clientProblems(where: string, value: unknown): string[] {
  if (!isRecord(value)) return [`${where} must be an object`];
  // The kind decides which fields are expected; without a known one, say only that.
  if (!oneOf(CLIENT_KINDS, value.kind)) return fieldProblems(`${where}.kind`, value.kind, 'kind');
  return shapeProblems(where, value, { kind: 'kind', id: 'string', at: 'number', ...CLIENT_KIND_DEFINITIONS[value.kind as ClientKind].fields });
}

/**
 * Reads a scenario from untrusted data (a JSON file, a command-line argument): every field of the
 * right type and no unknown key (a misspelt one would otherwise be ignored in silence), then the checks
 * of `validateScenario`. Pure.
 */
export function parseScenario(value: unknown): ParsedScenario {
  const problems = shapeProblems('scenario', value, SCENARIO);
  if (problems.length > 0) return { ok: false, problems };
  // Every field has just been checked, client kind by client kind.
  const scenario = value as Scenario;
  const invalid = validateScenario(scenario);
  return invalid.length > 0 ? { ok: false, problems: invalid } : { ok: true, scenario };
}
