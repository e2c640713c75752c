/**
 * `npm run train:triage` — rebuilds src/domain/triage/model/triage-model.json from the corpus.
 * Deterministic: the same corpus gives a byte-identical file.
 *
 *   --holdout 0.1   also train a model without a 10 % slice and print its scores on that slice
 *   --out PATH      write somewhere else (default: the checked-in artefact)
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { evaluateTriage } from '../src/domain/triage/evaluate-triage.ts';
import { serializeTriageModel } from '../src/domain/triage/serialize-triage-model.ts';
import { trainTriageModel } from '../src/domain/triage/train-triage-model.ts';
import { readCorpusItems, readJiebaDictionary } from '../src/domain/triage/triage-corpus.loader.ts';
import { createTriageEngine } from '../src/domain/triage/triage-engine.ts';
import { DEFAULT_TRIAGE_MODEL_URL } from '../src/domain/triage/triage-model.loader.ts';

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

const args = process.argv.slice(2);
const out = option(args, '--out') ?? fileURLToPath(DEFAULT_TRIAGE_MODEL_URL);
const holdOut = option(args, '--holdout');

const corpus = readCorpusItems();
const baseDictionary = readJiebaDictionary();
const started = performance.now();
const { model } = trainTriageModel(corpus.items, { baseDictionary });
const text = serializeTriageModel(model);
writeFileSync(out, text);
console.log(
  JSON.stringify({
    wrote: out,
    bytes: Buffer.byteLength(text),
    items: model.trainedOn.items,
    hash: model.trainedOn.hash,
    features: Object.keys(model.weights).length,
    files: corpus.files,
    ms: Math.round(performance.now() - started),
  }),
);

if (holdOut) {
  const fraction = Number(holdOut);
  const split = trainTriageModel(corpus.items, { baseDictionary, holdOut: { fraction } });
  const engine = createTriageEngine(split.model);
  const evaluation = evaluateTriage(engine.triage, split.heldOut, { maxMisses: 0 });
  console.log(
    JSON.stringify({
      heldOut: split.heldOut.length,
      kindMacroF1: evaluation.kind.macroF1,
      categoryMacroF1: evaluation.category.macroF1,
      levelAccuracy: evaluation.level.accuracy,
      level1: evaluation.level1,
      levelConfusion: evaluation.levelConfusion,
    }),
  );
}
