import { describe, expect, it } from 'vitest';
import { resolveSeedCalendar } from '../domain/calendar/seed-calendars.ts';
import { SLA_EXAMPLES, SLA_EXAMPLES_JSONL } from '../domain/sla/sla-examples.fixture.ts';
import { formatInstant, parseIsoInstant, runSlaCommand, type SlaCommandIo } from './sla-command.ts';

interface Run {
  code: number;
  stdout: string[];
  stderr: string[];
}

async function run(args: string[], files: Record<string, string> = {}): Promise<Run> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: SlaCommandIo = {
    stdout: (s) => stdout.push(s),
    stderr: (s) => stderr.push(s),
    resolveCalendar: resolveSeedCalendar,
    readFile: async (path) => {
      const text = files[path];
      if (text === undefined) throw new Error(`ENOENT: no such file, open '${path}'`);
      return text;
    },
  };
  const code = await runSlaCommand(args, io);
  return { code, stdout, stderr };
}

/** The CLI arguments of one sla-examples.jsonl line. */
function argsOf(example: (typeof SLA_EXAMPLES)[number]): string[] {
  const args = [
    'due',
    '--level',
    String(example.level),
    '--received',
    example.received,
    '--calendar',
    example.cal,
    '--tz',
    example.tz,
  ];
  if (example.vip === true) args.push('--vip');
  if (example.flag !== undefined) args.push('--flag', example.flag);
  for (const [start, end] of example.pauses ?? []) args.push('--pause', `${start}/${end}`);
  return args;
}

