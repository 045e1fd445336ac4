import type { Socket } from 'node:net';

/** The libuv stream under a socket, as far as holding its reading goes. */
interface ReadingHandle {
  readStop(): number;
  readStart(): number;
}

/** Sockets whose reading is held now, and the handle to restart. */
const held = new WeakMap<Socket, ReadingHandle>();

/**
 * Stops reading `socket` at its libuv handle, not with pause(): a paused stream still reads, and a FIN
 * it reads reaches the client. Node's net.Socket stops reading this way itself (Socket.prototype.pause
 * for sockets with `onread`, lib/net.js); its `_handle.reading` flag is left set, so that Socket#_read
 * does not start reading again behind the hold. True when the hold took.
 */
export function holdReading(socket: Socket): boolean {
  const handle = readingHandle(socket);
  if (!handle || held.has(socket) || handle.readStop() !== 0) return false;
  held.set(socket, handle);
  return true;
}

/** Reads `socket` again after holdReading. */
export function releaseReading(socket: Socket): void {
  const handle = held.get(socket);
  held.delete(socket);
  if (handle && !socket.destroyed) handle.readStart();
}

/**
 * Whether the harness reads what arrives on `socket` now: not held, and not stopped by Node itself
 * (a full read buffer sets `_handle.reading` false until the stream is read again).
 */
export function readingNow(socket: Socket): boolean {
  if (held.has(socket)) return false;
  const handle = (socket as unknown as { _handle?: { reading?: boolean } | null })._handle;
  return handle?.reading === true;
}

function readingHandle(socket: Socket): ReadingHandle | null {
  const handle = (socket as unknown as { _handle?: Partial<ReadingHandle> | null })._handle;
  if (typeof handle?.readStop !== 'function' || typeof handle.readStart !== 'function') return null;
  return handle as ReadingHandle;
}
