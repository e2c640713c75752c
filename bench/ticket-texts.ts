/**
 * Synthetic feedback texts for the benchmarks, built from templates written for this purpose (not taken
 * from any triage corpus, so benchmarks never leak evaluation data). Each text combines an opening, a
 * situation, a detail and a request; with the fragment counts below there are tens of thousands of
 * distinct texts, enough that the trigram index sees realistic variety.
 */

export interface BenchText {
  lang: 'zh' | 'en';
  kind: 'inquiry' | 'request' | 'complaint' | 'suggestion' | 'praise';
  category: string;
  text: string;
}

/** mulberry32: small and fast; seeded so two runs load the same data. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const pick = <T>(random: () => number, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)] as T;

interface Situation {
  kind: BenchText['kind'];
  category: string;
  zh: string[];
  en: string[];
}

const SITUATIONS: Situation[] = [
  {
    kind: 'complaint',
    category: 'waiting',
    zh: ['在门诊候诊区等了三个多小时还没有叫号', '抽血窗口排队太久，老人站不住', '急诊留观等床位等了一整夜'],
    en: [
      'we waited more than three hours in the outpatient hall without being called',
      'the queue at the blood draw window was so long my father could not stand any more',
      'we spent the whole night in emergency observation waiting for a bed',
    ],
  },
  {
    kind: 'complaint',
    category: 'attitude',
    zh: ['护士说话很冲，问两句就不耐烦', '挂号窗口工作人员态度恶劣', '医生全程看手机，没听我说完'],
    en: [
      'the nurse was rude and lost patience after two questions',
      'the registration clerk shouted at my mother',
      'the doctor looked at his phone the whole time and did not let me finish',
    ],
  },
  {
    kind: 'complaint',
    category: 'billing',
    zh: ['出院结算多收了两天的床位费', '挂号费被重复扣款', '医保报销比例和窗口说的不一样'],
    en: [
      'the discharge bill charged two extra days of bed fees',
      'I was charged the registration fee twice',
      'the insurance reimbursement was lower than the cashier told us',
    ],
  },
  {
    kind: 'inquiry',
    category: 'report',
    zh: ['体检报告一周了还查不到', 'CT报告什么时候可以取', '病理结果能不能在手机上看'],
    en: [
      'my check-up report is still not available after a week',
      'when can I collect the CT report',
      'can I see the pathology result on my phone',
    ],
  },
  {
    kind: 'request',
    category: 'appointment',
    zh: ['想改约下周三的专家号', '网上预约挂号一直提示失败', '能否帮忙加一个复诊号'],
    en: [
      'I would like to move my specialist appointment to next Wednesday',
      'online booking keeps failing with an error',
      'could you add one follow-up slot for my mother',
    ],
  },
  {
    kind: 'complaint',
    category: 'environment',
    zh: ['住院部卫生间很脏没人打扫', '停车场入口排队堵了半小时', '病房晚上太吵没法休息'],
    en: [
      'the ward bathroom was dirty and nobody cleaned it',
      'the car park entrance was jammed for half an hour',
      'the ward was too noisy at night to rest',
    ],
  },
  {
    kind: 'complaint',
    category: 'medication',
    zh: ['药房发的药和处方不一致', '取药等了一个小时', '护士给错了输液时间'],
    en: [
      'the pharmacy gave a different drug from the prescription',
      'we waited an hour to collect medicine',
      'the nurse got the infusion time wrong',
    ],
  },
  {
    kind: 'suggestion',
    category: 'process',
    zh: ['建议增加自助缴费机', '希望门诊开放周末夜间号', '建议在候诊区增加座椅和饮水机'],
    en: [
      'please add more self-service payment machines',
      'it would help to open evening clinics at weekends',
      'the waiting area needs more seats and a water dispenser',
    ],
  },
  {
    kind: 'praise',
    category: 'attitude',
    zh: [
      '感谢心内科护士长耐心细致的照顾',
      '骨科王医生手术很成功，非常感谢',
      '急诊科医护人员半夜抢救非常专业',
    ],
    en: [
      'thank you to the cardiology head nurse for her patient care',
      'Dr Wang in orthopaedics did a great operation, many thanks',
      'the emergency team worked through the night and were very professional',
    ],
  },
  {
    kind: 'complaint',
    category: 'privacy',
    zh: ['诊室门开着，别人都能听到我的病情', '检查结果被贴在公共区域', '有人打电话推销，怀疑信息泄露'],
    en: [
      'the consulting room door was open and everyone could hear my diagnosis',
      'test results were left in a public corridor',
      'I got sales calls and suspect my data leaked',
    ],
  },
];

const OPENINGS = {
  zh: ['您好，', '你好，我想反映一个问题：', '我是患者家属，', '上周', '今天上午', '昨天晚上', '投诉：', ''],
  en: [
    'Hello, ',
    'I want to report that ',
    'As a relative of a patient: ',
    'Last week ',
    'This morning ',
    '',
  ],
};
const DETAILS = {
  zh: ['在门诊二楼', '在住院部十二病区', '在急诊科', '在体检中心', '在儿科候诊区', '在收费处', '在药房窗口'],
  en: [
    'on the second floor of outpatients',
    'in inpatient ward 12',
    'in the emergency department',
    'at the health check centre',
    'in the paediatric waiting area',
    'at the cashier',
    'at the pharmacy counter',
  ],
};
const ASKS = {
  zh: ['希望尽快处理。', '请给我一个说法。', '希望医院重视。', '谢谢。', '请回电话。', '麻烦核实一下。'],
  en: [
    'Please sort this out soon.',
    'I expect an explanation.',
    'I hope the hospital takes this seriously.',
    'Thank you.',
    'Please call me back.',
    'Could you check this?',
  ],
};

/** `count` texts, about 70% Chinese (the product's home market) and 30% English. */
export function buildTexts(count: number, seed: number): BenchText[] {
  const random = prng(seed);
  const out: BenchText[] = [];
  for (let i = 0; i < count; i++) {
    const lang = random() < 0.7 ? 'zh' : 'en';
    const s = pick(random, SITUATIONS);
    const opening = pick(random, OPENINGS[lang]);
    const situation = pick(random, s[lang]);
    const detail = pick(random, DETAILS[lang]);
    const ask = pick(random, ASKS[lang]);
    const text =
      lang === 'zh'
        ? `${opening}${detail}，${situation}。${ask}`
        : `${opening}${detail}, ${situation}. ${ask}`;
    out.push({ lang, kind: s.kind, category: s.category, text });
  }
  return out;
}
