import { XMLValidator } from 'fast-xml-parser';
import { expect, it } from 'vitest';
import { formatJunit } from '../../../src/report/junit.js';
import { escapeAttribute, escapeText } from '../../../src/report/markup.js';
import { children, failingReport, parseXml } from './reports.js';

// What XML 1.0 §2.2 allows: tab, LF, CR, and U+0020 upwards except surrogates and U+FFFE/U+FFFF.
// eslint-disable-next-line no-control-regex -- the test is about exactly these characters
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

it('escapes the five markup characters in text and attributes', () => {
  expect(escapeText(`a < b && c > "d" 'e'`)).toBe('a &lt; b &amp;&amp; c &gt; &quot;d&quot; &#39;e&#39;');
  expect(escapeAttribute('x="1"')).toBe('x=&quot;1&quot;');
});

it('keeps tab, LF and CR in attributes as character references, which a parser would otherwise turn into spaces', () => {
  expect(escapeAttribute('one\ttwo\nthree\r')).toBe('one&#9;two&#10;three&#13;');
  expect(escapeText('one\ttwo\nthree')).toBe('one\ttwo\nthree');
});

it('writes characters XML cannot carry as visible \\u escapes, and keeps a valid surrogate pair', () => {
  expect(escapeText('nul\u0000 esc\u001b bell\u0007')).toBe('nul\\u0000 esc\\u001b bell\\u0007');
  expect(escapeText('lone \ud800 high, lone \udc00 low')).toBe('lone \\ud800 high, lone \\udc00 low');
  expect(escapeText('pair \ud83d\ude00 kept')).toBe('pair \ud83d\ude00 kept');
  expect(escapeText('\ufffe\uffff')).toBe('\\ufffe\\uffff');
});

it('turns a hostile evidence sentence and target name into well-formed XML that parses back to the same words, on one line each', () => {
  const sentence = `the target threw "Error: <boom> & 'bang'"\nat line 2\u0000\u001b[31m`;
  const report = failingReport({ target: 'servers/a&b <c>.js' });
  const [first, ...rest] = report.invariants;
  if (!first || first.verdict !== 'violated') throw new Error('fixture changed: the first invariant should be violated');
  const hostile = { ...report, invariants: [{ ...first, evidence: [{ message: sentence, events: [] }] }, ...rest] };
  const xml = formatJunit(hostile);
  expect(XMLValidator.validate(xml)).toBe(true);
  expect(xml).not.toMatch(FORBIDDEN);

  const suite = children(children(parseXml(xml), 'testsuites')[0], 'testsuite')[0];
  const testcase = children(suite, 'testcase')[0];
  expect(testcase?.classname).toBe('servers/a&b <c>.js');
  const failure = children(testcase, 'failure')[0];
  // The target's line break and escapes are shown, not obeyed (see printable.ts); the lines are ours.
  expect(failure?.message).toBe(`the target threw "Error: <boom> & 'bang'"\\nat line 2\\x00\\x1b[31m\nreplay: ${report.replay}`);
  expect(failure?.['#text']).toContain(`the target threw "Error: <boom> & 'bang'"\\nat line 2\\x00\\x1b[31m`);
});
