import { describe, expect, it } from 'vitest';
import type { WorkingCalendar } from '../calendar/calendar.ts';
import { CN_MAINLAND_CALENDAR as CN } from '../calendar/cn-mainland.ts';
import { resolveSeedCalendar } from '../calendar/seed-calendars.ts';
import { WEEKENDS_CALENDAR } from '../calendar/weekends.ts';
import { type ComputeDeadlinesInput, computeDeadlines, type SlaDeadlines } from './compute-deadlines.ts';
import type { SlaPause } from './pauses.ts';
import { SLA_EXAMPLES } from './sla-examples.fixture.ts';
import { DEFAULT_SLA_POLICY } from './sla-policy.ts';

const at = (iso: string) => new Date(iso);
const iso = (date: Date | null) => (date === null ? null : date.toISOString());
/** Shanghai wall time → ISO instant, to keep the tables readable. */
const sh = (local: string) => new Date(`${local}+08:00`).toISOString();
const pause = (start: string, end: string | null): SlaPause => ({
  start: at(`${start}+08:00`),
  end: end === null ? null : at(`${end}+08:00`),
});

function compute(input: Partial<ComputeDeadlinesInput> & { level: number; receivedAt: Date }): SlaDeadlines {
  return computeDeadlines({ policy: DEFAULT_SLA_POLICY, calendar: CN, ...input });
}

/** The six instants of a result, for exact comparison. */
function instants(result: SlaDeadlines) {
  return {
    firstResponse: [
      iso(result.firstResponse.warnAt),
      iso(result.firstResponse.dueAt),
      iso(result.firstResponse.escalateAt),
    ],
    resolution: [
      iso(result.resolution.warnAt),
      iso(result.resolution.dueAt),
      iso(result.resolution.escalateAt),
    ],
  };
}

describe('the worked examples of sla-examples.jsonl', () => {
  it.each(SLA_EXAMPLES.map((example) => [example.id, example.why, example] as const))(
    '%s: %s',
    async (_id, _why, example) => {
      const seed = await resolveSeedCalendar(example.cal);
      const result = computeDeadlines({
        policy: DEFAULT_SLA_POLICY,
        calendar: { ...seed, timeZone: example.tz },
        level: example.level,
        receivedAt: at(example.received),
        vip: example.vip === true,
        flags: { complex: example.flag === 'complex', multiDepartment: example.flag === 'multi-department' },
        pauses: (example.pauses ?? []).map(([start, end]) => ({ start: at(start), end: at(end) })),
      });
      expect(iso(result.firstResponse.dueAt)).toBe(iso(at(example.firstResponseDue)));
      expect(iso(result.resolution.dueAt)).toBe(iso(at(example.resolutionDue)));
    },
  );
});

describe('warnings at 80 % and escalation after a further 100 %', () => {
  it('level 2 on a weekday (ex-01)', () => {
    expect(instants(compute({ level: 2, receivedAt: at('2026-03-11T10:00:00+08:00') }))).toEqual({
      // 80 % of 120 working min = 96 → 11:36; escalation 120 working min after 12:00 → 15:30.
      firstResponse: [sh('2026-03-11T11:36:00'), sh('2026-03-11T12:00:00'), sh('2026-03-11T15:30:00')],
      // Working time to Thu 17:30 = 360 + 480 = 840 min; 80 % = 672 → Thu 14:42. Escalation: end of Fri.
      resolution: [sh('2026-03-12T14:42:00'), sh('2026-03-12T17:30:00'), sh('2026-03-13T17:30:00')],
    });
  });

  it('level 1 round the clock (ex-04)', () => {
    expect(instants(compute({ level: 1, receivedAt: at('2026-03-14T23:50:00+08:00') }))).toEqual({
      firstResponse: [sh('2026-03-15T00:14:00'), sh('2026-03-15T00:20:00'), sh('2026-03-15T00:50:00')],
      // 80 % of 24 h = 19 h 12 min.
      resolution: [sh('2026-03-15T19:02:00'), sh('2026-03-15T23:50:00'), sh('2026-03-16T23:50:00')],
    });
  });

  it('level 3 over a make-up Saturday and 春节 (ex-06)', () => {
    expect(instants(compute({ level: 3, receivedAt: at('2026-02-13T15:00:00+08:00') }))).toEqual({
      // 150 (Fri) + 480 (Sat) = 630 min; 80 % = 504: Fri 150, Sat 240 + 114 → 15:24. Escalation: next working day, Tue 24 Feb.
      firstResponse: [sh('2026-02-14T15:24:00'), sh('2026-02-14T17:30:00'), sh('2026-02-24T17:30:00')],
      // 150 + 5 × 480 = 2550; 80 % = 2040 → Fri 150, Sat, Tue, Wed (1590), Thu 450 → 17:00.
      // Escalation: 5 more working days, the first being make-up Saturday 28 Feb → Thu 5 Mar.
      resolution: [sh('2026-02-26T17:00:00'), sh('2026-02-27T17:30:00'), sh('2026-03-05T17:30:00')],
    });
  });

  it('across the London spring-forward weekend (ex-12)', () => {
    const london = { ...WEEKENDS_CALENDAR, timeZone: 'Europe/London' };
    expect(instants(compute({ calendar: london, level: 2, receivedAt: at('2026-03-27T16:30:00Z') }))).toEqual(
      {
        firstResponse: ['2026-03-30T07:36:00.000Z', '2026-03-30T08:00:00.000Z', '2026-03-30T10:00:00.000Z'],
        // 60 + 480 = 540; 80 % = 432 → Mon 08:00 + 240 + 132 → 15:42 BST.
        resolution: ['2026-03-30T14:42:00.000Z', '2026-03-30T16:30:00.000Z', '2026-03-31T16:30:00.000Z'],
      },
    );
  });
});

