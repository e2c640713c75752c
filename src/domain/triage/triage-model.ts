/**
 * The trained model as data: one weight row per feature (kind classes, category classes, then the
 * urgency logit), the compact segmenter dictionary and the decision thresholds. This is the shape of
 * the checked-in artefact model/triage-model.json; `compileModel` turns it into lookup tables once.
 */
import { AppError } from '../app-error.ts';
import { TRIAGE_CATEGORIES, TRIAGE_KINDS, type TriageCategory, type TriageKind } from './triage-types.ts';

export const TRIAGE_MODEL_FORMAT = 'careloop-triage-model';
export const TRIAGE_MODEL_VERSION = 1;

export interface UrgencyThresholds {
  /** Urgency probability above which a message with a weak present signal becomes level 1. */
  withWeakSignal: number;
  /** Urgency probability above which a message becomes level 1 with no signal at all. */
  withoutSignal: number;
}

export interface TriageModelData {
  format: typeof TRIAGE_MODEL_FORMAT;
  version: number;
  kinds: TriageKind[];
  categories: TriageCategory[];
  thresholds: UrgencyThresholds;
  /** Jieba dictionary text (word freq tag per line) the Chinese features were built with. */
  segmenterDictionary: string;
  /** What the model was trained on: item count and an FNV-1a hash of the training items. */
  trainedOn: { items: number; hash: string };
  /** Weights are stored as integers; divide by this to get the real weight. */
  weightScale: number;
  /**
   * Feature name → its row of integer weights as space-separated text: kind columns, category
   * columns, then the urgency logit (kinds + categories + 1 numbers). Text rows keep the artefact
   * one line per feature, small and diffable.
   */
  weights: Record<string, string>;
}

export interface CompiledModel {
  data: TriageModelData;
  kinds: TriageKind[];
  categories: TriageCategory[];
  /** Feature name → offset of its row in `matrix`. */
  rows: Map<string, number>;
  matrix: Float64Array;
  /** Row length: kinds + categories + 1. */
  width: number;
}

export function compileModel(data: unknown): CompiledModel {
  const model = data as Partial<TriageModelData> | null;
  if (
    !model ||
    model.format !== TRIAGE_MODEL_FORMAT ||
    typeof model.weights !== 'object' ||
    model.weights === null
  ) {
    throw new AppError('TRIAGE_MODEL_INVALID', 'The triage model file is not a CareLoop triage model.');
  }
  if (model.version !== TRIAGE_MODEL_VERSION) {
    throw new AppError(
      'TRIAGE_MODEL_VERSION',
      `Triage model version ${String(model.version)} is not supported.`,
    );
  }
  const kinds = (model.kinds ?? []).filter((k): k is TriageKind =>
    (TRIAGE_KINDS as readonly string[]).includes(k),
  );
  const categories = (model.categories ?? []).filter((c): c is TriageCategory =>
    (TRIAGE_CATEGORIES as readonly string[]).includes(c),
  );
  if (kinds.length !== (model.kinds ?? []).length || categories.length !== (model.categories ?? []).length) {
    throw new AppError('TRIAGE_MODEL_INVALID', 'The triage model uses unknown kind or category codes.');
  }
  const width = kinds.length + categories.length + 1;
  const scale = model.weightScale;
  if (typeof scale !== 'number' || !(scale > 0)) {
    throw new AppError('TRIAGE_MODEL_INVALID', 'The triage model has no weight scale.');
  }
  const entries = Object.entries(model.weights);
  const matrix = new Float64Array(entries.length * width);
  const rows = new Map<string, number>();
  entries.forEach(([name, row], i) => {
    const values = typeof row === 'string' ? row.split(' ') : [];
    if (values.length !== width) {
      throw new AppError('TRIAGE_MODEL_INVALID', `Triage model row "${name}" has the wrong width.`);
    }
    const at = i * width;
    for (let j = 0; j < width; j++) matrix[at + j] = Number(values[j]) / scale;
    rows.set(name, at);
  });
  return { data: model as TriageModelData, kinds, categories, rows, matrix, width };
}
