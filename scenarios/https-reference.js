/**
 * Strategy: the reference (reference.js) served over TLS — HTTPS/1.1 with the test-only certificate.
 *
 * Everything reference.js does holds over TLS alike: https.Server parses HTTP/1.1 with http's own
 * code, so `Connection: close` during the drain, the polls before the listener closes, the graces of
 * idle connections and the deadline work as they do in clear text. It holds every invariant.
 *
 * Routes: as reference.js's.
 */
process.env.TLS = '1';
await import('./reference.js');
