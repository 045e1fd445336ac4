/**
 * The checks of a config file's structured keys — routes, requests, exit and close codes — each
 * failing with one line that names the key and what it accepts. Pure.
 */
import { readSetting, show } from '../settings/kinds.js';
import { ConfigError } from './config-error.js';
import { nearestName } from '../settings/nearest.js';

/** One of the application's ordinary requests, as the config names it. */
export interface OrdinaryRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * Where the target's own routes are. A route left out is served by what the agent injects. The
 * config's top-level `requests` and the latency of a fixed slow route are kept here too: they are what
 * the clients send, and they reach the clients with the routes.
 */
export interface ConfigRoutes {
  /** an ordinary quick request */
  fast: string;
  /** a response that takes `{ms}` milliseconds; or, with `slowLatencyMs`, a path that always takes that long */
  slow?: string;
  /** the latency of a slow route that takes none of its own (`routes.slow: { path, latency }`) */
  slowLatencyMs?: number;
  /** the application's ordinary requests (`requests`), sent by keep-alive, late and http clients by index */
  requests?: OrdinaryRequest[];
  /** a chunked response of `{chunks}` chunks, one every `{every}` ms */
  stream?: string;
  websocket?: string;
  /** answers 2xx while the target is ready, and fails from the signal on (the kubernetes profile) */
  readiness?: string;
}




type RouteName = Exclude<keyof ConfigRoutes, 'slowLatencyMs' | 'requests'>;

/** The placeholders each route template must contain; a route takes no others. */
const ROUTE_PLACEHOLDERS: Record<RouteName, readonly string[]> = {
  fast: [],
  slow: ['ms'],
  stream: ['chunks', 'every'],
  websocket: [],
  readiness: [],
};

const ROUTE_EXAMPLES: Record<RouteName, string> = {
  fast: '/',
  slow: '/slow?ms={ms}',
  stream: '/events?n={chunks}&every={every}',
  websocket: '/ws',
  readiness: '/readyz',
};

const ROUTE_NAMES = Object.keys(ROUTE_PLACEHOLDERS) as RouteName[];

const PLACEHOLDER = /\{(\w+)\}/g;


const REQUEST_KEYS = ['method', 'path', 'headers', 'body'];

/**
 * Methods a keep-alive client cannot send and still reuse its connection: undici closes the
 * connection after a HEAD (its client-h1.js, for servers that send a body anyway) and turns a CONNECT
 * into a tunnel.
 */
const REFUSED_METHODS = ['HEAD', 'CONNECT'];

/**
 * Methods that may carry a body: on any other undici marks the connection for closing after the
 * request (client-h1.js, "Sending a payload body on a request that does not expect it"), and a
 * keep-alive client would lose the connection it is there to keep.
 */
const BODY_METHODS = ['POST', 'PUT', 'PATCH'];

/** RFC 9110 §5.6.2: a token, the syntax of a method and of a field name. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Headers a config request may not set: the harness's own (the request id, the agent's injection), and
 * those that frame the message or the connection, which undici sets itself.
 */
const OWN_HEADERS = /^(x-shutdown-check-.*|connection|content-length|transfer-encoding|host|keep-alive|upgrade|expect)$/i;

/** Fills `{name}` placeholders of a route template with the given numbers. Pure. */
export function expandRoute(template: string, values: Record<string, number>): string {
  return template.replace(PLACEHOLDER, (_whole, name: string) => {
    const value = values[name];
    // Validation lets only known placeholders into a template, so a missing value is a caller's bug.
    if (value === undefined) throw new Error(`expandRoute: no value for {${name}} in ${JSON.stringify(template)}`);
    return String(value);
  });
}



export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

export function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

export class Validator {
  constructor(private readonly source: string) {}

  fail(detail: string): never {
    throw new ConfigError(this.source, detail);
  }

  keys(value: Record<string, unknown>, known: readonly string[], prefix: string, what: string): void {
    for (const key of Object.keys(value)) {
      if (known.includes(key)) continue;
      const near = nearestName(key, known);
      this.fail(`unknown key "${prefix}${key}"; ${near !== null ? `did you mean "${prefix}${near}"?` : `${what} are ${known.join(', ')}`}`);
    }
  }

  boolean(key: string, value: unknown): boolean {
    if (typeof value !== 'boolean') this.fail(`${key} must be true or false, not ${show(value)}`);
    return value;
  }

  /** A duration as every table row reads one in a config file, so that it needs its unit alike. */
  duration(key: string, value: unknown, allowZero: boolean): number {
    const read = readSetting<number>({ flag: null, key, option: null, kind: { type: 'duration', min: allowZero ? 0 : 1 } }, 'config', value);
    if (!read.ok) this.fail(read.message);
    if (read.value === undefined) this.fail(`${key} must be a duration such as "3s"`);
    return read.value;
  }

  oneOf<T extends string>(key: string, value: unknown, accepted: readonly T[], what: string): T {
    if (typeof value !== 'string' || !(accepted as readonly string[]).includes(value)) {
      this.fail(`${key} ${show(value)} is not ${what}; use one of ${accepted.join(', ')}`);
    }
    return value as T;
  }

  array(key: string, value: unknown, what: string): unknown[] {
    if (!Array.isArray(value) || value.length === 0) {
      this.fail(`${key} must be a non-empty array of ${what}, not ${show(value)}`);
    }
    return value;
  }

  text(key: string, value: unknown, example: string): string {
    if (typeof value !== 'string' || value.trim() === '') this.fail(`${key} must be a non-empty string such as ${example}, not ${show(value)}`);
    return value;
  }

