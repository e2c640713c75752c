import { describe, expect, it } from 'vitest';
import { normalizeText } from './normalize-text.ts';
import { scanUrgentSignals } from './urgent-signals.ts';

function decisive(text: string): string[] {
  return scanUrgentSignals(normalizeText(text)).decisive.map((h) => h.rule);
}

function statuses(text: string): string[] {
  return scanUrgentSignals(normalizeText(text)).hits.map((h) => `${h.rule}:${h.status}`);
}

describe('present danger and escalation are decisive', () => {
  it.each([
    ['我妈输液输到一半，现在嘴唇发紫，说喘不过气来', 'breathing'],
    ['剖宫产术后第二天，伤口纱布全湿透了，血一直往外渗', 'bleeding'],
    [
      'My husband is sitting in the waiting room with crushing chest pain and nobody has seen him.',
      'chest-pain',
    ],
    ['宝宝烧到40度，刚才在候诊椅上抽搐了', 'consciousness-or-stroke'],
    ['药房给的药袋上是别人的名字，我爸已经吃了两天了', 'wrong-drug-taken'],
    [
      'The drip they hung is labelled for another patient and it has been running for an hour.',
      'wrong-drug-taken',
    ],
    ['我实在撑不下去了，活着也没什么意义', 'self-harm'],
    ["Honestly I don't see the point anymore.", 'self-harm'],
    ['病房走廊插座冒烟了，旁边还躺着病人', 'live-hazard'],
    ['我已经联系了律师，准备起诉你们医院', 'legal-action'],
    ['如果明天还不给答复，我就把视频发到抖音上', 'media-exposure'],
    ['I am demanding compensation for my lost wages.', 'compensation'],
    ['再不处理我就打12345投诉', 'health-authority'],
    ['我要求封存病历，申请医疗事故鉴定', 'formal-dispute'],
    ['那个护士你给我等着，我一定找她算账', 'violence-or-threat'],
  ])('%s → %s', (text, rule) => {
    expect(decisive(text)).toContain(rule);
  });
});

describe('alarming words that are not level 1', () => {
  it.each([
    ['我不打算找媒体，也不会起诉，只想要一个解释', 'negated'],
    ["I'm not going to sue anyone, I just want an apology.", 'negated'],
    ['上次拔牙后出血的事已经处理好了，这次想问复查时间', 'resolved'],
    ['Last year my father had a seizure on the ward; he was fine afterwards.', 'past'],
    ['如果术后伤口出血不止，应该怎么办？', 'hypothetical'],
    ['What if my child has an allergic reaction to the vaccine?', 'hypothetical'],
    ['朋友建议我打12345，但我觉得没必要，先跟医院沟通', 'suggested-by-others'],
    ['本来想报警的，后来保安过来调解了', 'counterfactual'],
    ['保险公司理赔需要医院盖章，赔偿款什么时候能到？', 'excluded'],
    ['药房拿错药了，幸好我在窗口核对时发现了，还没吃', 'near-miss'],
  ])('%s → %s', (text, status) => {
    expect(decisive(text)).toEqual([]);
    expect(statuses(text).some((s) => s.endsWith(`:${status}`))).toBe(true);
  });

  it.each([
    ['急死了，排队两个小时还没叫到号'],
    ['疼死了，抽个血扎了三针'],
    ['I nearly died of boredom in that waiting room.'],
    ['我要找你们院长反映这个问题'],
    ['多收的挂号费请退给我'],
    ['My insurer will compensate me, I just need the itemised invoice.'],
    ['死亡证明什么时候能开好？'],
  ])('%s has no decisive signal', (text) => {
    expect(decisive(text)).toEqual([]);
  });
});

describe('scanning', () => {
  it('finds a level-1 phrase at the end of a very long text', () => {
    const text = `${'候诊区的椅子不够坐。'.repeat(12_000)}现在我爸胸口疼得厉害`;
    expect(decisive(text)).toContain('chest-pain');
  });

  it('reports the phrase and the cue that set its status', () => {
    const hit = scanUrgentSignals(normalizeText('我们不打算找媒体')).hits.find(
      (h) => h.rule === 'media-exposure',
    );
    expect(hit).toMatchObject({ phrase: '媒体', status: 'negated', cue: '不打算', type: 'escalation' });
  });

  it('reads 12345 only as the hotline, not inside a record number', () => {
    expect(decisive('病历号 0012345 的复印件什么时候能取？')).toEqual([]);
  });
});
