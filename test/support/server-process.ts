import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A real `careloop serve` in a child process, as an operator runs it: used by the crash and cluster
 * tests (which kill it with SIGKILL) and by `npm run bench` (which loads it from another process).
 */

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(REPO_ROOT, 'bin/careloop.js');

/** A port nobody listens on right now (the OS picks it; we release it for the child). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  pid: number;
  port: number;
  url: string;
  child: ChildProcess;
  /** Resolves with the exit code (or the signal name) once the process is gone. */
  exited: Promise<number | string>;
  /** The last lines the process wrote (stdout and stderr), for failure messages. */
  output(): string;
  /** SIGKILL: no shutdown handlers, no flush — a power cut as far as the process is concerned. */
  kill9(): Promise<void>;
  /** SIGTERM and wait for the clean shutdown. */
  stop(): Promise<void>;
  /** Resident set size in MB from /proc (Linux), or null when the process is gone. */
  rssMb(): number | null;
}

export interface StartServerOptions {
  env: Record<string, string>;
  port?: number;
  /** How long to wait for /healthz to answer 200. */
  readyTimeoutMs?: number;
  /** Keep this many lines of output for diagnostics. */
  keepLines?: number;
}

export async function startServerProcess(options: StartServerOptions): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, [BIN, 'serve'], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      TZ: process.env.TZ ?? 'UTC',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      // Tests and the bench drive the server from one loopback address, standing in for many patients;
      // the per-address limits (meant for the internet) would throttle them. A caller may set its own.
      CARELOOP_RATE_FEEDBACK_PER_MINUTE: '100000',
      CARELOOP_RATE_TRACKING_PER_MINUTE: '100000',
      CARELOOP_RATE_LOGIN_PER_MINUTE: '100000',
      ...options.env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = options.keepLines ?? 200;
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line) continue;
      lines.push(line);
      if (lines.length > keep) lines.shift();
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const url = `http://127.0.0.1:${port}`;
  const handle: ServerProcess = {
    pid: child.pid ?? -1,
    port,
    url,
    child,
    exited,
    output: () => lines.join('\n'),
    async kill9() {
      if (!gone) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (gone) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
    rssMb() {
      try {
        const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
        return Number.isFinite(kb) ? kb / 1024 : null;
      } catch {
        return null;
      }
    },
  };
  // Generous: a first start on a loaded 2-core machine (initdb of the embedded database, migrations) is slow.
  const deadline = Date.now() + (options.readyTimeoutMs ?? 180_000);
  for (;;) {
    if (gone) throw new Error(`careloop serve exited before it was ready:\n${handle.output()}`);
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return handle;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await handle.kill9();
      throw new Error(`careloop serve did not become ready on ${url}:\n${handle.output()}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Logs in as a staff user over HTTP and returns the headers staff requests need. */
export async function loginOverHttp(
  url: string,
  username: string,
  password: string,
): Promise<{ cookie: string; 'x-careloop-csrf': string }> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('careloop_session='));
  if (!setCookie) throw new Error('login set no session cookie');
  return { cookie: setCookie.split(';')[0]!, 'x-careloop-csrf': '1' };
}
