// The harness's `/bin/sh -c` execs a simple command, so the user's command is the process signalled
// (a container's exec form), and leaves anything else as written (its shell form).
import { describe, expect, it } from 'vitest';
import { execForm } from '../../../src/target/exec-form.js';

describe('execForm', () => {
  it.each([
    ['npm start', 'exec npm start'],
    ['python3 server.py --mode graceful', 'exec python3 server.py --mode graceful'],
    ['PORT=8080 NODE_ENV=production ./server', 'PORT=8080 NODE_ENV=production exec ./server'],
    ['sh -c "node server.js; echo done"', 'exec sh -c "node server.js; echo done"'],
    ["bash -c 'a && b'", "exec bash -c 'a && b'"],
    ['node server.js 2>&1', 'exec node server.js 2>&1'],
    ['node server.js > log', 'exec node server.js > log'],
  ])('execs %s', (cmd, script) => {
    expect(execForm(cmd)).toBe(script);
  });

  it.each([
    'node server.js; echo done',
    'cd app && npm start',
    'node a.js | tee log',
    'node server.js &',
    '(node server.js)',
    'exec node server.js',
    'cd app',
    'trap "" TERM; node server.js',
    'FOO=1',
    'node "unterminated',
    'node `which server`',
  ])('runs %s as written', (cmd) => {
    expect(execForm(cmd)).toBe(cmd);
  });
});
