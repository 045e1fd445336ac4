import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../src/config/config.js';
import { replayCommand, type SearchSettings } from '../../../src/report/report.js';
import { selectKinds } from '../../../src/scenario/kinds.js';

describe('a config file naming a command target', () => {
  it('takes cmd, port, portEnv and readyPattern', () => {
    const config = parseConfig({ cmd: './server --quiet', port: 8080, portEnv: 'PORT', readyPattern: '^listening on \\d+' }, 'c.json');
    expect(config).toMatchObject({ cmd: './server --quiet', port: 8080, portEnv: 'PORT', readyPattern: '^listening on \\d+' });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an empty cmd', { cmd: ' ' }, 'c.json: cmd must be a non-empty string such as "./server", not " "'],
    ['a port out of range', { port: 0 }, 'c.json: port 0 is not a TCP port; use an integer from 1 to 65535'],
    ['a port as a string', { port: '8080' }, 'c.json: port "8080" is not a TCP port; use an integer from 1 to 65535'],
    ['a bad variable name', { portEnv: 'MY PORT' }, 'c.json: portEnv "MY PORT" is not an environment variable name; use e.g. "PORT"'],
    ['a bad regular expression', { readyPattern: 'ready (' }, 'c.json: readyPattern "ready (" is not a regular expression (/ready (/: Unterminated group)'],
  ])('refuses %s in one line', (_name, value, message) => {
    expect(() => parseConfig(value, 'c.json')).toThrow(new ConfigError('c.json', message.replace(/^c\.json: /, '')));
  });
});

describe('the replay command of a command target', () => {
  const settings: SearchSettings = {
    target: 'python3 server.py --mode broken',
    command: { portEnv: 'PORT', readyPattern: 'listening on' },
    clock: 'real',
    timeScale: 0.25,
    graceMs: 2000,
    signal: 'SIGTERM',
    profile: 'immediate',
    clients: ['slow'],
    strict: false,
    config: null,
  };

  it('names the command, how it gets its port and when it is ready, and leaves the clock to --cmd', () => {
    expect(replayCommand(settings, { seed: 7, path: '0:1', focus: [] })).toBe(
      "npx shutdown-check --cmd 'python3 server.py --mode broken' --port-env PORT --ready-pattern 'listening on' " +
        '--time-scale 0.25 --grace 2000ms --signal SIGTERM --profile immediate --clients slow --seed 7 --path 0:1',
    );
  });
});

describe('client kinds for a target without an agent', () => {
  it('leaves out slow and stream without their routes, and http, saying why', () => {
    const none = { noAgent: { slowRoute: false, streamRoute: false }, upgrade: false, websocketConfig: null, raw: false };
    expect(selectKinds(none).kinds).toEqual(['keep-alive', 'silent', 'late']);
    const asked = selectKinds({ ...none, requested: ['slow', 'http'] });
    expect(asked.kinds).toEqual([]);
    expect(asked.dropped.map((d) => d.why)).toEqual([
      'without an agent a slow answer needs the target\'s own route: set routes.slow in the config, e.g. "/slow?ms={ms}"',
      'http clients ask the agent to hold some answers, and the target has none: use slow clients with routes.slow',
    ]);
  });

  it('keeps slow and stream when the config names their routes', () => {
    const routed = { noAgent: { slowRoute: true, streamRoute: true }, upgrade: false, websocketConfig: null, raw: false };
    expect(selectKinds(routed).kinds).toEqual(['keep-alive', 'slow', 'stream', 'silent', 'late']);
  });
});
