import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../src/config/config.js';
import { searchOptionsFromConfig } from '../../../src/config/search-options.js';

const FILE = 'shutdown-check.config.json';

/** The one-line message parseConfig throws for `value`. */
function problem(value: unknown): string {
  try {
    parseConfig(value, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const { message } = error as ConfigError;
    expect(message).not.toContain('\n');
    return message.slice(`${FILE}: `.length);
  }
  throw new Error(`parseConfig accepted ${JSON.stringify(value)}`);
}

describe('the application\'s ordinary requests', () => {
  it('are kept with the routes, method, path, headers and body as given', () => {
    const config = parseConfig(
      {
        requests: [
          { method: 'GET', path: '/orders?page=2' },
          { method: 'POST', path: '/orders', headers: { 'content-type': 'application/json', authorization: 'Bearer t' }, body: '{"item":1}' },
          { method: 'delete', path: '/orders/7' },
        ],
      },
      FILE,
    );
    expect(config.routes).toStrictEqual({
      fast: '/',
      requests: [
        { method: 'GET', path: '/orders?page=2' },
        { method: 'POST', path: '/orders', headers: { 'content-type': 'application/json', authorization: 'Bearer t' }, body: '{"item":1}' },
        { method: 'delete', path: '/orders/7' },
      ],
    });
  });

  it.each<[string, unknown, string]>([
    ['not a list', { method: 'GET', path: '/' }, 'requests must be a non-empty array of requests such as { "method": "GET", "path": "/orders" }, not an object'],
    ['an empty list', [], 'requests must be a non-empty array of requests such as { "method": "GET", "path": "/orders" }, not an empty array'],
    ['a path alone', ['/orders'], 'requests[0] must be an object such as { "method": "GET", "path": "/orders" }, not "/orders"'],
    ['a misspelt key', [{ method: 'GET', path: '/', header: {} }], 'unknown key "requests[0].header"; did you mean "requests[0].headers"?'],
    ['no method', [{ path: '/' }], 'requests[0].method must be an HTTP method such as "GET" or "POST", not undefined'],
    ['a method with a space', [{ method: 'GET /', path: '/' }], 'requests[0].method must be an HTTP method such as "GET" or "POST", not "GET /"'],
    ['HEAD', [{ method: 'HEAD', path: '/' }], 'requests[0].method "HEAD" cannot be sent on a kept-alive connection; use another method'],
    ['a relative path', [{ method: 'GET', path: 'orders' }], 'requests[0].path "orders" must start with /'],
    ['a body on a GET', [{ method: 'GET', path: '/', body: 'x' }], 'requests[0].body goes with POST, PUT and PATCH: the connection would not be reused after a GET with a body'],
    ['a body that is not text', [{ method: 'POST', path: '/', body: { a: 1 } }], 'requests[0].body must be a string, not an object'],
    ['a header the harness sets', [{ method: 'GET', path: '/', headers: { Connection: 'close' } }], 'requests[0].headers.Connection is set by the harness itself; leave it out'],
    ['the agent\'s own header', [{ method: 'GET', path: '/', headers: { 'x-shutdown-check-hold': '5' } }], 'requests[0].headers.x-shutdown-check-hold is set by the harness itself; leave it out'],
    ['a header value on two lines', [{ method: 'GET', path: '/', headers: { a: 'x\r\nb: y' } }], 'requests[0].headers.a must be a one-line string, not "x\\r\\nb: y"'],
    ['a header name that is no token', [{ method: 'GET', path: '/', headers: { 'a b': 'x' } }], 'requests[0].headers has "a b", which is not a header name'],
  ])('are refused in one line naming the key: %s', (_name, requests, message) => {
    expect(problem({ requests })).toBe(message);
  });
});

describe('a slow route with a fixed latency', () => {
  it('is a path and a duration, kept as the route and its latency in ms', () => {
    expect(parseConfig({ routes: { slow: { path: '/report', latency: '3s' } } }, FILE).routes).toStrictEqual({
      fast: '/',
      slow: '/report',
      slowLatencyMs: 3000,
    });
  });

  it.each<[string, unknown, string]>([
    ['without a latency', { path: '/report' }, 'routes.slow as an object needs both path and latency, e.g. { "path": "/report", "latency": "3s" }'],
    ['with a placeholder', { path: '/slow?ms={ms}', latency: '3s' }, 'routes.slow.path "/slow?ms={ms}" takes no placeholders: its latency is routes.slow.latency (or give routes.slow as "/slow?ms={ms}")'],
    ['with a zero latency', { path: '/report', latency: 0 }, 'routes.slow.latency 0 must be longer than 0 ms'],
    ['with a misspelt key', { path: '/report', latencyMs: 5 }, 'unknown key "routes.slow.latencyMs"; did you mean "routes.slow.latency"?'],
  ])('is refused %s', (_name, slow, message) => {
    expect(problem({ routes: { slow } })).toBe(message);
  });
});

describe('the longest latency to draw', () => {
  it('is a duration in ms', () => {
    expect(parseConfig({ maxLatency: '2.5s' }, FILE).maxLatencyMs).toBe(2500);
    expect(problem({ maxLatency: 0 })).toBe('maxLatency 0 must be longer than 0 ms');
    expect(problem({ maxLatency: 'long' })).toBe('maxLatency "long" is not a duration; use e.g. 30s, 500ms or 2m');
  });
});

describe('what the config tells the search', () => {
  it('is nothing for no config or one that names none of it', () => {
    expect(searchOptionsFromConfig(null)).toEqual({});
    expect(searchOptionsFromConfig(parseConfig({ routes: { slow: '/slow?ms={ms}' } }, FILE))).toEqual({});
  });

  it('is how many requests the config names, the slow route\'s latency and the longest latency', () => {
    const config = parseConfig(
      { requests: [{ method: 'GET', path: '/a' }, { method: 'GET', path: '/b' }], routes: { slow: { path: '/r', latency: '3s' } }, maxLatency: '4s' },
      FILE,
    );
    expect(searchOptionsFromConfig(config)).toEqual({ requestCount: 2, slowLatencyMs: 3000, maxLatencyMs: 4000 });
    // A command target's own clock is not scaled: at 0.25 real ms per scenario ms, 3 s of it is 12 s.
    expect(searchOptionsFromConfig(config, 0.25)).toEqual({ requestCount: 2, slowLatencyMs: 12_000, maxLatencyMs: 16_000 });
    // The option (or flag) means what the config's key means, and wins over it.
    expect(searchOptionsFromConfig(config, 0.25, { maxLatencyMs: 2000 })).toEqual({ requestCount: 2, slowLatencyMs: 12_000, maxLatencyMs: 8000 });
    expect(searchOptionsFromConfig(null, 0.25, { maxLatencyMs: 2000 })).toEqual({ maxLatencyMs: 8000 });
  });
});
