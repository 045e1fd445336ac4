// A command target has no agent to say what it serves: the harness asks it as a client would. Each
// server here is a real process on a port of its own; the answer must be the shape a Node target's
// agent gives for the same kind of server (agent/listeners.mjs protocolsOf).
import { describe, expect, it } from 'vitest';
import { launchCommand } from '../../src/target/command.js';
import { probeProtocols } from '../../src/target/protocol-probe.js';
import { fixturePath, scenarioPath } from '../support/processes.js';

const CERTIFICATE = scenarioPath('lib/test-only-localhost');
const server = fixturePath('python/server.py');

const cases: [string, string, { http1: boolean; https: boolean; h2c: boolean; h2: boolean } | 'raw'][] = [
  ['a Python HTTP/1.1 server in clear text', `python3 ${server} --mode graceful`, { http1: true, https: false, h2c: false, h2: false }],
  ['a Python HTTPS server (ALPN http/1.1)', `python3 ${server} --mode graceful --tls ${CERTIFICATE}`, { http1: false, https: true, h2c: false, h2: false }],
  [
    'a Python HTTPS server that answers clear text with a 400, as Go does',
    `python3 ${fixturePath('python/https-refusing-clear-text-with-400.py')} ${CERTIFICATE}`,
    { http1: false, https: true, h2c: false, h2: false },
  ],
  ['a Node https server', `node ${scenarioPath('https-reference.js')}`, { http1: false, https: true, h2c: false, h2: false }],
  ['a Node HTTP/2 server in clear text (h2c)', `node ${scenarioPath('http2-goaway.js')}`, { http1: false, https: false, h2c: true, h2: false }],
  ['a Node HTTP/2 server over TLS (ALPN h2)', `node ${scenarioPath('http2-tls.js')}`, { http1: false, https: false, h2c: false, h2: true }],
  ['a Node HTTP/2 secure server with allowHTTP1', `node ${fixturePath('h2-secure-allowing-http1.mjs')}`, { http1: false, https: true, h2c: false, h2: true }],
  ['a Python line-echo service', `python3 ${fixturePath('python/echo.py')}`, 'raw'],
];

describe('the probe of a command target', () => {
  it.each(cases)('finds what %s serves', async (_what, cmd, expected) => {
    const target = await launchCommand({ cmd, portEnv: 'PORT', startupTimeoutMs: 60_000 });
    try {
      const found = await probeProtocols(target.port);
      if (expected === 'raw') {
        expect(found).toEqual({ http: false, protocols: { http1: false, https: false, h2c: false, h2: false } });
      } else {
        expect(found).toEqual({ http: true, protocols: expected });
      }
    } finally {
      await target.dispose();
    }
  }, 90_000);
});
