import type { ClientSpec, KeepAliveRequest, Scenario, SignalName, StreamShape } from './types.js';

/**
 * A scenario as a few readable steps, one per client and one for the signals, for a failure report.
 * Pure.
 */
export function describeScenario(scenario: Scenario): string[] {
  const lines = scenario.clients.map((spec) => `${spec.id} (${spec.kind}) ${describeClient(spec, scenario.signal)}`);
  const signals = [`${scenario.signal} at ${msText(scenario.signalAt)}`];
  if (scenario.secondSignal) signals.push(`a second ${scenario.secondSignal.signal} at ${msText(scenario.secondSignal.at)}`);
  signals.push(`SIGKILL at ${msText(scenario.signalAt + scenario.graceMs)} if still running`);
  lines.push(signals.join('; '));
  return lines;
}

function describeClient(spec: ClientSpec, signal: SignalName): string {
  switch (spec.kind) {
    case 'http': {
      const what = spec.route !== undefined ? configRequest(spec.route) : `GET ${spec.path ?? '/'}`;
      return spec.holdMs === undefined
        ? `sends ${what} at ${msText(spec.at)}`
        : `sends ${what} answered after ${msText(spec.holdMs)}, at ${msText(spec.at)}`;
    }
    case 'keep-alive':
      return describeKeepAlive(spec.requests, signal);
    case 'slow':
      return `sends a request answered after ${msText(spec.latencyMs)}, at ${msText(spec.at)}`;
    case 'stream':
      return `asks for ${streamText(spec)}, at ${msText(spec.at)}`;
    case 'websocket':
      return `opens a WebSocket at ${msText(spec.at)} and ${sends(spec.messages, 'a message', 'messages')}`;
    case 'raw':
      return `connects at ${msText(spec.at)} and ${sends(spec.messages, 'a line to be echoed', 'lines to be echoed')}`;
    case 'silent':
      return `connects at ${msText(spec.at)} and sends nothing`;
    case 'late': {
      const at = [spec.at, ...spec.attempts];
      const what = spec.route !== undefined ? configRequest(spec.route) : 'GET';
      return at.length === 1
        ? `opens a new connection with one ${what} at ${msText(spec.at)}`
        : `opens a new connection with one ${what} at each of ${msList(at)}`;
    }
  }
}

/** GETs of one path read as one list of times; anything else as one phrase per request. */
function describeKeepAlive(requests: readonly KeepAliveRequest[], signal: SignalName): string {
  const paths = new Set(requests.map((r) => r.path));
  const [only] = paths;
  if (paths.size === 1 && only !== undefined && requests.every((r) => !r.withSignal)) {
    return `sends GET ${only} at ${msList(requests.map((r) => r.at))}`;
  }
  return `sends ${requests.map((r) => requestText(r, signal)).join(', ')}`;
}

function requestText(r: KeepAliveRequest, signal: SignalName): string {
  let what: string;
  if (r.latencyMs !== undefined) what = `a request answered after ${msText(r.latencyMs)},`;
  else if (r.stream !== undefined) what = `${streamText(r.stream)},`;
  else if (r.route !== undefined) what = configRequest(r.route);
  else what = `GET ${r.path ?? '/'}`;
  const when = r.withSignal ? `at ${msText(r.at)} right after the ${signal}, on the idle connection` : `at ${msText(r.at)}`;
  return `${what} ${when}`;
}

function configRequest(index: number): string {
  return `request ${index} of the config`;
}

function streamText(stream: StreamShape): string {
  const what = stream.sse ? `an SSE stream of ${count(stream.chunks, 'event')}` : `a stream of ${count(stream.chunks, 'chunk')}`;
  return `${what}, one every ${msText(stream.everyMs)}`;
}

function sends(at: number[], one: string, many: string): string {
  if (at.length === 0) return 'sends nothing';
  return at.length === 1 ? `sends ${one} at ${msList(at)}` : `sends ${many} at ${msList(at)}`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function msText(ms: number): string {
  return `${ms} ms`;
}

function msList(ms: number[]): string {
  return ms.map(msText).join(', ');
}
