import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { STORED_BODY, WRITTEN_PARTS } from '../fixtures/answer-shapes/bodies.js';
import { fixturePath } from './processes.js';

/** The target whose routes answer in the ways static servers and frameworks do. */
export const ANSWER_SHAPES = fixturePath('answer-shapes/server.js');

/**
 * Writes the file the target's /file route pipes: a few MB, as a static server's download, with every
 * byte's value depending on its place so that a lost, doubled or moved slice shows.
 */
export function bodyFile(megabytes = 4): { file: string; bytes: Buffer } {
  const bytes = Buffer.alloc(megabytes * 1024 * 1024);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7 + (i >> 12)) % 251;
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'shutdown-check-body-')), 'download.bin');
  writeFileSync(file, bytes);
  return { file, bytes };
}

/** Each route that writes a body of its own, how it frames it, and the exact bytes it writes. */
export function shapes(file: Buffer): { path: string; framing: 'content-length' | 'chunked'; body: Buffer }[] {
  const written = Buffer.from(WRITTEN_PARTS.join(''));
  return [
    { path: '/written', framing: 'chunked', body: written },
    { path: '/written-with-length', framing: 'content-length', body: written },
    { path: '/stored', framing: 'content-length', body: Buffer.from(STORED_BODY) },
    { path: '/flushed', framing: 'chunked', body: written },
    { path: '/file', framing: 'content-length', body: file },
  ];
}
