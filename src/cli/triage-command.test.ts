import { describe, expect, it } from 'vitest';
import { runTriageCommand, type TriageCommandIo } from './triage-command.ts';

interface Run {
  code: number;
  stdout: string[];
  stderr: string[];
}

async function run(args: string[], files: Record<string, string> = {}): Promise<Run> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: TriageCommandIo = {
    stdout: (s) => stdout.push(s),
    stderr: (s) => stderr.push(s),
    readFile: async (path) => {
      const text = files[path];
      if (text === undefined) throw new Error(`ENOENT: no such file, open '${path}'`);
      return text;
    },
  };
  const code = await runTriageCommand(args, io);
  return { code, stdout, stderr };
}

describe('careloop triage "TEXT"', () => {
  it('prints one JSON object with exactly kind, category, level, confidence and reasons', async () => {
    const out = await run(['我爸刚做完手术回病房，现在胸口疼得厉害，喘不上气，护士站没人，快派医生来！']);
    expect(out.code).toBe(0);
    expect(out.stderr).toEqual([]);
    expect(out.stdout).toHaveLength(1);
    expect(out.stdout[0]!.endsWith('\n')).toBe(true);
    const result = JSON.parse(out.stdout[0]!);
    expect(Object.keys(result).sort()).toEqual(['category', 'confidence', 'kind', 'level', 'reasons']);
    expect(result.level).toBe(1);
    expect(result.reasons[0]).toMatch(/^level 1: safety signal '/);
    expect(Object.keys(result.confidence).sort()).toEqual(['category', 'kind', 'level']);
  });

  it('gives a suggestion level 3', async () => {
    const out = await run([
      'Suggestion: it would be great to have more benches and a water dispenser near the lab queue.',
    ]);
    const result = JSON.parse(out.stdout[0]!);
    expect(result.kind).toBe('suggestion');
    expect(result.level).toBe(3);
  });
});

describe('careloop triage --jsonl FILE', () => {
  it('answers every line in order and reports bad lines without stopping', async () => {
    const file = [
      JSON.stringify({ id: 'a', text: '请问周六上午有没有皮肤科专家号？' }),
      '{not json',
      JSON.stringify({ id: 'c', body: 'no text field' }),
      '',
      JSON.stringify({ id: 7, text: 'I will be contacting my lawyer about the surgery that went wrong.' }),
    ].join('\n');
    const out = await run(['--jsonl', 'in.jsonl'], { 'in.jsonl': file });
    expect(out.code).toBe(1);
    const lines = out.stdout.map((l) => JSON.parse(l));
    expect(lines).toHaveLength(4);
    expect(lines.map((l) => l.id)).toEqual(['a', null, 'c', 7]);
    expect(Object.keys(lines[0]).sort()).toEqual([
      'category',
      'confidence',
      'id',
      'kind',
      'level',
      'reasons',
    ]);
    expect(lines[0].kind).toBe('inquiry');
    expect(lines[1].error).toMatch(/line 2/);
    expect(lines[2].error).toMatch(/text/);
    expect(lines[3].level).toBe(1);
  });

  it('exits 0 when every line succeeds', async () => {
    const out = await run(['--jsonl', 'ok.jsonl'], {
      'ok.jsonl': `${JSON.stringify({ id: 'x', text: 'thanks!' })}\n`,
    });
    expect(out.code).toBe(0);
    expect(out.stdout).toHaveLength(1);
  });
});

describe('careloop triage --eval FILE', () => {
  const labelled = [
    {
      id: 't1',
      text: '孩子在候诊区突然抽搐，高烧40度，快来人！',
      lang: 'zh',
      kind: 'request',
      category: 'waiting',
      level: 1,
    },
    {
      id: 't2',
      text: '建议在门诊大厅多放几台自助挂号机。',
      lang: 'zh',
      kind: 'suggestion',
      category: 'appointment',
      level: 3,
    },
    {
      id: 't3',
      text: 'What time does the pharmacy close on Sundays?',
      lang: 'en',
      kind: 'inquiry',
      category: 'medication',
      level: 2,
    },
  ]
    .map((o) => JSON.stringify(o))
    .join('\n');

  it('prints accuracy, macro-F1, level-1 recall and precision, the confusion matrix and misses', async () => {
    const out = await run(['--eval', 'dev.jsonl'], { 'dev.jsonl': labelled });
    expect(out.code).toBe(0);
    const text = out.stdout.join('');
    expect(text).toMatch(/triage eval: 3 items from dev\.jsonl/);
    expect(text).toMatch(/kind\s+\d\.\d{3}\s+\d\.\d{3}/);
    expect(text).toMatch(/category\s+\d\.\d{3}\s+\d\.\d{3}/);
    expect(text).toMatch(/level 1: recall 1\.000 \(1\/1\)/);
    expect(text).toMatch(/level 1\s+1\s+0\s+0/);
    expect(text).toMatch(/misses/);
  });

  it('prints one machine-readable object with --json', async () => {
    const out = await run(['--eval', 'dev.jsonl', '--json'], { 'dev.jsonl': `${labelled}\nnot json\n` });
    expect(out.code).toBe(0);
    expect(out.stdout).toHaveLength(1);
    const summary = JSON.parse(out.stdout[0]!);
    expect(summary.items).toBe(3);
    expect(summary.skippedLines).toBe(1);
    expect(summary.levelConfusion).toHaveLength(3);
    expect(summary.level1.recall).toBe(1);
    expect(typeof summary.kind.macroF1).toBe('number');
    expect(out.stderr.join('')).toMatch(/line 4/);
  });

  it('refuses a file without labelled items', async () => {
    const out = await run(['--eval', 'empty.jsonl'], { 'empty.jsonl': '\n' });
    expect(out.code).toBe(2);
    expect(out.stderr.join('')).toMatch(/no labelled items/);
  });
});

describe('bad usage', () => {
  it.each([
    [[]],
    [['--jsonl']],
    [['--eval']],
    [['--frobnicate', 'x']],
    [['--json', 'text']],
    [['one', 'two']],
    [['--jsonl', 'a.jsonl', '--eval', 'b.jsonl']],
    [['--jsonl', 'a.jsonl', 'extra text']],
  ])('%j → message on stderr, exit 2', async (args) => {
    const out = await run(args);
    expect(out.code).toBe(2);
    expect(out.stdout).toEqual([]);
    expect(out.stderr.join('')).toMatch(/usage: careloop triage/);
  });

  it('an unreadable file → message on stderr, exit 2', async () => {
    const out = await run(['--jsonl', 'missing.jsonl']);
    expect(out.code).toBe(2);
    expect(out.stderr.join('')).toMatch(/cannot read missing\.jsonl/);
  });
});
