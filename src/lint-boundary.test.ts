/**
 * Guards the architecture boundary in eslint.config.js: src/plan and src/engine may not use UI
 * libraries, the UI layer, browser APIs, the clock or randomness. If someone edits the config and
 * the rules stop firing, this test fails instead of the boundary silently vanishing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root, overrideConfigFile: join(root, 'eslint.config.js') });

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => m.ruleId ?? m.message);
}

const BOUNDARY_RULES = ['no-restricted-imports', 'no-restricted-globals', 'no-restricted-properties', 'no-restricted-syntax'];
const boundaryOnly = (ids: string[]) => ids.filter((id) => BOUNDARY_RULES.includes(id));

const violations: [string, string, string][] = [
  ['react import', "import { useState } from 'react';\nexport const x = useState;\n", 'no-restricted-imports'],
  ['react-dom import', "import { createRoot } from 'react-dom/client';\nexport const x = createRoot;\n", 'no-restricted-imports'],
  ['zustand import', "import { create } from 'zustand';\nexport const x = create;\n", 'no-restricted-imports'],
  ['recharts import', "import { LineChart } from 'recharts';\nexport const x = LineChart;\n", 'no-restricted-imports'],
  ['@tanstack import', "import { useQuery } from '@tanstack/react-query';\nexport const x = useQuery;\n", 'no-restricted-imports'],
  ['state import', "import { usePlanStore } from '../state/plan-store';\nexport const x = usePlanStore;\n", 'no-restricted-imports'],
  ['features import', "import { Panel } from '../features/results/panel';\nexport const x = Panel;\n", 'no-restricted-imports'],
  ['components import', "import { fmt } from '../components/format';\nexport const x = fmt;\n", 'no-restricted-imports'],
  ['app import', "import { App } from '../app';\nexport const x = App;\n", 'no-restricted-imports'],
  ['Math.random()', 'export const x = Math.random();\n', 'no-restricted-properties'],
  ['Date.now()', 'export const x = Date.now();\n', 'no-restricted-properties'],
  ['performance.now()', 'export const x = performance.now();\n', 'no-restricted-properties'],
  ['new Date()', 'export const x = new Date();\n', 'no-restricted-syntax'],
  ['window', 'export const x = window.innerWidth;\n', 'no-restricted-globals'],
  ['document', 'export const x = document.title;\n', 'no-restricted-globals'],
  ['localStorage', "export const x = localStorage.getItem('k');\n", 'no-restricted-globals'],
  ['navigator', 'export const x = navigator.userAgent;\n', 'no-restricted-globals'],
  ['fetch', "export const x = fetch('/api');\n", 'no-restricted-globals'],
];

describe('architecture boundary (eslint.config.js)', () => {
  for (const folder of ['src/engine/x.ts', 'src/plan/x.ts', 'src/export/x.ts', 'src/calibrate/x.ts']) {
    describe(folder, () => {
      it.each(violations)('reports %s', async (_name, code, rule) => {
        expect(await ruleIds(code, folder)).toContain(rule);
      });
    });
  }

  it('allows pure engine code', async () => {
    const code = "import { z } from 'zod';\nimport type { Plan } from '../plan/schema';\nexport const f = (p: Plan) => Math.max(1, p.hardware.physicalCores) + z.number().parse(1);\n";
    expect(boundaryOnly(await ruleIds(code, 'src/engine/x.ts'))).toEqual([]);
  });

  it('leaves the UI layer free to use React, the store and the browser', async () => {
    const code = "import { useState } from 'react';\nimport { create } from 'zustand';\nexport const x = [useState, create, window.innerWidth, Date.now(), Math.random()];\n";
    expect(boundaryOnly(await ruleIds(code, 'src/features/x.tsx'))).toEqual([]);
  });

  it('lets engine tests time things and draw random numbers, but not import the UI', async () => {
    expect(boundaryOnly(await ruleIds('export const t = performance.now() + Math.random();\n', 'src/engine/x.test.ts'))).toEqual([]);
    expect(await ruleIds("import { useState } from 'react';\nexport const x = useState;\n", 'src/engine/x.test.ts')).toContain('no-restricted-imports');
  });
});

/** [what, code, file it is written in, rule that must fire]: one snippet per bypass README "Architecture" lists. */
const LAYER_CASES: [string, string, string, string][] = [
  ['engine importing export', "import { buildBundle } from '../export/bundle';\nexport const x = buildBundle;\n", 'src/engine/x.ts', 'no-restricted-imports'],
  ['engine importing share', "import { encodePlan } from '../share/link-encode';\nexport const x = encodePlan;\n", 'src/engine/x.ts', 'no-restricted-imports'],
  ['engine importing the CLI', "import { runPlanCli } from '../cli/plan-cli';\nexport const x = runPlanCli;\n", 'src/engine/x.ts', 'no-restricted-imports'],
  ['plan importing the engine', "import { sizePlan } from '../engine/size-plan';\nexport const x = sizePlan;\n", 'src/plan/x.ts', 'no-restricted-imports'],
  ['plan importing the engine (type only counts too)', "import type { SizingResult } from '../engine/types';\nexport type X = SizingResult;\n", 'src/plan/x.ts', 'no-restricted-imports'],
  ['share importing the store', "import { usePlanStore } from '../state/plan-store';\nexport const x = usePlanStore;\n", 'src/share/x.ts', 'no-restricted-imports'],
  ['share using localStorage', "export const x = localStorage.getItem('k');\n", 'src/share/x.ts', 'no-restricted-globals'],
  ['share importing the engine', "import { sizePlan } from '../engine/size-plan';\nexport const x = sizePlan;\n", 'src/share/x.ts', 'no-restricted-imports'],
  ['export importing the CLI', "import { runPlanCli } from '../cli/plan-cli';\nexport const x = runPlanCli;\n", 'src/export/x.ts', 'no-restricted-imports'],
  ['export importing the link codec', "import { encodePlan } from '../share/link-encode';\nexport const x = encodePlan;\n", 'src/export/x.ts', 'no-restricted-imports'],
  ['calibrate importing export', "import { buildBundle } from '../export/bundle';\nexport const x = buildBundle;\n", 'src/calibrate/x.ts', 'no-restricted-imports'],
  ['calibrate importing share', "import { encodePlan } from '../share/link-encode';\nexport const x = encodePlan;\n", 'src/calibrate/x.ts', 'no-restricted-imports'],
  ['plan importing export', "import { buildBundle } from '../export/bundle';\nexport const x = buildBundle;\n", 'src/plan/x.ts', 'no-restricted-imports'],
  ['dynamic import() of the store', "export const x = () => import('../state/plan-store');\n", 'src/engine/x.ts', 'no-restricted-syntax'],
  ['dynamic import() of a feature', "export const x = () => import('../features/fleet/fleet-panel');\n", 'src/export/x.ts', 'no-restricted-syntax'],
  ['node: built-in', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", 'src/engine/x.ts', 'no-restricted-imports'],
  ['bare Node built-in', "import { join } from 'path';\nexport const x = join;\n", 'src/share/x.ts', 'no-restricted-imports'],
  ['process', 'export const x = process.env.HOME;\n', 'src/engine/x.ts', 'no-restricted-globals'],
  ['setTimeout', 'export const x = setTimeout(() => 0, 1);\n', 'src/plan/x.ts', 'no-restricted-globals'],
  ['setInterval', 'export const x = setInterval(() => 0, 1);\n', 'src/export/x.ts', 'no-restricted-globals'],
  ['globalThis.crypto', 'export const x = globalThis.crypto.getRandomValues(new Uint8Array(1));\n', 'src/engine/x.ts', 'no-restricted-properties'],
  ['crypto global', 'export const x = crypto.randomUUID();\n', 'src/share/x.ts', 'no-restricted-globals'],
  ['aliased Math.random', 'const M = Math;\nexport const x = M.random();\n', 'src/engine/x.ts', 'no-restricted-syntax'],
  ['destructured Math.random', 'const { random } = Math;\nexport const x = random();\n', 'src/engine/x.ts', 'no-restricted-properties'],
  ['Math passed on', 'const use = (m: typeof Math) => m.random();\nexport const x = use(Math);\n', 'src/calibrate/x.ts', 'no-restricted-syntax'],
  ['a feature importing an engine value', "import { sizePlan } from '../../engine/size-plan';\nexport const x = sizePlan;\n", 'src/features/fleet/x.tsx', '@typescript-eslint/no-restricted-imports'],
  ['a feature importing another feature', "import { ExportView } from '../export/export-panel';\nexport const x = ExportView;\n", 'src/features/fleet/x.tsx', '@typescript-eslint/no-restricted-imports'],
  ['a component importing the store', "import { usePlanStore } from '../state/plan-store';\nexport const x = usePlanStore;\n", 'src/components/x.tsx', 'no-restricted-imports'],
  ['a component importing a feature', "import FleetPanel from '../features/fleet/fleet-panel';\nexport const x = FleetPanel;\n", 'src/components/x.tsx', 'no-restricted-imports'],
  ['a component importing a bound field', "import { NumberField } from '../fields/number-field';\nexport const x = NumberField;\n", 'src/components/x.tsx', 'no-restricted-imports'],
  ['sessionStorage in pure code', "export const x = sessionStorage.getItem('k');\n", 'src/share/x.ts', 'no-restricted-globals'],
  ['requestAnimationFrame in pure code', 'export const x = requestAnimationFrame(() => 0);\n', 'src/engine/x.ts', 'no-restricted-globals'],
  ['a component importing engine values', "import { sizePlan } from '../engine/size-plan';\nexport const x = sizePlan;\n", 'src/components/x.tsx', 'no-restricted-imports'],
];

describe('layer order and presentational features (eslint.config.js)', () => {
  it.each(LAYER_CASES)('reports %s', async (_name, code, file, rule) => {
    expect(await ruleIds(code, file)).toContain(rule);
  });

  it('lets a feature import engine types, the analysis hook, its own files and shared pieces', async () => {
    const code =
      "import type { PlanAnalysis } from '../../engine/analysis/types';\nimport { useAnalysis } from '../../state/use-analysis';\nimport { formatNumber } from '../../components/format';\nimport { NumberField } from '../../fields/number-field';\nimport { y } from './y';\nexport const x = [useAnalysis, formatNumber, NumberField, y] as unknown as PlanAnalysis;\n";
    expect(await ruleIds(code, 'src/features/fleet/x.tsx')).not.toContain('@typescript-eslint/no-restricted-imports');
  });
});

/** Static imports between the repository's own modules (type-only imports erase, so they cannot form a runtime cycle). */
function importGraph(): Map<string, string[]> {
  const files = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|tsx)$/.test(f) && !/\.(test|spec)\.tsx?$/.test(f) && !f.endsWith('.d.ts'))
    .map((f) => join(root, 'src', f));
  const known = new Set(files);
  const resolve = (from: string, spec: string): string | null => {
    if (!spec.startsWith('.')) return null;
    const base = join(dirname(from), spec);
    for (const c of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) if (known.has(c)) return c;
    return null;
  };
  const graph = new Map<string, string[]>();
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const deps: string[] = [];
    for (const m of text.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) {
      const d = resolve(f, m[1]!);
      if (d) deps.push(d);
    }
    graph.set(f, deps);
  }
  return graph;
}

