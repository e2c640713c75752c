/**
 * `careloop triage …`: triage from the command line with the shipped model.
 *
 *   careloop triage "TEXT"            → one JSON object {kind, category, level, confidence, reasons}
 *   careloop triage --jsonl FILE      → per input line {"id","text"}: one {"id","kind","category","level",
 *                                       "confidence","reasons"} line, in order; a bad line → {"id","error"}
 *                                       and the run goes on (exit 1 when any line failed)
 *   careloop triage --eval FILE [--json]
 *                                     → accuracy and macro-F1 per axis, level-1 recall and precision, the
 *                                       level confusion matrix and the worst misses, for labelled JSONL
 *                                       (the dev set's format); --json prints one machine-readable object
 *   bad usage → a message on stderr, exit 2.
 *
 * Each stdout/stderr call is one complete line ending in "\n" (as in sla-command.ts).
 */
import {
  type EvaluateOptions,
  evaluateTriage,
  type TriageEvaluation,
} from '../domain/triage/evaluate-triage.ts';
import { parseLabelledJsonl } from '../domain/triage/parse-labelled-jsonl.ts';
import type { TriageEngine } from '../domain/triage/triage-engine.ts';
import { defaultTriageEngine } from '../domain/triage/triage-model.loader.ts';
import type { TriageResult } from '../domain/triage/triage-types.ts';

export interface TriageCommandIo {
  stdout(s: string): void;
  stderr(s: string): void;
  readFile(p: string): Promise<string>;
}

export const EXIT_OK = 0;
export const EXIT_SOME_LINES_FAILED = 1;
export const EXIT_BAD_USAGE = 2;

const USAGE = [
  'usage: careloop triage "TEXT"',
  '       careloop triage --jsonl FILE        (lines of {"id","text"})',
  '       careloop triage --eval FILE [--json] (labelled lines of {"text","kind","category","level"})',
].join('\n');

const WORST_MISSES_SHOWN = 15;

type Parsed =
  | { mode: 'text'; text: string }
  | { mode: 'jsonl'; file: string }
  | { mode: 'eval'; file: string; json: boolean }
  | { mode: 'help' }
  | { mode: 'error'; message: string };

function parseArgs(args: string[]): Parsed {
  if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) return { mode: 'help' };
  let jsonl: string | undefined;
  let evalFile: string | undefined;
  let json = false;
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--jsonl' || arg === '--eval') {
      const value = args[i + 1];
      if (value === undefined || value === '') return { mode: 'error', message: `${arg} needs a file path` };
      if (arg === '--jsonl') jsonl = value;
      else evalFile = value;
      i++;
    } else if (arg === '--json') {
      json = true;
    } else if (arg.startsWith('--')) {
      return { mode: 'error', message: `unknown option ${arg}` };
    } else {
      positional.push(arg);
    }
  }
  if (jsonl !== undefined && evalFile !== undefined)
    return { mode: 'error', message: 'use either --jsonl or --eval' };
  if (json && evalFile === undefined) return { mode: 'error', message: '--json goes with --eval' };
  if (jsonl !== undefined || evalFile !== undefined) {
    if (positional.length > 0) return { mode: 'error', message: 'give a file or a text, not both' };
    return jsonl !== undefined ? { mode: 'jsonl', file: jsonl } : { mode: 'eval', file: evalFile!, json };
  }
  if (positional.length !== 1) {
    return {
      mode: 'error',
      message: positional.length === 0 ? 'nothing to triage' : 'quote the text as one argument',
    };
  }
  return { mode: 'text', text: positional[0]! };
}

function publicResult(result: TriageResult) {
  const { kind, category, level, confidence, reasons } = result;
  return { kind, category, level, confidence, reasons };
}

async function readInput(io: TriageCommandIo, file: string): Promise<string | undefined> {
  try {
    return await io.readFile(file);
  } catch (err) {
    io.stderr(`careloop triage: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}\n`);
    return undefined;
  }
}

function runJsonl(content: string, engine: TriageEngine, io: TriageCommandIo): number {
  let failed = 0;
  content.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      failed++;
      io.stdout(`${JSON.stringify({ id: null, error: `line ${index + 1}: not valid JSON` })}\n`);
      return;
    }
    const record =
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : {};
    const id = typeof record.id === 'string' || typeof record.id === 'number' ? record.id : null;
    if (typeof record.text !== 'string') {
      failed++;
      io.stdout(`${JSON.stringify({ id, error: `line ${index + 1}: no "text" string` })}\n`);
      return;
    }
    io.stdout(`${JSON.stringify({ id, ...publicResult(engine.triage(record.text)) })}\n`);
  });
  return failed > 0 ? EXIT_SOME_LINES_FAILED : EXIT_OK;
}

