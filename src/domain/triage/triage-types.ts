/**
 * The triage vocabulary (default preset, shared/spec/taxonomy.md) and the shapes that flow between
 * the rule layer, the trained model, training and evaluation.
 */

import { CATEGORIES, type Category, KINDS, type Kind, LEVELS, type Level } from '../ticket/ticket.ts';

// One taxonomy for the whole product: the triage vocabulary is the ticket's (domain/ticket/ticket.ts).
export const TRIAGE_KINDS = KINDS;
export type TriageKind = Kind;

export const TRIAGE_CATEGORIES = CATEGORIES;
export type TriageCategory = Category;

export const TRIAGE_LEVELS = LEVELS;
export type TriageLevel = Level;

export type TriageLang = 'zh' | 'en';
export type DetectedLang = TriageLang | 'other';

export interface TriageConfidence {
  kind: number;
  category: number;
  level: number;
}

export interface TriageResult {
  kind: TriageKind;
  category: TriageCategory;
  level: TriageLevel;
  /** 0..1 per axis; low for empty, garbled or foreign-language text. */
  confidence: TriageConfidence;
  /** Phrases and rules that decided the result, most decisive first. */
  reasons: string[];
  lang: DetectedLang;
}

/** One labelled example: the corpus files, the dev set and staff corrections all have this shape. */
export interface LabelledItem {
  id?: string;
  text: string;
  lang?: TriageLang;
  kind: TriageKind;
  category: TriageCategory;
  level: TriageLevel;
  /** Relative weight in training (staff corrections may count more); 1 when absent. */
  weight?: number;
}

export function isTriageKind(value: unknown): value is TriageKind {
  return typeof value === 'string' && (TRIAGE_KINDS as readonly string[]).includes(value);
}

export function isTriageCategory(value: unknown): value is TriageCategory {
  return typeof value === 'string' && (TRIAGE_CATEGORIES as readonly string[]).includes(value);
}

export function isTriageLevel(value: unknown): value is TriageLevel {
  return value === 1 || value === 2 || value === 3;
}
