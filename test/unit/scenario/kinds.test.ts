import { describe, expect, it } from 'vitest';
import { selectKinds, supportedKinds } from '../../../src/scenario/kinds.js';

const http = { upgrade: false, websocketConfig: null, raw: false } as const;

describe('client kinds a target gets', () => {
  it('gives an HTTP target the design mix, without plain http and without websocket when it has no endpoint', () => {
    expect(supportedKinds(http)).toEqual(['keep-alive', 'slow', 'stream', 'silent', 'late']);
  });

  it('adds websocket when the agent saw an upgrade listener and the config says nothing', () => {
    expect(supportedKinds({ ...http, upgrade: true })).toEqual(['keep-alive', 'slow', 'stream', 'websocket', 'silent', 'late']);
  });

  it('adds websocket when the config says websocket: true, whatever the agent saw', () => {
    expect(supportedKinds({ ...http, websocketConfig: true })).toContain('websocket');
  });

  it('leaves websocket out when the config says websocket: false, even with an upgrade listener', () => {
    expect(supportedKinds({ ...http, upgrade: true, websocketConfig: false })).not.toContain('websocket');
  });

  it('gives a raw TCP target raw and silent clients only', () => {
    expect(supportedKinds({ ...http, raw: true })).toEqual(['raw', 'silent']);
    expect(supportedKinds({ raw: true, upgrade: true, websocketConfig: true })).toEqual(['raw', 'silent']);
  });

  it('keeps the requested kinds the target supports, in the requested order, each once', () => {
    const selection = selectKinds({ ...http, upgrade: true, requested: ['late', 'websocket', 'http', 'late', 'slow'] });
    expect(selection).toEqual({ kinds: ['late', 'websocket', 'http', 'slow'], dropped: [] });
  });

  it('drops a requested websocket the target has no endpoint for, and says why', () => {
    expect(selectKinds({ ...http, requested: ['slow', 'websocket'] })).toEqual({
      kinds: ['slow'],
      dropped: [
        {
          kind: 'websocket',
          why: "the target has no WebSocket endpoint: no 'upgrade' listener was seen, and the config does not say websocket: true",
        },
      ],
    });
    expect(selectKinds({ ...http, upgrade: true, websocketConfig: false, requested: ['websocket'] }).dropped).toEqual([
      { kind: 'websocket', why: 'the config says websocket: false' },
    ]);
  });

  it('drops raw clients for an HTTP target and HTTP clients for a raw target, and says why', () => {
    expect(selectKinds({ ...http, requested: ['raw', 'keep-alive'] })).toEqual({
      kinds: ['keep-alive'],
      dropped: [{ kind: 'raw', why: 'raw clients are for plain TCP targets, and the target speaks HTTP' }],
    });
    expect(selectKinds({ ...http, raw: true, requested: ['stream', 'silent', 'late', 'raw'] })).toEqual({
      kinds: ['silent', 'raw'],
      dropped: [
        { kind: 'stream', why: 'stream clients speak HTTP, and the target is raw TCP' },
        { kind: 'late', why: 'late connectors send HTTP requests, and the target is raw TCP' },
      ],
    });
  });

  it('gives no kinds when none of the requested ones applies, leaving the verdict on that to the caller', () => {
    expect(supportedKinds({ ...http, requested: ['raw'] })).toEqual([]);
    expect(selectKinds({ ...http, requested: [] })).toEqual({ kinds: [], dropped: [] });
  });
});

describe('client kinds a TLS or HTTP/2 target gets', () => {
  const none = { http1: false, https: false, h2c: false, h2: false };

  it('gives an https.Server https and silent clients, and no clear-text HTTP/1.1 kind', () => {
    expect(supportedKinds({ ...http, protocols: { ...none, https: true } })).toEqual(['silent', 'https']);
  });

  it('gives a clear-text HTTP/2 server h2 and silent clients only', () => {
    expect(supportedKinds({ ...http, protocols: { ...none, h2c: true } })).toEqual(['silent', 'h2']);
  });

  it('gives a secure HTTP/2 server with allowHTTP1 both https and h2 clients', () => {
    expect(supportedKinds({ ...http, protocols: { ...none, h2: true, https: true } })).toEqual(['silent', 'https', 'h2']);
  });

  it('gives a clear-text HTTP/1.1 server neither https nor h2 clients, and says why when they are asked for', () => {
    const selection = selectKinds({ ...http, protocols: { ...none, http1: true }, requested: ['h2', 'https', 'keep-alive'] });
    expect(selection.kinds).toEqual(['keep-alive']);
    expect(selection.dropped).toEqual([
      { kind: 'h2', why: 'h2 clients speak HTTP/2, and the target serves HTTP/1.1 in clear text' },
      { kind: 'https', why: 'https clients speak HTTP/1.1 over TLS, and the target serves HTTP/1.1 in clear text' },
    ]);
  });

  it('drops a clear-text keep-alive client asked for against a TLS server, and says what the target serves', () => {
    const selection = selectKinds({ ...http, protocols: { ...none, h2: true }, requested: ['keep-alive'] });
    expect(selection.dropped).toEqual([{ kind: 'keep-alive', why: 'keep-alive clients speak HTTP/1.1 in clear text, and the target serves HTTP/2 over TLS' }]);
  });
});
