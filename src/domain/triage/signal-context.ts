/**
 * Where a matched phrase sits and what its surroundings say about it: negated ("没有出血",
 * "not going to sue"), past or resolved ("上次…已经好了", "was fixed"), hypothetical ("如果/万一/what if"),
 * someone else's idea ("朋友建议我打12345"), or called off ("本来想报警"). The rule layer
 * (urgent-signals.ts) asks these questions for every hit; they are written once for both languages.
 */

export interface Span {
  start: number;
  end: number;
}

// Sentence ends: Chinese full stop, ! ? ; (NFKC-folded), newlines, and an English full stop before a
// space or the end (so "39.8" and "3.5mmol" stay whole).
const SENTENCE_END = /[。!?;\n]|\.(?=\s|$)|…{1,2}/g;
// Clauses additionally end at commas, enumeration commas, colons and English contrast words.
const CLAUSE_END = /[。!?;\n,、:]|\.(?=\s|$)|…{1,2}|\b(?:but|however|although|though|and then|so)\b/g;

function boundsAround(text: string, index: number, endPattern: RegExp, maxReach: number): Span {
  const from = Math.max(0, index - maxReach);
  const to = Math.min(text.length, index + maxReach);
  let start = from;
  let end = to;
  // The patterns are global and shared: scanning is synchronous, so resetting lastIndex is enough.
  const re = endPattern;
  re.lastIndex = from;
  for (let m = re.exec(text); m !== null && m.index < to; m = re.exec(text)) {
    if (m.index + m[0].length <= index) start = m.index + m[0].length;
    else if (m.index >= index) {
      end = m.index;
      break;
    }
    if (m[0].length === 0) re.lastIndex++;
  }
  return { start, end };
}

export function sentenceOf(text: string, index: number): Span {
  return boundsAround(text, index, SENTENCE_END, 400);
}

export function clauseOf(text: string, index: number): Span {
  return boundsAround(text, index, CLAUSE_END, 200);
}

// --- negation ---------------------------------------------------------------------------------

const ZH_NEGATOR =
  /(没有|没|未曾|未|并未|从未|从没|不会|不打算|不想|不准备|不要|不用|不需要|无需|暂不|不再|不至于|不是|并非|别|否认|无|不)/g;
// Words that start with a negator but do not negate what follows (没人来 = nobody came; 不停 = non-stop).
const ZH_NOT_NEGATION =
  /^(不然|要不然|要不|否则|不管怎样|不管怎么|没想到|没料到|没人|没有人|没多久|没过多久|没办法|没完|没用|没有用|没处理|没有处理|没管|没有管|没来|没反应|没效果|没好|没有好|没止住|没停|没见好|没什么用|没理|不知道|不清楚|不明白|不停|不断|不止|不住|不了|不上|不下|不舒服|不适|不行|不对|不好|不少|不得不|不见|不退|不醒|不一会|不久|不能|无法|无人|未见|未处理|未予|无效|不理|不管|不让|不给|不仅|不光|不但|不过|不敢|不肯|不来|不到|无缘无故|不满|别人|别的|不及时|不小心|不一样|不同)/;
// Verbs between a negator and the phrase that mean the negation is about noticing or telling, not the event.
const ZH_NEGATION_BREAK =
  /(注意|发现|管|处理|理会|看|告诉|说明|解释|交代|提醒|想到|料到|知道|重视|检查|回应|接|叫|来)/;

