/**
 * The hand-written level-1 layer: phrases that mean a risk to health or safety now, or a dispute the
 * person is taking further (taxonomy.md, "Labelling rules for level 1"). Each phrase found is checked
 * in context (signal-context.ts) and comes out with a status; only strong phrases whose status is
 * `present` force level 1 on their own. Weak phrases and every status also become model features,
 * so the trained level head can weigh what the rules leave open.
 *
 * Written from the labelling rules, never from particular messages: each rule names a family of
 * phrasings (bleeding that will not stop, chest pain, a wrong drug that has been taken, a lawyer …).
 */
import {
  clauseOf,
  findAttribution,
  findDisavowalAfter,
  findFigurative,
  findHypothetical,
  findLaterDisavowal,
  findNegation,
  findNoDispute,
  findPreparatoryQuestion,
  findThanksRecount,
  findTime,
  sentenceOf,
} from './signal-context.ts';
import {
  NEAR_MISS,
  SIGNAL_RULES,
  type SignalRule,
  type SignalStrength,
  type SignalType,
} from './urgent-signal-rules.ts';

export type { SignalStrength, SignalType } from './urgent-signal-rules.ts';

export type SignalStatus =
  | 'present'
  | 'negated'
  | 'past'
  | 'resolved'
  | 'hypothetical'
  | 'suggested-by-others'
  | 'counterfactual'
  | 'second-hand'
  | 'hyperbole'
  | 'excluded'
  | 'near-miss'
  | 'unconfirmed';

export interface SignalHit {
  rule: string;
  type: SignalType;
  /** Strength after context: a strong rule whose confirming words are missing reports `weak`. */
  strength: SignalStrength;
  phrase: string;
  status: SignalStatus;
  /** The words that set the status ("不打算", "上次", "如果" …), when there are any. */
  cue?: string;
  index: number;
}

export interface UrgentScan {
  hits: SignalHit[];
  /** Strong hits whose status is `present`: each alone makes the message level 1. */
  decisive: SignalHit[];
  /** Weak hits (or strong ones missing their confirming words) that are present. */
  weakPresent: SignalHit[];
}

/** Enough to find every urgent phrase in a long letter without letting one text run away with the CPU. */
const MAX_HITS_PER_STRONG_RULE = 24;
/** Weak hits only feed the model; a few per family say as much as many. */
const MAX_HITS_PER_WEAK_RULE = 6;
const REST_WINDOW_CHARS = 120;

const STRONG_RULES = SIGNAL_RULES.filter((r) => r.strength === 'strong');
const WEAK_RULES = SIGNAL_RULES.filter((r) => r.strength === 'weak');

/** Calls `found` for each match of `rule` until it has accepted `max` of them. */
function eachMatch(
  text: string,
  rule: SignalRule,
  max: number,
  found: (index: number, phrase: string) => boolean,
): void {
  const re = rule.pattern;
  re.lastIndex = 0;
  let count = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    if (found(m.index, m[0]) && ++count >= max) break;
  }
}

/**
 * Finds urgent phrases in `text` (already normalised by normalizeText) and judges each in context.
 * Reads the whole text, however long: a level-1 phrase at the end of a long letter still counts.
 */