  integers(key: string, value: unknown, min: number, max: number, excluded: readonly number[] = []): number[] {
    const range = `integers from ${min} to ${max}${excluded.length > 0 ? ` other than ${list(excluded.map(String))}` : ''}`;
    return this.array(key, value, range).map((item, index) => {
      if (typeof item !== 'number' || !Number.isInteger(item) || item < min || item > max || excluded.includes(item)) {
        this.fail(`${key}[${index}] ${show(item)} is not one of the ${range}`);
      }
      return item;
    });
  }

  route(name: RouteName, value: unknown): string {
    const key = `routes.${name}`;
    if (typeof value !== 'string' && name === 'slow') {
      this.fail(`${key} must be a path such as "${ROUTE_EXAMPLES[name]}", or { "path": "/report", "latency": "3s" }, not ${show(value)}`);
    }
    this.path(key, value, ROUTE_EXAMPLES[name]);
    if (typeof value !== 'string') throw new Error('unreachable: path() accepts only strings');
    const wanted = ROUTE_PLACEHOLDERS[name];
    const found = [...value.matchAll(PLACEHOLDER)].map((match) => match[1] as string);
    const unknown = found.find((placeholder) => !wanted.includes(placeholder));
    if (unknown !== undefined) {
      const takes = wanted.length === 0 ? 'takes no placeholders' : `takes ${list(wanted.map((p) => `{${p}}`))}`;
      this.fail(`${key} ${show(value)} has an unknown placeholder {${unknown}}; ${key} ${takes}`);
    }
    if (wanted.some((placeholder) => !found.includes(placeholder))) {
      const fixed = name === 'slow' ? `, or be { "path": ${show(value)}, "latency": "3s" } for a route that always takes that long` : '';
      this.fail(`${key} ${show(value)} must contain ${list(wanted.map((p) => `{${p}}`))}${fixed}`);
    }
    return value;
  }

  routes(value: unknown): ConfigRoutes {
    if (!isPlainObject(value)) this.fail(`routes must be an object with any of ${ROUTE_NAMES.join(', ')}, not ${show(value)}`);
    this.keys(value, ROUTE_NAMES, 'routes.', 'the route keys');
    const routes: ConfigRoutes = { fast: '/' };
    for (const name of ROUTE_NAMES) {
      if (value[name] === undefined) continue;
      if (name === 'slow' && isPlainObject(value.slow)) Object.assign(routes, this.fixedSlowRoute(value.slow));
      else routes[name] = this.route(name, value[name]);
    }
    return routes;
  }

  /** `routes.slow: { path, latency }`: a route that always takes `latency`, so it takes no {ms}. */
  fixedSlowRoute(value: Record<string, unknown>): { slow: string; slowLatencyMs: number } {
    this.keys(value, ['path', 'latency'], 'routes.slow.', 'the keys of a slow route with a fixed latency');
    if (value.path === undefined || value.latency === undefined) {
      this.fail('routes.slow as an object needs both path and latency, e.g. { "path": "/report", "latency": "3s" }');
    }
    const path = this.path('routes.slow.path', value.path, '/report');
    if (/\{\w+\}/.test(path)) {
      this.fail(`routes.slow.path ${show(path)} takes no placeholders: its latency is routes.slow.latency (or give routes.slow as "/slow?ms={ms}")`);
    }
    return { slow: path, slowLatencyMs: this.duration('routes.slow.latency', value.latency, false) };
  }

  path(key: string, value: unknown, example: string): string {
    if (typeof value !== 'string') this.fail(`${key} must be a path such as "${example}", not ${show(value)}`);
    if (!value.startsWith('/')) this.fail(`${key} ${show(value)} must start with /`);
    if (/\s/.test(value)) this.fail(`${key} ${show(value)} must not contain spaces`);
    return value;
  }

  requests(value: unknown): OrdinaryRequest[] {
    const example = 'such as { "method": "GET", "path": "/orders" }';
    return this.array('requests', value, `requests ${example}`).map((item, index) => {
      const key = `requests[${index}]`;
      if (!isPlainObject(item)) this.fail(`${key} must be an object ${example}, not ${show(item)}`);
      this.keys(item, REQUEST_KEYS, `${key}.`, 'the keys of a request');
      if (typeof item.method !== 'string' || !TOKEN.test(item.method)) {
        this.fail(`${key}.method must be an HTTP method such as "GET" or "POST", not ${show(item.method)}`);
      }
      const method = item.method;
      if (REFUSED_METHODS.includes(method.toUpperCase())) {
        this.fail(`${key}.method ${show(method)} cannot be sent on a kept-alive connection; use another method`);
      }
      const request: OrdinaryRequest = { method, path: this.path(`${key}.path`, item.path, '/orders') };
      if (item.headers !== undefined) request.headers = this.headers(`${key}.headers`, item.headers);
      if (item.body !== undefined) {
        if (typeof item.body !== 'string') this.fail(`${key}.body must be a string, not ${show(item.body)}`);
        if (!BODY_METHODS.includes(method.toUpperCase())) {
          this.fail(`${key}.body goes with ${list(BODY_METHODS)}: the connection would not be reused after a ${method} with a body`);
        }
        request.body = item.body;
      }
      return request;
    });
  }

  headers(key: string, value: unknown): Record<string, string> {
    if (!isPlainObject(value)) this.fail(`${key} must be an object of header names and string values, not ${show(value)}`);
    const headers: Record<string, string> = {};
    for (const [name, text] of Object.entries(value)) {
      if (!TOKEN.test(name)) this.fail(`${key} has ${show(name)}, which is not a header name`);
      if (OWN_HEADERS.test(name)) this.fail(`${key}.${name} is set by the harness itself; leave it out`);
      if (typeof text !== 'string' || /[\r\n\0]/.test(text)) this.fail(`${key}.${name} must be a one-line string, not ${show(text)}`);
      headers[name] = text;
    }
    return headers;
  }
}
