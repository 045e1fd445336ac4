import { parseDuration } from '../config/duration.js';

/**
 * A bad option given to the library's functions: one line naming the option and what it accepts. The
 * command line reports it as bad usage (exit status 2).
 */
export class OptionsError extends Error {
  override readonly name = 'OptionsError';
  /** the same line worded with the command line's flags (`--port-env`), for the command line to print */
  readonly flagMessage: string;

  constructor(message: string, flagMessage?: string) {
    super(message);
    this.flagMessage = flagMessage ?? message;
  }
}

/** A duration option: whole milliseconds, or a string such as '30s', '500ms' or '2m'. */
export type Duration = number | string;

/** `min` 0 accepts a zero duration (a moment, not a length: the signal's own instant); the default is 1. */
export function durationOption(name: string, value: Duration | undefined, min = 1): number | undefined {
  if (value === undefined) return undefined;
  const ms = typeof value === 'number' ? (Number.isInteger(value) ? value : null) : parseDuration(value);
  if (ms === null || ms < min) {
    throw new OptionsError(`${name}: ${JSON.stringify(value)} is not a duration; use a whole number of ms, or e.g. '30s', '500ms', '2m'`);
  }
  return ms;
}

export function integerOption(name: string, value: number | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min) throw new OptionsError(`${name}: ${value} is not a whole number of at least ${min}`);
  return value;
}

export function oneOfOption<T extends string>(name: string, value: T | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value)) throw new OptionsError(`${name}: ${JSON.stringify(value)} is not accepted; use one of ${allowed.join(', ')}`);
  return value;
}

export function listOption<T extends string>(name: string, value: readonly T[] | undefined, allowed: readonly T[]): T[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new OptionsError(`${name} must be a list of ${allowed.join(', ')}`);
  return value.map((item) => oneOfOption(name, item, allowed) as T);
}
