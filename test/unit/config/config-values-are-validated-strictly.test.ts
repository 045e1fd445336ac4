import { describe, expect, it } from 'vitest';
import { ConfigError, expandRoute, parseConfig, type Config } from '../../../src/config/config.js';

const FILE = 'shutdown-check.config.json';

/** The one-line message parseConfig throws for `value`. */
function problem(value: unknown): string {
  try {
    parseConfig(value, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).file).toBe(FILE);
    const { message } = error as ConfigError;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error(`parseConfig accepted ${JSON.stringify(value)}`);
}

const KEYS =
  'routes, websocket, allowedExitCodes, websocketCloseCodes, requests, drainDelay, target, connections, rate, duration, signalAt, mix, cmd, port, portEnv, readyPattern, runs, seed, clock, timeScale, grace, signal, clients, profile, strict, reporter, noColor, out, concurrency, timeBudget, maxLatency, shrinkRuns, shrinkBudget, secondSignals, keepPorts, proxy, proxyDrainDelay, startupTimeout, node';

describe('parseConfig accepts and normalises', () => {
  it('an empty config as the defaults: fast route /, websocket unknown, close codes 1001 and 1012', () => {
    expect(parseConfig({}, FILE)).toStrictEqual<Config>({
      routes: { fast: '/' },
      websocket: null,
      websocketCloseCodes: [1001, 1012],
    });
  });

  it('every key, with durations turned into milliseconds', () => {
    const config = parseConfig(
      {
        routes: { fast: '/ping', slow: '/slow?ms={ms}', stream: '/events?n={chunks}&every={every}', readiness: '/readyz' },
        websocket: true,
        allowedExitCodes: [0, 143],
        grace: '2m',
        signal: 'SIGINT',
        profile: 'kubernetes',
        drainDelay: '1.5s',
        startupTimeout: '2500ms',
        clients: ['http', 'late'],
        keepPorts: false,
        websocketCloseCodes: [1000, 4000],
        target: './server.js',
        port: 8080,
        portEnv: 'PORT',
        readyPattern: 'listening',
        connections: 50,
        rate: 200,
        duration: '5s',
        signalAt: '2s',
        mix: 'keep-alive=70,slow=30',
        runs: 20,
        seed: -3,
        clock: 'real',
        timeScale: 0.25,
        strict: true,
        reporter: ['json', 'junit'],
        noColor: true,
        out: 'reports/ci',
        concurrency: 2,
        timeBudget: '10m',
        maxLatency: '3s',
        shrinkRuns: 0,
        shrinkBudget: '1m',
        secondSignals: [],
      },
      FILE,
    );
    expect(config).toStrictEqual<Config>({
      routes: { fast: '/ping', slow: '/slow?ms={ms}', stream: '/events?n={chunks}&every={every}', readiness: '/readyz' },
      websocket: true,
      allowedExitCodes: [0, 143],
      graceMs: 120_000,
      signal: 'SIGINT',
      profile: 'kubernetes',
      drainDelayMs: 1500,
      startupTimeoutMs: 2500,
      clients: ['http', 'late'],
      keepPorts: false,
      websocketCloseCodes: [1000, 4000],
      target: './server.js',
      port: 8080,
      portEnv: 'PORT',
      readyPattern: 'listening',
      connections: 50,
      rate: 200,
      durationMs: 5000,
      signalAtMs: 2000,
      mix: 'keep-alive=70,slow=30',
      runs: 20,
      seed: -3,
      clock: 'real',
      timeScale: 0.25,
      strict: true,
      reporter: ['json', 'junit'],
      noColor: true,
      out: 'reports/ci',
      concurrency: 2,
      timeBudgetMs: 600_000,
      maxLatencyMs: 3000,
      shrinkRuns: 0,
      shrinkBudgetMs: 60_000,
      secondSignals: [],
    });
  });

  it('a zero drain delay (keep serving for no time at all)', () => {
    expect(parseConfig({ drainDelay: 0 }, FILE).drainDelayMs).toBe(0);
  });

  it('a key set to undefined as a key left out', () => {
    expect(parseConfig({ grace: undefined, routes: { slow: undefined } }, FILE)).toStrictEqual(parseConfig({}, FILE));
  });

  it('a WebSocket route as saying the target has a WebSocket endpoint', () => {
    expect(parseConfig({ routes: { websocket: '/ws' } }, FILE).websocket).toBe(true);
  });

  it('a client kind listed twice as listed once', () => {
    expect(parseConfig({ clients: ['slow', 'http', 'slow'] }, FILE).clients).toEqual(['slow', 'http']);
  });
});

