/**
 * Strategy: the HTTP/2 reference (http2-goaway.js) served over TLS — ALPN h2 with the test-only
 * certificate. It holds every invariant, http2-goaway among them, as it does in clear text.
 *
 * Routes: as http2-goaway.js's.
 */
process.env.TLS = '1';
await import('./http2-goaway.js');
