import autocannon from 'autocannon';

/** One measured series: latency percentiles in milliseconds and completed operations per second. */
export interface Sample {
  p50_ms: number;
  p99_ms: number;
  per_s: number;
  ops: number;
  errors: number;
  rss_mb?: number | undefined;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function median(values: number[]): number {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

/** The median of each figure over several runs: these machines are noisy, one run proves little. */
export function medianSample(samples: Sample[]): Sample & { runs: number } {
  const rss = samples.map((s) => s.rss_mb).filter((x): x is number => x !== undefined);
  return {
    p50_ms: median(samples.map((s) => s.p50_ms)),
    p99_ms: median(samples.map((s) => s.p99_ms)),
    per_s: median(samples.map((s) => s.per_s)),
    ops: samples.reduce((a, s) => a + s.ops, 0),
    errors: samples.reduce((a, s) => a + s.errors, 0),
    rss_mb: rss.length ? median(rss) : undefined,
    runs: samples.length,
  };
}

/**
 * Runs `op` from `concurrency` async workers for `durationMs` and times each call. For work done
 * in-process (the repository without HTTP, aggregate queries).
 */
export async function timeInProcess(
  op: (worker: number, i: number) => Promise<void>,
  options: { concurrency: number; durationMs: number; maxOps?: number },
): Promise<Sample> {
  const latencies: number[] = [];
  let errors = 0;
  let started = 0;
  const until = performance.now() + options.durationMs;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: options.concurrency }, async (_, worker) => {
      while (performance.now() < until && started < (options.maxOps ?? Number.POSITIVE_INFINITY)) {
        const i = started++;
        const t = performance.now();
        try {
          await op(worker, i);
          latencies.push(performance.now() - t);
        } catch (err) {
          errors++;
          if (errors === 1) console.error(`  first error: ${(err as Error).message}`);
        }
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    p50_ms: percentile(latencies, 50),
    p99_ms: percentile(latencies, 99),
    per_s: latencies.length / seconds,
    ops: latencies.length,
    errors,
  };
}

export interface HttpLoad {
  url: string;
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  /** Builds each request's body (so every intake request carries another text). */
  body?: () => string;
  connections: number;
  durationSeconds: number;
  /** Called every 250 ms during the load (memory sampling). */
  onTick?: () => void;
}

/** Drives a listening server over loopback with autocannon; only 2xx responses count as done. */
export async function httpLoad(load: HttpLoad): Promise<Sample> {
  const ticker = load.onTick ? setInterval(load.onTick, 250) : undefined;
  try {
    const result = await autocannon({
      url: load.url,
      connections: load.connections,
      duration: load.durationSeconds,
      requests: [
        {
          method: load.method,
          path: load.path,
          headers: { ...(load.body ? { 'content-type': 'application/json' } : {}), ...load.headers },
          ...(load.body
            ? {
                setupRequest: (req: autocannon.Request) => ({ ...req, body: load.body!() }),
              }
            : {}),
        },
      ],
    });
    if (result.non2xx > 0 || result.errors > 0) {
      // Failed requests are not counted as done; say which they were so a figure is never a mystery.
      console.error(
        `  ${load.method} ${load.path.slice(0, 60)}: ${result.non2xx} non-2xx ${JSON.stringify(result.statusCodeStats ?? {})}, ${result.errors} errors (${result.timeouts} timeouts)`,
      );
    }
    return {
      p50_ms: result.latency.p50,
      p99_ms: result.latency.p99,
      per_s: result['2xx'] / result.duration,
      ops: result['2xx'],
      errors: result.errors + result.non2xx,
    };
  } finally {
    if (ticker) clearInterval(ticker);
  }
}
