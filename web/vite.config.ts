import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';

// The web app is its own Vite root (web/), served by the API from web/dist on the same port, so
// every request goes to a relative /api path; the dev server proxies those to a local API.
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [vue()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        // Keep the heavy drawing libraries in their own chunks: routes load them lazily, and the
        // browser caches them across views.
        manualChunks(id: string) {
          if (id.includes('node_modules/leaflet') || id.includes('node_modules/topojson'))
            return 'leaflet';
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender'))
            return 'echarts';
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
