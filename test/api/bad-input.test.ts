import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, startTestRuntime, type TestRuntime } from '../support/backends.ts';

describe.each(BACKENDS)('bad input on %s', (backend) => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime(backend);
  });
  afterAll(async () => {
    await rt?.drop();
  });

  const send = (payload: string, contentType = 'application/json') =>
    rt.app.inject({
      method: 'POST',
      url: '/api/v1/feedback',
      payload,
      headers: { 'content-type': contentType },
    });
  const count = async () =>
    Number((await rt.database.query<{ n: number }>('SELECT count(*)::int AS n FROM tickets'))[0]?.n);

  it.each([
    ['malformed JSON', '{"text": "abc"', 400, 'INVALID_JSON', undefined],
    ['an unknown field', JSON.stringify({ text: 'abc', colour: 'red' }), 400, 'VALIDATION_FAILED', 'colour'],
    ['a missing text', JSON.stringify({ name: 'x' }), 400, 'VALIDATION_FAILED', 'text'],
    ['text of the wrong type', JSON.stringify({ text: 42 }), 400, 'VALIDATION_FAILED', 'text'],
    ['empty text', JSON.stringify({ text: '' }), 400, 'VALIDATION_FAILED', 'text'],
    ['only spaces', JSON.stringify({ text: '   ' }), 400, 'FEEDBACK_TEXT_EMPTY', 'text'],
    [
      'text over 5000 characters',
      JSON.stringify({ text: '长'.repeat(5001) }),
      400,
      'VALIDATION_FAILED',
      'text',
    ],
    ['a bad phone', JSON.stringify({ text: 'abc', phone: 'call me' }), 400, 'FEEDBACK_BAD_PHONE', 'phone'],
    ['a bad email', JSON.stringify({ text: 'abc', email: 'nope' }), 400, 'FEEDBACK_BAD_EMAIL', 'email'],
    [
      'an unknown channel',
      JSON.stringify({ text: 'abc', channel: 'fax' }),
      400,
      'VALIDATION_FAILED',
      'channel',
    ],
  ])('refuses %s with a coded 4xx and stores nothing', async (_name, payload, status, code, field) => {
    const before = await count();
    const res = await send(payload);
    expect(res.statusCode).toBe(status);
    const body = res.json();
    expect(body.error.code).toBe(code);
    expect(typeof body.error.message).toBe('string');
    if (field) expect(body.error.field).toBe(field);
    expect(await count()).toBe(before);
  });

  it('refuses a body over 1 MiB with 413', async () => {
    const res = await send(JSON.stringify({ text: 'x'.repeat(1024 * 1024 + 10) }));
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses a body that is not JSON with 415', async () => {
    const res = await send('text=abc', 'application/x-www-form-urlencoded');
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('accepts exactly 5000 characters of Chinese text', async () => {
    const res = await send(JSON.stringify({ text: '长'.repeat(5000) }));
    expect(res.statusCode).toBe(201);
  });

  it('answers an unknown route with a coded 404', async () => {
    const res = await rt.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });

  it('publishes the OpenAPI document', async () => {
    const res = await rt.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.0.3');
    expect(Object.keys(doc.paths)).toContain('/api/v1/feedback');
    expect(Object.keys(doc.paths)).toContain('/api/v1/tickets/{ticketNo}');
  });
});
