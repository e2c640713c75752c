import { describe, expect, it } from 'vitest';
import { evaluateTriage, type TriagePrediction } from './evaluate-triage.ts';
import type { LabelledItem } from './triage-types.ts';

const items: LabelledItem[] = [
  { id: 'a', text: 'A', kind: 'complaint', category: 'clinical', level: 1 },
  { id: 'b', text: 'B', kind: 'complaint', category: 'clinical', level: 1 },
  { id: 'c', text: 'C', kind: 'inquiry', category: 'billing', level: 2 },
  { id: 'd', text: 'D', kind: 'praise', category: 'clinical', level: 3 },
];

const answers: Record<string, TriagePrediction> = {
  A: { kind: 'complaint', category: 'clinical', level: 1 },
  B: { kind: 'request', category: 'clinical', level: 2, reasons: ['level 2: nothing urgent'] },
  C: { kind: 'inquiry', category: 'billing', level: 1 },
  D: { kind: 'praise', category: 'clinical', level: 3 },
};

describe('evaluateTriage', () => {
  const evaluation = evaluateTriage((text) => answers[text]!, items);

  it('scores accuracy and macro-F1 per axis', () => {
    expect(evaluation.items).toBe(4);
    expect(evaluation.kind.accuracy).toBe(0.75);
    expect(evaluation.category.accuracy).toBe(1);
    expect(evaluation.category.macroF1).toBe(1);
    // complaint F1 = 2/3, inquiry 1, praise 1, request 0 (predicted, never expected).
    expect(evaluation.kind.macroF1).toBeCloseTo((2 / 3 + 1 + 1 + 0) / 4, 10);
  });

  it('reports level-1 recall and precision and the confusion matrix', () => {
    expect(evaluation.level1).toMatchObject({
      truePositives: 1,
      falseNegatives: 1,
      falsePositives: 1,
      recall: 0.5,
      precision: 0.5,
    });
    expect(evaluation.levelConfusion).toEqual([
      [1, 1, 0],
      [1, 0, 0],
      [0, 0, 1],
    ]);
  });

  it('lists a missed level 1 as the worst miss', () => {
    expect(evaluation.worstMisses.map((m) => m.id)).toEqual(['b', 'c']);
    expect(evaluation.worstMisses[0]).toMatchObject({
      errors: ['missed level 1', 'kind'],
      expected: { level: 1 },
      predicted: { level: 2 },
      reasons: ['level 2: nothing urgent'],
    });
    expect(evaluation.worstMisses[1]!.errors).toEqual(['false level 1']);
  });

  it('scores an empty set as zeros, not NaN', () => {
    const empty = evaluateTriage(() => answers.A!, []);
    expect(empty.kind.accuracy).toBe(0);
    expect(empty.level1.recall).toBe(0);
  });
});
