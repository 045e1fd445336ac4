/**
 * The config file takes every setting the command line takes, under the flag's name in camelCase
 * (`--time-budget` is `timeBudget`). The exceptions are the flags of one invocation: `--config` names
 * the file itself, `--path`, `--focus` and `--scenario` replay one run, printed with its failure, and
 * `--shard` is the part of a search one machine runs, while the config is shared by them all.
 */
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, parseConfig } from '../../../src/config/validate.js';
import { defineConfig, type ConfigFile } from '../../../src/config/define.js';
import { SETTINGS, type SettingName } from '../../../src/settings/table.js';

const camel = (flag: string): string => flag.replace(/-([a-z])/g, (_whole, letter: string) => letter.toUpperCase());

const rows = Object.entries(SETTINGS) as [SettingName, (typeof SETTINGS)[SettingName]][];

describe('the config file', () => {
  it('has a key for every flag, named as the flag in camelCase, but the five of one invocation', () => {
    const withoutKey = rows.filter(([, s]) => s.flag !== null && s.key === null).map(([, s]) => s.flag);
    // load's --reporter is the same key as run's, which load reads within its own reporters.
    expect(withoutKey).toEqual(['path', 'focus', 'scenario', 'config', 'reporter', 'shard']);
    expect(SETTINGS.loadReporter.flag).toBe('reporter');
    for (const [, s] of rows) if (s.flag !== null && s.key !== null) expect(s.key).toBe(camel(s.flag));
  });

  it("lists each key once, the table's and its own", () => {
    expect(new Set(CONFIG_KEYS).size).toBe(CONFIG_KEYS.length);
    for (const [, s] of rows) if (s.key !== null) expect(CONFIG_KEYS).toContain(s.key);
  });
});

describe('defineConfig', () => {
  // Required<ConfigFile>: the type has every key the validator knows, or this does not compile.
  const everyKey = {
    routes: { fast: '/', slow: { path: '/report', latency: '3s' }, stream: '/s?n={chunks}&e={every}', websocket: '/ws', readiness: '/ready' },
    websocket: true,
    allowedExitCodes: [0, 143],
    websocketCloseCodes: [1001],
    requests: [{ method: 'POST', path: '/orders', headers: { 'content-type': 'application/json' }, body: '{}' }],
    drainDelay: '5s',
    target: './server.js',
    cmd: './server',
    port: 8080,
    portEnv: 'PORT',
    readyPattern: 'ready',
    connections: 10,
    rate: 100,
    duration: '10s',
    signalAt: '5s',
    mix: 'keep-alive=100',
    runs: 50,
    seed: 7,
    clock: 'real',
    timeScale: 0.5,
    grace: '30s',
    signal: 'SIGINT',
    clients: ['slow'],
    profile: 'kubernetes',
    strict: true,
    reporter: ['junit'],
    noColor: true,
    out: 'reports',
    concurrency: 2,
    timeBudget: '5m',
    maxLatency: '2s',
    shrinkRuns: 10,
    shrinkBudget: '1m',
    secondSignals: ['SIGINT'],
    keepPorts: false,
    proxy: 'nginx',
    proxyDrainDelay: '5s',
    startupTimeout: '10s',
    node: '22',
  } satisfies Required<ConfigFile>;

  it('is typed with every key the file takes, no more', () => {
    expect(Object.keys(everyKey).sort()).toEqual([...CONFIG_KEYS].sort());
  });

  it('returns the config it is given, which the validator reads as written', () => {
    expect(defineConfig(everyKey)).toBe(everyKey);
    const { cmd: _cmd, ...oneServer } = everyKey;
    expect(parseConfig(defineConfig(oneServer), 'c.ts')).toMatchObject({ graceMs: 30_000, timeBudgetMs: 300_000, reporter: ['junit'] });
  });

  it('takes a function that computes the config, and gives it back', () => {
    const computed = async (): Promise<ConfigFile> => ({ grace: '1m' });
    expect(defineConfig(computed)).toBe(computed);
  });
});
