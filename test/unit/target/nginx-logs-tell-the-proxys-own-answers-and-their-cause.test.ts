import { describe, expect, it } from 'vitest';
import { nginxConfig } from '../../../src/target/proxy/nginx-config.js';
import { parseNginxLogs } from '../../../src/target/proxy/nginx-logs.js';

/** Access log lines as the harness's log_format writes them (escape=json: an unset variable is empty). */
const access = [
  'A#0\t200\t127.0.0.1:40001\t200\t0.001\t3\t1\tGET / HTTP/1.1',
  'A#1\t502\t127.0.0.1:40001\t502\t\t3\t2\tGET / HTTP/1.1',
  'B#0\t502\t127.0.0.1:40001\t502\t\t5\t1\tGET /slow?ms=10 HTTP/1.1',
  'C#0\t503\t\t\t\t7\t1\tGET / HTTP/1.1',
  'D#0\t502\t127.0.0.1:40001\t502\t0.002\t8\t1\tGET / HTTP/1.1',
].join('\n');
const error = [
  '2026/12/07 01:45:50 [notice] 17233#17233: start worker processes',
  '2026/12/07 01:45:50 [error] 17233#17233: *3 recv() failed (104: Connection reset by peer) while reading response header from upstream, client: 127.0.0.1, server: , request: "GET / HTTP/1.1", upstream: "http://127.0.0.1:40001/", host: "127.0.0.1:40000"',
  '2026/12/07 01:45:51 [error] 17233#17233: *5 connect() failed (111: Connection refused) while connecting to upstream, client: 127.0.0.1, server: , request: "GET /slow?ms=10 HTTP/1.1", upstream: "http://127.0.0.1:40001/slow?ms=10", host: "127.0.0.1:40000"',
].join('\n');

describe('parseNginxLogs', () => {
  it("tells nginx's own answers from the target's, and gives each its error line and cause", () => {
    expect(parseNginxLogs(access, error)).toEqual([
      { id: { client: 'A', request: 0 }, status: 200, byProxy: false, cause: null, error: null },
      { id: { client: 'A', request: 1 }, status: 502, byProxy: true, cause: 'upstream-closed', error: 'recv() failed (104: Connection reset by peer) while reading response header from upstream' },
      { id: { client: 'B', request: 0 }, status: 502, byProxy: true, cause: 'refused', error: 'connect() failed (111: Connection refused) while connecting to upstream' },
      { id: { client: 'C', request: 0 }, status: 503, byProxy: true, cause: 'out-of-rotation', error: null },
      // a 502 the target sent itself (its header came): not the proxy's
      { id: { client: 'D', request: 0 }, status: 502, byProxy: false, cause: null, error: null },
    ]);
  });
});

describe('nginxConfig', () => {
  const input = { dir: '/tmp/run', listenPort: 40000, upstreamPort: 40001, keepalive: 32 };
  it('pools upstream connections over HTTP/1.1 without retrying a failed request, in the foreground, with its files in the run directory', () => {
    const text = nginxConfig(input);
    for (const line of [
      'daemon off;',
      'master_process on;',
      'pid /tmp/run/nginx.pid;',
      'error_log /tmp/run/error.log info;',
      'server 127.0.0.1:40001;',
      'keepalive 32;',
      'listen 127.0.0.1:40000;',
      'proxy_http_version 1.1;',
      'proxy_set_header Connection $upstream_connection;',
      'proxy_next_upstream off;',
    ]) {
      expect(text).toContain(line);
    }
  });

  it('answers 503 itself, before passing anything to the target, once the run directory holds the out-of-rotation file', () => {
    const text = nginxConfig(input);
    const location = text.slice(text.indexOf('location / {'));
    expect(location.indexOf('if (-f /tmp/run/out-of-rotation) {')).toBeGreaterThan(-1);
    expect(location.indexOf('return 503;')).toBeLessThan(location.indexOf('proxy_pass'));
  });
});