const EN_NEGATOR =
  /^(not|no|never|without|none|nor|neither|denies|denied|cannot|don't|didn't|doesn't|isn't|wasn't|won't|wouldn't|haven't|hasn't|hadn't|aren't|weren't|shouldn't|dont|didnt|isnt|wasnt|wont)$/;
// Tokens that may stand between a negator and the phrase it negates ("not going to call a lawyer",
// "no signs of bleeding"); any other word (e.g. "didn't notice the bleeding") ends the negation's reach.
const EN_NEGATION_BRIDGE = new Set(
  (
    'a an the any more further longer signs sign of going to planning plan plans intend intending intention ' +
    'want wanting wish need be been being have has had is was were are am i we he she it they really actually ' +
    'currently yet contact contacting call calling involve involving take taking get getting go seek seeking ' +
    'ask asking looking for threaten threatening talk talking write writing post posting at all real obvious ' +
    'active serious major heavy much further fresh new interested in about this that anything legal formal ' +
    'sure whether will would planning on thinking think considering consider any more even' +
    ' reporting report complain complaining demand demanding expecting expect suing sue anyone anybody or nor the press media lawyer lawyers compensation money damages journalist journalists'
  ).split(' '),
);

export interface NegationFinding {
  negated: boolean;
  cue?: string;
}

function zhNegation(before: string, windowChars: number): NegationFinding {
  const window = before.slice(-windowChars);
  let last: RegExpExecArray | null = null;
  ZH_NEGATOR.lastIndex = 0;
  for (let m = ZH_NEGATOR.exec(window); m !== null; m = ZH_NEGATOR.exec(window)) {
    if (!ZH_NOT_NEGATION.test(window.slice(m.index))) last = m;
  }
  if (!last) return { negated: false };
  const between = window.slice(last.index + last[0].length);
  if (ZH_NEGATION_BREAK.test(between)) return { negated: false };
  return { negated: true, cue: last[0] };
}

function enNegation(before: string, maxTokens: number): NegationFinding {
  const tokens = before.match(/[a-z]+(?:'[a-z]+)?/g) ?? [];
  for (let i = tokens.length - 1, seen = 0; i >= 0 && seen <= maxTokens; i--, seen++) {
    const token = tokens[i]!;
    if (EN_NEGATOR.test(token) || token.endsWith("n't")) {
      // "no one came", "nobody", "not only" do not negate what follows.
      const next = tokens[i + 1];
      if (token === 'no' && (next === 'one' || next === 'response' || next === 'answer' || next === 'help')) {
        return { negated: false };
      }
      if (token === 'not' && next === 'only') return { negated: false };
      return { negated: true, cue: token };
    }
    if (!EN_NEGATION_BRIDGE.has(token)) return { negated: false };
  }
  return { negated: false };
}

/** Is the phrase negated by what precedes it in its clause? `wide` reaches further (disavowals of escalation). */
export function findNegation(clauseBefore: string, wide: boolean): NegationFinding {
  const zh = zhNegation(clauseBefore, wide ? 14 : 8);
  if (zh.negated) return zh;
  return enNegation(clauseBefore, wide ? 7 : 4);
}

// Disavowals that follow the phrase: "媒体我是不会找的", "lawyers? no, I won't".
const AFTER_DISAVOWAL =
  /^[^。!?;\n]{0,8}?(我?(是|也|暂时|目前|现在)?(不会|不打算|不想|没打算|不准备|先不|就算了|没必要)|(?:\s|,)*(?:is|are)? ?not (?:something|what) i)/;

export function findDisavowalAfter(clauseAfter: string): NegationFinding {
  const m = AFTER_DISAVOWAL.exec(clauseAfter);
  return m ? { negated: true, cue: m[0].trim() } : { negated: false };
}

// --- time: past, resolved, present ---------------------------------------------------------------

const PAST =
  /(上次|上回|那次|那一次|前两天|前一阵|上周|上星期|上礼拜|前几天|那天|那晚|当天|当晚|当时|以前|从前|去年|前年|几年前|多年前|小时候|曾经|当年|早年|上个月|几个月前|前几个月|上半年|\blast (?:time|year|month|visit|spring|summer|winter|autumn|fall|admission|stay)\b|\b(?:years?|months?) ago\b|\bpreviously\b|\bin the past\b|\bback (?:then|in)\b|\bonce had\b|\bused to\b|\bin 20\d\d\b|\blast week\b|\bthat (?:day|night)\b|\bat the time\b)/;
const PRESENT =
  /(现在|目前|至今|到现在|还在|仍然|仍在|依然|一直|刚才|刚刚|今天|今早|今晚|今天早上|此刻|这会儿|正在|又开始|开始|以来|再次|持续|越来越|\bnow\b|\bright now\b|\bcurrently\b|\bstill\b|\bat the moment\b|\btoday\b|\btonight\b|\bthis (?:morning|afternoon|evening)\b|\bjust now\b|\bkeeps?\b|\bagain\b|\bongoing\b|\bsince (?:yesterday|this morning|last night)\b)/;
const RESOLVED =
  /((?<![没未不])(已经|早就|早已|后来|现在|已)(都|也|全|基本|完全)?(好了|止住|不(流|出|疼|痛|烧|吐|喘)了|退(烧)?了|消(肿|退)?了|恢复|没事|处理好|处理了|解决|缓解|康复|痊愈|出院|和解|撤诉)|止住了|痊愈|康复了|没事了|好转了|(后|之后)就?好了|就好了|虚惊一场|说是[^。!?]{0,10}没事(?![吧吗干找做])|现在能(自己)?(走|吃|下地|说话|拿)|现在可以自己|好多了|恢复得(很|挺|非常|还)?(好|不错)|恢复良好|已处理|已解决|已止血|及时(处理|止血|抢救|发现|救治|送)|抢救(过来|回来|成功)|救了|救回|脱离(了)?危险|转危为安|化险为夷|\b(?:was|were|has been|have been|had been|got|is now|are now)\s+(?:fixed|resolved|sorted(?: out)?|settled|stopped|healed|under control|dealt with|taken care of)\b|\b(?:went away|cleared up|(?:is|was|are) fine now|all good now|back to normal|pulled through|out of danger|stabili[sz]ed|saved (?:my|his|her|our)|quick(?:ly)? (?:acted|action|response)|re-?closed|(?:is|it's|now) healing|false alarm|turned out (?:to be )?(?:nothing|fine|ok|minor)|is talking again|can (?:walk|talk|eat) again|(?:all )?healed(?: up)?|(?:was|were) handled)\b|\b(?:it|bleeding|which) (?:has |had )?stopped\b|\(stopped)/;

export type TimeFinding = { status: 'present' } | { status: 'past' | 'resolved'; cue: string };

// A dispute is settled by words about the dispute, not by the patient's recovery ("虽经抢救脱离危险，
// 但家属要求赔偿" is still an escalation).
const DISPUTE_RESOLVED =
  /((?<![没未不])(已经|早就|后来)(都|也)?(和解|撤诉|协商好|谈妥|解决了|处理好了|道歉了|赔了)|\b(?:was|were|has been|have been|had been|got)\s+(?:settled|resolved|sorted(?: out)?|dropped|withdrawn)\b)/;
// Escalation already under way stays present whatever the tense: a video posted, a complaint filed.
const ESCALATION_DONE =
  /(已经|已|早就)[^。!?,]{0,4}(发|报|投诉|找|联系|打|告|起诉|准备|申请|复印|封存)|\b(?:have|has|had|i've|we've)\s+(?:already\s+|since\s+)?(?:posted|contacted|filed|called|reported|written|sent|complained|shared|requested|applied|hired|spoken)\b/;

/**
 * Present, past or resolved. Resolution is looked for in the whole sentence ("上次出血，已经处理好了");
 * a past marker only counts before the phrase or in its own clause, so "药我以前没吃过" in a later
 * clause does not push an event of today into the past.
 */
export function findTime(
  sentence: string,
  clause: string,
  pastRegion: string,
  isEscalation: boolean,
): TimeFinding {
  const resolved = (isEscalation ? DISPUTE_RESOLVED : RESOLVED).exec(sentence);
  if (resolved) {
    const cue = resolved[0];
    // "还没止住" / "hasn't stopped": a negated resolution means the problem goes on.
    const at = resolved.index;
    const lead = sentence.slice(Math.max(0, at - 3), at);
    const tail = sentence.slice(at + cue.length, at + cue.length + 3);
    // "过两天就好了吧?" is a hope, not a resolution.
    const hoped =
      /^[^。!?]{0,2}[吧吗?]/.test(tail) ||
      /(应该|会|能|过两天|过几天|希望)[^。!?,]{0,3}$/.test(sentence.slice(0, at));
    if (
      !hoped &&
      !/(还没|没有|还未|不能|没能)$/.test(lead) &&
      !/\b(?:not|never|hasn't|haven't|isn't|wasn't)\s*$/.test(`${lead} `)
    ) {
      return { status: 'resolved', cue };
    }
  }
  if (isEscalation && ESCALATION_DONE.test(sentence)) return { status: 'present' };
  const past = PAST.exec(pastRegion);
  if (!past) return { status: 'present' };
  // A past marker in the phrase's own clause wins unless that clause says "now" too ("去年摔倒那次…，
  // 现在恢复得很好"); one elsewhere in the sentence yields to any present marker.
  if (clause.includes(past[0]) ? !PRESENT.test(clause) : !PRESENT.test(sentence))
    return { status: 'past', cue: past[0] };
  return { status: 'present' };
}

// --- hypothetical --------------------------------------------------------------------------------

// Conditionals reach over their own clause for symptoms ("如果术后出血，怎么办") and over the whole
// sentence for escalation ("如果发生医疗纠纷，可以找医调委吗").
const CONDITIONAL =
  /(如果|万一|假如|假设|要是|若是|倘若|一旦|如若|以防|预防|防止|避免|注意事项|\bif\b|\bwhat if\b|\bin case\b|\bsuppose\b|\bsupposing\b|\bwhether\b|\bin the event\b|\bprevent\b|\bavoid\b|\bshould (?:he|she|i|it|there|my|the)\b)/g;
// "I'd be grateful if someone could come" is politeness, not a condition.
const POLITE_IF =
  /^\s+(?:you|someone|anyone|somebody|a doctor|a nurse|the doctor|the nurse|it)\s+(?:could|can|would|might|is possible)\b/;
// Worry and risk words only make a phrase hypothetical when they sit right before it ("担心会出血", "risk of bleeding").
const NEAR_HYPOTHETICAL =
  /(会不会|是否会|可能会|可能(引起|导致|出现|造成)|有可能|担心会?|害怕会?|怕会|风险|容易|(?<![我就])会|\brisks? of\b|\bchance of\b|\bworried about\b|\bafraid of\b|\b(?:could|may|might) (?:cause|lead to|get|have|develop)\b)[^。!?;\n,]{0,4}$/;
const HYPOTHETICAL_AFTER = /^[^。!?;\n]{0,6}?(的话|怎么预防|如何预防|的风险|的可能|\bhappens?\b|\bwere to\b)/;
// A conditional threat is still a threat: "如果不给说法，我就找律师", "if …, I will go to the press".
const THREAT_CONSEQUENCE =
  /(我就|就去|我会|我一定|我将|我们就|我们会|那就|只能|只好|\bi will\b|\bi'll\b|\bwe will\b|\bwe'll\b|\bthen i\b|\bi am going to\b|\bi'm going to\b|\bhave no choice but\b|\bi'?m (?:calling|going|contacting|reporting|taking|posting|writing|filing)\b|\bi am (?:calling|going|contacting|reporting|taking|posting|writing|filing)\b|\bwe'?re (?:calling|going|contacting|taking)\b)/;

export interface HypotheticalFinding {
  hypothetical: boolean;
  cue?: string;
}

function lastConditional(text: string): string | undefined {
  let cue: string | undefined;
  CONDITIONAL.lastIndex = 0;
  for (let m = CONDITIONAL.exec(text); m !== null; m = CONDITIONAL.exec(text)) {
    if (m[0] === 'if' && POLITE_IF.test(text.slice(m.index + 2))) continue;
    cue = m[0];
  }
  return cue;
}

export function findHypothetical(
  sentenceBefore: string,
  clauseBefore: string,
  clauseAfter: string,
  isEscalation: boolean,
): HypotheticalFinding {
  let cue = lastConditional(isEscalation ? sentenceBefore : clauseBefore);
  if (!cue) cue = NEAR_HYPOTHETICAL.exec(clauseBefore)?.[1];
  if (!cue) cue = HYPOTHETICAL_AFTER.exec(clauseAfter)?.[1];
  if (!cue) return { hypothetical: false };
  if (isEscalation && THREAT_CONSEQUENCE.test(sentenceBefore + clauseAfter)) return { hypothetical: false };
  return { hypothetical: true, cue: cue.trim() };
}

// --- someone else's idea, or an intention called off ---------------------------------------------

const OTHERS_SUGGEST =
  /((朋友|家人|亲戚|同事|邻居|别人|有人|老公|老婆|丈夫|妻子|儿子|女儿|同学|病友|哥哥|姐姐|弟弟|妹妹|我哥|我姐|我弟|我妹|我爸|我妈|婆婆|公公|舅舅|姨妈)(们)?(都)?(建议|劝|提议|让我|叫我|说[^。!?,]{0,6}(可以|应该|就该|该)|觉得[^。!?,]{0,4}(可以|应该|该))|\b(?:friends?|family|someone|people|colleagues?|neighbou?rs?|relatives?|husband|wife|son|daughter|brother|sister|mother|father|mum|mom|dad|parents|partner|cousin|uncle|aunt)\s+(?:has |have )?(?:suggested|advised|told me to|keeps? telling me to|said i should|says i should|think i should|thinks i should|wants? me to|urged me to))/;
const WRITER_ENDORSES =
  /(我(会|要|就|准备|打算|决定|已经)|\bi (?:will|'ll|am going to|plan to|have decided|decided|already)\b|\bi'll\b)/;
const DISAVOWAL_ANYWHERE =
  /((但|不过|可是|但是)[^。!?\n]{0,12}(不想|不打算|没打算|不会|没必要|算了|不愿)|\bbut\b[^.!?\n]{0,30}\b(?:won't|will not|don't want|do not want|not going to|no intention|not planning|rather not|would rather)\b)/;

export interface AttributionFinding {
  status: 'own' | 'suggested-by-others' | 'counterfactual' | 'second-hand';
  cue?: string;
}

const COUNTERFACTUAL =
  /(本来想|本想|原本(想|打算)|原来想|差点|一度想|曾想|\bwas going to\b|\bwas about to\b|\balmost\b|\bnearly\b|\bthought about\b|\bconsidered\b|\bhad planned to\b)/;

// News, hearsay and other hospitals: the event is not happening to this person here.
const SECOND_HAND =
  /(看新闻|新闻(上|里|报道)|听说|网上说|网上看到|网上有人|有人(说|发帖|发视频)|说明书|据说|有报道|\bi read\b|\bin the news\b|\bon the news\b|\bheard (?:that|about)\b|\bonline (?:it says|i read)\b|\bsomeone (?:posted|said|wrote)\b|\bi saw (?:a |some )?posts?\b|\b(?:leaflet|package insert|label) says\b)/;

export function findAttribution(
  sentenceBefore: string,
  clauseBefore: string,
  rest: string,
): AttributionFinding {
  const hearsay = SECOND_HAND.exec(clauseBefore);
  if (hearsay) return { status: 'second-hand', cue: hearsay[0] };
  const counter = COUNTERFACTUAL.exec(sentenceBefore);
  if (counter) return { status: 'counterfactual', cue: counter[0] };
  const others = OTHERS_SUGGEST.exec(sentenceBefore);
  if (others) {
    if (DISAVOWAL_ANYWHERE.test(rest) || !WRITER_ENDORSES.test(rest))
      return { status: 'suggested-by-others', cue: others[0] };
  }
  return { status: 'own' };
}

export function hasDisavowal(text: string): boolean {
  return DISAVOWAL_ANYWHERE.test(text);
}

// --- figures of speech, questions before acting, and disclaimers ----------------------------------

const FIGURATIVE_BEFORE = /(恨不得|差点没|简直像|\bfeel like\b|\bfelt like\b)[^。!?;\n,]{0,8}$/;
const FIGURATIVE_AFTER = /^[^。!?;\n,]{0,8}(的心都有了|的冲动)/;
// "问得比派出所还细", "like a court": a comparison, not an escalation.
const COMPARISON_BEFORE = /(比|像|好像|跟|如同|\blike\b|\bthan\b)\s*$/;

export function findFigurative(
  clauseBefore: string,
  clauseAfter: string,
  isEscalation: boolean,
): string | undefined {
  const before = FIGURATIVE_BEFORE.exec(clauseBefore) ?? FIGURATIVE_AFTER.exec(clauseAfter);
  if (before) return before[1];
  if (isEscalation) return COMPARISON_BEFORE.exec(clauseBefore.slice(-6))?.[1];
  return undefined;
}

// "需要打12345吗？", "should I get a lawyer?": asking about a step is not yet taking it.
const PREPARATORY_BEFORE =
  /(需要|要不要|可不可以|可以|能不能|能否|是否(需要|可以)?|该不该|怎么|如何|\bdo i need to\b|\bshould i\b|\bcan i\b|\bis it possible to\b|\bhow (?:do|can) i\b|\bwhere (?:do|can) i\b)[^。!?;\n]{0,6}$/;

export function findPreparatoryQuestion(sentenceBefore: string, sentenceAfter: string): string | undefined {
  if (!/^[^。!;\n]*[?？]/.test(sentenceAfter) && !/[吗么][^。!;\n]{0,3}$/.test(sentenceAfter))
    return undefined;
  return PREPARATORY_BEFORE.exec(sentenceBefore)?.[1];
}

// Anywhere in the message: the writer says there is no dispute with this hospital, or it is someone
// else's legal matter (a car accident, a work-injury claim).
const NO_DISPUTE =
  /(没有(具体|什么)?纠纷|不是(跟|和|与)(你们|医院|贵院)的纠纷|帮[^。!?]{0,6}打听|车祸|被车撞|交通事故|工伤|肇事|\bno (?:actual |real )?dispute\b|\bnot (?:a )?(?:complaint|dispute) (?:against|with) (?:you|the hospital)\b|\bcar accident\b|\btraffic accident\b|\bwork injury\b|\bthe other driver\b)/;

export function findNoDispute(text: string): string | undefined {
  return NO_DISPUTE.exec(text)?.[1];
}

// Later in the message: "被我拦下来了，我们不会那么做", "we talked him out of it".
const LATER_DISAVOWAL =
  /(拦下来|拦住了|劝住了|劝下来|不会那么做|不会那样做|不会这么做|\btalked (?:him|her|them) out of it\b|\bwe won't do that\b|\bi won't do that\b)/;

export function findLaterDisavowal(rest: string): string | undefined {
  return LATER_DISAVOWAL.exec(rest)?.[1];
}

// A thank-you that recounts an emergency ("感谢护士，孩子发高烧我手忙脚乱，她…"): the danger is the
// story being told, unless the sentence also says it is happening now.
const THANKS = /(感谢|谢谢|多亏|幸亏|幸好有|\bthanks? to\b|\bthank you\b|\bgrateful\b)/;

export function findThanksRecount(sentence: string): string | undefined {
  if (PRESENT.test(sentence)) return undefined;
  return THANKS.exec(sentence)?.[1];
}
