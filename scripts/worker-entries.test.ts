import { describe, expect, it } from 'vitest';
import type { Rolldown } from 'vite';
import { workerClosureProblem, workerEntries } from './worker-entries';

/** A chunk of a fake bundle: only the fields the check reads. */
const chunk = (fileName: string, o: { imports?: string[]; dynamicImports?: string[]; isEntry?: boolean; modules?: string[] } = {}) =>
  [fileName, { type: 'chunk', fileName, imports: o.imports ?? [], dynamicImports: o.dynamicImports ?? [], isEntry: o.isEntry ?? false, modules: Object.fromEntries((o.modules ?? []).map((m) => [m, {}])) }] as const;
const bundleOf = (...chunks: ReturnType<typeof chunk>[]) => Object.fromEntries(chunks) as unknown as Rolldown.OutputBundle;

describe('workerClosureProblem', () => {
  const worker = chunk('w.js', { isEntry: true, imports: ['engine.js'] });
  it('accepts a worker whose chunks hold only what a worker can evaluate', () => {
    expect(workerClosureProblem(bundleOf(worker, chunk('engine.js', { modules: ['/src/engine/a.ts'] })), 'w.js')).toBeNull();
  });
  it("names the page's entry chunk when a shared chunk leads to it", () => {
    const b = bundleOf(worker, chunk('engine.js', { imports: ['index.js'] }), chunk('index.js', { isEntry: true }));
    expect(workerClosureProblem(b, 'w.js')).toMatch(/entry chunk index\.js/);
  });
  it('names a chunk with a dynamic import or with react-dom', () => {
    expect(workerClosureProblem(bundleOf(worker, chunk('engine.js', { dynamicImports: ['lazy.js'] })), 'w.js')).toMatch(/engine\.js has a dynamic import/);
    const dom = bundleOf(worker, chunk('engine.js', { modules: ['/x/node_modules/react-dom/cjs/react-dom.js'] }));
    expect(workerClosureProblem(dom, 'w.js')).toMatch(/react-dom/);
  });
  it('names a chunk missing from the build', () => {
    expect(workerClosureProblem(bundleOf(worker), 'w.js')).toMatch(/engine\.js is not in the build/);
  });
});

describe('workerEntries transform', () => {
  const run = (code: string, id: string) => {
    const emitted: unknown[] = [];
    const ctx = { emitFile: (f: unknown) => (emitted.push(f), `ref${emitted.length}`) };
    const hook = workerEntries().transform as (this: typeof ctx, code: string, id: string) => { code: string } | null;
    return { out: hook.call(ctx, code, id), emitted };
  };
  it("emits the worker module as a chunk of the page's build and points the Worker at its file", () => {
    const { out, emitted } = run("const w = new Worker(new URL('../workers/a-worker.ts', import.meta.url), { type: 'module' });", '/app/src/state/client.ts?x');
    expect(emitted).toEqual([{ type: 'chunk', id: '/app/src/workers/a-worker.ts', name: 'a-worker' }]);
    expect(out?.code).toBe("const w = new Worker(new URL(import.meta.ROLLUP_FILE_URL_ref1, import.meta.url), { type: 'module' });");
  });
  it('leaves other code and other URLs alone', () => {
    expect(run("new URL('./a.ts', import.meta.url); new Worker(url);", '/app/src/x.ts').out).toBeNull();
    expect(run("new Worker(new URL('./w.ts', import.meta.url))", '/app/node_modules/lib/x.js').out).toBeNull();
  });
});
