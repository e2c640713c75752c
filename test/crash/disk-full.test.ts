import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDataDir } from '../../src/http/data-dir-guard.ts';
import { openDatabase } from '../../src/store/database.ts';
import { TEST_ADMIN_PASSWORD } from '../support/backends.ts';
import { freePort, type ServerProcess, startServerProcess } from '../support/server-process.ts';
import { type Accepted, sleep, submitWithRetry } from './crash-support.ts';

/**
 * The embedded database on a disk that fills up, then on a folder remounted read-only. Without a
 * guard PGlite hangs on the first write that needs a new log segment (every later request hangs too);
 * CareLoop must instead refuse writes with a clear error, keep serving reads, resume writing once space
 * is back, and lose nothing. The data folder is a small tmpfs of the test's own (root can mount one
 * here); where mounting is not allowed, "full" is simulated by raising the free-space margin above the
 * free space. A read-only remount under a running server is refused by the kernel (PGlite holds its
 * files open for writing), so read-only detection is tested on a fresh read-only tmpfs; the refusal
 * path it feeds is the one the full disk exercises.
 */
const MIN_FREE_MB = 64;
const TMPFS_MB = 160;

function tryMount(dir: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_MB}m`, 'tmpfs', dir], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

const freeMb = (dir: string) => {
  const s = fs.statfsSync(dir);
  return (s.bavail * s.bsize) / (1024 * 1024);
};

async function post(server: ServerProcess, text: string): Promise<{ status: number; code?: string }> {
  const res = await fetch(`${server.url}/api/v1/feedback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text }),
    // A stuck database would show as this timeout, not as an answer.
    signal: AbortSignal.timeout(15_000),
  });
  const body = (await res.json()) as { error?: { code?: string } };
  return { status: res.status, ...(body.error?.code ? { code: body.error.code } : {}) };
}

describe('embedded database on a full or read-only disk', () => {
  it('refuses writes with a clear error, keeps reading, resumes, and loses nothing', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'careloop-diskfull-'));
    const mounted = tryMount(root);
    const dataDir = path.join(root, 'data');
    const port = await freePort();
    const env = (minFree: number) => ({
      CARELOOP_DATA_DIR: dataDir,
      CARELOOP_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
      CARELOOP_DATA_DIR_MIN_FREE_MB: String(minFree),
    });
    let server = await startServerProcess({ env: env(MIN_FREE_MB), port });
    const accepted: Accepted[] = [];
    try {
      for (let i = 0; i < 10; i++) {
        const out = await submitWithRetry(() => server.url, `disk-before-${i}-key`, `disk before ${i}`, {
          maxAttempts: 3,
          pauseMs: 200,
        });
        expect(out.accepted).toBeDefined();
        accepted.push(out.accepted!);
      }

      // Fill the disk until less than the margin is free.
      const ballast = path.join(root, 'ballast');
      if (mounted) {
        const fill = Math.max(0, Math.floor(freeMb(root) - MIN_FREE_MB / 2));
        const fd = fs.openSync(ballast, 'w');
        const mb = Buffer.alloc(1024 * 1024, 1);
        for (let i = 0; i < fill; i++) fs.writeSync(fd, mb);
        fs.closeSync(fd);
      } else {
        await server.stop();
        server = await startServerProcess({ env: env(Math.ceil(freeMb(root)) + 1_000), port });
      }
      await sleep(400);
      const refused = await post(server, 'written on a full disk');
      expect(refused).toEqual({ status: 507, code: 'DATA_DIR_FULL' });
      // Reads go on: the patient can still follow the case.
      const track = await fetch(
        `${server.url}/api/v1/track/${encodeURIComponent(accepted[0]!.trackingCode)}`,
        {
          signal: AbortSignal.timeout(15_000),
        },
      );
      expect(track.status).toBe(200);

      // Space comes back: writes resume without a restart (on the mounted disk).
      if (mounted) fs.rmSync(ballast);
      else {
        await server.stop();
        server = await startServerProcess({ env: env(MIN_FREE_MB), port });
      }
      await sleep(400);
      const resumed = await submitWithRetry(() => server.url, 'disk-after-key', 'disk after space is back', {
        maxAttempts: 3,
        pauseMs: 300,
      });
      expect(resumed.accepted).toBeDefined();
      accepted.push(resumed.accepted!);

      // A crash afterwards: everything that was accepted is there, whole.
      await server.kill9();
      server = await startServerProcess({ env: env(MIN_FREE_MB), port });
      await server.stop();
      const database = await openDatabase({ dataDir });
      try {
        const rows = await database.query<{ ticket_no: string }>(
          `SELECT ticket_no FROM tickets WHERE text LIKE 'disk %'`,
        );
        expect(rows.map((r) => r.ticket_no).sort()).toEqual(accepted.map((a) => a.ticketNo).sort());
        const broken = await database.query(
          `SELECT t.id FROM tickets t
             LEFT JOIN (SELECT ticket_id, count(*)::int AS n, max(seq) AS hi FROM ticket_events GROUP BY ticket_id) e
               ON e.ticket_id = t.id
            WHERE e.n IS NULL OR e.hi <> e.n OR e.hi <> t.last_event_seq`,
        );
        expect(broken).toEqual([]);
        expect((await database.query(`SELECT 1 FROM tickets WHERE text LIKE 'written on %'`)).length).toBe(0);
      } finally {
        await database.close();
      }
    } finally {
      await server.kill9();
      if (mounted) execFileSync('umount', ['-l', root], { stdio: 'pipe' });
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, 300_000);

  it('recognises a read-only data folder', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'careloop-ro-'));
    try {
      expect(checkDataDir(dir, 0)).toMatchObject({ ok: true });
      expect(checkDataDir(dir, Number.MAX_SAFE_INTEGER)).toMatchObject({ ok: false, reason: 'full' });
      if (tryMount(dir)) {
        try {
          execFileSync('mount', ['-o', 'remount,ro', dir], { stdio: 'pipe' });
          expect(checkDataDir(dir, 0)).toMatchObject({ ok: false, reason: 'read_only' });
        } finally {
          execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
        }
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
