/**
 * Full SLA due computations per second (both targets: due, warning, escalation and explanation)
 * for the default policy on cn-mainland, over random 2026 receipt instants and levels 1–3.
 * Standalone: `npx tsx bench/sla-due.bench.ts` prints one JSON line {name, per_s, n}.
 * Seeded, so every run times the same inputs; the first pass warms the caches, as a server would be.
 */
import { CN_MAINLAND_CALENDAR } from '../src/domain/calendar/cn-mainland.ts';
import { computeDeadlines } from '../src/domain/sla/compute-deadlines.ts';
import { DEFAULT_SLA_POLICY } from '../src/domain/sla/sla-policy.ts';

const INPUT_COUNT = 100_000;
const MIN_MEASURE_MS = 3_000;
const SEED = 20_260_311;
const YEAR_START_MS = Date.parse('2026-01-01T00:00:00+08:00');
const YEAR_END_MS = Date.parse('2027-01-01T00:00:00+08:00');

/** mulberry32: small, fast, good enough to spread inputs; seeded for repeatable runs. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const random = prng(SEED);
const inputs = Array.from({ length: INPUT_COUNT }, () => ({
  level: 1 + Math.floor(random() * 3),
  receivedAt: new Date(YEAR_START_MS + Math.floor(random() * (YEAR_END_MS - YEAR_START_MS))),
}));

let checksum = 0;
function pass(): void {
  for (const input of inputs) {
    const deadlines = computeDeadlines({
      policy: DEFAULT_SLA_POLICY,
      calendar: CN_MAINLAND_CALENDAR,
      ...input,
    });
    checksum +=
      ((deadlines.resolution.dueAt?.getTime() ?? 0) % 997) + deadlines.firstResponse.explanation.length;
  }
}

pass(); // warm-up: JIT and per-day caches
let computations = 0;
const started = performance.now();
while (performance.now() - started < MIN_MEASURE_MS) {
  pass();
  computations += inputs.length;
}
const seconds = (performance.now() - started) / 1000;
if (checksum === 0) throw new Error('nothing was computed');
console.log(JSON.stringify({ name: 'sla-due', per_s: Math.round(computations / seconds), n: computations }));
