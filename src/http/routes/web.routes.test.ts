import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installErrorHandler } from '../error-handler.ts';
import { webRoutes } from './web.routes.ts';

async function appFor(webRoot: string): Promise<FastifyInstance> {
  const app = Fastify();
  installErrorHandler(app);
  await webRoutes(app, { webRoot, timeZone: 'Asia/Shanghai', version: '9.9.9' });
  return app;
}

describe('web routes with a built app', () => {
  let dir: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'careloop-web-'));
    await mkdir(path.join(dir, 'assets'));
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>CareLoop</title>');
    const js = 'console.log("hello");'.repeat(100);
    await writeFile(path.join(dir, 'assets', 'app-abc123.js'), js);
    await writeFile(path.join(dir, 'assets', 'app-abc123.js.gz'), gzipSync(js));
    app = await appFor(dir);
  });
  afterAll(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves index.html for any page path, so deep links open', async () => {
    for (const url of ['/', '/track', '/staff/tickets/2026-000001']) {
      const res = await app.inject({ url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toContain('<title>CareLoop</title>');
    }
  });

  it('sends hashed assets pre-compressed and cacheable for a year', async () => {
    const res = await app.inject({ url: '/assets/app-abc123.js', headers: { 'accept-encoding': 'gzip' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('answers unknown API paths with the JSON 404, never the page', async () => {
    const res = await app.inject({ url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });

  it("tells the pages the institution's time zone", async () => {
    const res = await app.inject({ url: '/api/v1/site' });
    expect(res.json()).toEqual({ timeZone: 'Asia/Shanghai', version: '9.9.9' });
  });
});

describe('web routes without a build', () => {
  it('explain how to build the pages instead of failing obscurely', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'careloop-web-empty-'));
    const app = await appFor(dir);
    const res = await app.inject({ url: '/track' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build');
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });
});