describe('sla due (one ticket)', () => {
  it('prints one JSON line with local offsets (ex-01)', async () => {
    const result = await run(['due', '--level', '2', '--received', '2026-03-11T10:00:00+08:00']);
    expect(result).toEqual({
      code: 0,
      stdout: [
        '{"firstResponseDue":"2026-03-11T12:00:00+08:00","resolutionDue":"2026-03-12T17:30:00+08:00"}\n',
      ],
      stderr: [],
    });
  });

  it.each(SLA_EXAMPLES.map((example) => [example.id, example] as const))(
    'reproduces %s exactly',
    async (_id, example) => {
      const result = await run(argsOf(example));
      expect(result.code).toBe(0);
      expect(result.stderr).toEqual([]);
      expect(JSON.parse(result.stdout[0]!)).toEqual({
        firstResponseDue: example.firstResponseDue,
        resolutionDue: example.resolutionDue,
      });
    },
  );

  it('accepts a leading "sla", --name=value, and an instant in another offset', async () => {
    const result = await run(['sla', 'due', '--level=2', '--received=2026-03-11T02:00:00Z']);
    expect(JSON.parse(result.stdout[0]!)).toEqual({
      firstResponseDue: '2026-03-11T12:00:00+08:00',
      resolutionDue: '2026-03-12T17:30:00+08:00',
    });
  });

  it('prints in the --tz zone, which also moves the calendar', async () => {
    const result = await run([
      'due',
      '--level',
      '2',
      '--received',
      '2026-03-06T17:00:00-05:00',
      '--calendar',
      'weekends',
      '--tz',
      'America/New_York',
    ]);
    expect(JSON.parse(result.stdout[0]!)).toEqual({
      firstResponseDue: '2026-03-09T09:30:00-04:00',
      resolutionDue: '2026-03-09T17:30:00-04:00',
    });
  });

  it('prints null while an open pause holds the clocks', async () => {
    const result = await run([
      'due',
      '--level',
      '2',
      '--received',
      '2026-03-11T10:00:00+08:00',
      '--pause',
      '2026-03-11T11:00:00+08:00/',
    ]);
    expect(result.stdout).toEqual(['{"firstResponseDue":null,"resolutionDue":null}\n']);
  });

  it('warns on stderr when the calendar lacks a year, and still answers', async () => {
    const result = await run(['due', '--level', '2', '--received', '2026-12-31T10:00:00+08:00']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout[0]!).resolutionDue).toBe('2027-01-01T17:30:00+08:00');
    expect(result.stderr).toEqual([
      'warning: calendar cn-mainland has no holiday data for 2027; treating it as weekends only\n',
    ]);
  });

  it('prints usage for --help', async () => {
    const result = await run(['due', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout[0]).toContain('usage: careloop sla due --level N --received ISO');
  });

  it.each([
    ['an unknown level', ['--level', '7', '--received', '2026-03-11T10:00:00+08:00'], 'Unknown level 7'],
    [
      'a non-numeric level',
      ['--level', 'two', '--received', '2026-03-11T10:00:00+08:00'],
      'level must be a whole number',
    ],
    ['an unparsable time', ['--level', '2', '--received', 'yesterday'], 'is not an ISO 8601 instant'],
    ['a time without offset', ['--level', '2', '--received', '2026-03-11T10:00:00'], 'with an offset'],
    [
      'an impossible date',
      ['--level', '2', '--received', '2026-02-30T10:00:00+08:00'],
      'is not an ISO 8601 instant',
    ],
    [
      'a pause ending before it starts',
      [
        '--level',
        '2',
        '--received',
        '2026-03-11T10:00:00+08:00',
        '--pause',
        '2026-03-11T12:00:00+08:00/2026-03-11T11:00:00+08:00',
      ],
      'ends',
    ],
    [
      'a pause without a slash',
      ['--level', '2', '--received', '2026-03-11T10:00:00+08:00', '--pause', '2026-03-11T12:00:00+08:00'],
      'START/END',
    ],
    ['a missing --received', ['--level', '2'], '--received is required'],
    [
      'an unknown flag',
      ['--level', '2', '--received', '2026-03-11T10:00:00+08:00', '--flag', 'urgent'],
      'unknown flag',
    ],
    [
      'an unknown option',
      ['--level', '2', '--received', '2026-03-11T10:00:00+08:00', '--priority', 'high'],
      'unknown option --priority',
    ],
    [
      'an option given twice',
      ['--level', '2', '--level', '3', '--received', '2026-03-11T10:00:00+08:00'],
      'more than once',
    ],
    [
      'an unknown zone',
      ['--level', '2', '--received', '2026-03-11T10:00:00+08:00', '--tz', 'Asia/Beijing'],
      "Unknown time zone 'Asia/Beijing'",
    ],
    [
      'an unknown calendar',
      ['--level', '2', '--received', '2026-03-11T10:00:00+08:00', '--calendar', 'mars'],
      "No calendar 'mars'",
    ],
  ])('rejects %s: one line on stderr, exit 2', async (_why, args, message) => {
    const result = await run(['due', ...args]);
    expect(result.code).toBe(2);
    expect(result.stdout).toEqual([]);
    expect(result.stderr).toHaveLength(1);
    expect(result.stderr[0]).toMatch(/^error: [^\n]*\n$/);
    expect(result.stderr[0]).toContain(message);
  });

  it('rejects an unknown subcommand', async () => {
    const result = await run(['overdue']);
    expect(result.code).toBe(2);
    expect(result.stderr[0]).toContain("unknown command 'sla overdue'");
  });
});

