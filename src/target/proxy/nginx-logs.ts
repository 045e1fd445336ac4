/**
 * Reads what nginx logged in front of the target: which requests nginx answered itself (502, 503,
 * 504 with no response from the target) and, from its error log, why. Pure: text in, answers out.
 *
 * The access log gives each request its status, the upstream's status and `$upstream_header_time`,
 * which is empty (`-` without escape=json) when no response header came from the target: the status is
 * then nginx's own. `$upstream_addr` is empty when nginx never chose an upstream (the target was out of
 * rotation). The error log names the client connection (`*N`, the access log's `$connection`) of each
 * failure; with `proxy_next_upstream off` an upstream failure logs one `[error]` line and ends its
 * request, so the failures of one client connection pair with its error lines in order.
 */
import type { ProxyCause } from '../../history/events.js';
import { parseRequestIdHeader } from '../agent/protocol.mjs';
import { ACCESS_LOG_FIELDS } from './nginx-config.js';


export interface ProxyAnswer {
  /** the harness's client and request, from the request-id header; null for a request it did not send */
  id: { client: string; request: number } | null;
  status: number;
  /** nginx answered itself: no response header came from the target */
  byProxy: boolean;
  cause: ProxyCause | null;
  /** the error log line that explains it, without its time stamp and pids */
  error: string | null;
}

const INDEX = Object.fromEntries(ACCESS_LOG_FIELDS.map((field, i) => [field, i])) as Record<(typeof ACCESS_LOG_FIELDS)[number], number>;

/** `2026/12/07 01:32:49 [error] 6660#6660: *3 upstream prematurely closed connection ..., client: ...` */
const ERROR_LINE = /^\S+ \S+ \[(error|crit|alert|emerg)\] \d+#\d+: \*(\d+) (.*)$/;

function causeOf(error: string | null): ProxyCause {
  if (error === null) return 'other';
  if (/\(111: Connection refused\)/.test(error)) return 'refused';
  if (/upstream prematurely closed connection|\(104: Connection reset by peer\)|\(32: Broken pipe\)/.test(error)) return 'upstream-closed';
  return 'other';
}

/** The error lines of each client connection, in order, without the `client: ...` tail. */
function errorsByConnection(errorLog: string): Map<number, string[]> {
  const byConnection = new Map<number, string[]>();
  for (const line of errorLog.split('\n')) {
    const match = ERROR_LINE.exec(line);
    if (!match) continue;
    const connection = Number(match[2]);
    const message = (match[3] ?? '').replace(/, client: .*$/, '');
    const list = byConnection.get(connection) ?? [];
    list.push(message);
    byConnection.set(connection, list);
  }
  return byConnection;
}

export function parseNginxLogs(accessLog: string, errorLog: string): ProxyAnswer[] {
  const errors = errorsByConnection(errorLog);
  const answers: ProxyAnswer[] = [];
  for (const line of accessLog.split('\n')) {
    if (line === '') continue;
    const fields = line.split('\t');
    const field = (name: (typeof ACCESS_LOG_FIELDS)[number]): string => fields[INDEX[name]] ?? '';
    const status = Number(field('$status'));
    if (!Number.isInteger(status)) continue;
    const outOfRotation = field('$upstream_addr') === '' || field('$upstream_addr') === '-';
    const headerTime = field('$upstream_header_time');
    const byProxy = outOfRotation || headerTime === '' || headerTime === '-';
    let cause: ProxyCause | null = null;
    let error: string | null = null;
    if (outOfRotation) cause = 'out-of-rotation';
    else if (byProxy) {
      error = errors.get(Number(field('$connection')))?.shift() ?? null;
      cause = causeOf(error);
    }
    answers.push({ id: parseRequestIdHeader(field('$http_x_shutdown_check_request')), status, byProxy, cause, error });
  }
  return answers;
}
