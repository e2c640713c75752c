/**
 * Writes a model as stable JSON text in the layout the project's formatter (Biome, 2-space indent,
 * 110 columns) would give it, so `biome check .` passes on the checked-in artefact: one feature row
 * per line, fixed key order, the same model always the same bytes.
 */
import type { TriageModelData } from './triage-model.ts';

const LINE_WIDTH = 110;

/** A flat array or object of primitives on one line when it fits, else one item per line. */
function formatFlat(value: unknown[] | Record<string, unknown>, indent: string, prefix: string): string {
  const isArray = Array.isArray(value);
  const items = isArray
    ? value.map((v) => JSON.stringify(v))
    : Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
  const inline = isArray ? `[${items.join(', ')}]` : `{ ${items.join(', ')} }`;
  if (indent.length + prefix.length + inline.length + 1 <= LINE_WIDTH) return inline;
  return `${open}\n${items.map((item) => `${indent}  ${item}`).join(',\n')}\n${indent}${close}`;
}

export function serializeTriageModel(model: TriageModelData): string {
  const head: Array<[string, unknown]> = [
    ['format', model.format],
    ['version', model.version],
    ['kinds', model.kinds],
    ['categories', model.categories],
    ['thresholds', model.thresholds],
    ['trainedOn', model.trainedOn],
    ['weightScale', model.weightScale],
    ['segmenterDictionary', model.segmenterDictionary],
  ];
  const lines = head.map(([key, value]) => {
    const prefix = `${JSON.stringify(key)}: `;
    const text =
      typeof value === 'object' && value !== null
        ? formatFlat(value as Record<string, unknown>, '  ', prefix)
        : JSON.stringify(value);
    return `  ${prefix}${text}`;
  });
  const names = Object.keys(model.weights).sort();
  const rows = names.map((name) => `    ${JSON.stringify(name)}: ${JSON.stringify(model.weights[name])}`);
  lines.push(`  "weights": {\n${rows.join(',\n')}\n  }`);
  return `{\n${lines.join(',\n')}\n}\n`;
}
