/**
 * The kinds of value a setting takes, and how each of the three places a setting is given in — a
 * command-line flag, a config-file key, a library option — reads one. A flag is text; a config key and
 * an option are JavaScript values. Each place words its refusals in its own terms (`--grace`, `grace`,
 * `grace:`), but the values accepted and what they mean are the same, but one: a bare number for a
 * duration, milliseconds as an option (its type says so) and refused elsewhere, where nothing does. Pure.
 */
import { parseDuration, unitlessNumber } from '../config/duration.js';

export type Kind =
  /**
   * milliseconds, always written with a unit: '30s', '500ms', '2m' (or 0); a bare number is refused
   * on the command line and in a config file, and is ms only as a library option (a fraction rounds)
   */
  | { type: 'duration'; min: 0 | 1 }
  /** a whole number from `min` (to `max`; `outOfRange` says why a bigger one is refused) */
  | { type: 'integer'; min: number; max?: number; outOfRange?: string }
  /** a number above 0 */
  | { type: 'positive' }
  | { type: 'boolean' }
  /** one of `values`; `what` names one in a config file's refusal ("a profile") */
  | { type: 'choice'; values: readonly string[]; what: string }
  /** a list of `values`, each once; a flag gives it comma-separated, or `none` when `empty` is allowed */
  | { type: 'list'; values: readonly string[]; what: string; empty: boolean }
  /** a non-empty string; `what` and `example` are for the refusal of an empty one */
  | { type: 'text'; what: string; example: string };

/** One of the three places a setting is given in. */
export type Place = 'flag' | 'config' | 'option';

/** A value read, or the one line that says why it is refused. */
export type Read<V> = { ok: true; value: V } | { ok: false; message: string };

/** The names a setting goes by, and what it checks beyond its kind. */
export interface Named<V> {
  flag: string | null;
  key: string | null;
  option: string | null;
  kind: Kind;
  /** why a value of the right kind is refused (a phrase after the value), or null */
  check?(value: V): string | null;
}

/** How a value is named in a config file's message: strings quoted, containers by their kind, never more than a line. */
export function show(value: unknown): string {
  if (typeof value === 'string') {
    const quoted = JSON.stringify(value);
    return quoted.length > 60 ? `${quoted.slice(0, 57)}..."` : quoted;
  }
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : 'an array';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object' && value !== null) return 'an object';
  return String(value);
}

/** The setting's name in `place` and the value as that place's messages quote it. */
function subject(setting: Named<unknown>, place: Place, raw: unknown): string {
  if (place === 'flag') return `--${setting.flag} ${String(raw)}`;
  if (place === 'config') return `${setting.key} ${show(raw)}`;
  return `${setting.option}: ${JSON.stringify(raw)}`;
}

function nameIn(setting: Named<unknown>, place: Place): string {
  return (place === 'flag' ? `--${setting.flag}` : place === 'config' ? setting.key : setting.option) ?? '';
}

const refused = (message: string): { ok: false; message: string } => ({ ok: false, message });

function durationOf(place: Place, raw: unknown): number | null {
  if (typeof raw === 'string') return parseDuration(raw);
  // A library option's number is milliseconds, as its type and the docs say; a number in a config file
  // has no unit to say what it means (0 excepted, which is nothing in any unit).
  if (typeof raw !== 'number' || !Number.isFinite(raw) || raw < 0) return null;
  if (place === 'option') return Math.round(raw);
  return raw === 0 ? 0 : null;
}

/** How a place quotes a suggested value: bare on the command line, as JSON in a file, as a JS string in code. */
function quoted(place: Place, text: string): string {
  return place === 'flag' ? text : place === 'config' ? JSON.stringify(text) : `'${text}'`;
}

function readDuration(setting: Named<unknown>, place: Place, raw: unknown, min: 0 | 1): Read<number> {
  const s = subject(setting, place, raw);
  if (place === 'flag' && min > 0 && /^-\.?\d/.test(String(raw))) return refused(`${s} is negative; give a duration above 0, e.g. 30s, 500ms or 2m`);
  const bare = place === 'option' && typeof raw === 'number' ? null : unitlessNumber(raw);
  if (bare !== null) return refused(`${s} needs a unit: did you mean ${quoted(place, `${bare}s`)}? (or ${quoted(place, `${bare}ms`)}; the units are ms, s and m)`);
  const ms = durationOf(place, raw);
  if (place === 'config') {
    if (ms === null) return refused(`${s} is not a duration; use e.g. 30s, 500ms or 2m`);
    if (ms < min) return refused(`${s} must be longer than 0 ms`);
    return { ok: true, value: ms };
  }
  if (ms === null || ms < min) {
    return refused(place === 'flag' ? `${s} is not a duration; use e.g. 30s, 500ms or 2m` : `${s} is not a duration; use a whole number of ms, or e.g. '30s', '500ms', '2m'`);
  }
  return { ok: true, value: ms };
}

