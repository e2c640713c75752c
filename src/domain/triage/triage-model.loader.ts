/**
 * The only I/O of the triage engine: reads the checked-in model artefact once and hands the parsed
 * JSON to the pure engine. Everything else in this folder is pure.
 */
import { readFileSync } from 'node:fs';
import { createTriageEngine, type TriageEngine, type TriageEngineOptions } from './triage-engine.ts';
import type { TriageLang, TriageResult } from './triage-types.ts';

export const DEFAULT_TRIAGE_MODEL_URL = new URL('./model/triage-model.json', import.meta.url);

/** Reads and parses a model file (the default artefact unless a path is given). */
export function readTriageModel(path: string | URL = DEFAULT_TRIAGE_MODEL_URL): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

export function loadTriageEngine(
  options: TriageEngineOptions & { modelPath?: string | URL } = {},
): TriageEngine {
  const { modelPath, ...engineOptions } = options;
  return createTriageEngine(readTriageModel(modelPath), engineOptions);
}

let defaultEngine: TriageEngine | undefined;

/** The engine over the shipped model, loaded on first use. */
export function defaultTriageEngine(): TriageEngine {
  defaultEngine ??= loadTriageEngine();
  return defaultEngine;
}

/** Triage with the shipped model: `triage(text, lang?)`. */
export function triage(text: string, lang?: TriageLang): TriageResult {
  return defaultTriageEngine().triage(text, lang);
}
