/**
 * Chinese word segmentation for model features (jieba via @node-rs/jieba).
 *
 * `new Jieba()` starts with an empty dictionary, so every instance here is built from explicit
 * dictionary text. Jieba's full default dictionary takes ~200 ms to load, more than our model-load
 * budget, so training keeps only the dictionary entries that occur in the corpus (plus the medical
 * terms below and any institution terms) and ships that compact dictionary inside the model; the
 * same dictionary is then used at training and at prediction time, so the words match.
 */
import { Jieba } from '@node-rs/jieba';

/** Hospital and complaint vocabulary that general-purpose dictionaries split badly. */
export const MEDICAL_TERMS: readonly string[] = [
  '挂号 挂号费 预约挂号 号源 加号 退号 改约 预约 候诊 叫号 排队 复诊 初诊 门诊 急诊',
  '预检分诊 分诊台 导诊 住院部 出院小结 出院手续 入院手续 病历 病历复印 病案室 诊断证明',
  '出生证明 死亡证明 检查报告 化验单 检验科 影像科 彩超 B超 胃镜 肠镜 核磁 磁共振 病理报告',
  '报告单 取报告 自助机 医保 医保卡 医保报销 异地医保 自费 收费处 缴费 退费 退款 发票',
  '费用清单 多收费 重复收费 药房 门诊药房 发药 取药 处方 开药 配药 输液 输液室 吊瓶 打针',
  '留置针 护士站 呼叫铃 值班医生 值班护士 护士长 科主任 主治医生 医务科 投诉办 院长信箱 术后',
  '剖腹产 顺产 引流管 引流袋 伤口 纱布 换药 拆线 并发症 知情同意书 病情 告知 隐私 泄露',
  '陪护 探视 停车场 充电 开水间 卫生间 无障碍 电梯 服务态度 态度恶劣 不耐烦 翻白眼 爱答不理',
  '锦旗 感谢信 胸口闷 胸闷 喘不上气 呼吸困难 抽搐 高烧 过敏 低血糖 出血不止 渗血 摔倒 跌倒',
  '医调委 卫健委 封存病历 医疗事故 误工费 精神损失费 曝光 算账 拉横幅 理赔',
]
  .join(' ')
  .split(' ');

/** Dictionary line frequency for medical and institution terms: high enough that jieba keeps them whole. */
const TERM_FREQUENCY = 50_000;

export type Segment = (text: string) => string[];

export interface ZhSegmenter {
  segment: Segment;
  /** The dictionary text the segmenter was built from (word freq [tag] per line). */
  dictionary: string;
}

function termLines(terms: readonly string[]): string {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const raw of terms) {
    const term = raw.trim();
    // Jieba's dictionary format is whitespace-separated; a term with spaces cannot be a single entry.
    if (!term || /\s/.test(term) || seen.has(term)) continue;
    seen.add(term);
    lines.push(`${term} ${TERM_FREQUENCY} n`);
  }
  return lines.join('\n');
}

/** A segmenter over `dictionary` (jieba format), plus the medical terms and optional institution terms. */
export function createZhSegmenter(dictionary: string, extraTerms: readonly string[] = []): ZhSegmenter {
  const full = [dictionary.trim(), termLines(MEDICAL_TERMS), termLines(extraTerms)]
    .filter(Boolean)
    .join('\n');
  const jieba = new Jieba();
  jieba.loadDict(Buffer.from(full, 'utf8'));
  return {
    dictionary: full,
    segment: (text) => (text ? jieba.cut(text, false) : []),
  };
}

/**
 * Keeps the lines of `baseDictionary` whose word the base segmenter produces on `texts` (single
 * characters included, so their frequencies still compete with longer words): segmentation of those
 * texts stays close to the full dictionary's, and the dictionary shrinks from ~350k entries to a few
 * thousand. Lines keep their original order, so the result is deterministic.
 */
export function compactDictionary(baseDictionary: string, texts: readonly string[]): string {
  const base = createZhSegmenter(baseDictionary);
  const used = new Set<string>();
  for (const text of texts) for (const word of base.segment(text)) used.add(word);
  const kept: string[] = [];
  for (const line of baseDictionary.split('\n')) {
    const word = line.slice(0, line.indexOf(' '));
    if (word && used.has(word)) kept.push(line.trim());
  }
  return kept.join('\n');
}