describe('receipt times', () => {
  it.each([
    ['after hours', 2, '2026-03-11T19:00:00', '2026-03-12T10:00:00', '2026-03-12T17:30:00'],
    ['during lunch', 2, '2026-03-11T12:30:00', '2026-03-11T15:30:00', '2026-03-12T17:30:00'],
    ['on a make-up Saturday', 2, '2026-02-28T16:00:00', '2026-03-02T08:30:00', '2026-03-02T17:30:00'],
    // 4–7 Oct off; 8 (1), 9 (2), Sat 10 make-up (3), 12 (4), 13 (5).
    ['on a holiday, level 3', 3, '2026-10-03T10:00:00', '2026-10-08T17:30:00', '2026-10-13T17:30:00'],
    ['just before midnight', 2, '2026-03-11T23:59:00', '2026-03-12T10:00:00', '2026-03-12T17:30:00'],
  ])('%s (level %i)', (_why, level, received, firstResponseDue, resolutionDue) => {
    const result = compute({ level, receivedAt: at(`${received}+08:00`) });
    expect(iso(result.firstResponse.dueAt)).toBe(sh(firstResponseDue));
    expect(iso(result.resolution.dueAt)).toBe(sh(resolutionDue));
  });
});

describe('DST days', () => {
  it('24 calendar hours are 24 real hours across the London spring-forward night', () => {
    const london = { ...CN, timeZone: 'Europe/London' };
    const result = compute({ calendar: london, level: 1, receivedAt: at('2026-03-28T12:00:00Z') });
    expect(iso(result.resolution.dueAt)).toBe('2026-03-29T12:00:00.000Z'); // 13:00 BST
  });

  it('24 calendar hours across the New York fall-back night', () => {
    const newYork = { ...WEEKENDS_CALENDAR, timeZone: 'America/New_York' };
    const result = compute({ calendar: newYork, level: 1, receivedAt: at('2026-10-31T12:00:00-04:00') });
    expect(iso(result.resolution.dueAt)).toBe('2026-11-01T16:00:00.000Z'); // 11:00 EST
  });

  it('working time across the New York spring-forward weekend', () => {
    const newYork = { ...WEEKENDS_CALENDAR, timeZone: 'America/New_York' };
    const result = compute({ calendar: newYork, level: 2, receivedAt: at('2026-03-06T17:00:00-05:00') });
    expect(iso(result.firstResponse.dueAt)).toBe('2026-03-09T13:30:00.000Z'); // 09:30 EDT
    expect(iso(result.resolution.dueAt)).toBe('2026-03-09T21:30:00.000Z'); // 17:30 EDT
  });
});