export function scanUrgentSignals(text: string): UrgentScan {
  const hits: SignalHit[] = [];
  const strongSpans: number[] = [];
  for (const rule of STRONG_RULES) {
    eachMatch(text, rule, MAX_HITS_PER_STRONG_RULE, (index, phrase) => {
      hits.push(judgeHit(text, rule, index, phrase));
      strongSpans.push(index, index + phrase.length);
      return true;
    });
  }
  // Weak families overlap strong ones ("出血" inside "出血不止"): a weak match inside a strong one adds nothing.
  for (const rule of WEAK_RULES) {
    eachMatch(text, rule, MAX_HITS_PER_WEAK_RULE, (index, phrase) => {
      const end = index + phrase.length;
      for (let i = 0; i < strongSpans.length; i += 2) {
        if (index >= strongSpans[i]! && end <= strongSpans[i + 1]!) return false;
      }
      hits.push(judgeHit(text, rule, index, phrase));
      return true;
    });
  }
  hits.sort((a, b) => a.index - b.index || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
  return {
    hits,
    decisive: hits.filter((h) => h.strength === 'strong' && h.status === 'present'),
    weakPresent: hits.filter((h) => h.strength === 'weak' && h.status === 'present'),
  };
}

function judgeHit(text: string, rule: SignalRule, index: number, phrase: string): SignalHit {
  const base = { rule: rule.id, type: rule.type, phrase: phrase.trim(), index };
  let strength = rule.strength;
  const sentence = sentenceOf(text, index);
  const clause = clauseOf(text, index);
  const sentenceText = text.slice(sentence.start, sentence.end);
  const sentenceBefore = text.slice(sentence.start, index);
  const clauseBefore = text.slice(clause.start, index);
  const clauseAfter = text.slice(index + phrase.length, clause.end);
  const rest = text.slice(index + phrase.length, index + phrase.length + REST_WINDOW_CHARS);
  const isEscalation = rule.type === 'escalation';
  const hit = (status: SignalStatus, cue?: string): SignalHit =>
    cue === undefined ? { ...base, strength, status } : { ...base, strength, status, cue };

  if (rule.hyperbole) {
    const fig = rule.hyperbole.exec(clauseBefore);
    if (fig) return hit('hyperbole', fig[0].trim());
  }
  const figurative = findFigurative(clauseBefore, clauseAfter, isEscalation);
  if (figurative) return hit('hyperbole', figurative);
  if (rule.exclude) {
    const ex = rule.exclude.pattern.exec(rule.exclude.scope === 'message' ? text : sentenceText);
    if (ex) return hit('excluded', `${rule.exclude.label}: ${ex[0].trim()}`);
  }
  const negation = findNegation(clauseBefore, isEscalation);
  if (negation.negated) return hit('negated', negation.cue);
  if (isEscalation) {
    const after = findDisavowalAfter(clauseAfter);
    if (after.negated) return hit('negated', after.cue);
    const later = findLaterDisavowal(rest);
    if (later) return hit('negated', later);
    const noDispute = findNoDispute(text);
    if (noDispute) return hit('excluded', `not a dispute with the hospital: ${noDispute}`);
    if (rule.id !== 'compensation') {
      const asking = findPreparatoryQuestion(
        sentenceBefore,
        text.slice(index + phrase.length, sentence.end + 1),
      );
      if (asking) return hit('hypothetical', asking);
    }
  }
  const hypothetical = findHypothetical(sentenceBefore, clauseBefore, clauseAfter, isEscalation);
  if (hypothetical.hypothetical) return hit('hypothetical', hypothetical.cue);
  const attribution = findAttribution(sentenceBefore, clauseBefore, rest);
  if (attribution.status !== 'own') return hit(attribution.status, attribution.cue);
  if (!isEscalation) {
    const thanks = findThanksRecount(sentenceText);
    if (thanks) return hit('past', thanks);
  }
  const time = findTime(
    sentenceText,
    text.slice(clause.start, clause.end),
    sentenceBefore + clauseAfter,
    isEscalation,
  );
  if (time.status !== 'present') return hit(time.status, time.cue);
  if (rule.nearMiss) {
    const miss = NEAR_MISS.exec(text);
    if (miss) return hit('near-miss', miss[0].trim());
  }
  if (rule.needs) {
    const scope = rule.needs.scope === 'sentence' ? sentenceText : text;
    if (!rule.needs.pattern.test(scope)) {
      strength = 'weak';
      return hit('present', `without "${rule.needs.label}"`);
    }
  }
  return hit('present');
}

/**
 * Compact labels for the model. Hits that already decide level 1 become `@dec:…` features: the kind
 * and category heads may use them, but the urgency head is trained without them, so it learns to
 * spot urgency from the words themselves and covers what the rules miss instead of echoing them.
 */
export function signalFeatures(scan: UrgentScan): string[] {
  const out = new Set<string>();
  for (const h of scan.hits) {
    if (h.strength === 'strong' && h.status === 'present') {
      out.add(`@dec:${h.rule}`);
      out.add(`@dec:${h.type}`);
    } else {
      out.add(`@sig:${h.rule}:${h.status}`);
      out.add(`@sig:${h.type}:${h.strength}:${h.status}`);
    }
  }
  if (scan.weakPresent.length > 0) out.add('@sig:weak-present');
  return [...out].sort();
}

/** Features the urgency head must not learn from (see signalFeatures). */
export function isDecisiveFeature(name: string): boolean {
  return name.startsWith('@dec:');
}
