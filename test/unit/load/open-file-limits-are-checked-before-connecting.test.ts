import { describe, expect, it } from 'vitest';
import { fileLimitProblem, parseOpenFilesLimit } from '../../../src/load/limits.js';

const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max cpu time              unlimited            unlimited            seconds
Max open files            1024                 524288               files
Max locked memory         8388608              8388608              bytes`;

describe('open-file limits', () => {
  it('are read from the "Max open files" line of /proc/<pid>/limits', () => {
    expect(parseOpenFilesLimit(LIMITS)).toEqual({ soft: 1024, hard: 524288 });
    expect(parseOpenFilesLimit('Max open files            unlimited            unlimited            files')).toEqual({
      soft: Infinity,
      hard: Infinity,
    });
    expect(parseOpenFilesLimit('nothing here')).toBeNull();
  });

  it('say in one line what is wrong and what to do when the connections do not fit', () => {
    expect(fileLimitProblem('the harness', 5000, { soft: 1024, hard: 4096 })).toBe(
      '--connections 5000 needs about 5,064 open files in the harness, which may open 1,024 (ulimit -n; hard limit 4,096): ' +
        'use at most 960 connections, or raise the hard limit (ulimit -Hn as root, LimitNOFILE= in a systemd unit, nofile in /etc/security/limits.conf)',
    );
  });

  it('let connections through that fit, and an unknown limit', () => {
    expect(fileLimitProblem('the target', 960, { soft: 1024, hard: 1024 })).toBeNull();
    expect(fileLimitProblem('the target', 1_000_000, null)).toBeNull();
  });
});
