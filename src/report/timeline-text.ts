import type { History, HistoryEvent } from '../history/events.js';
import type { ServerAtEnd } from '../history/server-at-end.js';
import { printable } from './printable.js';

/** One readable line per event: what happened, to whom; what the target said is made printable. Pure. */
export function describeEvent(e: HistoryEvent): string {
  const place = e.proc === undefined || e.type === 'process-exited' ? '' : ` [${processName(e.proc)}]`;
  return printable(describe(e) + place);
}

function processName(proc: number): string {
  return proc === 0 ? 'primary' : `worker ${proc}`;
}

function describe(e: HistoryEvent): string {
  switch (e.type) {
    case 'listening':
      return `target listens (listener ${e.listener})`;
    case 'listener-closed':
      return `target closes listener ${e.listener}`;
    case 'server-connection-opened':
      return `server accepts a connection from ${e.client}`;
    case 'server-connection-closed':
      return `server's connection to ${e.client} closes${e.hadError ? ' with an error' : ''}`;
    case 'server-request-started':
      return `server reads ${e.method} ${e.path} (request ${e.request} of ${e.client})${e.afterServerEnd ? ', after it ended the connection' : ''}${e.upstream !== undefined ? ` on the proxy's upstream connection ${e.upstream}` : ''}`;
    case 'server-response-started':
      return `server starts response ${e.request} of ${e.client}: ${e.status}${e.connectionClose ? ', Connection: close' : ''}`;
    case 'server-response-finished':
      return `server finishes response ${e.request} of ${e.client}: ${e.status}${e.connectionClose ? ', Connection: close' : ''}`;
    case 'server-upgrade':
      return `server upgrades ${e.client}'s connection`;
    case 'signal-handler-added':
      return `target installs a ${e.signal} handler`;
    case 'signal-handled':
      return `target's ${e.signal} handler runs`;
    case 'uncaught-exception':
      return `target throws: ${e.message}`;
    case 'target-exited':
      return e.signal ? `target is killed by ${e.signal}` : `target exits with code ${e.code}`;
    case 'process-exited': {
      const how = e.signal ? `is killed by ${e.signal}` : `exits with code ${e.code}`;
      const left = e.workersAlive?.length ? `, leaving worker${e.workersAlive.length > 1 ? 's' : ''} ${e.workersAlive.join(', ')} running` : '';
      const lost = e.primaryLost ? ', its primary gone' : '';
      return `${processName(e.proc)} ${how}${left}${lost}`;
    }
    case 'signal-sent':
      return `${e.signal} sent${e.nth > 1 ? ` (signal ${e.nth})` : ''}`;
    case 'kill-sent':
      return 'grace period over: SIGKILL sent to the process group';
    case 'client-connect':
      return `${e.client} connects${later(e.session)}`;
    case 'client-connected':
      return `${e.client} is connected${later(e.session)}`;
    case 'client-refused':
      return `${e.client} is refused${later(e.session)}`;
    case 'request-sent':
      return `${e.client} ${e.retry ? 'sends again' : 'sends'} request ${e.request}: GET ${e.path}${e.streamId !== undefined ? ` on HTTP/2 stream ${e.streamId}` : ''}${later(e.session)}`;
    case 'request-outcome':
      return `${e.client} request ${e.request}: ${e.outcome}${e.status !== undefined ? ` (${e.status}${e.connectionClose ? ', Connection: close' : ''})` : ''}${e.rstCode !== undefined ? `, stream closed with HTTP/2 code ${e.rstCode}` : ''}${e.bytesWritten ? '' : ', request not fully written'}${e.retried ? ', to be sent again on another session' : ''}`;
    case 'response-began':
      return `${e.client} request ${e.request}: the response begins (${e.status}${e.connectionClose ? ', Connection: close' : ''})`;
    case 'connection-ended':
      return `${e.client}'s connection ends with ${e.how.toUpperCase()} from the ${e.by}${later(e.session)}`;
    case 'goaway-received':
      return `${e.client} receives GOAWAY (code ${e.code}, last stream ${e.lastStreamId})${later(e.session)}`;
    case 'websocket-closed':
      return `${e.client}'s WebSocket closes with ${e.code}${e.reason ? ` (${e.reason})` : ''}`;
    case 'proxy-in-front':
      return `${e.proxy} stands between the clients and the target`;
    case 'proxy-answered':
      return `the proxy answers ${e.client} request ${e.request} itself: ${e.status} (${e.cause})${e.error ? `: ${e.error}` : ''}`;
    case 'watchdog':
      return `harness gives up: ${e.reason}`;
    case 'server-process':
      return serverProcessText(e.at);
  }
}

/** An h2 client's session past its first, named; its first needs no name until there is another. */
function later(session: number | undefined): string {
  return session !== undefined && session > 1 ? ` (HTTP/2 session ${session})` : '';
}

/** The history as a text timeline, one event a line, time right-aligned. Pure. */
export function formatTimeline(history: History): string {
  const width = Math.max(1, ...history.map((e) => String(e.t).length));
  return history.map((e) => `${String(e.t).padStart(width)} ms  ${describeEvent(e)}`).join('\n');
}

/** Where the process that listens stood when what was left of the command was SIGKILLed. Pure. */
export function serverProcessText(at: ServerAtEnd): string {
  switch (at.kind) {
    case 'recipient':
      return `the process that got the signal, \`${at.command}\`, is the server`;
    case 'unknown':
      return `which process is the server is unknown: ${at.reason}`;
    case 'other': {
      const state = { gone: 'had exited', 'not-listening': 'had closed its listener', listening: 'was still listening' }[at.state];
      return `the signal went to \`${at.recipient}\`; the server, \`${at.server}\`, ${state} when the rest was SIGKILLed`;
    }
  }
}
