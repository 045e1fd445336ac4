import { describe, expect, it } from 'vitest';
import { ProgressLine, searchPhase } from '../../../src/cli/progress.js';

function recorded(redraw: boolean): { line: ProgressLine; text: () => string } {
  const written: string[] = [];
  return { line: new ProgressLine({ redraw, write: (t) => written.push(t) }), text: () => written.join('') };
}

const at = (runs: number, shrinkRuns = 0, violated: string[] = [], shrinking: string | null = null) => ({ runs, shrinkRuns, violated, shrinking });

describe('the progress line', () => {
  it('is redrawn in place on a terminal, every time, and ended with a newline', () => {
    const { line, text } = recorded(true);
    line.show('a', 'p');
    line.show('b', 'p');
    line.end();
    line.end();
    expect(text()).toBe('\ra\u001b[K\rb\u001b[K\n');
  });

  it('is written once per phase elsewhere, each on a line of its own, with nothing to end', () => {
    const { line, text } = recorded(false);
    line.show('a', 'p');
    line.show('b', 'p');
    line.show('c', 'q');
    line.end();
    expect(text()).toBe('a\nc\n');
  });

  it('changes phase every tenth run, at each new violation, as shrinking starts and every tenth shrink run', () => {
    const phases = [at(1), at(9), at(10), at(11, 0, ['deadline']), at(11, 0, ['deadline'], 'deadline'), at(11, 9, ['deadline'], 'deadline'), at(11, 10, ['deadline'], 'deadline'), at(12, 10, ['deadline'])].map(searchPhase);
    const changes = phases.filter((p, i) => i === 0 || p !== phases[i - 1]).length;
    expect(changes).toBe(6);
  });
});
