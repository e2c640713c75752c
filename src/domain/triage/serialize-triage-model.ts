/**
 * Writes a model as stable JSON text: fixed key order and one feature row per line, so a retrained
 * artefact diffs readably and the same model always gives the same bytes.
 */
import type { TriageModelData } from './triage-model.ts';

export function serializeTriageModel(model: TriageModelData): string {
  const head = {
    format: model.format,
    version: model.version,
    kinds: model.kinds,
    categories: model.categories,
    thresholds: model.thresholds,
    trainedOn: model.trainedOn,
    weightScale: model.weightScale,
    segmenterDictionary: model.segmenterDictionary,
  };
  const width = model.kinds.length + model.categories.length + 1;
  const lines = Object.entries(head).map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`);
  const features = model.features.map((name) => JSON.stringify(name)).join(',\n');
  const rows: string[] = [];
  for (let i = 0; i < model.features.length; i++)
    rows.push(model.weights.slice(i * width, (i + 1) * width).join(','));
  return `{\n${lines.join(',\n')},\n"features":[\n${features}],\n"weights":[\n${rows.join(',\n')}]}\n`;
}
