/**
 * The phrase families of the level-1 layer, written from the labelling rules in taxonomy.md and the
 * data README ("Level 1 — risk now", "Level 1 — escalating dispute", "Not level 1"). Each family
 * lists Chinese and English phrasings of one kind of danger or escalation; urgent-signals.ts finds
 * them and judges each in context. Texts are normalised first (NFKC, lower case), so full-width
 * punctuation is ASCII and English is lower case here.
 *
 * `strong` families make a message level 1 on their own when present; `weak` ones (a bare "出血",
 * "allergy", "纠纷") only feed the model, which has learnt from the corpus when they matter.
 */

export type SignalType = 'safety' | 'escalation';
export type SignalStrength = 'strong' | 'weak';

export interface SignalRule {
  id: string;
  type: SignalType;
  strength: SignalStrength;
  pattern: RegExp;
  /** Words that must also be there (in the sentence, or anywhere in the message) for a strong hit. */
  needs?: { pattern: RegExp; scope: 'sentence' | 'message'; label: string };
  /** Words in the sentence that show the phrase means something harmless (own insurer, a kind news story). */
  exclude?: { pattern: RegExp; label: string; scope?: 'sentence' | 'message' };
  /** Wrong-drug rules: a mistake caught before any dose is not level 1. */
  nearMiss?: boolean;
  /** Words just before the phrase that make it a figure of speech (烦得想死, 快晕倒了). */
  hyperbole?: RegExp;
}

const any = (...parts: string[]): string => parts.join('|');
const rx = (...parts: string[]): RegExp => new RegExp(any(...parts), 'g');
const r1 = (...parts: string[]): RegExp => new RegExp(`(?:${any(...parts)})`);

// --- confirming and excluding words ------------------------------------------------------------

/** A wrong drug counts once it was taken, injected or is running. */
export const DOSE_TAKEN = r1(
  `吃了|服了|喝了|用了|打完|滴进去|进去了|输进|挂的|塞进去|吃进去|已经按|已经(吃|服|用|打|输|喝|挂|注射|滴|涂|塞)|正在(输|挂|打|用)|还在(输|挂|打)|输进去|打进去|输了|打了|挂了|注射了|吃下|服下|滴了|吃完|用药后|吃药后|服药后|挂上|在输|输着|挂着|又(打|给|输)了`,
  String.raw`\btook\b|\btaken\b|\btaking\b|\bswallowed\b|\bgiven\b|\bgave (?:it|him|her|me|my|the)\b|\bhas had\b|\bhave had\b|\bhad (?:two|three|a|one|\d)\b|\b(?:is|was|still) running\b|\brunning into\b|\bhooked up\b|\bhung\b|\bit'?s running\b|\brunning now\b|\bdrip (?:is|was)\b|\binjected\b|\badministered\b|\balready\b|\bsince (?:yesterday|this morning|last night)\b|\bfor (?:two|three|four|\d) days\b|\bagain at\b`,
);

/** A mistake caught before any dose or harm (wrong bag spotted at the counter). */
export const NEAR_MISS = r1(
  `(还|都|并|幸好|好在|还好)没(有)?(吃|服|用|输|打|喝|挂)(?!过)|没(有)?(吃|服|用|输|打|喝)(就|之前)|及时(发现|拦|纠正|更换|换)|核对[^。!?]{0,6}发现|幸好|好在|还好没|当场(发现|指出)|(窗口|柜台)[^。!?]{0,6}(发现|核对)`,
  String.raw`\bbefore (?:i|she|he|we|they|my \w+) (?:took|taking|had|used|swallowed|started)\b|\b(?:didn't|did not|haven't|have not|hasn't|has not) (?:take|taken|swallow|start|use)\b|\bcaught (?:it|the (?:mistake|error))\b|\bnoticed (?:it )?(?:before|at the (?:counter|window)|in time|straight away)\b|\bspotted (?:it|the)\b|\bstopped (?:it|her|him|them) (?:before|in time)\b|\bluckily\b|\bfortunately\b`,
);

