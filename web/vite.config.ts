import { defineConfig, build, type Plugin } from 'vite';
import vue from '@vitejs/plugin-vue';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

// The web app is its own Vite root (web/), served by the API from web/dist on the same port, so
// every request goes to a relative /api path; the dev server proxies those to a local API.
const root = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('./dist', import.meta.url));

/**
 * The service worker (src/offline/sw.ts) as one classic script at /sw.js: its own build, so that
 * it has no imports and a stable name (a worker's URL must not change between releases).
 */
function serviceWorker(): Plugin {
  return {
    name: 'slrt-service-worker',
    apply: 'build',
    async closeBundle() {
      await build({
        configFile: false,
        logLevel: 'warn',
        build: {
          outDir,
          emptyOutDir: false,
          target: 'es2022',
          copyPublicDir: false,
          lib: {
            entry: path.join(root, 'src/offline/sw.ts'),
            formats: ['iife'],
            name: 'slrtServiceWorker',
            fileName: () => 'sw.js',
          },
        },
      });
    },
  };
}

/**
 * Brotli (quality 11) and gzip copies beside every text asset, written once at build time: the
 * API serves them as they are (api/common/http-cache.ts), so a slow link gets the smallest file
 * without the server compressing it again on every request.
 */
function precompress(): Plugin {
  return {
    name: 'slrt-precompress',
    apply: 'build',
    enforce: 'post',
    async closeBundle() {
      const files = await readdir(outDir, { recursive: true });
      for (const name of files) {
        if (!/\.(js|css|html|svg|json|map)$/.test(name)) continue;
        const file = path.join(outDir, name);
        if ((await stat(file)).size < 1024) continue;
        const body = await readFile(file);
        await writeFile(
          `${file}.br`,
          brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
        await writeFile(`${file}.gz`, gzipSync(body, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  plugins: [vue(), serviceWorker(), precompress()],
  // Compile-time flags of Vue and vue-i18n: every component uses <script setup> and the
  // Composition API of vue-i18n (i18n/index.ts: legacy false), so the Options API, the legacy
  // i18n API and the devtools hooks are left out of the first download.
  define: {
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __VUE_I18N_LEGACY_API__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        // Keep the heavy drawing libraries in their own chunks: routes load them lazily, and the
        // browser caches them across views. ECharts is split by the chart kinds a page draws
        // (lib/echarts.ts, lib/echarts-more.ts), so the bundler places its modules itself.
        manualChunks(id: string) {
          if (id.includes('node_modules/leaflet') || id.includes('node_modules/topojson'))
            return 'leaflet';
          if (id.includes('node_modules/exceljs')) return 'exceljs';
          return undefined;
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
