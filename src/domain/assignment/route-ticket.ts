/**
 * Routing: which department a new ticket goes to. Rules are data an admin edits; this function only
 * applies them, so the same rules give the same department in tests, at intake and in a dry run.
 */

export interface RoutingRule {
  id: number;
  /** Lower runs first. */
  priority: number;
  category: string | null;
  kind: string | null;
  channel: string | null;
  keywords: readonly string[];
  departmentId: number;
  active: boolean;
}

export interface RoutingInput {
  text: string;
  channel: string;
  kind: string | null;
  category: string | null;
}

export interface RoutingDecision {
  departmentId: number;
  ruleId: number;
  /** What matched, for the timeline: "category=billing", "keyword=收费" … */
  matched: string[];
}

function matches(rule: RoutingRule, input: RoutingInput, folded: string): string[] | null {
  const matched: string[] = [];
  if (rule.category !== null) {
    if (rule.category !== input.category) return null;
    matched.push(`category=${rule.category}`);
  }
  if (rule.kind !== null) {
    if (rule.kind !== input.kind) return null;
    matched.push(`kind=${rule.kind}`);
  }
  if (rule.channel !== null) {
    if (rule.channel !== input.channel) return null;
    matched.push(`channel=${rule.channel}`);
  }
  if (rule.keywords.length > 0) {
    const hit = rule.keywords.find((k) => k.trim() !== '' && folded.includes(k.trim().toLowerCase()));
    if (hit === undefined) return null;
    matched.push(`keyword=${hit.trim()}`);
  }
  return matched;
}

/** The first active rule (by priority, then id) that matches; null when none does. */
export function routeTicket(rules: readonly RoutingRule[], input: RoutingInput): RoutingDecision | null {
  const folded = input.text.toLowerCase();
  const ordered = rules.filter((r) => r.active).sort((a, b) => a.priority - b.priority || a.id - b.id);
  for (const rule of ordered) {
    const matched = matches(rule, input, folded);
    if (matched) return { departmentId: rule.departmentId, ruleId: rule.id, matched };
  }
  return null;
}