describe('sla due --jsonl (batch)', () => {
  it('runs all of sla-examples.jsonl, one result per line in order', async () => {
    const result = await run(['due', '--jsonl', 'examples.jsonl'], {
      'examples.jsonl': `${SLA_EXAMPLES_JSONL}\n`,
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toEqual([]);
    expect(result.stdout.map((line) => JSON.parse(line))).toEqual(
      SLA_EXAMPLES.map(({ id, firstResponseDue, resolutionDue }) => ({
        id,
        firstResponseDue,
        resolutionDue,
      })),
    );
  });

  it('reports bad lines in place without stopping, and exits 1', async () => {
    const lines = [
      '{"id":"ok-1","level":2,"received":"2026-03-11T10:00:00+08:00"}',
      '{"id":"bad-level","level":9,"received":"2026-03-11T10:00:00+08:00"}',
      '',
      'this is not json',
      '{"id":"bad-pause","level":2,"received":"2026-03-11T10:00:00+08:00","pauses":[["2026-03-11T12:00:00+08:00","2026-03-11T11:00:00+08:00"]]}',
      '{"id":"bad-time","level":2,"received":"2026-03-11 ten o\'clock"}',
      '{"id":"bad-cal","level":2,"received":"2026-03-11T10:00:00+08:00","cal":"mars"}',
      '{"id":"ok-2","level":1,"received":"2026-03-14T23:50:00+08:00","vip":true,"flag":"complex"}',
    ].join('\r\n');
    const result = await run(['due', '--jsonl', 'mixed.jsonl'], { 'mixed.jsonl': lines });
    expect(result.code).toBe(1);
    const out = result.stdout.map((line) => JSON.parse(line));
    expect(out.map((o) => o.id)).toEqual([
      'ok-1',
      'bad-level',
      null,
      'bad-pause',
      'bad-time',
      'bad-cal',
      'ok-2',
    ]);
    expect(out[0]).toEqual({
      id: 'ok-1',
      firstResponseDue: '2026-03-11T12:00:00+08:00',
      resolutionDue: '2026-03-12T17:30:00+08:00',
    });
    expect(out[1].error).toMatch(/^line 2: Unknown level 9/);
    expect(out[2].error).toBe('line 4: not a JSON object');
    expect(out[3].error).toContain('line 5: Pause 1 ends');
    expect(out[4].error).toContain('is not an ISO 8601 instant');
    expect(out[5].error).toContain("No calendar 'mars'");
    expect(out[6]).toEqual({
      id: 'ok-2',
      firstResponseDue: '2026-03-15T00:20:00+08:00',
      resolutionDue: '2026-03-15T23:50:00+08:00',
    });
  });

  it('warns once per missing year', async () => {
    const lines = [
      '{"id":"a","level":2,"received":"2026-12-31T10:00:00+08:00"}',
      '{"id":"b","level":2,"received":"2026-12-31T11:00:00+08:00"}',
    ].join('\n');
    const result = await run(['due', '--jsonl', 'f'], { f: lines });
    expect(result.stderr).toEqual([
      'warning: calendar cn-mainland has no holiday data for 2027; treating it as weekends only\n',
    ]);
  });

  it('fails with exit 2 when the file cannot be read or options are mixed', async () => {
    const missing = await run(['due', '--jsonl', 'nope.jsonl']);
    expect(missing.code).toBe(2);
    expect(missing.stderr[0]).toContain('cannot read nope.jsonl');
    const mixed = await run(['due', '--jsonl', 'f', '--level', '2'], { f: '' });
    expect(mixed.code).toBe(2);
  });
});

describe('formatInstant', () => {
  it.each([
    ['2026-03-11T04:00:00Z', 'Asia/Shanghai', '2026-03-11T12:00:00+08:00'],
    ['2026-03-27T16:30:00Z', 'Europe/London', '2026-03-27T16:30:00+00:00'],
    ['2026-03-30T08:00:00Z', 'Europe/London', '2026-03-30T09:00:00+01:00'],
    ['2026-11-01T05:30:00Z', 'America/New_York', '2026-11-01T01:30:00-04:00'],
    ['2026-11-01T06:30:00Z', 'America/New_York', '2026-11-01T01:30:00-05:00'],
    ['2026-03-11T04:00:00.250Z', 'Asia/Kathmandu', '2026-03-11T09:45:00.250+05:45'],
    ['2026-12-31T16:00:00Z', 'Asia/Shanghai', '2027-01-01T00:00:00+08:00'],
  ])('%s in %s → %s', (instant, zone, expected) => {
    expect(formatInstant(new Date(instant), zone)).toBe(expected);
    expect(new Date(expected).getTime()).toBe(new Date(instant).getTime());
  });
});

describe('parseIsoInstant', () => {
  it.each([
    ['2026-03-11T10:00:00+08:00', '2026-03-11T02:00:00.000Z'],
    ['2026-03-11T10:00+08:00', '2026-03-11T02:00:00.000Z'],
    ['2026-03-11T10:00:00.5Z', '2026-03-11T10:00:00.500Z'],
    ['2026-03-11 10:00:00-0500', '2026-03-11T15:00:00.000Z'],
    ['2026-03-11t10:00:00z', '2026-03-11T10:00:00.000Z'],
  ])('reads %s', (text, expected) => {
    expect(parseIsoInstant(text)?.toISOString()).toBe(expected);
  });

  it.each([
    '2026-03-11T10:00:00',
    '2026-03-11',
    '2026-02-29T10:00:00Z',
    '2026-03-11T24:00:00Z',
    '11/03/2026 10:00 +08:00',
    '',
  ])('rejects %j', (text) => {
    expect(parseIsoInstant(text)).toBeNull();
  });
});