describe('pauses', () => {
  const received = at('2026-03-11T10:00:00+08:00'); // a Wednesday

  it('calendar targets move by the wall-clock time paused before the deadline', () => {
    const result = compute({
      level: 1,
      receivedAt: received,
      pauses: [pause('2026-03-11T10:10:00', '2026-03-11T10:25:00')],
    });
    expect(instants(result).firstResponse).toEqual([
      sh('2026-03-11T10:39:00'),
      sh('2026-03-11T10:45:00'),
      sh('2026-03-11T11:15:00'),
    ]);
    expect(iso(result.resolution.dueAt)).toBe(sh('2026-03-12T10:15:00'));
    expect(result.firstResponse.explanation).toContain('paused 15 min before the deadline');
  });

  it('a pause beginning after a deadline does not move it, but moves a later one', () => {
    const result = compute({
      level: 1,
      receivedAt: received,
      pauses: [pause('2026-03-11T10:40:00', '2026-03-11T11:00:00')],
    });
    expect(iso(result.firstResponse.dueAt)).toBe(sh('2026-03-11T10:30:00'));
    expect(iso(result.resolution.dueAt)).toBe(sh('2026-03-12T10:20:00'));
    expect(result.firstResponse.explanation).toContain(
      'a pause that began after the deadline does not move it',
    );
  });

  it('a pause beginning exactly at the deadline does not move it', () => {
    const result = compute({
      level: 1,
      receivedAt: received,
      pauses: [pause('2026-03-11T10:30:00', '2026-03-11T10:50:00')],
    });
    expect(iso(result.firstResponse.dueAt)).toBe(sh('2026-03-11T10:30:00'));
  });

  it('overlapping pauses count once; a pause from before the receipt counts from the receipt', () => {
    const overlapping = compute({
      level: 1,
      receivedAt: received,
      pauses: [
        pause('2026-03-11T10:10:00', '2026-03-11T10:25:00'),
        pause('2026-03-11T10:20:00', '2026-03-11T10:30:00'),
      ],
    });
    expect(iso(overlapping.firstResponse.dueAt)).toBe(sh('2026-03-11T10:50:00'));
    const early = compute({
      level: 1,
      receivedAt: received,
      pauses: [pause('2026-03-11T09:00:00', '2026-03-11T10:15:00')],
    });
    expect(iso(early.firstResponse.dueAt)).toBe(sh('2026-03-11T10:45:00'));
  });

  it('working targets ignore a pause outside working hours', () => {
    const result = compute({
      level: 2,
      receivedAt: at('2026-03-11T16:00:00+08:00'),
      pauses: [pause('2026-03-11T18:00:00', '2026-03-11T20:00:00')],
    });
    expect(iso(result.firstResponse.dueAt)).toBe(sh('2026-03-12T08:30:00'));
    expect(iso(result.resolution.dueAt)).toBe(sh('2026-03-12T17:30:00'));
  });

  it('working minutes move by the working time paused (ex-11), and so does the warning', () => {
    const result = compute({
      level: 2,
      receivedAt: at('2026-03-11T09:00:00+08:00'),
      pauses: [pause('2026-03-11T09:30:00', '2026-03-11T14:00:00')],
    });
    // 30 min run, paused to 14:00, 66 more for the warning (96), 90 more for the deadline (120).
    expect(instants(result).firstResponse).toEqual([
      sh('2026-03-11T15:06:00'),
      sh('2026-03-11T15:30:00'),
      sh('2026-03-11T17:30:00'),
    ]);
  });

  it('working days: nominal deadline, plus the paused working time counted forward (ex-11)', () => {
    const result = compute({
      level: 2,
      receivedAt: at('2026-03-11T09:00:00+08:00'),
      pauses: [pause('2026-03-11T09:30:00', '2026-03-11T14:00:00')],
    });
    // Paused 09:30–12:00 + 13:30–14:00 = 180 working min, added after Thu 17:30 → Fri 11:00.
    // Warning: 80 % of 900 min = 720 running min → exactly Thu 17:30. Escalation: end of the next working day, Mon.
    expect(instants(result).resolution).toEqual([
      sh('2026-03-12T17:30:00'),
      sh('2026-03-13T11:00:00'),
      sh('2026-03-16T17:30:00'),
    ]);
    expect(result.resolution.explanation).toBe(
      '1 working day after receipt: end of Thu 12 Mar; plus 3 h of working time paused before it: 11:00 Fri 13 Mar',
    );
  });

  it('working days: a pause straddling the nominal deadline keeps holding after it', () => {
    const result = compute({
      level: 2,
      receivedAt: received,
      pauses: [pause('2026-03-12T16:30:00', '2026-03-13T09:00:00')],
    });
    // 60 working min paused before Thu 17:30; counting resumes at Fri 09:00 → 10:00.
    expect(iso(result.resolution.dueAt)).toBe(sh('2026-03-13T10:00:00'));
    expect(iso(result.firstResponse.dueAt)).toBe(sh('2026-03-11T12:00:00'));
  });

  it('working days: a further pause after the nominal deadline is skipped while adding', () => {
    const result = compute({
      level: 2,
      receivedAt: received,
      pauses: [
        pause('2026-03-11T13:30:00', '2026-03-11T14:30:00'),
        pause('2026-03-13T08:00:00', '2026-03-13T08:30:00'),
      ],
    });
    expect(iso(result.resolution.dueAt)).toBe(sh('2026-03-13T09:30:00'));
  });

  it('an open pause holds deadlines it began before, and only those', () => {
    const early = compute({ level: 2, receivedAt: received, pauses: [pause('2026-03-11T11:00:00', null)] });
    expect(instants(early)).toEqual({ firstResponse: [null, null, null], resolution: [null, null, null] });
    expect(early.firstResponse.explanation).toContain(
      'clock stopped since 11:00 Wed 11 Mar (pause still open)',
    );

    const afterWarning = compute({
      level: 2,
      receivedAt: received,
      pauses: [pause('2026-03-11T11:45:00', null)],
    });
    expect(instants(afterWarning).firstResponse).toEqual([sh('2026-03-11T11:36:00'), null, null]);

    const afterDeadlines = compute({
      level: 2,
      receivedAt: received,
      pauses: [pause('2026-03-12T18:00:00', null)],
    });
    expect(iso(afterDeadlines.firstResponse.dueAt)).toBe(sh('2026-03-11T12:00:00'));
    expect(iso(afterDeadlines.resolution.dueAt)).toBe(sh('2026-03-12T17:30:00'));
  });

  it('rejects a pause that ends before it starts', () => {
    expect(() =>
      compute({
        level: 2,
        receivedAt: received,
        pauses: [pause('2026-03-11T11:00:00', '2026-03-11T10:30:00')],
      }),
    ).toThrow(expect.objectContaining({ code: 'SLA_BAD_PAUSE' }));
    expect(() =>
      compute({ level: 2, receivedAt: received, pauses: [{ start: at('nonsense'), end: null }] }),
    ).toThrow(expect.objectContaining({ code: 'SLA_BAD_PAUSE' }));
  });
});

