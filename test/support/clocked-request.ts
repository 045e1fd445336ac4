import http from 'node:http';
import http2 from 'node:http2';
import { setTimeout as delay } from 'node:timers/promises';
import { REQUEST_ID_HEADER, requestIdHeader } from '../../src/target/agent-protocol.js';
import type { TargetProcess } from '../../src/target/launch.js';

/** What the client of one request saw, each arrival stamped with a time on the target's clock. */
export interface ClockedAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** when the status line and headers arrived */
  headersAt: number;
  /** when the body ended */
  endAt: number;
  /** the body's bytes as they arrived */
  arrivals: { t: number; bytes: number }[];
}

/** Real ms with nothing received before the clock moves on: anything let out has had time to arrive. */
const CLIENT_QUIET_MS = 30;
/** A request the target never reads, or never answers, is a failed test, not a hang. */
const READ_LIMIT_MS = 30_000;

let sequence = 0;

/** Which protocol the request goes over: HTTP/1.1, or one stream of an HTTP/2 session in clear text. */
export type Protocol = 'http1' | 'h2c';

type Get = (port: number, path: string, headers: Record<string, string>, now: () => number) => { answer: Promise<ClockedAnswer>; lastArrival: () => number };

/** One stream of a session of its own, the session closed once the answer has ended. */
const getH2: Get = (port, path, headers, now) => {
  let last = performance.now();
  const answer = new Promise<ClockedAnswer>((resolve, reject) => {
    const session = http2.connect(`http://127.0.0.1:${port}`);
    session.on('error', reject);
    const stream = session.request({ ':path': path, ...headers });
    const chunks: Buffer[] = [];
    const arrivals: { t: number; bytes: number }[] = [];
    let head: http2.IncomingHttpHeaders = {};
    let headersAt = 0;
    stream.on('response', (h) => {
      head = h;
      headersAt = now();
      last = performance.now();
    });
    stream.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      arrivals.push({ t: now(), bytes: chunk.length });
      last = performance.now();
    });
    stream.on('end', () => {
      resolve({ status: Number(head[':status'] ?? 0), headers: head as http.IncomingHttpHeaders, body: Buffer.concat(chunks), headersAt, endAt: now(), arrivals });
      session.close();
    });
    stream.on('error', reject);
    stream.end();
  });
  return { answer, lastArrival: () => last };
};

const getHttp1: Get = (port, path, headers, now) => {
  let last = performance.now();
  const answer = new Promise<ClockedAnswer>((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path, headers: { ...headers, connection: 'close' }, agent: false }, (response) => {
      const headersAt = now();
      last = performance.now();
      const chunks: Buffer[] = [];
      const arrivals: { t: number; bytes: number }[] = [];
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        arrivals.push({ t: now(), bytes: chunk.length });
        last = performance.now();
      });
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks), headersAt, endAt: now(), arrivals }),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
  });
  return { answer, lastArrival: () => last };
};

async function until(what: string, met: () => boolean): Promise<void> {
  const deadline = performance.now() + READ_LIMIT_MS;
  while (!met()) {
    if (performance.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await delay(10);
  }
}

/**
 * One GET with `Connection: close` to a target under the virtual clock, moving the clock from one due
 * timer to the next until the answer has ended, as the executor does: the clock moves only once the
 * target has read the request, is quiet, and the client has received nothing for a moment, so each
 * arrival is stamped with the virtual time that let it out.
 */
export async function requestUnderVirtualClock(target: TargetProcess, path: string, headers: Record<string, string>, protocol: Protocol = 'http1'): Promise<ClockedAnswer> {
  const get = protocol === 'h2c' ? getH2 : getHttp1;
  const id = requestIdHeader('probe', sequence++);
  let now = (await target.command('status'))?.now ?? 0;
  const { answer, lastArrival } = get(target.port ?? 0, path, { ...headers, [REQUEST_ID_HEADER]: id }, () => now);
  let done = false;
  void answer.then(
    () => (done = true),
    () => (done = true),
  );
  await until(`the target reads ${path}`, () => target.events.some((e) => e.type === 'request-started' && e.id !== null && `${e.id.client}#${e.id.request}` === id));
  const deadline = performance.now() + READ_LIMIT_MS;
  while (!done) {
    if (performance.now() > deadline) throw new Error(`gave up waiting for the answer to ${path}`);
    const status = await target.command('status');
    for (let quiet = performance.now() - lastArrival(); quiet < CLIENT_QUIET_MS; quiet = performance.now() - lastArrival()) {
      await delay(CLIENT_QUIET_MS - quiet);
    }
    if (done) break;
    if (status === null) throw new Error('the target exited before it answered');
    if (status.next === null) {
      // Nothing left to fire: what remains is on its way.
      await Promise.race([answer, delay(CLIENT_QUIET_MS)]);
      continue;
    }
    now = status.next;
    await target.command('advance', status.next);
  }
  return answer;
}

/** One GET with `Connection: close` to a target under the real clock; times are real ms since it was sent. */
export async function requestUnderRealClock(port: number, path: string, headers: Record<string, string>, protocol: Protocol = 'http1'): Promise<ClockedAnswer> {
  const sent = performance.now();
  const get = protocol === 'h2c' ? getH2 : getHttp1;
  return get(port, path, headers, () => performance.now() - sent).answer;
}
