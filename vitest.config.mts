import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));
const tsconfig = JSON.parse(
  readFileSync(new URL('./tsconfig.base.json', import.meta.url), 'utf8'),
) as {
  compilerOptions: { paths: Record<string, string[]> };
};
// One source of truth for the @alloy/* aliases: tsconfig.base.json.
const alias = Object.fromEntries(
  Object.entries(tsconfig.compilerOptions.paths).map(([name, [target]]) => [
    name,
    new URL(target, `file://${root}`).pathname,
  ]),
);

// SWC instead of esbuild: NestJS dependency injection needs decorator metadata.
const plugins = [swc.vite({ module: { type: 'es6' } })];
const exclude = ['**/node_modules/**', '**/dist/**', 'apps/console/**'];

export default defineConfig({
  plugins,
  resolve: { alias },
  test: {
    env: { TZ: 'UTC' },
    projects: [
      {
        // The console's components, in a browser-like DOM (happy-dom runs on Node 20).
        plugins: [react()],
        resolve: { alias },
        test: {
          name: 'console',
          environment: 'happy-dom',
          include: ['apps/console/src/**/*.spec.{ts,tsx}'],
          setupFiles: ['apps/console/src/test/setup-dom.ts'],
          testTimeout: 30_000,
        },
      },
      {
        plugins,
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['{apps,libs,plugins,tools}/**/*.spec.ts'],
          exclude,
          testTimeout: 30_000,
        },
      },
      {
        plugins,
        resolve: { alias },
        test: {
          name: 'integration',
          include: [
            '{apps,libs,plugins,tools}/**/*.int-spec.ts',
            'apps/*/e2e/**/*.e2e-spec.ts',
            'tools/e2e/**/*.e2e-spec.ts',
          ],
          exclude,
          globalSetup: ['./tools/test/integration-global-setup.ts'],
          // Integration suites share one Postgres database and Redis: run files one at a time.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
