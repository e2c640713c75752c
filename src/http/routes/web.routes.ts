import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The built web app (`npm run build` writes it; `npm install` builds it through the prepare script). */
export const DEFAULT_WEB_ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../web/dist',
);

/** Hashed file names change with their content, so the browser may keep them for a year. */
const ASSET_MAX_AGE_MS = 365 * 24 * 3600 * 1000;

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>CareLoop: web app not built</title></head>
<body style="font-family:sans-serif;max-width:40rem;margin:2rem auto;line-height:1.6">
<h1>The web app has not been built</h1>
<p>The API is running, but the pages are missing. In the CareLoop folder run</p>
<pre>npm run build</pre>
<p>and restart the server. (<code>npm install</code> builds them too.)</p>
<p lang="zh-CN">网页尚未构建：请在 CareLoop 目录运行 <code>npm run build</code> 后重启服务。</p>
</body></html>`;

const isApiPath = (url: string) => url === '/api' || url.startsWith('/api/');

/**
 * Serves the single-page app: hashed assets (pre-compressed .br/.gz when the browser accepts them) and
 * index.html for every other non-API path, so /track or /staff/tickets/… can be opened directly.
 */
export async function webRoutes(
  app: FastifyInstance,
  deps: { webRoot?: string; timeZone: string; version: string },
): Promise<void> {
  app.get(
    '/api/v1/site',
    { schema: { tags: ['public'], summary: "The institution's time zone and the CareLoop version" } },
    async () => ({ timeZone: deps.timeZone, version: deps.version }),
  );

  const root = deps.webRoot ?? DEFAULT_WEB_ROOT;
  const built = existsSync(path.join(root, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root: path.join(root, 'assets'),
      prefix: '/assets/',
      preCompressed: true,
      immutable: true,
      maxAge: ASSET_MAX_AGE_MS,
    });
  }

  const page = async (request: FastifyRequest, reply: FastifyReply) => {
    if (isApiPath(request.url)) return reply.callNotFound();
    if (!built) return reply.status(503).type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
    // index.html names the current asset hashes: it must be revalidated on every visit.
    return reply.header('cache-control', 'no-cache').sendFile('index.html', root, { cacheControl: false });
  };
  app.get('/', { schema: { hide: true } }, page);
  app.get('/*', { schema: { hide: true } }, page);
}
