import { describe, expect, it } from 'vitest';
import { AppError } from '../app-error.ts';
import { createTriageEngine } from './triage-engine.ts';
import { loadTriageEngine, readTriageModel } from './triage-model.loader.ts';
import type { TriageResult } from './triage-types.ts';

const engine = loadTriageEngine();

function expectWellFormed(result: TriageResult): void {
  expect(['inquiry', 'request', 'complaint', 'suggestion', 'praise']).toContain(result.kind);
  expect([1, 2, 3]).toContain(result.level);
  for (const value of Object.values(result.confidence)) {
    expect(value).toBeGreaterThanOrEqual(0);
    expect(value).toBeLessThanOrEqual(1);
  }
  expect(result.reasons.length).toBeGreaterThan(0);
}

describe('triage with the shipped model', () => {
  it('explains a level-1 decision with the phrase that decided it', () => {
    const result = engine.triage('我老婆剖腹产后第三天，现在突然胸口闷，呼吸困难，按铃没人来！');
    expect(result.level).toBe(1);
    expect(result.lang).toBe('zh');
    expect(result.reasons[0]).toMatch(/^level 1: safety signal '.+' \(present, not negated\)$/);
    expect(result.reasons.some((r) => /^kind: \w+ \(model \d(\.\d+)?; top features: .+\)$/.test(r))).toBe(
      true,
    );
    expect(result.confidence.level).toBeGreaterThan(0.8);
  });

  it('says why an alarming word did not make level 1', () => {
    const result = engine.triage('I am not going to sue, I only want the doctor to explain the bill.');
    expect(result.level).toBe(2);
    expect(result.lang).toBe('en');
    expect(result.reasons.some((r) => r.startsWith("not level 1: escalation signal 'sue' negated"))).toBe(
      true,
    );
  });

  it('keeps the kind of a praise letter that reports current danger, and makes it level 1', () => {
    const result = engine.triage(
      '非常感谢外科团队的照顾！只是想说一下，我爸今天伤口一直在渗血止不住，纱布都湿透了。',
    );
    expect(result.level).toBe(1);
  });

  it('puts suggestions and praise at level 3 when nothing is urgent', () => {
    expect(engine.triage('建议在候诊区增加几台饮水机，方便老人。').level).toBe(3);
    expect(engine.triage('Many thanks to Dr. Chen and the ward nurses, you were wonderful.').level).toBe(3);
  });
});

describe('robustness', () => {
  it('handles empty text with low confidence', () => {
    const result = engine.triage('');
    expectWellFormed(result);
    expect(result.lang).toBe('other');
    expect(result.level).toBe(2);
    expect(result.category).toBe('other');
    expect(result.confidence.kind).toBeLessThan(0.3);
  });

  it('handles 100,000 characters and still finds a level-1 phrase at the end', () => {
    const text = `${'门诊大厅的指示牌不太清楚，'.repeat(7_700)}我妈现在在大厅晕倒了，叫不醒！`;
    expect(text.length).toBeGreaterThan(100_000);
    const result = engine.triage(text);
    expectWellFormed(result);
    expect(result.level).toBe(1);
  });

  it('handles binary garbage', () => {
    const garbage = String.fromCharCode(...Array.from({ length: 2_000 }, (_, i) => (i * 7919) % 0xffff));
    const result = engine.triage(garbage);
    expectWellFormed(result);
    expect(result.confidence.category).toBeLessThan(0.5);
  });

  it('handles emoji only', () => {
    const result = engine.triage('😡😡😡👎🏥💊');
    expectWellFormed(result);
    expect(result.lang).toBe('other');
    expect(result.confidence.kind).toBeLessThan(0.3);
  });

  it('detects Japanese and Uyghur as other, with low confidence, and still counts level-1 keywords', () => {
    const japanese = engine.triage('病院の待合室で二時間待ちました。受付の対応がとても悪かったです。');
    expectWellFormed(japanese);
    expect(japanese.lang).toBe('other');
    expect(japanese.confidence.kind).toBeLessThan(0.5);
    const uyghur = engine.triage('دوختۇر ناھايىتى ياخشى مۇئامىلە قىلدى، رەھمەت');
    expectWellFormed(uyghur);
    expect(uyghur.lang).toBe('other');
    const urgentJapanese = engine.triage('父が点滴の後、呼吸困难になっています。すぐ来てください。');
    expect(urgentJapanese.level).toBe(1);
  });

  it('never throws on odd input', () => {
    for (const input of [' ', '\n\n\n', '?', '12345', 'a', '\uD800', '\u0000\u0001', 'ＡＢＣ１２３！']) {
      expect(() => engine.triage(input)).not.toThrow();
    }
    expect(() => engine.triage(undefined as unknown as string)).not.toThrow();
  });

  it('accepts an institution dictionary', () => {
    const withTerms = createTriageEngine(readTriageModel(), { extraTerms: ['惠民门诊', '绿色通道'] });
    expectWellFormed(withTerms.triage('惠民门诊的绿色通道今天开吗？'));
  });

  it('refuses something that is not a model', () => {
    expect(() => createTriageEngine({ format: 'nope' })).toThrow(AppError);
  });
});
