import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const webRoot = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.join(webRoot, 'dist');

/**
 * Writes .br and .gz siblings of the built text assets so the server sends them pre-compressed
 * (@fastify/static preCompressed): patients on a poor mobile connection get the smallest transfer
 * without the server compressing on every request.
 */
function precompress(): Plugin {
  return {
    name: 'careloop-precompress',
    apply: 'build',
    async closeBundle() {
      const files = await readdir(outDir, { recursive: true });
      for (const file of files) {
        if (!/\.(js|css|html|svg)$/.test(file)) continue;
        const full = path.join(outDir, file);
        const content = await readFile(full);
        await writeFile(`${full}.gz`, gzipSync(content, { level: 9 }));
        await writeFile(
          `${full}.br`,
          brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
      }
    },
  };
}

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react(), precompress()],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2020',
    // ECharts is large; it only ever loads with the staff dashboard.
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
