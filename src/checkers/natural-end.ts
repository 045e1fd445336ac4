import type { RequestRecord } from './view.js';

/**
 * When the request would have ended had nothing cut it; undefined when the scenario does not say
 * (then the deadline tolerance does not apply to it).
 */
export function naturalEnd(r: RequestRecord): number | undefined {
  const spec = r.spec;
  if (!spec) return undefined;
  const start = r.sent?.t ?? r.started?.t ?? (spec.kind === 'keep-alive' || spec.kind === 'https' || spec.kind === 'h2' ? spec.requests[r.request]?.at : undefined) ?? spec.at;
  switch (spec.kind) {
    case 'slow':
      return start + spec.latencyMs;
    case 'stream':
      return start + spec.chunks * spec.everyMs;
    case 'http':
      return spec.holdMs !== undefined ? start + spec.holdMs : undefined;
    case 'keep-alive':
    case 'https':
    case 'h2': {
      // Sent when the one before it was answered, not when due: `sent` is when it was written.
      const request = spec.requests[r.request];
      if (request?.latencyMs !== undefined) return start + request.latencyMs;
      if (request?.stream !== undefined) return start + request.stream.chunks * request.stream.everyMs;
      return undefined;
    }
    default:
      return undefined;
  }
}
