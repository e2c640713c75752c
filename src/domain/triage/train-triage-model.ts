/**
 * Trains the triage model: three linear heads over the same sparse features — multinomial logistic
 * regression for kind and for category, binary logistic regression for urgency (level 1).
 *
 * Deterministic by construction: items are put in a canonical order (by text hash) before anything
 * else, shuffles come from a seeded generator, features are sorted, and weights are rounded; the
 * same items and options give a byte-identical model whatever order the caller passed them in.
 * Pure: the caller supplies the items (corpus files, staff corrections …) and, optionally, the base
 * jieba dictionary text.
 */
import { AppError } from '../app-error.ts';
import { analyseText } from './analyse-text.ts';
import { isPositionCue } from './triage-features.ts';
import {
  TRIAGE_MODEL_FORMAT,
  TRIAGE_MODEL_VERSION,
  type TriageModelData,
  type UrgencyThresholds,
} from './triage-model.ts';
import {
  isTriageCategory,
  isTriageKind,
  isTriageLevel,
  type LabelledItem,
  TRIAGE_CATEGORIES,
  TRIAGE_KINDS,
} from './triage-types.ts';
import { isDecisiveFeature } from './urgent-signals.ts';
import { compactDictionary, createZhSegmenter } from './zh-segmenter.ts';

export interface TrainTriageOptions {
  seed?: number;
  epochs?: number;
  learningRate?: number;
  /** L2 penalty per update on the weights a sample touches. */
  l2?: number;
  /** N-gram features seen in fewer training items than this are dropped (cue and signal features stay). */
  minFeatureCount?: number;
  /** 0: every item counts the same; 1: each class counts the same in total; in between, partly. */
  balanceClasses?: number;
  /** Weights below this magnitude in every column are pruned from the artefact. */
  pruneBelow?: number;
  /** Full jieba dictionary text (jieba's dict.txt); compacted to the words the corpus uses. */
  baseDictionary?: string;
  /** Institution terms for the segmenter (kept whole). */
  extraTerms?: readonly string[];
  /** Keep a deterministic slice of the items out of training (to score it afterwards). */
  holdOut?: { fraction: number; salt?: string };
  thresholds?: Partial<UrgencyThresholds>;
}

export interface TrainTriageResult {
  model: TriageModelData;
  trainItems: LabelledItem[];
  heldOut: LabelledItem[];
}

// Weak signal + urgency ≥ 0.4: lean to level 1 (a missed emergency costs more than an early call);
// with no signal at all the model alone needs to be fairly sure.
export const DEFAULT_THRESHOLDS: UrgencyThresholds = { withWeakSignal: 0.4, withoutSignal: 0.6 };
const DEFAULTS = {
  seed: 20240611,
  epochs: 16,
  learningRate: 0.3,
  l2: 1e-4,
  minFeatureCount: 3,
  pruneBelow: 0.05,
  balanceClasses: 0,
};
const WEIGHT_SCALE = 100;

