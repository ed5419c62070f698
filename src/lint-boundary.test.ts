/**
 * Guards the architecture boundary in eslint.config.js: src/plan and src/engine may not use UI
 * libraries, the UI layer, browser APIs, the clock or randomness. If someone edits the config and
 * the rules stop firing, this test fails instead of the boundary silently vanishing.
 */
import { join } from 'node:path';
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