const fixed = (x: number): string => x.toFixed(3);
const pad = (s: string, n: number): string => s.padEnd(n);
const padStart = (s: string, n: number): string => s.padStart(n);

/** The human-readable report of `careloop triage --eval`. */
export function formatEvaluation(evaluation: TriageEvaluation, source: string): string[] {
  const lines: string[] = [];
  lines.push(`triage eval: ${evaluation.items} items from ${source}`);
  lines.push(`${pad('axis', 10)}${padStart('accuracy', 10)}${padStart('macro-F1', 10)}`);
  for (const axis of ['kind', 'category', 'level'] as const) {
    const score = evaluation[axis];
    lines.push(`${pad(axis, 10)}${padStart(fixed(score.accuracy), 10)}${padStart(fixed(score.macroF1), 10)}`);
  }
  const l1 = evaluation.level1;
  lines.push(
    `level 1: recall ${fixed(l1.recall)} (${l1.truePositives}/${l1.truePositives + l1.falseNegatives}), ` +
      `precision ${fixed(l1.precision)} (${l1.truePositives}/${l1.truePositives + l1.falsePositives})`,
  );
  lines.push('level confusion (rows: expected, columns: predicted):');
  lines.push(`${pad('', 12)}${['1', '2', '3'].map((l) => padStart(`got ${l}`, 8)).join('')}`);
  evaluation.levelConfusion.forEach((row, i) => {
    lines.push(`${pad(`  level ${i + 1}`, 12)}${row.map((n) => padStart(String(n), 8)).join('')}`);
  });
  for (const axis of ['kind', 'category'] as const) {
    const parts = Object.entries(evaluation[axis].perClass).map(
      ([label, s]) => `${label} ${s.f1.toFixed(2)}`,
    );
    lines.push(`F1 per ${axis}: ${parts.join(', ')}`);
  }
  const misses = evaluation.worstMisses.slice(0, WORST_MISSES_SHOWN);
  lines.push(misses.length === 0 ? 'no misses' : `worst misses (${misses.length} shown):`);
  misses.forEach((miss, i) => {
    const e = miss.expected;
    const p = miss.predicted;
    const text = miss.text.replace(/\s+/g, ' ');
    lines.push(
      `${padStart(String(i + 1), 3)}. ${miss.id ?? '-'} [${miss.errors.join(', ')}] expected ${e.kind}/${e.category}/${e.level}, got ${p.kind}/${p.category}/${p.level}`,
    );
    lines.push(`     "${text.length > 100 ? `${text.slice(0, 100)}…` : text}"`);
    const why = miss.reasons.find((r) => r.startsWith('level'));
    if (why) lines.push(`     ${why}`);
  });
  return lines;
}

function runEval(
  content: string,
  file: string,
  json: boolean,
  engine: TriageEngine,
  io: TriageCommandIo,
): number {
  const parsed = parseLabelledJsonl(content);
  for (const error of parsed.errors.slice(0, 10))
    io.stderr(`careloop triage: ${file} line ${error.line}: ${error.message}\n`);
  if (parsed.errors.length > 10)
    io.stderr(`careloop triage: … ${parsed.errors.length - 10} more bad lines\n`);
  if (parsed.items.length === 0) {
    io.stderr(`careloop triage: ${file} has no labelled items\n`);
    return EXIT_BAD_USAGE;
  }
  const options: EvaluateOptions = { maxMisses: json ? 50 : WORST_MISSES_SHOWN };
  const evaluation = evaluateTriage(engine.triage, parsed.items, options);
  if (json) io.stdout(`${JSON.stringify({ file, skippedLines: parsed.errors.length, ...evaluation })}\n`);
  else for (const line of formatEvaluation(evaluation, file)) io.stdout(`${line}\n`);
  return EXIT_OK;
}

export async function runTriageCommand(args: string[], io: TriageCommandIo): Promise<number> {
  const parsed = parseArgs(args);
  if (parsed.mode === 'help') {
    io.stdout(`${USAGE}\n`);
    return EXIT_OK;
  }
  if (parsed.mode === 'error') {
    io.stderr(`careloop triage: ${parsed.message}\n${USAGE}\n`);
    return EXIT_BAD_USAGE;
  }
  if (parsed.mode === 'text') {
    io.stdout(`${JSON.stringify(publicResult(defaultTriageEngine().triage(parsed.text)))}\n`);
    return EXIT_OK;
  }
  const content = await readInput(io, parsed.file);
  if (content === undefined) return EXIT_BAD_USAGE;
  const engine = defaultTriageEngine();
  return parsed.mode === 'jsonl'
    ? runJsonl(content, engine, io)
    : runEval(content, parsed.file, parsed.json, engine, io);
}