/** FNV-1a over UTF-16 code units: a stable, dependency-free hash for ordering and splitting. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The deterministic held-back predicate used by training (same text → same side of the split). */
export function isHeldOut(text: string, fraction: number, salt = 'holdout'): boolean {
  return fnv1a(`${salt}\u0000${text}`) / 0x1_0000_0000 < fraction;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function validate(items: readonly LabelledItem[]): void {
  items.forEach((item, i) => {
    if (
      typeof item?.text !== 'string' ||
      !isTriageKind(item.kind) ||
      !isTriageCategory(item.category) ||
      !isTriageLevel(item.level)
    ) {
      throw new AppError(
        'TRIAGE_TRAINING_ITEM_INVALID',
        `Training item ${i} is missing text or has an unknown label.`,
        {
          field: `items[${i}]`,
        },
      );
    }
  });
}

interface Sample {
  idx: Int32Array;
  val: Float64Array;
  kind: number;
  category: number;
  urgent: number;
  weight: number;
}

/**
 * Averaged SGD: the weights of columns [offset, offset + classes) are averaged over the second half
 * of the epochs, which steadies a small-corpus model more than any single epoch's weights.
 */
function averager(W: Float64Array, width: number, offset: number, classes: number, epochs: number) {
  const sum = new Float64Array((W.length / width) * classes);
  const from = Math.floor(epochs / 2);
  let count = 0;
  return {
    after(epoch: number): void {
      if (epoch < from) return;
      count++;
      for (let f = 0, k = 0; f < W.length; f += width)
        for (let c = 0; c < classes; c++) sum[k++]! += W[f + offset + c]!;
    },
    finish(): void {
      if (count === 0) return;
      for (let f = 0, k = 0; f < W.length; f += width)
        for (let c = 0; c < classes; c++) W[f + offset + c] = sum[k++]! / count;
    },
  };
}

/** Multinomial logistic regression by AdaGrad SGD over columns [offset, offset + classes) of W. */
function trainSoftmax(
  samples: Sample[],
  order: Int32Array[],
  W: Float64Array,
  G: Float64Array,
  width: number,
  offset: number,
  classes: number,
  label: (s: Sample) => number,
  lr: number,
  l2: number,
  balance: number,
  skip: Uint8Array,
): void {
  const scores = new Float64Array(classes);
  // Rare classes count more (weight (mean count / class count)^balance), so macro-F1 does not
  // sacrifice "privacy" or "other" to "complaint".
  const counts = new Float64Array(classes);
  for (const s of samples) counts[label(s)]! += 1;
  const present = counts.filter((n) => n > 0);
  const mean = present.reduce((a, b) => a + b, 0) / Math.max(1, present.length);
  const classWeight = Array.from(counts, (n) => (n > 0 ? (mean / n) ** balance : 1));
  const average = averager(W, width, offset, classes, order.length);
  for (const [e, epoch] of order.entries()) {
    for (const si of epoch) {
      const s = samples[si]!;
      scores.fill(0);
      for (let f = 0; f < s.idx.length; f++) {
        if (skip[s.idx[f]!]) continue;
        const base = s.idx[f]! * width + offset;
        const v = s.val[f]!;
        for (let c = 0; c < classes; c++) scores[c]! += v * W[base + c]!;
      }
      let max = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < classes; c++) if (scores[c]! > max) max = scores[c]!;
      let sum = 0;
      for (let c = 0; c < classes; c++) {
        scores[c] = Math.exp(scores[c]! - max);
        sum += scores[c]!;
      }
      const y = label(s);
      const w = s.weight * classWeight[y]!;
      for (let c = 0; c < classes; c++) scores[c] = (scores[c]! / sum - (c === y ? 1 : 0)) * w;
      for (let f = 0; f < s.idx.length; f++) {
        if (skip[s.idx[f]!]) continue;
        const base = s.idx[f]! * width + offset;
        const v = s.val[f]!;
        for (let c = 0; c < classes; c++) {
          const at = base + c;
          const g = v * scores[c]! + l2 * W[at]!;
          G[at]! += g * g;
          W[at]! -= (lr * g) / (Math.sqrt(G[at]!) + 1e-8);
        }
      }
    }
    average.after(e);
  }
  average.finish();
}

function trainLogistic(
  samples: Sample[],
  order: Int32Array[],
  W: Float64Array,
  G: Float64Array,
  width: number,
  offset: number,
  lr: number,
  l2: number,
  skip: Uint8Array,
): void {
  const average = averager(W, width, offset, 1, order.length);
  for (const [e, epoch] of order.entries()) {
    for (const si of epoch) {
      const s = samples[si]!;
      let z = 0;
      for (let f = 0; f < s.idx.length; f++)
        if (!skip[s.idx[f]!]) z += s.val[f]! * W[s.idx[f]! * width + offset]!;
      const residual = (1 / (1 + Math.exp(-z)) - s.urgent) * s.weight;
      for (let f = 0; f < s.idx.length; f++) {
        if (skip[s.idx[f]!]) continue;
        const at = s.idx[f]! * width + offset;
        const g = s.val[f]! * residual + l2 * W[at]!;
        G[at]! += g * g;
        W[at]! -= (lr * g) / (Math.sqrt(G[at]!) + 1e-8);
      }
    }
    average.after(e);
  }
  average.finish();
}

function compareText(a: LabelledItem, b: LabelledItem): number {
  const ha = fnv1a(a.text);
  const hb = fnv1a(b.text);
  if (ha !== hb) return ha - hb;
  if (a.text !== b.text) return a.text < b.text ? -1 : 1;
  const la = `${a.kind}/${a.category}/${a.level}/${a.weight ?? 1}`;
  const lb = `${b.kind}/${b.category}/${b.level}/${b.weight ?? 1}`;
  return la < lb ? -1 : la > lb ? 1 : 0;
}

