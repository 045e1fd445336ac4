// Literal /proc texts (proc(5)) as a Linux 6 kernel writes them.
import { describe, expect, it } from 'vitest';
import { commandLine, listeningInodes, sigtermDisposition, socketInode, statFacts } from '../../../src/target/proc-facts.js';

const TCP = [
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
  '   0: 0100007F:A410 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 81234 1 0000000000000000 100 0 0 10 0',
  '   1: 0100007F:A410 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 81240 1 0000000000000000 20 4 30 10 -1',
  '   2: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1275 1 0000000000000000 100 0 0 10 0',
].join('\n');
const TCP6 = [
  '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
  '   0: 00000000000000000000000000000000:A410 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 99001 1 0000000000000000 100 0 0 10 0',
].join('\n');

describe('/proc texts', () => {
  it('the listening sockets of a port, not its connections nor other ports', () => {
    expect(listeningInodes(TCP, 0xa410)).toEqual(['81234']);
    expect(listeningInodes(TCP6, 0xa410)).toEqual(['99001']);
    expect(listeningInodes(TCP, 8080)).toEqual([]);
  });

  it('a socket fd link names its inode', () => {
    expect(socketInode('socket:[81234]')).toBe('81234');
    expect(socketInode('/dev/null')).toBeNull();
  });

  it('stat: state, process group and start time, with a command name holding spaces and a parenthesis', () => {
    const stat = '4260 (node server) x) S 4259 4217 4217 0 -1 4194560 2722 0 0 0 8 2 0 0 20 0 11 0 26614 1126371328 12470 18446744073709551615';
    expect(statFacts(stat)).toEqual({ state: 'S', pgrp: 4217, startTime: '26614' });
    expect(statFacts('')).toBeNull();
  });

  it('SIGTERM (bit 14) caught, ignored, or left to its default', () => {
    const status = (ign: string, cgt: string) => `Name:\tnode\nSigBlk:\t0000000000000000\nSigIgn:\t${ign}\nSigCgt:\t${cgt}\n`;
    expect(sigtermDisposition(status('0000000000001000', '0000000188004602'))).toBe('handled');
    expect(sigtermDisposition(status('0000000000004000', '0000000000000000'))).toBe('ignored');
    expect(sigtermDisposition(status('0000000000001000', '0000000180000000'))).toBe('default');
    expect(sigtermDisposition('Name:\tx\n')).toBeNull();
  });

  it('a command line is its NUL-separated words', () => {
    expect(commandLine('npm start\0\0')).toBe('npm start');
    expect(commandLine('node\0server.js\0')).toBe('node server.js');
  });
});
