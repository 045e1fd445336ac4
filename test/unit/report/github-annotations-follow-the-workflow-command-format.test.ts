import { describe, expect, it } from 'vitest';
import { ADVICE } from '../../../src/report/advice.js';
import { escapeData, escapeProperty, formatGithubAnnotations } from '../../../src/report/github.js';
import type { Report } from '../../../src/report/report.js';
import { failingReport, noVerdictReport, passingReport, REPLAY, replayOf } from './reports.js';

/** `::level key=value,key=value::message`, properties and message free of raw separators and newlines. */
const COMMAND = /^::(error|warning|notice)(?: ((?:[a-z]+=[^,:\r\n]*)(?:,[a-z]+=[^,:\r\n]*)*))?::([^\r\n]*)$/;

/** Undoes the runner's escaping, as the runner does when it reads a command. */
function unescape(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
}

function annotations(report: Report, options = {}) {
  return formatGithubAnnotations(report, options)
    .split('\n')
    .map((line) => {
      const match = COMMAND.exec(line);
      if (!match) throw new Error(`not a workflow command: ${line}`);
      const properties = Object.fromEntries((match[2] ?? '').split(',').filter(Boolean).map((p) => p.split('=') as [string, string]));
      return {
        level: match[1],
        properties: Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, unescape(v)])),
        message: unescape(match[3] ?? ''),
      };
    });
}

describe('escaping', () => {
  it('escapes % first, then CR and LF, in the message', () => {
    expect(escapeData('100% done\r\nnext')).toBe('100%25 done%0D%0Anext');
    // A literal "%0A" in the text stays literal text, not a newline.
    expect(escapeData('%0A')).toBe('%250A');
  });

  it('also escapes : and , in properties, which separate them', () => {
    expect(escapeProperty('a:b,c%d\ne')).toBe('a%3Ab%2Cc%25d%0Ae');
  });
});

describe('formatGithubAnnotations', () => {
  it('gives one annotation per violated invariant, an error for errors and a warning for warnings, then a summary notice', () => {
    const lines = annotations(failingReport());
    expect(lines.map((l) => [l.level, l.properties.title])).toEqual([
      ['error', 'shutdown-check: in-flight-complete violated (error)'],
      ['error', 'shutdown-check: clean-exit violated (error)'],
      ['error', 'shutdown-check: websocket-going-away violated (error)'],
      ['warning', 'shutdown-check: drain-connection-close violated (warning)'],
      ['notice', 'shutdown-check: fail'],
    ]);
    expect(lines.at(-1)?.message).toBe('servers/api.js: 4 hold, 3 violated, 1 warning, 0 unknown, 0 not exercised, 1 not applicable; 12 runs, seed 4, virtual clock');
  });

  it("puts every sentence, what it means and how to fix it, the invariant's own smallest scenario and its own replay command in the message, over several lines", () => {
    const first = annotations(failingReport())[0];
    expect(first?.properties.title).toBe('shutdown-check: in-flight-complete violated (error)');
    expect(first?.message).toBe(
      [
        'request 0 of client A, read 90 ms before SIGTERM, was reset mid-response',
        'request 1 of client K was reset before any response',
        '',
        `what it means: ${ADVICE['in-flight-complete'].meaning}`,
        `how to fix it: ${ADVICE['in-flight-complete'].fix}`,
        '',
        'smallest failing scenario:',
        '  A (slow) asks at 10 ms for a response that takes 300 ms',
        '  SIGTERM at 100 ms; SIGKILL at 10100 ms if still running',
        '',
        `replay: ${REPLAY}`,
      ].join('\n'),
    );
    expect(annotations(failingReport())[2]?.message.split('\n').at(-1)).toBe(`replay: ${replayOf('5:0:2')}`);
  });

  it('points each annotation at the target file, escaped, unless told another file or none', () => {
    const report = failingReport({ target: './srv/a,b:c.js' });
    const raw = formatGithubAnnotations(report).split('\n')[0] ?? '';
    expect(raw).toMatch(/^::error file=srv\/a%2Cb%3Ac\.js,title=/);
    expect(annotations(report)[0]?.properties.file).toBe('srv/a,b:c.js');
    expect(annotations(report, { file: 'app/server.ts' }).every((l) => l.properties.file === 'app/server.ts')).toBe(true);
    expect(annotations(report, { file: null }).every((l) => !('file' in l.properties))).toBe(true);
  });

  it('turns a warning into an error under --strict, where it fails the run', () => {
    const report = failingReport();
    const lines = annotations({ ...report, settings: { ...report.settings, strict: true } });
    expect(lines.find((l) => l.properties.title?.includes('drain-connection-close'))?.level).toBe('error');
  });

  it('says a passing run passed in one notice, and a search without a verdict why, with each undecided invariant', () => {
    expect(annotations(passingReport()).map((l) => l.level)).toEqual(['notice']);
    const lines = annotations(noVerdictReport());
    expect(lines.map((l) => [l.level, l.properties.title, l.message])).toEqual([
      ['warning', 'shutdown-check: deadline could not be decided', 'the run ended before the target exited'],
      ['error', 'shutdown-check reached no verdict', 'run 7 made no progress for 10 s: the target stopped answering'],
      ['notice', 'shutdown-check: error', 'servers/api.js: 7 hold, 0 violated, 0 warnings, 1 unknown, 0 not exercised, 1 not applicable; 100 runs, seed 4, virtual clock'],
    ]);
  });
});