const TREATMENT_RELIES = r1(
  `手术|治疗|用药|开药|加(了)?药|化疗|输血|备血|放疗|吃药|打针|按照|根据|照着|依据|为准|透析|补钾|产房|分娩`,
  String.raw`\bstopped (?:my|his|her) (?:medication|medicine|treatment)\b|\bsurgery\b|\boperation\b|\btreatment\b|\bchemo|\btransfusion\b|\bmedication\b|\bdose\b|\bprescribed\b|\bbased on\b|\bstarted on\b|\bscheduled\b|\bdelivery\b|\binjection\b`,
);
const ADMIN_FIELD = r1(
  String.raw`名字|姓名|性别|年龄|日期|身份证|拼写|\bname\b|\bgender\b|\bsex\b|\bdate of birth\b|\bspell`,
);
const FALL_SYMPTOM = r1(
  `流血|出血|头晕|昏|起不来|站不起来|爬不起来|骨折|疼|痛|肿|磕破|头破|撞到头|磕到头|撞了头|磕了头|着地|意识|呕吐|吐了|想吐|恶心|迷糊|动不了|不能动|说不出话|没反应|叫不醒|伤口|缝针|发麻`,
  String.raw`\bhit (?:his|her|my|their|the) head\b|\bhead\b|\bbleeding\b|\bblood\b(?! (?:draw|test|sample|pressure|sugar))|\bcan't get up\b|\bcannot get up\b|\bcouldn't get up\b|\bcan't move\b|\bdizzy\b|\bconfused\b|\bpain\b|\bhurt|\bbroken\b|\bfracture|\bswollen\b|\bunconscious\b|\bvomit|\bbruis|\bhip\b|\bwrist\b`,
);
const PREGNANCY = r1(
  String.raw`怀孕|孕(\d|周|期|妇)|产后|人流|流产|清宫|剖腹产|顺产|\bpregnan\w*|\bweeks? pregnant\b|\bpostpartum\b|\bmiscarriage\b|\bc-section\b`,
);
const OWN_INSURER = {
  pattern: r1(
    String.raw`保险公司|商业保险|商保|保单|(?<!合)理赔|\binsurer\b|\binsurance (?:company|policy|will|would|pays?|covers?)\b|\bmy insurance\b|\btravel insurance\b`,
  ),
  label: 'own insurer',
};
const KIND_STORY = {
  pattern: r1(
    String.raw`(电视台|记者|媒体)[^。!?,]{0,3}(在|来)[^。!?,]{0,3}(拍|采访|录)|\bfilming\b|\b(?:film|camera|tv) crew\b`,
    `表扬|感谢|正能量|好人好事|点赞|宣传|感人|事迹|致谢|好评|采访|专访|约稿|看到|看见|刷到|听说|关注`,
    String.raw`\binterview|\bwrite (?:a|an) (?:story|piece|article|feature)\b|\bpositive\b|\bgood news\b|\bfeature\b|\bpraise|\bthank|\bcelebrat|\bheart-?warming\b|\binspiring\b|\bsaw\b|\bseen\b|\bread (?:it|about)\b|\bfollow|\baccording to\b|\bfound (?:you|it|this)\b`,
  ),
  label: 'positive or second-hand mention',
};
const OCCUPATION = {
  pattern: r1(
    `(做|当|是|作为)[^。!?,]{0,4}律师(的|工作)|作为(一名)?律师|我是(一名)?律师|律师(朋友|出身)`,
    String.raw`\bas a lawyer\b|\bi am a lawyer\b|\bi'm a lawyer\b|\bwork(?:ed)? as a (?:lawyer|solicitor)\b`,
  ),
  label: 'occupation',
};
export const FIGURATIVE_DEATH = r1(
  `(烦|累|急|气|热|冷|饿|无聊|困|闷|丑|笑|吓|尴尬|丢人)得?(要|快)?$|(?<![觉记懂值显获取晓使难免])得(我|人|他|她)?(都)?(快|要)?$`,
);
const FAINT_HYPERBOLE = r1(
  String.raw`(快|都快|都要|快要|简直|差点就?)$|\b(?:about to|going to|almost|nearly)\s*$`,
);

// --- the families ------------------------------------------------------------------------------

