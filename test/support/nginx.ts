import { findNginx } from '../../src/target/proxy/nginx.js';

/**
 * The nginx binary the proxy tests run. They are never skipped: CI installs nginx (.ci/run), and a
 * machine without it fails them with this message.
 */
export function nginxBinary(): string {
  const binary = findNginx();
  if (binary === null) throw new Error('these tests run a real nginx, which is not installed: apt-get install -y nginx');
  return binary;
}
