/**
 * Every row of the settings table, given as a flag, as a config-file key and as a library option:
 * each place accepts the same values, refuses the same values, and reads an accepted one as the same
 * value. The flags go through the command line's reader, the keys through the config validator, the
 * options through the library's. One difference is meant: a duration without its unit is refused as a
 * flag and as a key, where nothing says what `30` means, and is milliseconds as an option, whose type says so.
 */
import { describe, expect, it } from 'vitest';
import { readOptions, OptionsError } from '../../../src/api/options.js';
import { flag, UsageError } from '../../../src/cli/args.js';
import { ConfigError, parseConfig } from '../../../src/config/config.js';
import { resolveSetting } from '../../../src/settings/resolve.js';
import { SETTINGS, type Setting, type SettingName } from '../../../src/settings/table.js';

interface Samples {
  /** a value as a config file or code gives it, and what it means once read */
  good: [unknown, unknown][];
  bad: unknown[];
  /** a number with no unit: milliseconds as a library option, refused as a flag and as a config key */
  bare?: [unknown, number][];
}

const durations: Samples = {
  good: [['30s', 30_000], ['500ms', 500], ['2m', 120_000], ['1.5s', 1500], ['1.5ms', 2], ['0.5m', 30_000]],
  bad: [0, '0s', -5, '-5s', 'soon', '30 seconds', 0.4, '1500', '1.5', ''],
  bare: [[1500, 1500], [1.5, 2], [30, 30]],
};
const text = (good: string): Samples => ({ good: [[good, good]], bad: ['', '  '] });
const counts = (min: number): Samples => ({ good: [[min, min], [min + 499, min + 499]], bad: [min - 1, 1.5, 'many'] });
const booleans: Samples = { good: [[true, true]], bad: ['yes', 1] };

// A Record over every row's name: a new row does not compile until it has samples here.
const SAMPLES: Record<SettingName, Samples> = {
  target: text('./server.js'),
  connections: counts(1),
  rate: counts(1),
  duration: durations,
  signalAt: durations,
  mix: text('keep-alive=70,slow=30'),
  cmd: text('./server'),
  port: { good: [[8080, 8080], [1, 1], [65535, 65535]], bad: [0, 65536, -80, 80.5, 'http'] },
  portEnv: { good: [['PORT', 'PORT'], ['_my_port2', '_my_port2']], bad: ['MY-PORT', '1PORT', 'MY PORT', ''] },
  readyPattern: { good: [['listening on', 'listening on'], ['^ready \\d+$', '^ready \\d+$']], bad: ['ready (', '['] },
  runs: counts(1),
  seed: { good: [[0, 0], [-3, -3], [7, 7], [-(2 ** 31), -(2 ** 31)]], bad: [1.5, -(2 ** 31) - 1, 'x'] },
  path: text('3:0:1'),
  focus: text('1000ms'),
  scenario: text('scenario.json'),
  clock: { good: [['real', 'real'], ['virtual', 'virtual']], bad: ['fast', 'Real'] },
  timeScale: { good: [[0.25, 0.25], [2, 2]], bad: [0, -1, 'fast'] },
  grace: durations,
  signal: { good: [['SIGINT', 'SIGINT'], ['SIGTERM', 'SIGTERM']], bad: ['SIGKILL', 'sigterm'] },
  clients: { good: [[['slow', 'late'], ['slow', 'late']], [['slow', 'slow'], ['slow']]], bad: [[], ['pigeon'], ['slow', 'websockets']] },
  profile: { good: [['kubernetes', 'kubernetes'], ['immediate', 'immediate']], bad: ['k8s'] },
  drainDelay: { good: [[0, 0], ['0', 0], ['2s', 2000], ['1.5ms', 2]], bad: [-1, 'soon', 1.5, '30'] },
  strict: booleans,
  noColor: booleans,
  config: text('shutdown-check.config.json'),
  loadReporter: { good: [[['json'], ['json']], [['pretty', 'json'], ['pretty', 'json']]], bad: [['html'], ['xml']] },
  reporter: { good: [[['json', 'html'], ['json', 'html']]], bad: [['xml'], ['json', 'pdf']] },
  out: text('reports'),
  concurrency: counts(1),
  shard: { good: [['1/2', '1/2'], ['3/3', '3/3'], ['12/40', '12/40']], bad: ['0/3', '4/3', 'x', '', '1/0', '1.5/3', '-1/3', '1/ 3', 2] },
  timeBudget: durations,
  maxLatency: durations,
  shrinkRuns: counts(0),
  shrinkBudget: durations,
  secondSignals: { good: [[['SIGINT'], ['SIGINT']], [['SIGTERM', 'SIGINT'], ['SIGTERM', 'SIGINT']], [[], []]], bad: [['SIGKILL'], ['SIGINT', 'nope']] },
  keepPorts: booleans,
  startupTimeout: durations,
  proxy: { good: [['nginx', 'nginx']], bad: ['haproxy', 'Nginx', ''] },
  proxyDrainDelay: { good: [[0, 0], ['0', 0], ['5s', 5000], ['1.5ms', 2]], bad: [-1, '-5s', 'soon', '30'], bare: [[1500, 1500], [1.5, 2]] },
  node: text('22'),
};