describe('parseConfig rejects, in one line naming the file, the key and what it accepts,', () => {
  it('a config that is not an object', () => {
    expect(problem([])).toBe(`${FILE}: the config must be an object with any of ${KEYS}, not an empty array`);
    expect(problem(null)).toBe(`${FILE}: the config must be an object with any of ${KEYS}, not null`);
  });

  it('an unknown key', () => {
    expect(problem({ rout: {} })).toBe(`${FILE}: unknown key "rout"; did you mean "routes"?`);
    expect(problem({ gracePeriod: '30s' })).toBe(`${FILE}: unknown key "gracePeriod"; the keys are ${KEYS}`);
  });

  it('an unknown route', () => {
    expect(problem({ routes: { slo: '/slow?ms={ms}' } })).toBe(`${FILE}: unknown key "routes.slo"; did you mean "routes.slow"?`);
    expect(problem({ routes: { events: '/events' } })).toBe(
      `${FILE}: unknown key "routes.events"; the route keys are fast, slow, stream, websocket, readiness`,
    );
  });

  it('routes that are not an object', () => {
    expect(problem({ routes: '/' })).toBe(
      `${FILE}: routes must be an object with any of fast, slow, stream, websocket, readiness, not "/"`,
    );
  });

  it('a route that is not a string', () => {
    expect(problem({ routes: { slow: 100 } })).toBe(
      `${FILE}: routes.slow must be a path such as "/slow?ms={ms}", or { "path": "/report", "latency": "3s" }, not 100`,
    );
    expect(problem({ routes: { stream: 100 } })).toBe(`${FILE}: routes.stream must be a path such as "/events?n={chunks}&every={every}", not 100`);
  });

  it('a route that does not start with /', () => {
    expect(problem({ routes: { readiness: 'readyz' } })).toBe(`${FILE}: routes.readiness "readyz" must start with /`);
  });

  it('a route with a space in it', () => {
    expect(problem({ routes: { fast: '/a b' } })).toBe(`${FILE}: routes.fast "/a b" must not contain spaces`);
  });

  it('a slow route without {ms}', () => {
    expect(problem({ routes: { slow: '/slow' } })).toBe(
      `${FILE}: routes.slow "/slow" must contain {ms}, or be { "path": "/slow", "latency": "3s" } for a route that always takes that long`,
    );
  });

  it('a stream route without {chunks} or {every}', () => {
    expect(problem({ routes: { stream: '/events?n={chunks}' } })).toBe(
      `${FILE}: routes.stream "/events?n={chunks}" must contain {chunks} and {every}`,
    );
  });

  it('a route with a placeholder it does not take', () => {
    expect(problem({ routes: { slow: '/slow?ms={msec}' } })).toBe(
      `${FILE}: routes.slow "/slow?ms={msec}" has an unknown placeholder {msec}; routes.slow takes {ms}`,
    );
    expect(problem({ routes: { fast: '/{ms}' } })).toBe(
      `${FILE}: routes.fast "/{ms}" has an unknown placeholder {ms}; routes.fast takes no placeholders`,
    );
  });

  it('websocket false next to a WebSocket route', () => {
    expect(problem({ websocket: false, routes: { websocket: '/ws' } })).toBe(
      `${FILE}: websocket is false but routes.websocket is "/ws"; drop one of them`,
    );
  });

  it('a boolean key that is not a boolean', () => {
    expect(problem({ websocket: 'yes' })).toBe(`${FILE}: websocket must be true or false, not "yes"`);
    expect(problem({ keepPorts: 1 })).toBe(`${FILE}: keepPorts must be true or false, not 1`);
  });

  it('a duration that is not one', () => {
    expect(problem({ grace: '30 seconds' })).toBe(
      `${FILE}: grace "30 seconds" is not a duration; use e.g. 30s, 500ms or 2m`,
    );
    expect(problem({ drainDelay: -5 })).toBe(
      `${FILE}: drainDelay -5 is not a duration; use e.g. 30s, 500ms or 2m`,
    );
    expect(problem({ startupTimeout: true })).toBe(
      `${FILE}: startupTimeout true is not a duration; use e.g. 30s, 500ms or 2m`,
    );
  });

  it('a duration without its unit, naming the one most likely meant', () => {
    expect(problem({ grace: 30 })).toBe(`${FILE}: grace 30 needs a unit: did you mean "30s"? (or "30ms"; the units are ms, s and m)`);
    expect(problem({ timeBudget: '90' })).toBe(`${FILE}: timeBudget "90" needs a unit: did you mean "90s"? (or "90ms"; the units are ms, s and m)`);
    expect(problem({ routes: { slow: { path: '/report', latency: 3 } } })).toBe(
      `${FILE}: routes.slow.latency 3 needs a unit: did you mean "3s"? (or "3ms"; the units are ms, s and m)`,
    );
  });

  it('a grace period or start-up timeout of zero', () => {
    expect(problem({ grace: '0s' })).toBe(`${FILE}: grace "0s" must be longer than 0 ms`);
    expect(problem({ startupTimeout: 0 })).toBe(`${FILE}: startupTimeout 0 must be longer than 0 ms`);
  });

  it('a signal it cannot send', () => {
    expect(problem({ signal: 'SIGKILL' })).toBe(
      `${FILE}: signal "SIGKILL" is not a supported signal; use one of SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2`,
    );
  });

  it('an unknown profile', () => {
    expect(problem({ profile: 'k8s' })).toBe(`${FILE}: profile "k8s" is not a profile; use one of immediate, kubernetes`);
  });

  it('an exit code out of range', () => {
    expect(problem({ allowedExitCodes: [0, 256] })).toBe(
      `${FILE}: allowedExitCodes[1] 256 is not one of the integers from 0 to 255`,
    );
    expect(problem({ allowedExitCodes: [1.5] })).toBe(
      `${FILE}: allowedExitCodes[0] 1.5 is not one of the integers from 0 to 255`,
    );
  });

  it('exit codes that are not a non-empty array', () => {
    expect(problem({ allowedExitCodes: 0 })).toBe(
      `${FILE}: allowedExitCodes must be a non-empty array of integers from 0 to 255, not 0`,
    );
    expect(problem({ allowedExitCodes: [] })).toBe(
      `${FILE}: allowedExitCodes must be a non-empty array of integers from 0 to 255, not an empty array`,
    );
  });

  it('a WebSocket close code that is not one, or that no close frame carries', () => {
    expect(problem({ websocketCloseCodes: [1001, 999] })).toBe(
      `${FILE}: websocketCloseCodes[1] 999 is not one of the integers from 1000 to 4999 other than 1005, 1006 and 1015`,
    );
    expect(problem({ websocketCloseCodes: [1006] })).toBe(
      `${FILE}: websocketCloseCodes[0] 1006 is not one of the integers from 1000 to 4999 other than 1005, 1006 and 1015`,
    );
  });

  it('an unknown client kind', () => {
    expect(problem({ clients: ['http', 'websockets'] })).toBe(
      `${FILE}: clients[1] "websockets" is not a client kind; use one of http, keep-alive, slow, stream, websocket, silent, raw, late, https, h2`,
    );
  });

  it('clients that are not a non-empty array', () => {
    expect(problem({ clients: 'http' })).toBe(
      `${FILE}: clients must be a non-empty array of the client kinds http, keep-alive, slow, stream, websocket, silent, raw, late, https, h2, not "http"`,
    );
  });

  it('a long string value, shortened so the message stays one short line', () => {
    expect(problem({ profile: `kubernetes\n${'x'.repeat(100)}` })).toBe(
      `${FILE}: profile "kubernetes\\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx..." is not a profile; use one of immediate, kubernetes`,
    );
  });
});

describe('expandRoute', () => {
  it('fills {ms}', () => {
    expect(expandRoute('/slow?ms={ms}', { ms: 250 })).toBe('/slow?ms=250');
  });

  it('fills {chunks} and {every}, each wherever it appears', () => {
    expect(expandRoute('/events/{chunks}?n={chunks}&every={every}', { chunks: 3, every: 100 })).toBe(
      '/events/3?n=3&every=100',
    );
  });

  it('leaves a route without placeholders as it is', () => {
    expect(expandRoute('/readyz', { ms: 1 })).toBe('/readyz');
  });

  it('throws when a placeholder has no value, since validated routes only hold known ones', () => {
    expect(() => expandRoute('/slow?ms={ms}', {})).toThrow('expandRoute: no value for {ms} in "/slow?ms={ms}"');
  });
});
