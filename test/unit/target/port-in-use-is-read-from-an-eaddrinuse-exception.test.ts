import { describe, expect, it } from 'vitest';
import { describeFailure, portInUse } from '../../../src/target/errors.js';

describe('an uncaught exception at start-up, read for a port in use', () => {
  it('finds the port of an EADDRINUSE on IPv6 and IPv4 addresses', () => {
    expect(portInUse('Error: listen EADDRINUSE: address already in use :::3000')).toEqual({ port: 3000 });
    expect(portInUse('Error: listen EADDRINUSE: address already in use 127.0.0.1:8080')).toEqual({ port: 8080 });
  });

  it('is an EADDRINUSE without a port when the message names none', () => {
    expect(portInUse('Error: EADDRINUSE')).toEqual({ port: null });
  });

  it('is nothing for any other exception, or none', () => {
    expect(portInUse('Error: listen EACCES: permission denied 0.0.0.0:80')).toBeNull();
    expect(portInUse(null)).toBeNull();
  });

  it('tells a user of --keep-ports to drop it, and anyone else that the listen was not remapped', () => {
    expect(describeFailure({ kind: 'port-in-use', port: 3000, keepPorts: true }, 'server.js')).toMatch(
      /^target server\.js could not listen: port 3000 is already in use \(EADDRINUSE\); .* drop --keep-ports/,
    );
    expect(describeFailure({ kind: 'port-in-use', port: null, keepPorts: false }, 'server.js')).toMatch(
      /^target server\.js could not listen: a port it asked for is already in use \(EADDRINUSE\), on a listen the harness does not remap/,
    );
  });
});