type Place = 'flag' | 'config' | 'option';

/** How a sample is written on the command line: a list comma-separated (`none` when empty), or repeated. */
function asFlag(setting: Setting<unknown>, value: unknown): unknown {
  if (setting.repeatable && Array.isArray(value)) return value.map(String);
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.join(',');
  return typeof value === 'boolean' ? value : String(value);
}

/** The value read in `place`, or the error class it refused with. */
function readIn(name: SettingName, place: Place, value: unknown): { value: unknown } | { refused: string } {
  const setting: Setting<unknown> = SETTINGS[name];
  try {
    if (place === 'flag') return { value: flag(name, { [setting.flag as string]: asFlag(setting, value) as string }) };
    if (place === 'option') return { value: readOptions({ [setting.option as string]: value }, [name])[name] };
    const config = parseConfig({ [setting.key as string]: value }, 'c.json') as unknown as Record<string, unknown>;
    return { value: config[setting.kind.type === 'duration' ? `${setting.key}Ms` : (setting.key as string)] };
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError || error instanceof OptionsError) return { refused: error.constructor.name };
    throw error;
  }
}

const ROWS = Object.keys(SETTINGS) as SettingName[];

describe.each(ROWS)('the setting %s', (name) => {
  const setting: Setting<unknown> = SETTINGS[name];
  const places = (['flag', 'config', 'option'] as const).filter((place) => (place === 'flag' ? setting.flag : place === 'config' ? setting.key : setting.option) !== null);

  it('is given in at least one place, and has a help line', () => {
    expect(places.length).toBeGreaterThan(0);
    expect(setting.help.length).toBeGreaterThan(0);
  });

  it.each(SAMPLES[name].good)('reads %j as %j in every place it is given in', (given, meant) => {
    for (const place of places) expect({ place, ...readIn(name, place, given) }).toEqual({ place, value: meant });
  });

  it.each(SAMPLES[name].bad.map((bad) => [bad]))('refuses %j in every place it is given in', (bad) => {
    for (const place of places) expect({ place, refused: 'refused' in readIn(name, place, bad) }).toEqual({ place, refused: true });
  });

  it.each(SAMPLES[name].bare ?? [])('reads the bare number %j as %j ms as an option, and refuses it elsewhere naming the unit', (given, ms) => {
    for (const place of places) {
      if (place === 'option') expect(readIn(name, place, given)).toEqual({ value: ms });
      else expect({ place, ...readIn(name, place, given) }).toEqual({ place, refused: place === 'flag' ? 'UsageError' : 'ConfigError' });
    }
  });

  it('has a default that the row itself accepts', () => {
    if (setting.default === undefined) return;
    // A duration's default is kept in ms, which only an option may give as a bare number.
    const place = setting.kind.type === 'duration' ? 'option' : (places[0] as Place);
    expect(readIn(name, place, setting.default)).toEqual({ value: setting.default });
  });
});

describe('where a setting is decided', () => {
  const config = parseConfig({ grace: '5s', runs: 7, seed: 3 }, 'c.json');

  it.each([
    ['grace', 1000, 1000, 5000, 30_000],
    ['runs', 50, 50, 7, 100],
    ['seed', 9, 9, 3, undefined],
  ] as const)('%s: the flag or option first, then the config file, then the default', (name, given, flagWins, configWins, byDefault) => {
    expect(resolveSetting(name, { [name]: given }, config)).toBe(flagWins);
    expect(resolveSetting(name, {}, config)).toBe(configWins);
    expect(resolveSetting(name, {}, null)).toBe(byDefault);
  });
});
