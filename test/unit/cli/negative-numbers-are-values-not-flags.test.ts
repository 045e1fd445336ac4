/**
 * A flag's value that starts with a dash and a digit is a number, not a flag: accepted where it is
 * valid (a negative seed), refused as the number it is elsewhere, with one line naming the flag.
 */
import { describe, expect, it } from 'vitest';
import { negativeValuesJoined, parseCommand, UsageError } from '../../../src/cli/args.js';
import { parseLoadCommand } from '../../../src/cli/load-command.js';

const refusal = (parse: () => unknown): string => {
  try {
    parse();
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error('accepted');
};

describe('run and compare', () => {
  it('take a negative seed as the seed', () => {
    expect(parseCommand(['--target', 'server.js', '--seed', '-3'])).toMatchObject({ command: 'run', seed: -3 });
    expect(parseCommand(['compare', 'a.js', 'b.js', '--seed', '-2147483648'])).toMatchObject({ command: 'compare', seed: -(2 ** 31) });
  });

  it.each([
    [['--runs', '-1'], '--runs -1 is not a whole number of at least 1'],
    [['--concurrency', '-2'], '--concurrency -2 is not a whole number of at least 1'],
    [['--grace', '-5s'], '--grace -5s is negative; give a duration above 0, e.g. 30s, 500ms or 2m'],
    [['--startup-timeout', '-1'], '--startup-timeout -1 is negative; give a duration above 0, e.g. 30s, 500ms or 2m'],
    [['--time-budget', '-.5s'], '--time-budget -.5s is negative; give a duration above 0, e.g. 30s, 500ms or 2m'],
    [['--clock', 'real', '--time-scale', '-0.25'], '--time-scale -0.25 is not a positive number; use e.g. 0.25'],
    [['--seed', '-2147483649'], '--seed -2147483649 is not a whole number of at least -2147483648'],
  ])('refuse %j as the number it is', (flags, message) => {
    expect(refusal(() => parseCommand(['--target', 'server.js', ...flags]))).toBe(message);
  });

  it('refuse a negative port as a port', () => {
    expect(refusal(() => parseCommand(['--cmd', './server', '--port', '-80']))).toBe('--port -80 is not a whole number of at least 1');
  });

  it('still read a flag where a value should be as a missing value', () => {
    expect(refusal(() => parseCommand(['--target', 'server.js', '--signal', '--strict']))).toBe(
      '--signal needs a value; for one that starts with a dash write --signal=<value>',
    );
  });
});

describe('load', () => {
  it.each([
    [['--connections', '-5'], '--connections -5 is not a whole number of at least 1'],
    [['--rate', '-1'], '--rate -1 is not a whole number of at least 1'],
    [['--duration', '-10s'], '--duration -10s is negative; give a duration above 0, e.g. 30s, 500ms or 2m'],
    [['--signal-at', '-1s'], '--signal-at -1s is negative; give a duration above 0, e.g. 30s, 500ms or 2m'],
  ])('refuses %j as the number it is', (flags, message) => {
    expect(refusal(() => parseLoadCommand(['--target', 'server.js', ...flags]))).toBe(message);
  });
});

describe('joining a flag to its negative value', () => {
  const options = { seed: { type: 'string' }, strict: { type: 'boolean' } } as const;

  it('joins only flags that take a value, and only values that are numbers', () => {
    expect(negativeValuesJoined(['--seed', '-3', '--strict', '-1', '--seed', '-x'], options)).toEqual(['--seed=-3', '--strict', '-1', '--seed', '-x']);
  });

  it('leaves everything after -- as it is', () => {
    expect(negativeValuesJoined(['--', '--seed', '-3'], options)).toEqual(['--', '--seed', '-3']);
  });
});
