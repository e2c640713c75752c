import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, startTestRuntime, type TestRuntime } from '../support/backends.ts';

describe.each(BACKENDS)('Idempotency-Key on POST /api/v1/feedback (%s)', (backend) => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime(backend);
  });
  afterAll(async () => {
    await rt.drop();
  });

  const post = (key: string | undefined, text: string) =>
    rt.app.inject({
      method: 'POST',
      url: '/api/v1/feedback',
      headers: key ? { 'idempotency-key': key } : {},
      payload: { text, channel: 'web' },
    });

  const countText = async (text: string) =>
    (
      await rt.database.query<{ n: number }>('SELECT count(*)::int AS n FROM tickets WHERE text = $1', [text])
    )[0]!.n;

  it('answers a retry with the first answer and makes one ticket', async () => {
    const first = await post('retry-key-0001', 'The lift on floor 3 is broken');
    const again = await post('retry-key-0001', 'The lift on floor 3 is broken');
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(await countText('The lift on floor 3 is broken')).toBe(1);
  });

  it('lets the replayed tracking code open the case', async () => {
    const first = await post('track-key-0001', 'Tracking after a retry');
    const again = (await post('track-key-0001', 'Tracking after a retry')).json() as { trackingCode: string };
    const track = await rt.app.inject({ method: 'GET', url: `/api/v1/track/${again.trackingCode}` });
    expect(track.statusCode).toBe(200);
    expect(track.json().ticketNo).toBe(first.json().ticketNo);
  });

  it('makes one ticket when the same key arrives many times at once', async () => {
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => post('race-key-00001', 'Same key, at once')),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array(8).fill(201));
    expect(new Set(answers.map((a) => a.json().ticketNo)).size).toBe(1);
    expect(await countText('Same key, at once')).toBe(1);
  });

  it('refuses the same key with another body, and a malformed key', async () => {
    await post('reuse-key-0001', 'first content');
    const reused = await post('reuse-key-0001', 'other content');
    expect(reused.statusCode).toBe(422);
    expect(reused.json().error.code).toBe('INTAKE_IDEMPOTENCY_KEY_REUSED');
    expect(await countText('other content')).toBe(0);
    const bad = await post('short', 'bad key');
    expect(bad.statusCode).toBe(400);
  });

  it('keeps neither the key nor the tracking code in clear', async () => {
    const res = (await post('secret-key-0001', 'Stored answers are sealed')).json() as {
      trackingCode: string;
    };
    const rows = await rt.database.query<{ key: string; response: unknown }>(
      `SELECT key, response FROM intake_idempotency WHERE source = 'public-feedback'`,
    );
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain('secret-key-0001');
    expect(dump).not.toContain(res.trackingCode);
  });

  it('without a key, each request is a new ticket (as before)', async () => {
    await post(undefined, 'No key twice');
    await post(undefined, 'No key twice');
    expect(await countText('No key twice')).toBe(2);
  });
});
