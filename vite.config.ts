/// <reference types="vitest/config" />
import { defineConfig, type PluginOption } from 'vite';
import react from '@vitejs/plugin-react';
import { visualizer } from 'rollup-plugin-visualizer';
import { workerEntries } from './scripts/worker-entries.ts';
import { rechartsScales } from './scripts/recharts-scales.ts';

/**
 * BUNDLE_STATS=path: also write rollup-plugin-visualizer's raw data (bytes of minified output per
 * source module, read from the build's source maps) to that file, for scripts/bundle-composition.ts.
 * Off by default: source maps are not shipped.
 */
const statsFile = process.env.BUNDLE_STATS;
const stats: PluginOption[] = statsFile ? [visualizer({ template: 'raw-data', sourcemap: true, filename: statsFile })] : [];

export default defineConfig({
  // The visualizer reads the final code's source maps, so it goes last.
  plugins: [workerEntries(), rechartsScales(), react(), ...stats],
  build: {
    target: 'es2022',
    sourcemap: Boolean(statsFile),
  },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
