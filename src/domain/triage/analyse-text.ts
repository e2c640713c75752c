/**
 * The one pipeline both training and prediction run on a text, so the features a model was trained
 * on are exactly the features it later sees: normalise → detect language → urgent-signal scan →
 * features.
 */
import { detectLang, type LangProfile, normalizeText } from './normalize-text.ts';
import { extractFeatures, type FeatureVector } from './triage-features.ts';
import type { TriageLang } from './triage-types.ts';
import { scanUrgentSignals, type UrgentScan } from './urgent-signals.ts';
import type { Segment } from './zh-segmenter.ts';

export interface AnalysedText {
  normalized: string;
  profile: LangProfile;
  scan: UrgentScan;
  features: FeatureVector;
}

export function analyseText(raw: unknown, segment: Segment | undefined, hint?: TriageLang): AnalysedText {
  const normalized = normalizeText(typeof raw === 'string' ? raw : '');
  const profile = detectLang(normalized, hint);
  const scan = scanUrgentSignals(normalized);
  const features = extractFeatures(normalized, scan, segment);
  return { normalized, profile, scan, features };
}
