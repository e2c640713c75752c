/**
 * The 12 worked examples of /work/shared/spec/sla-examples.jsonl, copied verbatim (inputs and the
 * exact expected instants). The spec is the contract: if it changes, copy it here again.
 */
export interface SlaExample {
  id: string;
  why: string;
  level: number;
  received: string;
  vip?: boolean;
  flag?: 'complex' | 'multi-department';
  pauses?: [string, string][];
  cal: string;
  tz: string;
  firstResponseDue: string;
  resolutionDue: string;
}

export const SLA_EXAMPLES: readonly SlaExample[] = [
  {
    id: 'ex-01',
    why: 'ordinary level 2 on a weekday',
    level: 2,
    received: '2026-03-11T10:00:00+08:00',
    cal: 'cn-mainland',
    tz: 'Asia/Shanghai',
    firstResponseDue: '2026-03-11T12:00:00+08:00',
    resolutionDue: '2026-03-12T17:30:00+08:00',
  },
  {
    id: 'ex-02',
    why: 'first-response clock runs over lunch',
    level: 2,
    received: '2026-03-11T11:00:00+08:00',
    cal: 'cn-mainland',
    tz: 'Asia/Shanghai',
    firstResponseDue: '2026-03-11T14:30:00+08:00',
    resolutionDue: '2026-03-12T17:30:00+08:00',
  },
  {
    id: 'ex-03',
    why: 'received during lunch',
    level: 2,
    received: '2026-03-11T12:30:00+08:00',
    cal: 'cn-mainland',
    tz: 'Asia/Shanghai',
    firstResponseDue: '2026-03-11T15:30:00+08:00',
    resolutionDue: '2026-03-12T17:30:00+08:00',
  },
  {
    id: 'ex-04',
    why: 'level 1 runs round the clock',
    level: 1,
    received: '2026-03-14T23:50:00+08:00',
    cal: 'cn-mainland',
    tz: 'Asia/Shanghai',
    firstResponseDue: '2026-03-15T00:20:00+08:00',
    resolutionDue: '2026-03-15T23:50:00+08:00',
  },
  {
    id: 'ex-05',
    why: 'National Day: clocks jump the 7-day holiday',
    level: 2,
    received: '2026-09-30T16:30:00+08:00',
    cal: 'cn-mainland',
    tz: 'Asia/Shanghai',
    firstResponseDue: '2026-10-08T09:00:00+08:00',
    resolutionDue: '2026-10-08T17:30:00+08:00',
  },
  {
    id: 'ex-06',
    why: 'make-up Saturday 2026-02-14 is a working day',
    level: 3,
    received: '2026-02-13T15:00:00+08:00',
    cal: 'cn-mainland',
    tz: 'Asia/Shanghai',
    firstResponseDue: '2026-02-14T17:30:00+08:00',
    resolutionDue: '2026-02-27T17:30:00+08:00',
  },
  {
    id: 'ex-07',
    why: 'received on a holiday, next day is a make-up Sunday',
    level: 2,
    received: '2026-01-03T10:00:00+08:00',
    cal: 'cn-mainland',
    tz: 'Asia/Shanghai',
    firstResponseDue: '2026-01-04T10:00:00+08:00',
    resolutionDue: '2026-01-04T17:30:00+08:00',
  },
  {
    id: 'ex-08',
    why: 'VIP caps the first response at 30 minutes',
    level: 2,
    received: '2026-03-10T20:00:00+08:00',
    vip: true,
    cal: 'cn-mainland',
    tz: 'Asia/Shanghai',
    firstResponseDue: '2026-03-10T20:30:00+08:00',
    resolutionDue: '2026-03-11T17:30:00+08:00',
  },
  {
    id: 'ex-09',
    why: 'complex: 5 working days across Labour Day',
    level: 2,
    received: '2026-04-27T09:00:00+08:00',
    flag: 'complex',
    cal: 'cn-mainland',
    tz: 'Asia/Shanghai',
    firstResponseDue: '2026-04-27T11:00:00+08:00',
    resolutionDue: '2026-05-07T17:30:00+08:00',
  },
  {
    id: 'ex-10',
    why: 'several departments: 10 working days across two holidays',
    level: 2,
    received: '2026-09-18T14:00:00+08:00',
    flag: 'multi-department',
    cal: 'cn-mainland',
    tz: 'Asia/Shanghai',
    firstResponseDue: '2026-09-18T16:00:00+08:00',
    resolutionDue: '2026-10-09T17:30:00+08:00',
  },
  {
    id: 'ex-11',
    why: 'waiting on the patient stops the clocks',
    level: 2,
    received: '2026-03-11T09:00:00+08:00',
    pauses: [['2026-03-11T09:30:00+08:00', '2026-03-11T14:00:00+08:00']],
    cal: 'cn-mainland',
    tz: 'Asia/Shanghai',
    firstResponseDue: '2026-03-11T15:30:00+08:00',
    resolutionDue: '2026-03-13T11:00:00+08:00',
  },
  {
    id: 'ex-12',
    why: 'another time zone with daylight saving, weekends-only calendar',
    level: 2,
    received: '2026-03-27T16:30:00+00:00',
    cal: 'weekends',
    tz: 'Europe/London',
    firstResponseDue: '2026-03-30T09:00:00+01:00',
    resolutionDue: '2026-03-30T17:30:00+01:00',
  },
];

/** The examples as the JSONL text of the spec file (one object per line). */
export const SLA_EXAMPLES_JSONL = SLA_EXAMPLES.map((example) => JSON.stringify(example)).join('\n');
