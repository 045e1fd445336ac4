import { describe, expect, it } from 'vitest';
import { OutputTail } from '../../../src/target/output-tail.js';

function tailOf(chunks: string[], maxLines = 3, maxLineChars = 10): string[] {
  const tail = new OutputTail(maxLines, maxLineChars);
  for (const chunk of chunks) tail.write(chunk);
  tail.end();
  return tail.lines;
}

describe('the tail of a target output stream', () => {
  it('keeps the last lines only', () => {
    expect(tailOf(['a\nb\nc\nd\ne\n'])).toEqual(['c', 'd', 'e']);
  });

  it('joins a line split across chunks', () => {
    expect(tailOf(['he', 'll', 'o\nwor', 'ld\n'])).toEqual(['hello', 'world']);
  });

  it('breaks lines at \\n, \\r\\n and a lone \\r, as readline does, even with \\r\\n split across chunks', () => {
    expect(tailOf(['a\r\nb\rc\n'], 5)).toEqual(['a', 'b', 'c']);
    expect(tailOf(['a\r', '\nb\n'], 5)).toEqual(['a', 'b']);
    expect(tailOf(['a\r', 'b\n'], 5)).toEqual(['a', 'b']);
  });

  it('keeps empty lines', () => {
    expect(tailOf(['a\n\n\nb\n'], 5)).toEqual(['a', '', '', 'b']);
    expect(tailOf(['\r\r'], 5)).toEqual(['', '']);
  });

  it('keeps the start of a long line and counts the characters left out', () => {
    expect(tailOf(['0123456789abcdef\nshort\n'])).toEqual(['0123456789 … (6 more characters)', 'short']);
  });

  it('counts the characters of a line that never ends, however many chunks it takes, and keeps its start', () => {
    const tail = new OutputTail(3, 10);
    for (let i = 0; i < 1000; i++) tail.write('y'.repeat(1000));
    expect(tail.lines).toEqual([]);
    tail.end();
    expect(tail.lines).toEqual(['yyyyyyyyyy … (999990 more characters)']);
  });

  it('counts an unterminated last line only when the stream ends', () => {
    const tail = new OutputTail(3, 10);
    tail.write('done\npartial');
    expect(tail.lines).toEqual(['done']);
    tail.end();
    expect(tail.lines).toEqual(['done', 'partial']);
  });

  it('updates the array it handed out, in place', () => {
    const tail = new OutputTail(2, 10);
    const lines = tail.lines;
    tail.write('a\nb\nc\n');
    expect(lines).toEqual(['b', 'c']);
  });
});