export const SIGNAL_RULES: readonly SignalRule[] = [
  // Safety: a risk to health now.
  {
    id: 'bleeding',
    type: 'safety',
    strength: 'strong',
    pattern: rx(
      `血流不止|流血不止|出血不止|渗血不止|血止不住|止不住(的)?(血|地流血|地出血)|血(一直|还在|不停地?|不断)(流|往外|渗|冒)|(一直|不停地?|不断|还在|持续)(地)?(在)?(流血|出血|渗血|冒血|往外渗血|往外冒血)`,
      `大出血|大量(出血|流血|的血)|(出血|流血)[^。!?,]{0,4}(很多|量大|量很大|越来越多|特别多|突然变多|变多|增多|好多)|全是血|都是血|满(身|床|地|脸)?是血|流了一(床|地|身|大片)|喷血|吐血|呕血|咯血|吐了[^。!?,]{0,4}血|口血|鲜红的血|血块|黑便|柏油样便|往外冒血|咖啡色的?(东西|液体|呕吐物)|(出血|流血|血量)[^。!?,]{0,8}比[^。!?,]{0,8}(还多|多)|牙龈出血[^。!?]{0,10}(小便|尿)[^。!?,]{0,4}(红|血)`,
      `(纱布|敷料|伤口|绷带|床单|护垫|卫生巾|引流袋|引流管|尿袋)[^。!?]{0,8}(湿透|浸透|全湿|全红|鲜红|渗出来|往外渗|渗血|冒血|流血|血量|全是)|湿透[^。!?]{0,6}(卫生巾|纱布|护垫)`,
      String.raw`(?:bleeding|blood)\b[^.!?]{0,25}\b(?:won't|will not|doesn't|does not|hasn't|has not|can't|cannot|didn't|did not) stop|(?:won't|wouldn't|can't|cannot|doesn't) stop bleeding|keeps? bleeding|still bleeding|bleeding (?:heavily|a lot|badly|profusely|non-?stop|through)|heavy bleeding|bled through|soaked (?:through|with blood)`,
      String.raw`(?:dressing|bandage|gauze|pad|sheets?|drain)[^.!?]{0,30}(?:soaked|full of blood|drenched|bright red)|blood everywhere|lots? of blood|pool of blood|ha?emorrhag\w*|vomit(?:ing|ed)? blood|cough(?:ing|ed)? (?:up )?blood|spitting (?:\w+ ){0,4}blood|bright red blood|blood clots|coffee[- ]grounds?|black (?:tarry )?stools?|spurting|gushing`,
    ),
  },
  {
    id: 'pregnancy-bleeding',
    type: 'safety',
    strength: 'strong',
    pattern: rx(String.raw`出血|流血|见红|破水|羊水|\bbleeding\b`),
    needs: { pattern: PREGNANCY, scope: 'message', label: 'in pregnancy or after birth' },
    exclude: {
      pattern: r1(String.raw`量(很|比较)?少|少量|一点点|\b(?:a little|light|slight|spotting)\b`),
      label: 'slight',
      scope: 'message',
    },
  },
  {
    id: 'bleeding-mention',
    type: 'safety',
    strength: 'weak',
    pattern: rx(
      String.raw`出血|流血|渗血|便血|血尿|见红|尿里[^。!?,]{0,4}血|\bbleeding\b|\bbleeds?\b|\bbled\b|\bblood in (?:his|her|my|the) (?:stool|urine)`,
    ),
  },
  {
    id: 'chest-pain',
    type: 'safety',
    strength: 'strong',
    pattern: rx(
      `胸(口|部|前区)?(痛|疼|闷|不适|发紧|压痛)(?!门诊|中心|科)|胸口[^。!?,]{0,6}(疼|痛|闷|压|堵|紧|石头)|心口(疼|痛|闷)|心绞痛`,
      `chest (?:pains?|tightness|hurts|is hurting|feels tight|pressure)(?! (?:clinic|centre|center|unit))|pain in (?:his|her|my|the) chest|(?:heavy|tight|crushing) (?:feeling )?(?:in|across) (?:his|her|my|the) chest|heaviness in (?:his|her|my|the) chest|chest (?:is|was|feels|felt|gets) (?:heavy|tight|sore|painful)|pressure (?:in|on) (?:his|her|my|the) chest|(?:having|is having|has had) a heart attack`,
    ),
  },
  {
    id: 'breathing',
    type: 'safety',
    strength: 'strong',
    pattern: rx(
      `喘不(上|过|动)(来)?(气)?|喘气[^。!?,]{0,6}(呼哧|费劲|困难|急)|呼哧|(走|动|说话|走路|爬楼|下床)[^。!?,]{0,4}就喘|一动就喘|喘得[^。!?,]{0,6}(厉害|不行|很)|鼻翼[^。!?,]{0,4}扇|呼吸(困难|急促|不畅|费力|不上来|不了|很慢|很浅|越来越慢|微弱)|透不过气|上不来气|憋得(慌|喘|透不)|窒息|气都喘不|憋醒|哮喘发作`,
      `(嘴唇|脸色?|嘴)[^。!?,]{0,3}(发紫|发青|发乌|乌紫|青紫)|血氧[^。!?,]{0,4}(低|只有|掉|降)`,
      String.raw`can'?t breathe|cannot breathe|couldn'?t breathe|unable to breathe|can (?:barely|hardly) breathe|struggling (?:to|for) breath|trouble breathing|difficulty breathing|hard to breathe|short(?:ness)? of breath|breathless|gasping|choking|breathing (?:is )?(?:really |very )?(?:fast|slow|shallow|noisy|laboured|labored)|(?:lips|face)[^.!?,]{0,15}\bblue\b|turning blue|oxygen (?:level|saturation|sats)[^.]{0,15}(?:low|dropp|fell|\d\d ?%)|asthma attack`,
    ),
  },
  {
    id: 'consciousness-or-stroke',
    type: 'safety',
    strength: 'strong',
    pattern: rx(
      `抽搐|抽风|惊厥|抽了(一下|起来|过去|好几次)?|翻白眼|口吐白沫|昏迷|昏倒|晕倒|晕过去|昏过去|晕厥|不省人事|意识(不清|模糊|丧失)|叫(也|都)?叫不(太)?醒|叫不(太)?醒|喊不醒|(喊|叫)(他|她)?(也|都)?不应|迷迷糊糊|人(有点)?迷糊|拔了?[^。!?,]{0,4}(留置针|针头|管子|尿管|胃管|输液管)|往床下(爬|翻)|翻(过)?床栏|没(有)?(了)?意识|没反应了|休克|眼前发黑|只会哼哼`,
      `口角歪斜|嘴(角)?[^。!?,]{0,3}歪|半边(身子|脸|身体)|口齿不清|说话(含糊|不清|不利索|不太利索)|话都(讲|说)不清|(手|胳膊|腿)[^。!?,]{0,4}(拿不住|抬不起|没力气|发麻)|不认识(人|我)`,
      String.raw`seizures?|seizing|having a fit|had a fit|febrile convulsion|convuls\w*|unconscious|passed out|fainted|collapsed|unresponsive|won't wake up|lost consciousness|(?:very )?drowsy and confused|(?:sweaty|shaking|shaky|sleepy|drowsy)[^.]{0,20}\bconfused\b|can'?t (?:wake|rouse) (?:him|her)|hard to wake|(?:hardly|barely) keep (?:his|her|my) eyes open|(?:didn't|doesn't|did not) recogni[sz]e|gone stiff|eyes roll\w*|slurred speech|face (?:is )?drooping|drooping face|\bstroke\b(?! (?:team|unit|cent|ward|clinic|nurse|service))|numb(?:ness)? (?:on|down) one side|can't answer[^.]{0,20}properly|more (?:and more )?confused|(?:is|was|seems|became|got|gets|getting) (?:very |really |more |more and more )?confused|pulled out (?:his|her|the) (?:iv|drip|cannula|line|catheter|tube)|climb(?:ing)? over the (?:bed )?rails`,
    ),
    hyperbole: FAINT_HYPERBOLE,
  },
  {
    id: 'high-fever',
    type: 'safety',
    strength: 'strong',
    pattern: rx(
      String.raw`高烧|高热|(烧|发烧|发热|体温|烧到)[^。!?]{0,6}(39|40|41|42)(\.\d)?|(39|40|41)(\.\d)?(度|℃|°c?)[^。!?]{0,3}(高烧|发烧|烧|的烧)|体温[^。!?,]{0,4}(掉|降)到3[0-5]`,
      String.raw`high fever|(?:fever|temperature|temp)[^.!?]{0,12}\b(?:39|40|41|10[2-6])(?:\.\d)?\b|\b(?:39|40|41)(?:\.\d)? ?(?:°c?|degrees)? fever\b`,
    ),
  },
  {
    id: 'allergic-reaction',
    type: 'safety',
    strength: 'strong',
    pattern: rx(
      `过敏性休克|(出现|发生|引起|严重)(了)?过敏|过敏了|(全身|脸上|身上|脖子|手上|背上|胳膊)[^。!?]{0,6}(起疹|红疹|皮疹|风团|疙瘩|红点|红斑|发痒|痒)|起(了)?(红)?疹子|荨麻疹|(喉咙|嗓子|嘴唇|眼睛|舌头|眼皮|脸)(都)?(发)?(肿|发紧|水肿)`,
      String.raw`anaphyla\w*|allergic reaction|\bhives\b|rash (?:all over|spreading|on (?:his|her|my) (?:face|body|neck))|(?:throat|lips?|tongue|face|eyes?) (?:is |are |was |were |started )?(?:swelling|swollen|swelled|tight|closing|burning)|swelling up|breaking out in|(?:face|skin|neck)[^.]{0,10}(?:going|turning|gone|turned) (?:red|blotchy)|itchy (?:all over|everywhere)`,
    ),
  },
  {
    id: 'allergy-mention',
    type: 'safety',
    strength: 'weak',
    pattern: rx(String.raw`过敏(?!门诊|科|原|史)|\ballerg(?:y|ic)\b(?! clinic)|\brash\b|\bitch`),
  },
  {
    id: 'wrong-drug-taken',
    type: 'safety',
    strength: 'strong',
    pattern: rx(
      `(拿|发|给|开|配|用|输|打|挂|吃|换)错(了)?(药|针|液|水|剂量|瓶|袋)?|错(拿|发|给|开|配|用|输)(了)?(药|液)|剂量[^。!?]{0,6}(错|不对|翻倍|加倍|超|太大|过大|多了)|(多给|给多|开多|多开|多吃|多打|多输)了(?!个|一个)|超量|过量|(别人|其他患者|其他病人|另一个[^。!?]{0,6})的(药|液体|吊瓶|输液)|不是我(的|妈|爸|家)[^。!?]{0,4}(名字|药)|药[^。!?]{0,4}(不对|错了|搞错|弄错|拿错)|(弄|搞)错(了)?(药|剂量|病人|患者|床)`,
      String.raw`(隔壁床|邻床|别的病人|其他病人|别人|另一个病人|另一床|别的床)[^。!?]{0,4}的(名字|剂量|药)|(标签|袋子|药袋|瓶子|吊瓶|输液贴|药盒|瓶签|盒子)[^。!?]{0,8}(写的是|上写着|写着)[^。!?]{0,12}(名字|不是我)|(剂量|量)[^。!?]{0,8}(大人|成人)的|(按|用)(了)?(大人|成人)的(剂量|量)|(成人|大人)剂量|(十|10|\d+)倍(的)?剂量|(标签|药袋|输液贴|袋子|瓶签|盒子)[^。!?]{0,6}(写的是|写着)[^。!?]{0,20}(但|可|可是|但是)|(写的是|开的是)[^。!?]{0,14}(可|但|可是|但是)[^。!?]{0,12}(给|发|拿)的(是|盒子|药)|(过敏)[^。!?]{0,12}(还|又|照样)(给|打|输|开)|是(给|开给)(别人|隔壁床|邻床|另一个病人|其他病人)的|(胰岛素|降糖药|降压药|抗凝药)[^。!?]{0,14}(根本)?(没有|不是|没得)[^。!?,]{0,3}(糖尿病|高血压)|(剂量|量)[^。!?]{0,10}(两倍|双倍|翻倍|三倍|\d+倍)|(医生|处方)[^。!?]{0,16}(药袋|标签|盒子|袋子|瓶签)上?写(的是|着)`,
      String.raw`wrong (?:medicines?|medications?|meds|drugs?|pills?|tablets?|dose|dosage|iv|drip|infusion|bag|injection|insulin|strength|patient'?s?)|someone else'?s (?:medicines?|medications?|meds|pills?|tablets?|drugs?|prescription|drip|iv|bag|insulin|inhaler)|another patient'?s (?:medicines?|medications?|drip|iv|pills?)|(?:double|triple|ten ?times the|twice the) (?:dose|dosage|amount)|\b(?:10|ten) times the (?:rate|dose|amount)|overdose|too much (?:insulin|medicine|medication|morphine)|(?:given|gave|dispensed|prescribed) (?:me |him |her |my \w+ )?the wrong|mixed up (?:the|my|his|her) (?:medications?|meds|drugs|pills|prescriptions?)`,
      String.raw`(?:label|bag|box|packet|bottle)s? (?:has|had|with|says|said|shows|showed) (?:a )?(?:different|another (?:patient'?s |person'?s )?|someone else'?s )name|adult(?:[- ]strength| dose)|(?:bag|label|drip|iv|syringe)[^.]{0,10}\bsays\b[^.]{0,40}\bbut\b|\d+ ?mg[^.]{0,30}\binstead of\b|\binstead of (?:the )?\d+ ?mg|worked out for \d+|calculated for \d+|gave (?:it|him|her) again|(?:allerg\w+)[^.]{0,40}\b(?:hung|given|gave|running|drip|bag)\b|(?:hung|given|gave|running)[^.]{0,80}\ballerg\w+|(?:was|were) told to stop|insulin[^.]{0,60}\b(?:not|isn't|is not|never been) diabetic|(?:not|isn't|is not) diabetic[^.]{0,60}\binsulin|(?:labell?ed|meant|prescribed|intended|written) for (?:another|a different|someone else|the (?:other|next) (?:patient|bed))`,
    ),
    needs: { pattern: DOSE_TAKEN, scope: 'message', label: 'taken or running' },
    nearMiss: true,
  },
  {
    id: 'wrong-result-relied-on',
    type: 'safety',
    strength: 'strong',
    pattern: rx(
      `(报告|结果|化验单|检验单|血型|病理|片子|b超|彩超|检查|标本|血样|样本|化验)[^。!?]{0,10}(错了|弄错|搞错|出错|拿错|是别人的|不是我的|搞混|弄混|张冠李戴|有误|报成)|(报告|化验单|检验单|结果|单子)[^。!?]{0,12}(写的是|显示|说)[^。!?]{0,16}(可|但|可是|但是)|危急值`,
      String.raw`(?:report|result|results|blood type|blood group|pathology|scan|x-?ray|lab|biopsy|sample|specimen)[^.!?]{0,30}(?:wrong|mixed[- ]up|someone else's|another patient's|belonged to|incorrect|swapped)|(?:report|result|results|lab)[^.]{0,40}\bsays?\b[^.]{0,40}\bbut\b|critical (?:value|result|flag)`,
    ),
    needs: { pattern: TREATMENT_RELIES, scope: 'message', label: 'treatment relies on it' },
    exclude: { pattern: ADMIN_FIELD, label: 'administrative detail' },
  },
  {
    id: 'fall-with-symptoms',
    type: 'safety',
    strength: 'strong',
    pattern: rx(
      `摔倒|跌倒|摔了(一)?跤|摔了|滑倒|摔下|摔伤|跌下|坠床|掉下床|从床上(掉|摔|滚)|摔在地上|倒在地上|躺在地上|绊倒|夹倒|摔在`,
      String.raw`\bfell\b|\bfallen\b|\bslipped\b|\btripped\b|\bknocked (?:down|over)\b`,
    ),
    needs: { pattern: FALL_SYMPTOM, scope: 'message', label: 'with injury or symptoms' },
  },
  {
    id: 'hypoglycaemia',
    type: 'safety',
    strength: 'strong',
    pattern: rx(
      String.raw`低血糖|血糖[^。!?,]{0,6}(低|降到|掉到|只有|[0-3]\.\d)|(手抖|发抖|出冷汗|冷汗|大汗|冒汗|出汗)[^。!?]{0,8}(心慌|手抖|出冷汗|头晕|发抖|冒汗|迷糊|发黑)|手抖得|饿得(发抖|手抖|心慌|头晕)|糖尿病[^。!?]{0,30}(手抖|发抖|冒汗|出冷汗|眼前发黑|心慌)`,
      String.raw`hypo(?:glyc(?:a)?emi\w*)?\b|low blood sugar|blood (?:sugar|glucose)[^.]{0,15}(?:low|dropp|crash|\b[0-3]\.\d)|(?:shaking|shaky|trembling|sweating|sweaty)\s*(?:,|and)\s*(?:shaking|shaky|trembling|sweating|sweaty)|diabetic[^.]{0,100}\b(?:shaking|shaky|trembling|sweaty|sweating)\b`,
    ),
  },
  {
    id: 'severe-symptom',
    type: 'safety',
    strength: 'strong',
    pattern: rx(
      String.raw`心跳(停|没了|骤停)|心脏骤停|没(有)?(了)?呼吸|血压[^。!?,]{0,4}(很低|极低|低到|掉到|降到|只有 ?\d|(?<!\d)[4-8]\d/[2-5]\d(?!\d)|(?<!\d)(1[89]\d|2\d\d)/(1[0-9]\d)(?!\d))|心率[^。!?,]{0,4}([1-4]\d|1[5-9]\d)\b|心跳[^。!?,]{0,3}(不齐|好快|很快|特别快)|大汗淋漓|冷汗直冒|呕吐不止|吐个不停|一直(吐|呕吐)|吐了一地|吐了好几次|胎动(减少|少了|没了|消失|不明显)|破水|羊水破|伤口[^。!?,]{0,4}(裂开|崩开|开了)|中毒|误(吞|服|食)|吞了(电池|硬币|纽扣|磁|药片|安眠药|半瓶|一瓶)|碎玻璃|玻璃渣|心慌得(厉害|不行)|面色(苍白|发白|发灰)|脸色(苍白|发白|煞白|发灰)|剧(烈)?(痛|疼)|(疼|痛)得[^。!?,]{0,6}(受不了|打滚|满头大汗|说不出话|直哭|整夜|要裂开|炸开|喊)|头痛欲裂|(疼|痛)得[^。!?,]{0,6}(想吐|吐)|看东西[^。!?,]{0,4}模糊|越来越硬|(脖子|颈部)[^。!?,]{0,4}(越来越)?肿|声音[^。!?,]{0,2}变了|发凉发麻|(冰凉|发凉)[^。!?,]{0,3}(发麻|没知觉)`,
      String.raw`cardiac arrest|not breathing|stopped breathing|no pulse|heart stopped|blood pressure (?:dropped|crashed|is very low|fell|of \d{2}/)|(?:blood pressure|bp)[^.]{0,12}\b(?:1[89]\d|2\d\d)/1\d\d\b|severe (?:\w+ ){0,2}pain(?=[^.]{0,40}\b(?:now|right now|since|just|suddenly|getting worse)\b)|(?:heart rate|pulse)[^.]{0,12}\b(?:[1-4]\d|1[5-9]\d)\b|vomiting non-?stop|can't stop vomiting|keeps vomiting|vomiting (?:for the (?:second|third|fourth)|again|repeatedly)|waters? (?:broke|has broken)|baby (?:isn't|is not|hasn't been|stopped|has stopped) moving|reduced (?:fetal|foetal) movements?|wound[^.]{0,20}(?:opened|open up|split|burst|reopened|started to open)|swallowed (?:a |some |the |half (?:a )?|\w+ )?(?:battery|batteries|coin|button|magnet|bleach|pills|tablets|bottle)|poison(?:ed|ing)|heart (?:is )?racing|palpitations? (?:right )?now|excruciating|unbearable pain|in agony|doubled over|cold and numb|numb and cold|blurr?y vision|blurred vision|vision is blurr?y|flashing lights|critical(?:ly)? (?:high|low)`,
    ),
    hyperbole: FIGURATIVE_DEATH,
  },
  {
    id: 'symptom-mention',
    type: 'safety',
    strength: 'weak',
    pattern: rx(
      String.raw`心跳(特别|很|非常)?快|心跳加速|头晕|晕(?!车)|呕吐|吐了|发烧|发热|烧(?!伤科|烤|饭|开水)|心慌|心悸|发抖|抽筋|肿(?!瘤)|感染(?!科)|化脓|流脓|疼|痛|不舒服|难受|救命|急救|(?<!\d)120(?!\d)|生命危险|危及生命|危险|抢救|往医院赶`,
      String.raw`\bdizzy\b|\bvomit|\bfever\b|\bpain\b|\bhurts?\b|\bshaking\b|\bswollen\b|\binfect|\bpale\b|\bemergency\b|\bambulance\b|\blife-threatening\b|\bdanger|\bunwell\b|\bworse\b|\bpalpitation|\bconfused\b|\bon our way\b`,
    ),
  },
  {
    id: 'wound-complication',
    type: 'safety',
    strength: 'strong',
    pattern: rx(
      `(伤口|刀口|切口|缝合处)[^。!?]{0,8}(红肿|化脓|流脓|渗液|流水|发烫|裂开|发黑|有味|越来越肿)`,
      String.raw`(?:wound|incision|scar|stitches|cut)[^.]{0,40}(?:swollen|swelling|red and hot|hot and red|\bpus\b|leaking|oozing|discharge|smells?|split|gaping)`,
    ),
  },
  {
    id: 'infant-danger-sign',
    type: 'safety',
    strength: 'strong',
    pattern: rx(
      `(宝宝|孩子|婴儿|新生儿|小孩|娃)[^。!?]{0,12}(不吃奶|拒奶|吃不进|不吃不喝|一直睡|嗜睡|没精神|精神(很)?差|发紫|发青|软软的|蔫)|黄疸[^。!?]{0,4}(越来越|加重|很重|特别重)`,
      `(?:baby|newborn|infant|toddler)[^.]{0,40}(?:not feeding|won't feed|refusing (?:feeds|to feed)|very sleepy|floppy|lethargic|jaundice (?:is )?getting worse|more and more yellow|very yellow)`,
    ),
  },
  {
    id: 'self-harm',
    type: 'safety',
    strength: 'strong',
    pattern: rx(
      `不想活|活着[^。!?,]{0,3}(没|没有|有什么)(什么)?(意思|意义|盼头|希望)|活不下去|想死(?!你)|寻死|轻生|自杀|自残|自伤|割腕|跳楼|跳下去|吃安眠药|吞了[^。!?,]{0,6}(安眠药|药片)|一了百了|结束(自己的?)?(生命|一切)|不如死了|死了算了|死了(倒|也)?(干净|好)|还不如死|没有活下去|活着太累|撑不下去了|了结(自己|此生)|解脱了?算了|不想再(活|拖累)|活着(也)?是(受罪|拖累|多余)|早点走了|走了(对大家|也好|算了|就好)|不会再(来)?麻烦(你们|大家)了|想好了[^。!?]{0,12}(不会再|以后不)|消失算了|想消失|不想(再)?拖累|交代后事|遗书|把东西[^。!?,]{0,4}送(人|给)`,
      String.raw`kill(?:ing)? (?:myself|himself|herself)|end(?:ing)? (?:my|his|her) (?:own )?life|end it all|take my (?:own )?life|suicid\w*|want to die|wanna die|wish i (?:was|were) dead|(?:don't|do not|doesn't|does not) want to (?:live|be alive|go on|be here)|no (?:point|reason) (?:in )?(?:living|going on|to live|being alive)|(?:don't|do not|can't|cannot) see (?:the|any) point (?:anymore|any more|in (?:living|going on|anything|life)|of (?:living|going on))|(?:don't|do not|can't|cannot) see (?:the|any) point(?! of (?:complain|call|ask|com|try|wait|book|writ|bother))[^.]{0,40}\b(?:anymore|any more)\b|see (?:the|any) point (?:of|in) (?:anything|everything|it all|life)|(?:thinking (?:about|of)|think about) (?:ending it|ending my life|killing myself|hurting myself|not being here)|\bending it all\b|better off dead|better off without (?:me|her|him)|gave away (?:her|his|my) (?:things|belongings|stuff)|giving away (?:her|his|my) (?:things|belongings)|suicide note|self[- ]harm|hurt(?:ing)? myself|cut(?:ting)? myself|take all (?:my|the|these) pills|not worth living|(?:can't|cannot) go on (?:anymore|any more|living)|nothing (?:left )?to live for|a burden to (?:everyone|my family)|wants? to disappear|wish (?:i|she|he) could disappear|won't be (?:a )?(?:bother|burden|around)|say goodbye|not be around much longer`,
    ),
    hyperbole: FIGURATIVE_DEATH,
  },
  {
    id: 'live-hazard',
    type: 'safety',
    strength: 'strong',
    pattern: rx(
      `漏电|触电|电线[^。!?]{0,6}(裸露|外露|露(在|出)|掉下|垂下|冒火花|冒烟)|冒火花|着火|起火|失火|冒烟|烟味|焦味|燃气泄漏|煤气泄漏|(有|一股)(煤气|燃气|烧焦)味|(天花板|吊顶)[^。!?]{0,4}(掉|塌|砸)|砸(到|伤)了?人|摇摇欲坠|随时(会|可能)?(掉|塌|砸)下?来?|(快|要)(掉|塌)下来|(困|关)在电梯|电梯[^。!?]{0,6}(困人|被困|卡住|卡在|停在|夹)|氧气[^。!?]{0,4}(漏|泄漏|没了|用完)|火灾|夹(伤|住|倒)|玻璃[^。!?,]{0,4}(碎|裂)|碎了一地`,
      String.raw`exposed (?:live )?wires?|live wires?|sparking|electric shock|on fire|caught fire|fire broke out|smoke (?:is )?(?:coming|pouring|everywhere)|smell(?:s)? of (?:gas|burning|smoke)|gas smell|gas leak|hanging loose|loose (?:glass|panel|tiles?|ceiling)|about to (?:fall|collapse)|ceiling[^.]{0,20}(?:collapsed|fell|caved|came down)|(?:fell|came) down[^.]{0,30}\b(?:hit|injur)|(?:stuck|trapped) (?:in (?:the |a )?(?:lift|elevator)|between floors)|(?:lift|elevator)[^.]{0,20}stopped between|oxygen (?:ran out|is running out|cylinder (?:is )?empty)|(?:fingers?|hand|arm|foot) (?:got )?caught in|broken glass|shattered|hanging off (?:its|the) hinges?`,
    ),
  },
  {
    id: 'patient-missing',
    type: 'safety',
    strength: 'strong',
    pattern: rx(
      `(病人|患者|老人|我(爸|妈)|孩子|老爷子|老太太|父亲|母亲)[^。!?]{0,10}(走失|不见了|找不到了|跑出去了|跑丢)|走失`,
      String.raw`(?:patient|father|mother|dad|mum|mom|child|son|daughter|grand\w+)[^.]{0,20}(?:is missing|has gone missing|wandered off|disappeared|can't be found)`,
    ),
  },
  {
    id: 'patient-death',
    type: 'escalation',
    strength: 'weak',
    pattern: rx(
      String.raw`人(怎么)?就没了|去世|死了|死亡(?!证明|记录)|(人|爸|妈|父亲|母亲|老人|爷爷|奶奶|外婆|外公|姥姥|姥爷|丈夫|妻子|老伴|孩子)[^。!?,]{0,3}(就)?走了|\bpassed away\b|\bdied\b|\bdeath\b(?! certificate)`,
    ),
    hyperbole: FIGURATIVE_DEATH,
  },
  {
    id: 'personal-danger',
    type: 'safety',
    strength: 'strong',
    pattern: rx(
      `家暴|家庭暴力|被跟踪|跟踪我|人身安全|保护令`,
      String.raw`protection order|restraining order|domestic violence|stalk\w*|abusive (?:husband|partner|ex)`,
    ),
  },
  // Escalation: a dispute taken further.
  {
    id: 'legal-action',
    type: 'escalation',
    strength: 'strong',
    pattern: rx(
      `律师|起诉|诉讼|打官司|官司|(告|告到|告上)(你们|医院|法院|他|她|到底)|法院|法庭|法律(途径|手段|程序|责任)|走法律|司法|法务`,
      String.raw`lawyers?|attorneys?|solicitors?|legal (?:action|advice|counsel|team|proceedings|route|steps|claim|case|department)|\bsue\b|\bsuing\b|lawsuit|to court\b|\bcourt\b|malpractice|litigation|negligence claim|file a claim against`,
    ),
    exclude: OCCUPATION,
  },
  {
    id: 'formal-dispute',
    type: 'escalation',
    strength: 'strong',
    pattern: rx(
      `封存(病历|病案|资料)?|病历封存|医疗事故|事故鉴定|医疗鉴定|司法鉴定|医调委|调解委员会`,
      `seal(?:ed|ing)? (?:the |my |his |her )?(?:medical )?records|records? (?:be |to be |were |are |have been )?sealed|medical (?:negligence|accident)|mediation committee|formal (?:medical )?dispute`,
    ),
  },
  {
    id: 'dispute-mention',
    type: 'escalation',
    strength: 'weak',
    pattern: rx(
      `医疗纠纷|医患纠纷|纠纷|追究|讨(个)?说法|讨(个)?公道|闹大|闹到|善罢甘休|维权|举报|投诉到底|懂行的人|下一步怎么走|就看(医院|你们)的态度|大使馆|领事馆`,
      String.raw`take (?:this|it|the matter) further|escalate|hold (?:you|someone|the hospital|them) (?:accountable|responsible)|accountab|won't let (?:this|it) go|\breport (?:you|this|him|her)\b|formal complaint|blackmail|embassy|consulate`,
    ),
  },
  {
    id: 'media-exposure',
    type: 'escalation',
    strength: 'strong',
    pattern: rx(
      `媒体|记者|曝光|报社|电视台|上新闻|找新闻|(发|放|挂|传|晒)(到|在)?(网上|网络|微博|抖音|小红书|朋友圈|快手|头条|公众号|视频号|b站)|(在|到)(朋友圈|微博|抖音|小红书|网上)[^。!?,]{0,4}(发|曝光|说|公开)|(网上|网络上?)(曝光|发帖|发文|公开|评理)|抖音|微博|小红书|快手|热搜|自媒体|视频号|让(大家|所有人|全网|网友|社会)(都)?(看看|知道|评评理)|发帖|舆论|(上千|几千|几百|好多|很多)人(转发|看了)`,
      String.raw`\bmedia\b|journalists?|reporters?|the press|newspapers?|news (?:channel|station|outlet|desk)|tv station|go(?:ing)? public|social media|post(?:ed|ing)? [^.!?]{0,25}(?:online|on (?:facebook|twitter|x|weibo|instagram|tiktok|douyin|xiaohongshu|wechat|youtube|reddit))|posted a video|post(?:ing)? about (?:this|it)|(?:travel )?forums?|tripadvisor|online reviews?|review sites?|viral|tiktok|weibo|douyin|xiaohongshu|instagram|facebook|twitter|youtube|reddit|wechat moments|let everyone know|tell everyone`,
    ),
    exclude: KIND_STORY,
  },
  {
    id: 'police',
    type: 'escalation',
    strength: 'strong',
    pattern: rx(
      String.raw`报警|报了警|叫(了)?警察|找警察|警察(来了|过来|出警)|(打|拨打?|报)了?\s?110(?!\d)|110(?!\d)(来了|出警)|派出所|公安`,
      String.raw`call(?:ed|ing)? (?:the )?police|police (?:report|were called|came|arrived|involved)|report(?:ed|ing)? (?:it |this |him |her |them )?to the police|get the police involved|involve the police|\b911\b`,
    ),
  },
  {
    id: 'protest',
    type: 'escalation',
    strength: 'strong',
    pattern: rx(
      `拉横幅|横幅|拉条幅|静坐|堵(门|路|医院)|围堵|抬尸|花圈|游行|上访|信访`,
      String.raw`\bbanners?\b|\bprotest|sit-in|\bpicket`,
    ),
    exclude: { pattern: r1(String.raw`感谢|锦旗|表扬|\bthank|\bgrateful\b`), label: 'a thank-you banner' },
  },
  {
    id: 'violence-or-threat',
    type: 'escalation',
    strength: 'strong',
    pattern: rx(
      `打人|动手(打|了)|(就|要|会)动手|被[^。!?,]{0,6}打(了|伤)|打了(我|他|她|我妈|我爸|护士|医生|人|病人|患者)(?![一针])|殴打|(扇|打)了?(我|他|她)?(耳光|巴掌)|推搡|推倒|揍(了|我|他|她|你|人)|掐(脖子|我|他|她)|踹(了|我|他|她|你|人|门)|砸(东西|了|坏|烂)|(找|跟|和)[^。!?,]{0,8}算账|走着瞧|等着瞧|看着办|不会放过|让(你们|他|她)好看|后果自负|弄死|砍(死|人)|捅(死|人)|同归于尽|跟(你们|他|她)拼了|付出代价|饶不了`,
      `(带|叫上|喊上)(上)?(几个|一帮|一群|一伙|好多|一些)人(来|过来|去)|带人(来|过来)|刀具|拿刀|带刀|凶器|别让我[^。!?,]{0,8}(碰到|看到|遇到|见到)|不知道(自己)?会做出|做出什么(事)?来`,
      String.raw`\bhit (?:me|him|her|my|the nurse|a nurse|the doctor|a doctor|staff)\b|\bpunch\w*|\bslapp?ed\b|\bshoved\b|\bpushed (?:me|him|her|my)\b|\bpushed (?:a |an |the )?(?:\w+ )?(?:woman|man|nurse|patient|doctor|lady|child|kid|person|visitor|guard)\b|\bassault\w*|(?<!heart |asthma |panic )\battack(?:ed)? (?:me|him|her|the|a|my|staff)|beat (?:me|him|her|you|them) up|you'?ll regret|you will regret|watch your back|won'?t get away with|\bi know where\b|make (?:you|them|him|her|someone) pay|settle (?:this|the score)|take matters into (?:my|our) own hands|there will be consequences|things will get ugly|kill (?:you|him|her|that)\b|\bsmash|\bknife\b|\bweapon|threw (?:a|the|his|her) \w+ at|throw(?:ing)? (?:things|chairs|objects)|come back with (?:his|her|their|my) (?:mates|friends|brothers)|threaten(?:ed|s|ing)? to (?:come back|hurt|kill|hit|beat|get|smash|burn)|finish (?:her|him|you)\b|don't let me (?:see|catch|run into)|if i see (?:him|her) again|i don't know what i(?:'ll| will| might) do`,
    ),
  },
  {
    id: 'threat-mention',
    type: 'escalation',
    strength: 'weak',
    pattern: rx(
      String.raw`威胁|扬言|吵起来|吵架|闹事|\bthreat\w*|\baggressive\b|\bviolent\b|\bshouting match\b`,
    ),
  },
  {
    id: 'compensation',
    type: 'escalation',
    strength: 'strong',
    pattern: rx(
      `赔偿|赔钱|赔我|赔给|索赔|误工费|误工|精神损失|营养费|损失费|经济损失|补偿`,
      String.raw`compensat\w+|\bdamages\b|lost (?:income|wages|earnings|pay)|loss of (?:income|earnings|wages)|pain and suffering|financial loss|(?:pay|paid|reimburse\w*) (?:me |us )?for (?:my|our|the) (?:lost|time off|missed work)`,
    ),
    exclude: OWN_INSURER,
  },
  {
    id: 'health-authority',
    type: 'escalation',
    strength: 'strong',
    pattern: rx(
      String.raw`(?<![\d-])12345(?!\d)|(?<![\d-])12320(?!\d)|卫健委|卫计委|卫生(健康)?委(员会)?|卫生局|卫生(行政)?部门|上级(卫生|主管)?部门|主管部门|市长热线|政务热线|市民热线|纪委|药监局|监管部门`,
      String.raw`health commission|health bureau|health department|department of health|health authorit\w+|\bregulator\b|ombudsman|mayor'?s hotline|city hotline|government hotline|medical board|the authorities|higher authorities`,
    ),
  },
];
