import type { BackupProgress } from '../services/backup.service.ts';

/** Redraws at most this often: a terminal flooded with updates slows the work it reports. */
const REDRAW_INTERVAL_MS = 250;

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const m = Math.floor(seconds / 60);
  return m < 60
    ? `${m}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`
    : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/**
 * Progress of a long operation (rows done / total, rate, ETA) on one redrawn terminal line; nothing at
 * all when the stream is not a terminal (cron, systemd, pipes), so logs stay clean.
 */
export function terminalProgress(
  stream: NodeJS.WriteStream = process.stderr,
  now: () => number = Date.now,
): { update: (p: BackupProgress) => void; done: () => void } | undefined {
  if (!stream.isTTY) return undefined;
  let startedAt = now();
  let phase: BackupProgress['phase'] | null = null;
  let lastDraw = 0;
  let drawn = false;
  return {
    update(p) {
      const t = now();
      if (p.phase !== phase) {
        // A new phase counts other units: its rate starts from zero on a line of its own.
        if (drawn) stream.write('\n');
        phase = p.phase;
        startedAt = t;
        lastDraw = 0;
      }
      if (t - lastDraw < REDRAW_INTERVAL_MS && p.done !== p.total) return;
      lastDraw = t;
      const elapsed = Math.max((t - startedAt) / 1000, 0.001);
      const rate = p.done / elapsed;
      const unit = p.phase === 'rows' ? 'rows' : 'bytes';
      const share = p.total > 0 ? ` ${Math.floor((100 * p.done) / p.total)}%` : '';
      const eta = p.total > 0 && rate > 0 ? ` · ETA ${duration((p.total - p.done) / rate)}` : '';
      const of = p.total > 0 ? `/${fmt(p.total)}` : '';
      stream.write(`\r${unit} ${fmt(p.done)}${of}${share} · ${fmt(rate)} ${unit}/s${eta}\u001b[K`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\n');
    },
  };
}
