/**
 * Reads the project's training corpus (src/domain/triage/corpus/*.jsonl) and jieba's default
 * dictionary for training and retraining. I/O lives here, apart from the pure trainer.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseLabelledJsonl } from './parse-labelled-jsonl.ts';
import type { LabelledItem } from './triage-types.ts';

export const DEFAULT_CORPUS_DIR = fileURLToPath(new URL('./corpus/', import.meta.url));

export interface CorpusReadResult {
  items: LabelledItem[];
  files: Array<{ file: string; items: number; errors: number }>;
}

/** Every *.jsonl file of `dir`, in file-name order; bad lines are counted, not fatal. */
export function readCorpusItems(dir: string = DEFAULT_CORPUS_DIR): CorpusReadResult {
  const names = readdirSync(dir)
    .filter((n) => n.endsWith('.jsonl'))
    .sort();
  const items: LabelledItem[] = [];
  const files: CorpusReadResult['files'] = [];
  for (const file of names) {
    const parsed = parseLabelledJsonl(readFileSync(`${dir.replace(/\/?$/, '/')}${file}`, 'utf8'));
    items.push(...parsed.items);
    files.push({ file, items: parsed.items.length, errors: parsed.errors.length });
  }
  return { items, files };
}

/** Jieba's full default dictionary text (the trainer compacts it to the words the corpus uses). */
export function readJiebaDictionary(): string {
  const require = createRequire(import.meta.url);
  return readFileSync(require.resolve('@node-rs/jieba/dict.txt'), 'utf8');
}
