import { describe, expect, it } from 'vitest';
import { type RoutingRule, routeTicket } from './route-ticket.ts';

const rule = (over: Partial<RoutingRule> & Pick<RoutingRule, 'id' | 'departmentId'>): RoutingRule => ({
  priority: 100,
  category: null,
  kind: null,
  channel: null,
  keywords: [],
  active: true,
  ...over,
});

const input = {
  text: '收费处多收了我两百元 Billing error',
  channel: 'web',
  kind: 'complaint',
  category: 'billing',
};

describe('routeTicket', () => {
  it('takes the first matching rule by priority, not by insertion order', () => {
    const rules = [
      rule({ id: 1, priority: 50, departmentId: 9 }),
      rule({ id: 2, priority: 10, category: 'billing', departmentId: 3 }),
    ];
    expect(routeTicket(rules, input)).toEqual({ departmentId: 3, ruleId: 2, matched: ['category=billing'] });
  });

  it('needs every set condition to match', () => {
    const rules = [rule({ id: 1, priority: 1, category: 'billing', channel: 'hotline', departmentId: 3 })];
    expect(routeTicket(rules, input)).toBeNull();
    expect(routeTicket(rules, { ...input, channel: 'hotline' })?.departmentId).toBe(3);
  });

  it('matches keywords as case-insensitive substrings, Chinese included', () => {
    const rules = [
      rule({ id: 1, priority: 1, keywords: ['停车'], departmentId: 4 }),
      rule({ id: 2, priority: 2, keywords: ['BILLING'], departmentId: 5 }),
      rule({ id: 3, priority: 3, keywords: ['收费'], departmentId: 6 }),
    ];
    expect(routeTicket(rules, input)).toEqual({ departmentId: 5, ruleId: 2, matched: ['keyword=BILLING'] });
  });

  it('skips inactive rules and falls through to a catch-all', () => {
    const rules = [
      rule({ id: 1, priority: 1, category: 'billing', departmentId: 3, active: false }),
      rule({ id: 2, priority: 999, departmentId: 1 }),
    ];
    expect(routeTicket(rules, input)).toEqual({ departmentId: 1, ruleId: 2, matched: [] });
  });

  it('returns null when nothing matches (the ticket stays with the patient-relations office)', () => {
    expect(routeTicket([rule({ id: 1, priority: 1, kind: 'praise', departmentId: 2 })], input)).toBeNull();
  });
});
