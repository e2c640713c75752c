import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/cli-io.ts';
import { main } from '../../src/cli/main.ts';

function captureIo(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    readFile: async (p) => fs.readFileSync(p, 'utf8'),
  };
}

describe('careloop backup on an embedded folder a running server holds', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'careloop-cli-backup-'));
  const saved = process.env.CARELOOP_DATA_DIR;
  afterAll(() => {
    if (saved === undefined) delete process.env.CARELOOP_DATA_DIR;
    else process.env.CARELOOP_DATA_DIR = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses, and points to the server’s own backup endpoint', async () => {
    // A live process other than this one holds the lock, as `careloop serve` would.
    fs.writeFileSync(path.join(dir, 'careloop.lock'), `${process.ppid}\n`);
    process.env.CARELOOP_DATA_DIR = dir;
    const io = captureIo();
    const file = path.join(dir, 'out.backup.gz');
    expect(await main(['backup', file], io)).toBe(1);
    const message = io.err.join('\n');
    expect(message).toContain(`pid ${process.ppid}`);
    expect(message).toContain('POST');
    expect(message).toContain('/api/v1/admin/backup');
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);
  });

  it('asks for a file name', async () => {
    const io = captureIo();
    expect(await main(['backup'], io)).toBe(2);
    expect(io.err.join('')).toContain('Usage: careloop backup FILE');
  });
});
