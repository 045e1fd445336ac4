import { describe, expect, it } from 'vitest';
import { colourWanted } from '../../../src/cli/colour.js';

describe('colour', () => {
  it('goes to a terminal and not into a pipe, when nothing else is said', () => {
    expect(colourWanted(false, {}, true)).toBe(true);
    expect(colourWanted(false, {}, false)).toBe(false);
  });

  it('is off with --no-color, whatever the environment says', () => {
    expect(colourWanted(true, {}, true)).toBe(false);
    expect(colourWanted(true, { FORCE_COLOR: '1' }, true)).toBe(false);
  });

  it('is off with NO_COLOR set to anything but the empty string, and with TERM=dumb', () => {
    expect(colourWanted(false, { NO_COLOR: '1' }, true)).toBe(false);
    expect(colourWanted(false, { NO_COLOR: 'yes' }, true)).toBe(false);
    expect(colourWanted(false, { NO_COLOR: '' }, true)).toBe(true);
    expect(colourWanted(false, { TERM: 'dumb' }, true)).toBe(false);
  });

  it('is forced by FORCE_COLOR as node reads it, even into a pipe and over NO_COLOR', () => {
    for (const value of ['', '1', 'true', '2', '3']) expect(colourWanted(false, { FORCE_COLOR: value }, false), value).toBe(true);
    expect(colourWanted(false, { FORCE_COLOR: '1', NO_COLOR: '1' }, false)).toBe(true);
    for (const value of ['0', 'false']) expect(colourWanted(false, { FORCE_COLOR: value }, true), value).toBe(false);
  });
});
