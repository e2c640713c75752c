/**
 * Triage speed on one core, and the time to load the shipped model.
 * Standalone: `npx tsx bench/triage.bench.ts` prints two JSON lines:
 *   {"name":"triage-model-load","ms":…}   read + parse + compile the model and build the segmenter
 *   {"name":"triage","per_s":…,"n":…}      texts triaged per second over the project's corpus texts
 * The load is timed first, in a fresh process (as the server and the CLI meet it); the triage loop
 * then runs after one warm-up pass, cycling through the corpus (mixed zh/en, short and long).
 */
import { readCorpusItems } from '../src/domain/triage/triage-corpus.loader.ts';
import { loadTriageEngine } from '../src/domain/triage/triage-model.loader.ts';

const MIN_MEASURE_MS = 3_000;

const loadStarted = performance.now();
const engine = loadTriageEngine();
const loadMs = performance.now() - loadStarted;
console.log(JSON.stringify({ name: 'triage-model-load', ms: Math.round(loadMs * 10) / 10 }));

const texts = readCorpusItems().items.map((item) => item.text);
for (const text of texts) engine.triage(text);

let n = 0;
// Summed so the loop's work cannot be optimised away.
let checksum = 0;
const started = performance.now();
let elapsed = 0;
while (elapsed < MIN_MEASURE_MS) {
  for (const text of texts) checksum += engine.triage(text).level;
  n += texts.length;
  elapsed = performance.now() - started;
}
if (checksum === 0) throw new Error('triage returned no levels');
console.log(JSON.stringify({ name: 'triage', per_s: Math.round((n / elapsed) * 1000), n }));
