import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const lib = (p: string) => fileURLToPath(new URL(`../../libs/${p}`, import.meta.url));

// Served by the control plane under /console; the API is on the same origin, so no CORS.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  plugins: [react()],
  resolve: {
    alias: {
      // Only what runs in a browser: the policy table and the generated API types.
      '@alloy/identity/policy': lib('identity/src/policy.ts'),
      '@alloy/sdk/types': lib('sdk/src/browser-types.ts'),
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    // `vite apps/console` for development, against a control plane on :3000.
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
