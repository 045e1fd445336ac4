/**
 * The TLS key and certificate the strategies here serve HTTPS and HTTP/2 over TLS with: self-signed,
 * CN=localhost (and 127.0.0.1), valid for a hundred years, made once with
 *   openssl req -x509 -newkey rsa:2048 -nodes -days 36500 -subj /CN=localhost \
 *     -addext subjectAltName=DNS:localhost,IP:127.0.0.1
 * FOR TESTS ONLY: the private key is public, in this repository, so that every checkout can start a
 * TLS strategy with no step of its own and every run serves the same certificate; shutdown-check's
 * clients do not verify a target's certificate (they talk to loopback only). Never serve it elsewhere.
 */
import { readFileSync } from 'node:fs';

/** @returns {{ key: Buffer; cert: Buffer }} */
export function testCertificate() {
  return {
    key: readFileSync(new URL('test-only-localhost.key', import.meta.url)),
    cert: readFileSync(new URL('test-only-localhost.crt', import.meta.url)),
  };
}
