import { DrizzleQueryError } from 'drizzle-orm/errors';
import { describe, expect, it } from 'vitest';
import { createLogger, serializeError } from './logger.ts';

describe('serializeError', () => {
  it('drops the bound values drizzle puts in a failed query’s message, keeps the query and driver code', () => {
    const cause = Object.assign(new Error('duplicate key value violates unique constraint'), {
      code: '23505',
      detail: 'Key (contact_phone)=(13800001234) already exists.',
    });
    const err = new DrizzleQueryError(
      'insert into tickets (contact_phone) values ($1)',
      ['13800001234'],
      cause,
    );
    const out = JSON.stringify(serializeError(err));
    expect(out).not.toContain('13800001234');
    expect(out).toContain('insert into tickets');
    expect(out).toContain('23505');
  });
});

describe('createLogger', () => {
  it('redacts personal fields wherever a caller logs them', () => {
    const lines: string[] = [];
    const log = createLogger(
      { logLevel: 'info', logPretty: false },
      { write: (l: string) => void lines.push(l) },
    );
    log.info({ body: { phone: '13800001234' }, contactName: '张三', ticket: { text: '投诉内容' } }, 'x');
    const out = lines.join('');
    expect(out).toContain('"msg":"x"');
    for (const s of ['13800001234', '张三', '投诉内容']) expect(out).not.toContain(s);
  });
});
