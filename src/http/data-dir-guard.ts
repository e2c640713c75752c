import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { AppError } from '../domain/app-error.ts';

/**
 * Disk-full and read-only protection for the embedded database. PostgreSQL writes its log in 16 MB
 * segments; when PGlite cannot get one (disk full, folder remounted read-only) it does not fail the
 * write — it hangs, and every request after it. So before a write reaches it, this guard checks the
 * data folder (a statfs call, microseconds) and refuses writes with a clear error while less than the
 * margin is free or the folder cannot be written; reads go on. Writes resume by themselves once space
 * is freed. A PostgreSQL server reports such failures itself (503 DATABASE_UNAVAILABLE or its error).
 */
export const DATA_DIR_MIN_FREE_MB_DEFAULT = 64;
// statfs is cheap, but a burst of writes need not repeat it: a check stays valid this long.
const CHECK_TTL_MS = 250;

export type DataDirState =
  | { ok: true; freeMb: number }
  | { ok: false; reason: 'full' | 'read_only'; freeMb: number };

export function checkDataDir(dir: string, minFreeMb: number): DataDirState {
  let freeMb = Number.NaN;
  try {
    const s = fs.statfsSync(dir);
    freeMb = (s.bavail * s.bsize) / (1024 * 1024);
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM')
      return { ok: false, reason: 'read_only', freeMb };
    throw err;
  }
  return freeMb < minFreeMb ? { ok: false, reason: 'full', freeMb } : { ok: true, freeMb };
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function installDataDirGuard(
  app: FastifyInstance,
  options: { dataDir: string; minFreeMb: number; logger: Logger },
): void {
  let checkedAt = 0;
  let state: DataDirState = { ok: true, freeMb: Number.NaN };
  const current = (): DataDirState => {
    const now = Date.now();
    if (now - checkedAt < CHECK_TTL_MS) return state;
    checkedAt = now;
    const next = checkDataDir(options.dataDir, options.minFreeMb);
    if (next.ok !== state.ok) {
      if (next.ok)
        options.logger.warn({ freeMb: Math.round(next.freeMb) }, 'data folder writable again: writes resume');
      else
        options.logger.error(
          {
            reason: next.reason,
            freeMb: Math.round(next.freeMb),
            minFreeMb: options.minFreeMb,
            dataDir: options.dataDir,
          },
          'data folder full or read-only: writes are refused to protect the embedded database',
        );
    }
    state = next;
    return state;
  };

  app.addHook('onRequest', async (request) => {
    if (!WRITE_METHODS.has(request.method)) return;
    const s = current();
    if (s.ok) return;
    if (s.reason === 'read_only') {
      throw new AppError(
        'DATA_DIR_READ_ONLY',
        'The service cannot save anything right now (its data folder is read-only). Please try again later.',
      );
    }
    throw new AppError(
      'DATA_DIR_FULL',
      'The service cannot save anything right now (its disk is full). Please try again later.',
    );
  });
}