export function trainTriageModel(
  items: readonly LabelledItem[],
  options: TrainTriageOptions = {},
): TrainTriageResult {
  validate(items);
  const opts = { ...DEFAULTS, ...options };
  const canonical = [...items].sort(compareText);
  const heldOut: LabelledItem[] = [];
  const trainItems: LabelledItem[] = [];
  for (const item of canonical) {
    if (options.holdOut && isHeldOut(item.text, options.holdOut.fraction, options.holdOut.salt))
      heldOut.push(item);
    else trainItems.push(item);
  }
  if (trainItems.length === 0) {
    throw new AppError('TRIAGE_TRAINING_EMPTY', 'There are no training items left to train on.');
  }

  const segmenterDictionary = options.baseDictionary
    ? compactDictionary(
        options.baseDictionary,
        trainItems.map((i) => i.text),
      )
    : '';
  const segmenter = createZhSegmenter(segmenterDictionary, options.extraTerms ?? []);
  const analysed = trainItems.map((item) => analyseText(item.text, segmenter.segment, item.lang).features);

  const counts = new Map<string, number>();
  for (const fv of analysed) for (const name of fv.names) counts.set(name, (counts.get(name) ?? 0) + 1);
  const vocabulary = [...counts.entries()]
    .filter(([name, n]) => n >= opts.minFeatureCount || name.startsWith('@'))
    .map(([name]) => name)
    .sort();
  const index = new Map(vocabulary.map((name, i) => [name, i]));

  const samples: Sample[] = analysed.map((fv, i) => {
    const idx: number[] = [];
    const val: number[] = [];
    fv.names.forEach((name, j) => {
      const at = index.get(name);
      if (at !== undefined) {
        idx.push(at);
        val.push(fv.values[j]!);
      }
    });
    const item = trainItems[i]!;
    return {
      idx: Int32Array.from(idx),
      val: Float64Array.from(val),
      kind: TRIAGE_KINDS.indexOf(item.kind),
      category: TRIAGE_CATEGORIES.indexOf(item.category),
      urgent: item.level === 1 ? 1 : 0,
      weight: item.weight && item.weight > 0 ? item.weight : 1,
    };
  });

  const random = mulberry32(opts.seed);
  const order: Int32Array[] = [];
  for (let e = 0; e < opts.epochs; e++) {
    const perm = Int32Array.from(samples.keys());
    for (let i = perm.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const t = perm[i]!;
      perm[i] = perm[j]!;
      perm[j] = t;
    }
    order.push(perm);
  }

  const kinds = TRIAGE_KINDS.length;
  const categories = TRIAGE_CATEGORIES.length;
  const width = kinds + categories + 1;
  const W = new Float64Array(vocabulary.length * width);
  const G = new Float64Array(vocabulary.length * width);
  trainSoftmax(
    samples,
    order,
    W,
    G,
    width,
    0,
    kinds,
    (s) => s.kind,
    opts.learningRate,
    opts.l2,
    opts.balanceClasses,
    new Uint8Array(vocabulary.length),
  );
  trainSoftmax(
    samples,
    order,
    W,
    G,
    width,
    kinds,
    categories,
    (s) => s.category,
    opts.learningRate,
    opts.l2,
    opts.balanceClasses,
    // Where a kind cue sits says how the writer frames the message, not what it is about.
    Uint8Array.from(vocabulary, (name) => (isPositionCue(name) ? 1 : 0)),
  );
  const decisive = Uint8Array.from(vocabulary, (name) => (isDecisiveFeature(name) ? 1 : 0));
  trainLogistic(samples, order, W, G, width, kinds + categories, opts.learningRate, opts.l2, decisive);

  // Integer weights at 1/WEIGHT_SCALE resolution: a third of the bytes of decimals, and no
  // floating-point formatting differences between machines.
  const weights: Record<string, string> = {};
  const prune = Math.max(1, Math.round(opts.pruneBelow * WEIGHT_SCALE));
  for (let f = 0; f < vocabulary.length; f++) {
    const row = Array.from(W.subarray(f * width, (f + 1) * width), (w) => Math.round(w * WEIGHT_SCALE) + 0);
    if (!row.some((w) => Math.abs(w) >= prune)) continue;
    weights[vocabulary[f]!] = row.join(' ');
  }

  const hash = fnv1a(
    trainItems.map((i) => `${i.text}\t${i.kind}\t${i.category}\t${i.level}\t${i.weight ?? 1}`).join('\n'),
  )
    .toString(16)
    .padStart(8, '0');
  const model: TriageModelData = {
    format: TRIAGE_MODEL_FORMAT,
    version: TRIAGE_MODEL_VERSION,
    kinds: [...TRIAGE_KINDS],
    categories: [...TRIAGE_CATEGORIES],
    thresholds: { ...DEFAULT_THRESHOLDS, ...options.thresholds },
    // The segmenter's own text: compacted base dictionary, medical terms and institution terms, so
    // prediction segments exactly as training did.
    segmenterDictionary: segmenter.dictionary,
    trainedOn: { items: trainItems.length, hash },
    weightScale: WEIGHT_SCALE,
    weights,
  };
  return { model, trainItems, heldOut };
}
