/**
 * triage(): rules first for level 1, the trained linear model for kind, category and the rest of
 * level. Combination (taxonomy.md): a present safety or escalation signal wins over everything;
 * otherwise suggestions and praise are level 3 and the rest level 2. When the rules leave level 1
 * open (a weak signal, or none) the urgency head decides, leaning to level 1 with a low confidence
 * when unsure, since a missed emergency costs more than an early call.
 */
import { type AnalysedText, analyseText } from './analyse-text.ts';
import { type CompiledModel, compileModel } from './triage-model.ts';
import type { TriageCategory, TriageKind, TriageLang, TriageLevel, TriageResult } from './triage-types.ts';
import type { SignalHit } from './urgent-signals.ts';
import { createZhSegmenter, type Segment } from './zh-segmenter.ts';

export interface TriageEngineOptions {
  /** Institution dictionary: ward names, local drug names … kept whole by the Chinese segmenter. */
  extraTerms?: readonly string[];
}

export interface TriageEngine {
  triage(text: string, lang?: TriageLang): TriageResult;
  readonly model: CompiledModel;
}

export interface HeadScores {
  kind: Float64Array;
  category: Float64Array;
  urgency: number;
  /** Share of the text's n-gram features the model knows (0 for garbage or a foreign script). */
  coverage: number;
  /** For explanations: index into the feature vector and row offset of every known feature. */
  known: Array<[number, number]>;
}

function softmax(scores: Float64Array): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (const s of scores) if (s > max) max = s;
  const out = new Float64Array(scores.length);
  let sum = 0;
  for (let i = 0; i < scores.length; i++) {
    out[i] = Math.exp(scores[i]! - max);
    sum += out[i]!;
  }
  for (let i = 0; i < out.length; i++) out[i]! /= sum;
  return out;
}

function argmax(values: Float64Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

export function scoreHeads(model: CompiledModel, analysed: AnalysedText): HeadScores {
  const k = model.kinds.length;
  const c = model.categories.length;
  const raw = new Float64Array(model.width);
  let grams = 0;
  let knownGrams = 0;
  const known: Array<[number, number]> = [];
  const { names, values } = analysed.features;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const isGram = name.charCodeAt(0) !== 64; // '@'
    if (isGram) grams++;
    const at = model.rows.get(name);
    if (at === undefined) continue;
    if (isGram) knownGrams++;
    known.push([i, at]);
    const v = values[i]!;
    const m = model.matrix;
    for (let j = 0; j < model.width; j++) raw[j]! += v * m[at + j]!;
  }
  return {
    kind: softmax(raw.subarray(0, k)),
    category: softmax(raw.subarray(k, k + c)),
    urgency: 1 / (1 + Math.exp(-raw[k + c]!)),
    coverage: grams === 0 ? 0 : knownGrams / grams,
    known,
  };
}

function readable(feature: string): string {
  if (feature.startsWith('w:')) return feature.slice(2);
  if (feature.startsWith('e:')) return feature.slice(2).replace('_', ' ');
  if (feature.startsWith('@cue:')) return `cue ${feature.slice(7)}`;
  if (feature.startsWith('@cue-first:')) return `opening ${feature.slice(13)} cue`;
  if (feature.startsWith('@cue-last:')) return `closing ${feature.slice(12)} cue`;
  if (feature.startsWith('@sig:') || feature.startsWith('@dec:')) return `signal ${feature.slice(5)}`;
  if (feature === '@punct:question') return '?';
  return feature;
}

