import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

const root = import.meta.dirname;
const backend = process.env.HALLQ_DEV_API ?? 'http://127.0.0.1:8080';

/** One multi-page build of every hall UI into dist/, which the server serves on the API's port. */
export default defineConfig({
  root,
  base: '/',
  plugins: [vue()],
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
    __VUE_PROD_DEVTOOLS__: false,
    __VUE_OPTIONS_API__: false,
  },
  build: {
    outDir: resolve(root, 'dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      input: {
        home: resolve(root, 'index.html'),
        kiosk: resolve(root, 'kiosk-ui/index.html'),
        ticket: resolve(root, 'kiosk-ui/ticket.html'),
        book: resolve(root, 'kiosk-ui/book.html'),
        caseLookup: resolve(root, 'kiosk-ui/case.html'),
        display: resolve(root, 'display-ui/index.html'),
        windowScreen: resolve(root, 'display-ui/window.html'),
        evaluator: resolve(root, 'display-ui/evaluator.html'),
        staff: resolve(root, 'staff-ui/index.html'),
      },
    },
  },
  // `npx vite` for UI work against a running server (npm start) on HALLQ_DEV_API.
  server: {
    proxy: {
      '/api': backend,
      '/socket.io': { target: backend, ws: true },
    },
  },
});