describe('VIP and flags', () => {
  it('VIP takes the earlier of the level target and 30 calendar minutes', () => {
    const inHours = compute({ level: 2, vip: true, receivedAt: at('2026-03-11T10:00:00+08:00') });
    expect(iso(inHours.firstResponse.dueAt)).toBe(sh('2026-03-11T10:30:00'));
    expect(inHours.firstResponse.target).toEqual({ amount: 30, unit: 'calendar_minutes' });
    const level1 = compute({ level: 1, vip: true, receivedAt: at('2026-03-11T10:00:00+08:00') });
    expect(level1.firstResponse.explanation).toContain('the VIP cap of 30 minutes is not earlier');
    const level3 = compute({ level: 3, vip: true, receivedAt: at('2026-03-11T10:00:00+08:00') });
    expect(iso(level3.firstResponse.dueAt)).toBe(sh('2026-03-11T10:30:00'));
  });

  it('flags change only level 2 resolution', () => {
    const level1 = compute({
      level: 1,
      flags: { complex: true },
      receivedAt: at('2026-03-11T10:00:00+08:00'),
    });
    expect(iso(level1.resolution.dueAt)).toBe(sh('2026-03-12T10:00:00'));
    const level3 = compute({
      level: 3,
      flags: { multiDepartment: true },
      receivedAt: at('2026-03-11T10:00:00+08:00'),
    });
    expect(iso(level3.resolution.dueAt)).toBe(sh('2026-03-18T17:30:00'));
  });
});

