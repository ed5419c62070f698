import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Plugin } from 'vite';
import * as scales from '../src/vendor/recharts-d3-scale';
import { RECHARTS_SCALES_MODULE, rechartsScales } from './recharts-scales';

const ROOT = new URL('..', import.meta.url).pathname;
const exported = new Set(Object.keys(scales));
/** Recharts looks a scale up as `scale${UpperFirst(name)}` (combineConfiguredScale.js). */
const d3Name = (name: string) => `scale${name[0]!.toUpperCase()}${name.slice(1)}`;

function resolve(source: string, importer: string | undefined): unknown {
  const hook = rechartsScales().resolveId as Extract<Plugin['resolveId'], (...a: never[]) => unknown>;
  return hook.call({} as never, source, importer, { isEntry: false } as never);
}

function filesUnder(dir: string, ext: RegExp): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => ext.test(f))
    .map((f) => join(dir, f));
}

describe('rechartsScales plugin', () => {
  it("redirects Recharts' own d3-scale import to the module of our scales", () => {
    expect(resolve('victory-vendor/d3-scale', `${ROOT}node_modules/recharts/es6/state/selectors/combiners/combineRealScaleType.js`)).toBe(RECHARTS_SCALES_MODULE);
  });
  it('leaves every other importer and every other module alone (the module itself imports the real package)', () => {
    expect(resolve('victory-vendor/d3-scale', RECHARTS_SCALES_MODULE)).toBeNull();
    expect(resolve('victory-vendor/d3-scale', `${ROOT}src/features/charts/recharts-charts.tsx`)).toBeNull();
    expect(resolve('victory-vendor/d3-shape', `${ROOT}node_modules/recharts/es6/shape/Curve.js`)).toBeNull();
  });
});

describe('the scales kept for Recharts', () => {
  it("hold what scale='auto' resolves to (linear for number axes, band and point for category axes)", () => {
    for (const name of ['linear', 'band', 'point']) expect(exported, name).toContain(d3Name(name));
  });
  it('hold every scale an axis in src/ names (a missing one would silently become a point scale)', () => {
    const named = new Set<string>();
    for (const file of filesUnder(join(ROOT, 'src'), /\.tsx$/)) {
      const code = readFileSync(file, 'utf8');
      if (!/from 'recharts'/.test(code)) continue;
      for (const m of code.matchAll(/\bscale=(?:"([^"]+)"|\{([^}]*)\})/g)) {
        if (m[1] !== undefined) named.add(m[1]);
        for (const q of (m[2] ?? '').matchAll(/'([a-zA-Z]+)'/g)) named.add(q[1]!);
      }
    }
    expect(named, 'the calibrate chart names log and linear').toContain('log');
    for (const name of named) expect(exported, `scale '${name}'`).toContain(d3Name(name));
  });
  it("hold every scale Recharts imports by name from victory-vendor/d3-scale (else the build's import would break)", () => {
    const needed = new Set<string>();
    for (const file of filesUnder(join(ROOT, 'node_modules/recharts/es6'), /\.js$/)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/import\s*\{([^}]*)\}\s*from\s*'victory-vendor\/d3-scale'/g)) {
        for (const part of m[1]!.split(',')) needed.add(part.trim().split(/\s+as\s+/)[0]!);
      }
    }
    expect(needed.size).toBeGreaterThan(0);
    for (const name of needed) expect(exported, name).toContain(name);
  });
  it('build working scales (a linear scale maps its domain onto its range)', () => {
    expect(scales.scaleLinear().domain([0, 10]).range([0, 100])(2.5)).toBe(25);
    expect(scales.scaleLog().domain([1, 100]).range([0, 2])(10)).toBeCloseTo(1, 12);
  });
});
