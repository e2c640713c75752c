/**
 * Text clean-up and language detection shared by the rule layer and the model, so both see the
 * same characters: NFKC folds full-width digits and punctuation (１２３４５, ！, ？) to ASCII, which
 * keeps every pattern written once.
 */
import type { DetectedLang, TriageLang } from './triage-types.ts';

/** Model features come from this many leading characters; the urgent-signal scan still reads everything. */
export const MAX_ANALYSED_CHARS = 4_000;

const HAN = /\p{Script=Han}/u;
const HAN_G = /\p{Script=Han}/gu;
const LATIN_G = /[A-Za-z]/g;
const KANA_G = /[\p{Script=Hiragana}\p{Script=Katakana}]/gu;
const OTHER_LETTER_G =
  /[\p{Script=Arabic}\p{Script=Cyrillic}\p{Script=Hangul}\p{Script=Thai}\p{Script=Tibetan}\p{Script=Mongolian}\p{Script=Greek}\p{Script=Hebrew}\p{Script=Devanagari}]/gu;
const LONE_SURROGATE_G = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Control characters other than tab/newline, the replacement character, BOM and zero-width marks are
 * what binary garbage decodes to; they carry no meaning and would only blow up the n-gram vocabulary.
 */
function isGarbage(code: number): boolean {
  return (
    (code <= 0x1f && code !== 0x09 && code !== 0x0a && code !== 0x0d) ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0xfffd ||
    code === 0xfeff ||
    (code >= 0x200b && code <= 0x200f) ||
    code === 0x2028 ||
    code === 0x2029
  );
}

function stripGarbage(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    if (isGarbage(text.charCodeAt(i))) {
      out += `${text.slice(from, i)} `;
      from = i + 1;
    }
  }
  return from === 0 ? text : out + text.slice(from);
}

/** NFKC, lower case, garbage stripped, runs of spaces folded; newlines kept (they end sentences). */
export function normalizeText(raw: string): string {
  let text = typeof raw === 'string' ? raw : '';
  text = text.replace(LONE_SURROGATE_G, ' ');
  try {
    text = text.normalize('NFKC');
  } catch {
    // normalize() only throws on malformed input we already scrubbed; keep the text as it is.
  }
  return stripGarbage(text)
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u00A0\u3000]+/g, ' ')
    .toLowerCase();
}

export interface LangProfile {
  lang: DetectedLang;
  han: number;
  latin: number;
  kana: number;
  otherLetters: number;
  /** Share of the text that is letters of any script (0 for emoji-only or binary garbage). */
  letterShare: number;
}

// A handful of very common English words: Latin letters alone could be pinyin, French or a product code.
const EN_COMMON =
  /\b(the|and|to|of|my|i|is|was|a|in|for|it|you|your|me|we|not|have|has|with|this|that|on|at|please|thank|thanks|doctor|nurse|hospital|can|could|why|what|when|how)\b/g;

/** Detects zh / en / other by script counts; `hint` breaks ties for very short or mixed texts. */
export function detectLang(text: string, hint?: TriageLang): LangProfile {
  const sample = text.length > MAX_ANALYSED_CHARS ? text.slice(0, MAX_ANALYSED_CHARS) : text;
  const han = sample.match(HAN_G)?.length ?? 0;
  const latin = sample.match(LATIN_G)?.length ?? 0;
  const kana = sample.match(KANA_G)?.length ?? 0;
  const otherLetters = sample.match(OTHER_LETTER_G)?.length ?? 0;
  const letters = han + latin + kana + otherLetters;
  const visible = sample.replace(/\s+/g, '').length;
  const letterShare = visible === 0 ? 0 : letters / visible;
  let lang: DetectedLang = 'other';
  if (letters === 0) {
    lang = 'other';
  } else if (kana > 0 && kana >= han * 0.2) {
    lang = 'other';
  } else if (otherLetters > (han + latin) * 0.5) {
    lang = 'other';
  } else if (han > 0 && han * 3 >= latin) {
    // A Han character carries about a word, a Latin letter a fifth of one.
    lang = 'zh';
  } else if (latin > 0) {
    const enHits = sample.match(EN_COMMON)?.length ?? 0;
    const words = sample.match(/[a-z]+/g)?.length ?? 0;
    lang = enHits > 0 && (words < 6 || enHits / words >= 0.1) ? 'en' : hint === 'en' ? 'en' : 'other';
    if (lang === 'other' && han > 0) lang = 'zh';
  }
  if (lang === 'other' && hint && letters > 0 && kana === 0 && otherLetters === 0) lang = hint;
  return { lang, han, latin, kana, otherLetters, letterShare };
}

export function hasHan(text: string): boolean {
  return HAN.test(text);
}
