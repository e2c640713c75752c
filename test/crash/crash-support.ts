import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Backend } from '../../src/store/database.ts';
import { createPgDatabase } from '../support/backends.ts';

/** Helpers the crash tests share: a seeded random source, a backend to kill servers on, patient clients. */

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One request on a connection of its own, as a load balancer's health check opens it. (fetch would reuse a
 * pooled keep-alive socket, which can meet the server closing that same idle socket and fail with
 * ECONNRESET: a race of the client's pool, not an answer of the server.)
 */
export function requestOnFreshConnection(
  url: string,
  options: { method?: string; json?: unknown; timeoutMs?: number } = {},
): Promise<{ status: number; body: string }> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const payload = options.json === undefined ? undefined : JSON.stringify(options.json);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: options.method ?? 'GET',
        agent: false,
        timeout: timeoutMs,
        headers: payload ? { 'content-type': 'application/json' } : {},
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface CrashBackend {
  env: Record<string, string>;
  /** What openDatabase needs to inspect the data once the server is stopped. */
  open: { databaseUrl?: string; dataDir?: string };
  drop(): Promise<void>;
}

export async function crashBackend(backend: Backend): Promise<CrashBackend> {
  if (backend === 'postgres') {
    const db = await createPgDatabase();
    return { env: { DATABASE_URL: db.url }, open: { databaseUrl: db.url }, drop: db.drop };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'careloop-crash-'));
  return {
    env: { CARELOOP_DATA_DIR: dir },
    open: { dataDir: dir },
    drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

export interface Accepted {
  key: string;
  text: string;
  ticketNo: string;
  trackingCode: string;
  /** Attempts it took (1 = no retry). */
  attempts: number;
  replayed: boolean;
}

export interface SubmitOutcome {
  accepted?: Accepted;
  /** Statuses other than 201 seen on the way (network errors as 0). */
  failures: number[];
}

/**
 * A patient's client that does what we tell integrators to do: send with an Idempotency-Key and, on
 * a network error or a 503, send the same request again with the same key until it gets an answer.
 */
export async function submitWithRetry(
  url: () => string,
  key: string,
  text: string,
  options: { maxAttempts: number; pauseMs: number },
): Promise<SubmitOutcome> {
  const failures: number[] = [];
  for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
    let status = 0;
    try {
      const res = await fetch(`${url()}/api/v1/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify({ text, channel: 'web' }),
        signal: AbortSignal.timeout(10_000),
      });
      status = res.status;
      if (status === 201) {
        const body = (await res.json()) as { ticketNo: string; trackingCode: string };
        return {
          accepted: {
            key,
            text,
            ticketNo: body.ticketNo,
            trackingCode: body.trackingCode,
            attempts: attempt,
            replayed: res.headers.get('idempotent-replayed') === 'true',
          },
          failures,
        };
      }
      await res.body?.cancel();
      if (status !== 503 && status < 500) throw new Error(`intake refused ${key}: ${status}`);
    } catch (err) {
      if ((err as Error).message.startsWith('intake refused')) throw err;
    }
    failures.push(status);
    await sleep(options.pauseMs);
  }
  return { failures };
}
