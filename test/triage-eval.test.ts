/**
 * Level-1 recall floor of the triage engine. Scores the shipped model on the shared dev set
 * (../shared/data/triage-dev.jsonl beside the repository); where that file is absent, trains a model
 * without the project's held-back corpus slice and scores that slice instead. Either way the floor
 * is the same and the test fails below it; it never skips.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluateTriage, type TriageEvaluation } from '../src/domain/triage/evaluate-triage.ts';
import { parseLabelledJsonl } from '../src/domain/triage/parse-labelled-jsonl.ts';
import { trainTriageModel } from '../src/domain/triage/train-triage-model.ts';
import { readCorpusItems, readJiebaDictionary } from '../src/domain/triage/triage-corpus.loader.ts';
import { createTriageEngine } from '../src/domain/triage/triage-engine.ts';
import { loadTriageEngine } from '../src/domain/triage/triage-model.loader.ts';

const LEVEL1_RECALL_FLOOR = 0.9;
const HELD_BACK_FRACTION = 0.2;

const repoRoot = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const devSetPath = path.resolve(repoRoot, '..', 'shared', 'data', 'triage-dev.jsonl');

function evaluateAvailableSet(): { set: string; evaluation: TriageEvaluation } {
  if (existsSync(devSetPath)) {
    const { items } = parseLabelledJsonl(readFileSync(devSetPath, 'utf8'));
    return {
      set: `dev set ${devSetPath} (${items.length} items)`,
      evaluation: evaluateTriage(loadTriageEngine().triage, items),
    };
  }
  const corpus = readCorpusItems();
  const { model, heldOut } = trainTriageModel(corpus.items, {
    baseDictionary: readJiebaDictionary(),
    holdOut: { fraction: HELD_BACK_FRACTION },
  });
  return {
    set: `held-back corpus slice (${heldOut.length} of ${corpus.items.length} items; dev set not found at ${devSetPath})`,
    evaluation: evaluateTriage(createTriageEngine(model).triage, heldOut),
  };
}

describe('triage evaluation', () => {
  it(`keeps level-1 recall at or above ${LEVEL1_RECALL_FLOOR}`, () => {
    const { set, evaluation } = evaluateAvailableSet();
    const { level1 } = evaluation;
    console.log(
      `triage eval on ${set}: level-1 recall ${level1.recall.toFixed(3)}, precision ${level1.precision.toFixed(3)}; ` +
        `macro-F1 kind ${evaluation.kind.macroF1.toFixed(3)}, category ${evaluation.category.macroF1.toFixed(3)}`,
    );
    expect(level1.truePositives + level1.falseNegatives, 'the set has level-1 items').toBeGreaterThan(0);
    expect(level1.recall).toBeGreaterThanOrEqual(LEVEL1_RECALL_FLOOR);
  });
});
