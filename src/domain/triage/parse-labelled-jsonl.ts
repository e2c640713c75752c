/**
 * Reads labelled JSONL (corpus files, the dev set, exported staff corrections): one
 * `{"text","lang","kind","category","level"}` object per line, `id` optional. Bad lines are reported
 * with their line number instead of stopping the whole file.
 */
import { isTriageCategory, isTriageKind, isTriageLevel, type LabelledItem } from './triage-types.ts';

export interface ParsedLabelledJsonl {
  items: LabelledItem[];
  errors: Array<{ line: number; message: string }>;
}

export function parseLabelledJsonl(content: string): ParsedLabelledJsonl {
  const items: LabelledItem[] = [];
  const errors: Array<{ line: number; message: string }> = [];
  content.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      errors.push({ line: i + 1, message: 'not valid JSON' });
      return;
    }
    const o = value as Record<string, unknown> | null;
    if (!o || typeof o !== 'object' || typeof o.text !== 'string') {
      errors.push({ line: i + 1, message: 'no "text" string' });
      return;
    }
    if (!isTriageKind(o.kind) || !isTriageCategory(o.category) || !isTriageLevel(o.level)) {
      errors.push({ line: i + 1, message: 'unknown or missing kind, category or level' });
      return;
    }
    const item: LabelledItem = { text: o.text, kind: o.kind, category: o.category, level: o.level };
    if (typeof o.id === 'string') item.id = o.id;
    if (o.lang === 'zh' || o.lang === 'en') item.lang = o.lang;
    if (typeof o.weight === 'number' && o.weight > 0) item.weight = o.weight;
    items.push(item);
  });
  return { items, errors };
}
