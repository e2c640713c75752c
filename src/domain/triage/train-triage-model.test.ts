import { describe, expect, it } from 'vitest';
import { AppError } from '../app-error.ts';
import { evaluateTriage } from './evaluate-triage.ts';
import { serializeTriageModel } from './serialize-triage-model.ts';
import { isHeldOut, trainTriageModel } from './train-triage-model.ts';
import { createTriageEngine } from './triage-engine.ts';
import type { LabelledItem } from './triage-types.ts';

const SMALL_CORPUS: LabelledItem[] = [
  { text: '请问周末有没有儿科门诊？', kind: 'inquiry', category: 'appointment', level: 2 },
  { text: '医保报销比例是多少？', kind: 'inquiry', category: 'billing', level: 2 },
  { text: '体检报告什么时候可以取？', kind: 'inquiry', category: 'report', level: 2 },
  { text: '麻烦帮我把下周二的复查改到周四', kind: 'request', category: 'appointment', level: 2 },
  { text: '请帮我重新打印一份化验单', kind: 'request', category: 'report', level: 2 },
  { text: '多收了一次挂号费，请退给我', kind: 'request', category: 'billing', level: 2 },
  { text: '收费窗口的工作人员态度太差，对我大吼大叫', kind: 'complaint', category: 'attitude', level: 2 },
  { text: '在候诊区等了三个小时还没叫号', kind: 'complaint', category: 'waiting', level: 2 },
  { text: '卫生间太脏了，地上全是水', kind: 'complaint', category: 'environment', level: 2 },
  { text: '建议候诊区多放一些充电插座', kind: 'suggestion', category: 'environment', level: 3 },
  { text: '希望能增加周末的专家号', kind: 'suggestion', category: 'appointment', level: 3 },
  { text: '感谢骨科王医生和护士们的细心照顾', kind: 'praise', category: 'clinical', level: 3 },
  { text: '谢谢药房的小李，耐心给我讲用药方法', kind: 'praise', category: 'medication', level: 3 },
  { text: '我爸术后伤口一直出血止不住，快派医生来', kind: 'request', category: 'clinical', level: 1 },
  { text: '医生误诊耽误了治疗，我已经找了律师准备起诉', kind: 'complaint', category: 'clinical', level: 1 },
  { text: 'What time does the blood test room open?', kind: 'inquiry', category: 'report', level: 2 },
  {
    text: 'Could you please reschedule my MRI to next week?',
    kind: 'request',
    category: 'appointment',
    level: 2,
  },
  {
    text: 'The receptionist was rude and rolled her eyes at me.',
    kind: 'complaint',
    category: 'attitude',
    level: 2,
  },
  { text: 'I was charged twice for the same scan.', kind: 'complaint', category: 'billing', level: 2 },
  {
    text: 'It would be great to have more seats near the pharmacy.',
    kind: 'suggestion',
    category: 'environment',
    level: 3,
  },
  {
    text: 'Thank you to the night nurses for their kindness.',
    kind: 'praise',
    category: 'clinical',
    level: 3,
  },
  {
    text: 'My mother has chest pain right now and nobody has come.',
    kind: 'complaint',
    category: 'clinical',
    level: 1,
  },
  {
    text: 'I am going to the press about how my son was treated.',
    kind: 'complaint',
    category: 'attitude',
    level: 1,
  },
  {
    text: 'Where do I pick up a copy of my discharge summary?',
    kind: 'inquiry',
    category: 'process',
    level: 2,
  },
];

describe('trainTriageModel', () => {
  it('gives byte-identical models for the same items, whatever their order', () => {
    const first = serializeTriageModel(trainTriageModel(SMALL_CORPUS, { epochs: 4 }).model);
    const again = serializeTriageModel(trainTriageModel(SMALL_CORPUS, { epochs: 4 }).model);
    const reversed = serializeTriageModel(trainTriageModel([...SMALL_CORPUS].reverse(), { epochs: 4 }).model);
    expect(again).toBe(first);
    expect(reversed).toBe(first);
  });

  it('changes with the seed and with the items', () => {
    const base = serializeTriageModel(trainTriageModel(SMALL_CORPUS, { epochs: 4 }).model);
    const otherSeed = serializeTriageModel(trainTriageModel(SMALL_CORPUS, { epochs: 4, seed: 7 }).model);
    const moreItems = serializeTriageModel(
      trainTriageModel(
        [...SMALL_CORPUS, { text: '停车场车位太少', kind: 'complaint', category: 'environment', level: 2 }],
        {
          epochs: 4,
        },
      ).model,
    );
    expect(otherSeed).not.toBe(base);
    expect(moreItems).not.toBe(base);
  });

  it('learns the training items well enough to predict them back', () => {
    const { model } = trainTriageModel(SMALL_CORPUS, { minFeatureCount: 1 });
    const engine = createTriageEngine(model);
    const evaluation = evaluateTriage(engine.triage, SMALL_CORPUS);
    expect(evaluation.kind.accuracy).toBeGreaterThan(0.9);
    expect(evaluation.category.accuracy).toBeGreaterThan(0.9);
    expect(evaluation.level1.recall).toBe(1);
  });

  it('round-trips through the serialised artefact without changing a prediction', () => {
    const { model } = trainTriageModel(SMALL_CORPUS, { epochs: 4 });
    const direct = createTriageEngine(model);
    const reloaded = createTriageEngine(JSON.parse(serializeTriageModel(model)));
    for (const item of SMALL_CORPUS) expect(reloaded.triage(item.text)).toEqual(direct.triage(item.text));
  });

  it('holds back a deterministic slice that is not trained on', () => {
    const items = [...SMALL_CORPUS, ...SMALL_CORPUS.map((i) => ({ ...i, text: `${i.text} ` }))];
    const { heldOut, trainItems, model } = trainTriageModel(items, { holdOut: { fraction: 0.3 }, epochs: 2 });
    expect(heldOut.length).toBeGreaterThan(0);
    expect(heldOut.length + trainItems.length).toBe(items.length);
    expect(model.trainedOn.items).toBe(trainItems.length);
    for (const item of heldOut) expect(isHeldOut(item.text, 0.3)).toBe(true);
    for (const item of trainItems) expect(isHeldOut(item.text, 0.3)).toBe(false);
  });

  it('keeps institution terms in the segmenter dictionary it ships', () => {
    const { model } = trainTriageModel(SMALL_CORPUS, { epochs: 1, extraTerms: ['惠民门诊'] });
    expect(model.segmenterDictionary).toMatch(/^惠民门诊 \d+ n$/m);
  });

  it('counts weighted items more', () => {
    const conflict: LabelledItem[] = [
      { text: '关于候诊的意见', kind: 'complaint', category: 'waiting', level: 2 },
      { text: '关于候诊的意见', kind: 'suggestion', category: 'waiting', level: 3, weight: 5 },
    ];
    const { model } = trainTriageModel([...SMALL_CORPUS, ...conflict], { minFeatureCount: 1 });
    expect(createTriageEngine(model).triage('关于候诊的意见').kind).toBe('suggestion');
  });

  it('rejects items with unknown labels', () => {
    const bad = [{ text: 'x', kind: 'rant', category: 'other', level: 2 }] as unknown as LabelledItem[];
    expect(() => trainTriageModel(bad)).toThrow(AppError);
    try {
      trainTriageModel(bad);
    } catch (err) {
      expect((err as AppError).code).toBe('TRIAGE_TRAINING_ITEM_INVALID');
    }
  });
});