function readInteger(setting: Named<unknown>, place: Place, raw: unknown, kind: Extract<Kind, { type: 'integer' }>): Read<number> {
  const s = subject(setting, place, raw);
  const atLeast = `${s} is not a whole number of at least ${kind.min}`;
  const n = place === 'flag' ? (/^-?\d+$/.test(String(raw)) ? Number(raw) : NaN) : raw;
  const whole = typeof n === 'number' && Number.isInteger(n);
  if (place === 'config' && kind.outOfRange !== undefined && (!whole || n < kind.min || n > (kind.max ?? Infinity))) {
    return refused(`${s} ${kind.outOfRange}`);
  }
  if (!whole || n < kind.min) return refused(atLeast);
  if (kind.max !== undefined && n > kind.max) return refused(`${s} ${kind.outOfRange ?? `is more than ${kind.max}`}`);
  return { ok: true, value: n };
}

function readChoice(setting: Named<unknown>, place: Place, raw: unknown, values: readonly string[], what: string): Read<string> {
  if (typeof raw === 'string' && values.includes(raw)) return { ok: true, value: raw };
  const s = subject(setting, place, raw);
  return refused(`${s} is not ${place === 'config' ? what : 'accepted'}; use one of ${values.join(', ')}`);
}

function readList(setting: Named<unknown>, place: Place, raw: unknown, kind: Extract<Kind, { type: 'list' }>): Read<string[]> {
  const name = nameIn(setting, place);
  let items: unknown[];
  if (place === 'flag') {
    const text = String(raw);
    items = kind.empty && text.trim() === 'none' ? [] : text.split(',').map((item) => item.trim());
  } else if (!Array.isArray(raw) || (raw.length === 0 && !kind.empty)) {
    if (place === 'config') return refused(`${name} must be a non-empty array of ${kind.what} ${kind.values.join(', ')}, not ${show(raw)}`);
    if (Array.isArray(raw)) return refused(`${name}: name at least one of ${kind.values.join(', ')}`);
    return refused(`${name} must be a list of ${kind.values.join(', ')}`);
  } else {
    items = raw;
  }
  const value: string[] = [];
  for (const [index, item] of items.entries()) {
    const itemName = place === 'config' ? { ...setting, key: `${setting.key}[${index}]` } : setting;
    const read = readChoice(itemName, place, item, kind.values, kind.what.replace(/^the (.*)s$/, 'a $1'));
    if (!read.ok) return read;
    if (!value.includes(read.value)) value.push(read.value);
  }
  return { ok: true, value };
}

function readText(setting: Named<unknown>, place: Place, raw: unknown, kind: Extract<Kind, { type: 'text' }>): Read<string> {
  if (typeof raw === 'string' && raw.trim() !== '') return { ok: true, value: raw };
  const example = JSON.stringify(kind.example);
  if (place === 'config') return refused(`${setting.key} must be a non-empty string such as ${example}, not ${show(raw)}`);
  if (place === 'flag') return refused(`--${setting.flag} is empty; give ${kind.what}, e.g. --${setting.flag} ${example}`);
  return refused(`${setting.option} is empty; give ${kind.what}, e.g. ${example}`);
}

function readKind(setting: Named<unknown>, place: Place, raw: unknown): Read<unknown> {
  const { kind } = setting;
  switch (kind.type) {
    case 'duration':
      return readDuration(setting, place, raw, kind.min);
    case 'integer':
      return readInteger(setting, place, raw, kind);
    case 'positive': {
      const n = place === 'flag' ? (/^\d*\.?\d+$/.test(String(raw)) ? Number(raw) : NaN) : raw;
      if (typeof n === 'number' && n > 0 && Number.isFinite(n)) return { ok: true, value: n };
      if (place === 'flag') return refused(`${subject(setting, place, raw)} is not a positive number; use e.g. 0.25`);
      return refused(`${nameIn(setting, place)} is ${String(raw)}; it must be a positive number`);
    }
    case 'boolean':
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      return refused(`${nameIn(setting, place)} must be true or false, not ${show(raw)}`);
    case 'choice':
      return readChoice(setting, place, raw, kind.values, kind.what);
    case 'list':
      return readList(setting, place, raw, kind);
    case 'text':
      return readText(setting, place, raw, kind);
  }
}

/**
 * Reads a setting as given in `place` (a flag's text, a config value, an option); undefined stays
 * undefined, so that the next place down decides it.
 */
export function readSetting<V>(setting: Named<V>, place: Place, raw: unknown): Read<V | undefined> {
  if (raw === undefined) return { ok: true, value: undefined };
  const read = readKind(setting as Named<unknown>, place, raw);
  if (!read.ok) return read;
  // The kind decides the value's type; the row's V is that type by construction of the table.
  const value = read.value as V;
  const problem = setting.check?.(value) ?? null;
  if (problem !== null) return refused(`${subject(setting as Named<unknown>, place, raw)} ${problem}`);
  return { ok: true, value };
}
