/**
 * Strategy: a raw TCP line-echo service that polls its listener and its connections with short
 * deadlines, ported from a common Go pattern.
 *
 * In Go a blocking `Accept()` or `Read()` cannot see a quit flag, so services set short deadlines
 * (`listener.SetDeadline`, `conn.SetReadDeadline`) and check the flag each time one expires. This
 * service keeps that structure with timers: the accept loop looks at the flag every LISTEN_POLL_MS
 * (1 s, a common choice of deadline) and closes the listener once it is set; each connection looks at
 * it every READ_POLL_MS (1 s), counted from its accept, and once it is set, ends the connection with FIN as soon as no
 * partial line is buffered. Complete lines are echoed as they arrive. The process exits (status 0)
 * when the listener and the last connection are closed. SIGTERM only sets the flag.
 *
 * Expected to break no-accept-then-drop: for up to one listener poll after the signal the listener is
 * still open, so a new connection is accepted, and its first read poll — which sees the flag already
 * set and nothing buffered — closes it before it sends its first line. It holds the rest: a session
 * open at the signal has its lines echoed and gets a FIN, a silent connection gets a FIN, and the
 * process is gone within a poll or two.
 */
import net from 'node:net';

const LISTEN_POLL_MS = 1_000;
const READ_POLL_MS = 1_000;
let quit = false;

const server = net.createServer((socket) => {
  let buffered = '';
  socket.on('data', (chunk) => {
    buffered += chunk.toString('utf8');
    let newline;
    while ((newline = buffered.indexOf('\n')) !== -1) {
      socket.write(buffered.slice(0, newline + 1));
      buffered = buffered.slice(newline + 1);
    }
  });
  socket.on('error', () => socket.destroy());
  // The read deadline: let the current line finish, then close.
  const readPoll = setInterval(() => {
    if (quit && buffered === '') {
      clearInterval(readPoll);
      socket.end();
    }
  }, READ_POLL_MS);
  socket.on('close', () => clearInterval(readPoll));
});

// The accept deadline: the listener stays open until the next poll after the signal.
const acceptPoll = setInterval(() => {
  if (quit) {
    clearInterval(acceptPoll);
    server.close();
  }
}, LISTEN_POLL_MS);

process.on('SIGTERM', () => {
  quit = true;
});

server.listen(Number(process.env.PORT ?? 3000));
