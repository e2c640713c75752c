import { describe, expect, it } from 'vitest';
import { terminalProgress } from './progress.ts';

function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  return { isTTY, write: (s: string) => written.push(s) > 0, written } as unknown as NodeJS.WriteStream & {
    written: string[];
  };
}

describe('terminalProgress', () => {
  it('stays quiet when the output is not a terminal (cron, systemd, pipes)', () => {
    expect(terminalProgress(fakeStream(false))).toBeUndefined();
  });

  it('shows rows done / total, share, rate and ETA on a terminal, then ends the line', () => {
    const stream = fakeStream(true);
    let now = 1_000_000;
    const progress = terminalProgress(stream, () => now)!;
    progress.update({ phase: 'rows', done: 0, total: 10_000 });
    now += 2_000;
    progress.update({ phase: 'rows', done: 5_000, total: 10_000 });
    const line = stream.written.at(-1)!;
    expect(line).toContain('rows 5,000/10,000 50%');
    expect(line).toContain('2,500 rows/s');
    expect(line).toContain('ETA 2s');
    progress.done();
    expect(stream.written.at(-1)).toBe('\n');
  });
});
