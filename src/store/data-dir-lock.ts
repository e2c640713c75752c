import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../domain/app-error.ts';

/**
 * PGlite does not lock its folder, and two processes writing one folder silently lose writes. The
 * server therefore takes an exclusive lock file holding its pid before it opens the database. A lock
 * left by a process that no longer runs (kill -9, power loss) is taken over.
 */
export interface DataDirLock {
  release(): void;
}

const LOCK_FILE = 'careloop.lock';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockDataDir(dir: string): DataDirLock {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, `${process.pid}\n`);
      fs.closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          try {
            if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file);
          } catch {
            // Already gone: nothing to release.
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number.parseInt(fs.readFileSync(file, 'utf8').trim(), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isRunning(holder)) {
        throw new AppError(
          'DATA_DIR_LOCKED',
          `The data folder ${dir} is already in use by another CareLoop process (pid ${holder}). ` +
            'The embedded database serves one process only; stop the other one, or use DATABASE_URL with a PostgreSQL server to run several servers.',
        );
      }
      // Stale lock from a process that is gone: remove it and try again.
      fs.rmSync(file, { force: true });
    }
  }
  throw new AppError('DATA_DIR_LOCKED', `Could not lock the data folder ${dir}.`);
}