/** The features that pushed class `column` (offset into the row) above the others, most first. */
function topFeatures(
  model: CompiledModel,
  analysed: AnalysedText,
  scores: HeadScores,
  from: number,
  to: number,
  column: number,
): string[] {
  const scored: Array<[number, number]> = [];
  const { names, values } = analysed.features;
  const m = model.matrix;
  for (const [i, at] of scores.known) {
    let mean = 0;
    for (let j = from; j < to; j++) mean += m[at + j]!;
    mean /= to - from;
    const contribution = values[i]! * (m[at + column]! - mean);
    if (contribution > 0 && names[i] !== '@bias') scored.push([i, contribution]);
  }
  scored.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const chosen: string[] = [];
  for (const [i] of scored) {
    const label = readable(names[i]!);
    // "态", "态度" and "服务态度" say the same thing; keep the strongest one.
    if (chosen.some((c) => c.includes(label) || label.includes(c))) continue;
    chosen.push(label);
    if (chosen.length === 3) break;
  }
  return chosen;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

function describeHit(hit: SignalHit): string {
  const what = hit.type === 'safety' ? 'safety signal' : 'escalation signal';
  return `${what} '${hit.phrase}'`;
}

function suppressedReason(hit: SignalHit): string {
  const why: Record<string, string> = {
    negated: 'negated',
    past: 'in the past',
    resolved: 'already resolved',
    hypothetical: 'hypothetical',
    'suggested-by-others': "someone else's suggestion",
    counterfactual: 'called off',
    'second-hand': 'second-hand (news, hearsay, elsewhere)',
    hyperbole: 'figure of speech',
    excluded: 'harmless sense',
    'near-miss': 'caught before any dose',
  };
  const cue = hit.cue ? ` ('${hit.cue}')` : '';
  return `not level 1: ${describeHit(hit)} ${why[hit.status] ?? hit.status}${cue}`;
}

export function decideTriage(model: CompiledModel, analysed: AnalysedText): TriageResult {
  const scores = scoreHeads(model, analysed);
  const { thresholds } = model.data;
  const { scan, profile } = analysed;
  // Nothing to read at all (empty, emoji, garbage): the class priors are all the model has, so
  // fall back to the most common case — a complaint about something unknown — for a person to look at.
  const empty = analysed.features.names.length <= 1;
  const kindIndex = empty ? Math.max(0, model.kinds.indexOf('complaint')) : argmax(scores.kind);
  const categoryIndex = empty ? Math.max(0, model.categories.indexOf('other')) : argmax(scores.category);
  const kind: TriageKind = model.kinds[kindIndex]!;
  const category: TriageCategory = model.categories[categoryIndex]!;
  const reasons: string[] = [];

  // Little of the text is known to the model (garbage, emoji, another language): say so in the
  // confidence rather than pretend.
  const knownShare = profile.letterShare === 0 ? 0 : Math.min(1, 0.25 + scores.coverage);
  const langFactor = profile.lang === 'other' ? 0.5 : 1;
  const trust = knownShare * langFactor;

  let level: TriageLevel;
  let levelConfidence: number;
  const p = scores.urgency;
  if (scan.decisive.length > 0) {
    level = 1;
    levelConfidence = Math.min(0.99, 0.85 + 0.1 * p + 0.04 * (scan.decisive.length - 1));
    const seen = new Set<string>();
    for (const hit of scan.decisive) {
      const label = describeHit(hit);
      if (seen.has(label) || seen.size >= 3) continue;
      seen.add(label);
      reasons.push(`level 1: ${label} (present, not negated)`);
    }
  } else if (scan.weakPresent.length > 0 && p >= thresholds.withWeakSignal) {
    level = 1;
    levelConfidence = 0.35 + 0.5 * p;
    const hit = scan.weakPresent[0]!;
    const detail = hit.cue ? `, ${hit.cue}` : '';
    reasons.push(
      `level 1: ${describeHit(hit)} (present${detail}; urgency model ${round2(p)}, leaning to level 1)`,
    );
  } else if (p >= thresholds.withoutSignal) {
    level = 1;
    levelConfidence = 0.3 + 0.5 * p;
    reasons.push(`level 1: urgency model ${round2(p)} with no explicit signal`);
  } else {
    const mild =
      scores.kind[model.kinds.indexOf('suggestion')]! + scores.kind[model.kinds.indexOf('praise')]!;
    level = kind === 'suggestion' || kind === 'praise' ? 3 : 2;
    levelConfidence = (1 - p) * (level === 3 ? mild : 1 - mild);
    reasons.push(
      `level ${level}: no present safety or escalation signal (urgency model ${round2(p)}); kind ${kind}`,
    );
  }
  for (const hit of scan.hits) {
    if (hit.strength === 'strong' && hit.status !== 'present' && reasons.length < 8)
      reasons.push(suppressedReason(hit));
  }

  const kindConfidence = empty ? 0.05 : scores.kind[kindIndex]! * trust;
  const categoryConfidence = empty ? 0.05 : scores.category[categoryIndex]! * trust;
  if (empty) reasons.push('nothing readable in the text: default complaint/other for a person to check');
  const kindTop = topFeatures(model, analysed, scores, 0, model.kinds.length, kindIndex);
  const k = model.kinds.length;
  const categoryTop = topFeatures(model, analysed, scores, k, k + model.categories.length, k + categoryIndex);
  reasons.push(
    `kind: ${kind} (model ${round2(scores.kind[kindIndex]!)}${kindTop.length ? `; top features: ${kindTop.join(', ')}` : ''})`,
  );
  reasons.push(
    `category: ${category} (model ${round2(scores.category[categoryIndex]!)}${categoryTop.length ? `; top features: ${categoryTop.join(', ')}` : ''})`,
  );
  if (trust < 0.6)
    reasons.push(
      `low confidence: language ${profile.lang}, ${Math.round(scores.coverage * 100)}% of the text known to the model`,
    );

  return {
    kind,
    category,
    level,
    confidence: {
      kind: round2(Math.max(0, Math.min(1, kindConfidence))),
      category: round2(Math.max(0, Math.min(1, categoryConfidence))),
      level: round2(
        Math.max(0, Math.min(1, level === 1 ? levelConfidence : levelConfidence * Math.max(trust, 0.5))),
      ),
    },
    reasons,
    lang: profile.lang,
  };
}

/** Builds a triage function over a model (the parsed model JSON); pure and in-process. */
export function createTriageEngine(modelData: unknown, options: TriageEngineOptions = {}): TriageEngine {
  const model = compileModel(modelData);
  const segmenter = createZhSegmenter(model.data.segmenterDictionary, options.extraTerms ?? []);
  const segment: Segment = segmenter.segment;
  return {
    model,
    triage(text: string, lang?: TriageLang): TriageResult {
      return decideTriage(model, analyseText(text, segment, lang));
    },
  };
}