describe('a year without holiday data', () => {
  it('is worked as weekends only, and says so', () => {
    const result = compute({ level: 2, receivedAt: at('2026-12-31T10:00:00+08:00') });
    expect(iso(result.resolution.dueAt)).toBe(sh('2027-01-01T17:30:00')); // a Friday: a guess
    expect(result.uncoveredYears).toEqual([2027]);
    expect(result.resolution.explanation).toContain(
      'no holiday data for 2027: counted as weekends only, a guess',
    );
    expect(result.firstResponse.explanation).not.toContain('no holiday data'); // due 31 Dec 2026
  });

  it('counts working days through the guessed year', () => {
    const result = compute({ level: 3, receivedAt: at('2026-12-30T10:00:00+08:00') });
    // 31 Dec (1), Fri 1 Jan (2), Mon 4 (3), 5 (4), 6 (5).
    expect(iso(result.resolution.dueAt)).toBe(sh('2027-01-06T17:30:00'));
  });
});

describe('explanations', () => {
  const explain = (level: number, received: string, extra: Partial<ComputeDeadlinesInput> = {}) =>
    compute({ level, receivedAt: at(`${received}+08:00`), ...extra });

  it.each([
    [
      'lunch',
      () => explain(2, '2026-03-11T11:00:00').firstResponse,
      '2 working hours from 11:00 Wed 11 Mar; lunch 12:00–13:30 not counted',
    ],
    [
      'working day',
      () => explain(2, '2026-03-11T10:00:00').resolution,
      '1 working day after receipt: end of Thu 12 Mar',
    ],
    [
      'round the clock',
      () => explain(1, '2026-03-14T23:50:00').firstResponse,
      '30 minutes round the clock from 23:50 Sat 14 Mar',
    ],
    [
      'holiday',
      () => explain(2, '2026-09-30T16:30:00').firstResponse,
      '2 working hours from 16:30 Wed 30 Sep; resumes 08:00 Thu 8 Oct; skips 国庆节 1–7 Oct',
    ],
    [
      'flag, holidays and a make-up day',
      () => explain(2, '2026-09-18T14:00:00', { flags: { multiDepartment: true } }).resolution,
      'several departments: 10 working days after receipt: end of Fri 9 Oct; skips 中秋节 25–27 Sep, 国庆节 1–7 Oct; counts make-up working day Sun 20 Sep (国庆节)',
    ],
    [
      'received on a holiday',
      () => explain(2, '2026-01-03T10:00:00').firstResponse,
      '2 working hours from 08:00 Sun 4 Jan (received 10:00 Sat 3 Jan, on 元旦); counts make-up working day Sun 4 Jan (元旦)',
    ],
    [
      'VIP',
      () => explain(2, '2026-03-10T20:00:00', { vip: true }).firstResponse,
      "30 minutes round the clock from 20:00 Tue 10 Mar; VIP cap, earlier than the level's 2 working hours",
    ],
  ])('%s', (_why, deadline, expected) => {
    expect(deadline().explanation).toBe(expected);
  });
});

describe('bad input', () => {
  it('rejects unknown levels and invalid receipt times', () => {
    expect(() => compute({ level: 4, receivedAt: at('2026-03-11T10:00:00+08:00') })).toThrow(
      expect.objectContaining({ code: 'SLA_UNKNOWN_LEVEL' }),
    );
    expect(() => compute({ level: 2, receivedAt: at('not a time') })).toThrow(
      expect.objectContaining({ code: 'SLA_BAD_TIME' }),
    );
  });

  it('rejects an invalid calendar or policy with their codes', () => {
    const badZone: WorkingCalendar = { ...CN, timeZone: 'Asia/Peking' };
    expect(() =>
      compute({ calendar: badZone, level: 2, receivedAt: at('2026-03-11T10:00:00+08:00') }),
    ).toThrow(expect.objectContaining({ code: 'CALENDAR_BAD_ZONE' }));
    const badPolicy = {
      ...DEFAULT_SLA_POLICY,
      complexResolution: { amount: 0, unit: 'working_days' as const },
    };
    expect(() =>
      compute({ policy: badPolicy, level: 2, receivedAt: at('2026-03-11T10:00:00+08:00') }),
    ).toThrow(expect.objectContaining({ code: 'SLA_BAD_TARGET' }));
  });

  it('records the policy version the ticket was timed with', () => {
    const result = compute({ level: 2, receivedAt: at('2026-03-11T10:00:00+08:00') });
    expect([result.policyId, result.policyVersion, result.calendarId]).toEqual(['default', 1, 'cn-mainland']);
  });
});
