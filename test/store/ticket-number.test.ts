import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, fakeClock, startTestRuntime, type TestRuntime } from '../support/backends.ts';

/** Ticket numbers are formed in the INSERT (one round trip): year of receipt in the zone, six digits or more. */
describe.each(BACKENDS)('ticket numbers on %s', (backend) => {
  let rt: TestRuntime;
  // 16:30 UTC on New Year's Eve is already the new year in Shanghai.
  const clock = fakeClock('2026-12-31T16:30:00Z');
  beforeAll(async () => {
    rt = await startTestRuntime(backend, { clock });
  });
  afterAll(async () => rt?.drop());

  const submit = async () => {
    const res = await rt.app.inject({
      method: 'POST',
      url: '/api/v1/feedback',
      payload: { text: '停车场收费不清楚，希望说明。' },
    });
    expect(res.statusCode).toBe(201);
    return res.json().ticketNo as string;
  };

  it('numbers in the institution’s year, zero-padded to six digits and growing past them', async () => {
    expect(await submit()).toBe('2027-000001');
    await rt.database.query("SELECT setval('ticket_no_seq', 999998)");
    expect(await submit()).toBe('2027-999999');
    expect(await submit()).toBe('2027-1000000');
  });
});
