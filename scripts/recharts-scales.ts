/**
 * A Vite plugin (issue 16 item 3): Recharts' `victory-vendor/d3-scale` import resolves to
 * src/vendor/recharts-d3-scale.ts, the scales our charts can use, so the time scales and their
 * d3-time / d3-time-format are not shipped. Only imports from inside Recharts are redirected; the
 * module itself imports the real package.
 */
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

export const RECHARTS_SCALES_MODULE = fileURLToPath(new URL('../src/vendor/recharts-d3-scale.ts', import.meta.url));

export function rechartsScales(): Plugin {
  return {
    name: 'headroom:recharts-scales',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source !== 'victory-vendor/d3-scale' || importer === undefined || !/[\\/]node_modules[\\/]recharts[\\/]/.test(importer)) return null;
      return RECHARTS_SCALES_MODULE;
    },
  };
}