function findCycle(graph: Map<string, string[]>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): string[] | null => {
    state.set(n, 'open');
    stack.push(n);
    for (const d of graph.get(n) ?? []) {
      if (state.get(d) === 'open') return [...stack.slice(stack.indexOf(d)), d];
      if (!state.has(d)) {
        const c = visit(d);
        if (c) return c;
      }
    }
    stack.pop();
    state.set(n, 'done');
    return null;
  };
  for (const n of graph.keys()) {
    if (state.has(n)) continue;
    const c = visit(n);
    if (c) return c;
  }
  return null;
}

describe('no import cycles in src/', () => {
  it('the static import graph is acyclic', () => {
    const cycle = findCycle(importGraph());
    expect(cycle?.map((f) => f.slice(root.length + 1)).join(' → ') ?? null).toBeNull();
  });
  it('the cycle finder finds a planted cycle', () => {
    const g = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
    ]);
    expect(findCycle(g)).toEqual(['a', 'b', 'c', 'a']);
  });
});

describe('function length (max-lines-per-function, eslint.config.js)', () => {
  /** A function of `n` code lines, plus as many blank and comment lines (those are not counted). */
  const fn = (n: number) => `export function long(): number {\n  let x = 0;\n${Array.from({ length: n - 4 }, (_, i) => `  x += ${i};\n\n  // step ${i}\n`).join('')}  return x;\n}\n`;

  it.each(['src/engine/x.ts', 'src/features/x/x.tsx', 'src/state/x.ts', 'scripts/x.ts'])('reports a 121-line function in %s', async (file) => {
    expect(await ruleIds(fn(121), file)).toContain('max-lines-per-function');
  });

  it('allows 120 lines of code however many blank lines and comments surround them', async () => {
    expect(await ruleIds(fn(120), 'src/engine/x.ts')).not.toContain('max-lines-per-function');
  });

  it('leaves tests free of the limit', async () => {
    expect(await ruleIds(fn(200), 'src/engine/x.test.ts')).not.toContain('max-lines-per-function');
  });

  it('has no exceptions left: the files split this session are held to 120 like the rest', async () => {
    for (const file of ['src/engine/performance.ts', 'src/engine/perf/simulate.ts', 'src/export/builders/readme.ts', 'src/features/export/export-panel.tsx', 'src/app.tsx']) {
      expect(await ruleIds(fn(121), file)).toContain('max-lines-per-function');
    }
  });
});
