/**
 * Scores a predictor against labelled items: accuracy and macro-F1 per axis, level-1 recall and
 * precision, the level confusion matrix and the worst misses (a missed level 1 first). Pure: the
 * predictor is passed in, so the same function scores the shipped model on the dev set, a freshly
 * trained one on a held-back slice, or a retrained one with staff corrections.
 */
import {
  type LabelledItem,
  TRIAGE_CATEGORIES,
  TRIAGE_KINDS,
  TRIAGE_LEVELS,
  type TriageCategory,
  type TriageConfidence,
  type TriageKind,
  type TriageLang,
  type TriageLevel,
} from './triage-types.ts';

export interface TriagePrediction {
  kind: TriageKind;
  category: TriageCategory;
  level: TriageLevel;
  confidence?: TriageConfidence;
  reasons?: string[];
}

export type TriagePredict = (text: string, lang?: TriageLang) => TriagePrediction;

export interface ClassScore {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface AxisScore {
  accuracy: number;
  /** Mean F1 over the classes that occur in the gold labels or the predictions. */
  macroF1: number;
  perClass: Record<string, ClassScore>;
}

export interface TriageMiss {
  id?: string;
  text: string;
  expected: { kind: TriageKind; category: TriageCategory; level: TriageLevel };
  predicted: { kind: TriageKind; category: TriageCategory; level: TriageLevel };
  /** What went wrong, worst first: "missed level 1", "false level 1", "kind", "category", "level". */
  errors: string[];
  reasons: string[];
}

export interface TriageEvaluation {
  items: number;
  kind: AxisScore;
  category: AxisScore;
  level: AxisScore;
  level1: {
    recall: number;
    precision: number;
    f1: number;
    truePositives: number;
    falseNegatives: number;
    falsePositives: number;
  };
  /** rows: expected level 1..3; columns: predicted level 1..3. */
  levelConfusion: number[][];
  worstMisses: TriageMiss[];
}

export interface EvaluateOptions {
  /** How many misses to keep (default 20). */
  maxMisses?: number;
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);
const f1 = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

function scoreAxis<T extends string | number>(labels: readonly T[], gold: T[], predicted: T[]): AxisScore {
  const perClass: Record<string, ClassScore> = {};
  let correct = 0;
  for (let i = 0; i < gold.length; i++) if (gold[i] === predicted[i]) correct++;
  const f1s: number[] = [];
  for (const label of labels) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < gold.length; i++) {
      if (predicted[i] === label && gold[i] === label) tp++;
      else if (predicted[i] === label) fp++;
      else if (gold[i] === label) fn++;
    }
    if (tp + fp + fn === 0) continue;
    const precision = ratio(tp, tp + fp);
    const recall = ratio(tp, tp + fn);
    const score = { precision, recall, f1: f1(precision, recall), support: tp + fn };
    perClass[String(label)] = score;
    f1s.push(score.f1);
  }
  return {
    accuracy: ratio(correct, gold.length),
    macroF1: f1s.length === 0 ? 0 : f1s.reduce((a, b) => a + b, 0) / f1s.length,
    perClass,
  };
}

function severity(miss: TriageMiss): number {
  let s = 0;
  for (const e of miss.errors)
    s += e === 'missed level 1' ? 100 : e === 'false level 1' ? 30 : e === 'level' ? 10 : 3;
  return s;
}

export function evaluateTriage(
  predict: TriagePredict,
  labelledItems: readonly LabelledItem[],
  options: EvaluateOptions = {},
): TriageEvaluation {
  const gold = { kind: [] as TriageKind[], category: [] as TriageCategory[], level: [] as TriageLevel[] };
  const pred = { kind: [] as TriageKind[], category: [] as TriageCategory[], level: [] as TriageLevel[] };
  const confusion = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  const misses: Array<TriageMiss & { confidence: number }> = [];
  for (const item of labelledItems) {
    const p = predict(item.text, item.lang);
    gold.kind.push(item.kind);
    gold.category.push(item.category);
    gold.level.push(item.level);
    pred.kind.push(p.kind);
    pred.category.push(p.category);
    pred.level.push(p.level);
    confusion[item.level - 1]![p.level - 1]!++;
    const errors: string[] = [];
    if (item.level === 1 && p.level !== 1) errors.push('missed level 1');
    else if (item.level !== 1 && p.level === 1) errors.push('false level 1');
    else if (item.level !== p.level) errors.push('level');
    if (item.kind !== p.kind) errors.push('kind');
    if (item.category !== p.category) errors.push('category');
    if (errors.length > 0) {
      const miss: TriageMiss & { confidence: number } = {
        text: item.text,
        expected: { kind: item.kind, category: item.category, level: item.level },
        predicted: { kind: p.kind, category: p.category, level: p.level },
        errors,
        reasons: p.reasons ?? [],
        confidence: p.confidence ? Math.max(p.confidence.kind, p.confidence.category, p.confidence.level) : 0,
      };
      if (item.id !== undefined) miss.id = item.id;
      misses.push(miss);
    }
  }
  const tp = confusion[0]![0]!;
  const fn = confusion[0]![1]! + confusion[0]![2]!;
  const fp = confusion[1]![0]! + confusion[2]![0]!;
  const recall = ratio(tp, tp + fn);
  const precision = ratio(tp, tp + fp);
  // A confident wrong answer is worse than a hesitant one; ties keep input order (stable sort).
  misses.sort((a, b) => severity(b) - severity(a) || b.confidence - a.confidence);
  return {
    items: labelledItems.length,
    kind: scoreAxis(TRIAGE_KINDS, gold.kind, pred.kind),
    category: scoreAxis(TRIAGE_CATEGORIES, gold.category, pred.category),
    level: scoreAxis(TRIAGE_LEVELS, gold.level, pred.level),
    level1: {
      recall,
      precision,
      f1: f1(precision, recall),
      truePositives: tp,
      falseNegatives: fn,
      falsePositives: fp,
    },
    levelConfusion: confusion,
    worstMisses: misses.slice(0, options.maxMisses ?? 20).map(({ confidence: _c, ...miss }) => miss),
  };
}
