/**
 * A Vite plugin (issue 16 item 3): the Web Workers are chunks of the page's own build, not
 * separate bundles. Vite builds `new Worker(new URL('./w.ts', import.meta.url))` as a bundle of its
 * own, which re-bundled the engine, zod and the export builders the page had already downloaded
 * (117 KB gzip for the analysis worker). Here each such worker module is emitted as one more entry
 * of the page's build: an ES module whose imports are the same hashed chunk files the page
 * fetches, so the browser downloads each module once (from its HTTP cache the second time). The
 * file keeps Vite's name, assets/<worker>-<hash>.js.
 *
 * Only in `vite build`: the dev server serves the worker module as it is, and the prerender and
 * the unit tests never construct a Worker.
 */
import { basename, dirname, resolve } from 'node:path';
import type { Plugin, Rolldown } from 'vite';

/** `new Worker(new URL('<relative .ts path>', import.meta.url)`, with the path captured. */
const WORKER_URL = /new\s+Worker\(\s*new\s+URL\(\s*(['"])(\.{1,2}\/[^'"]+\.ts)\1\s*,\s*import\.meta\.url\s*\)/g;

export function workerEntries(): Plugin {
  /** Emitted worker entries by reference id: the module, to check its imports once the chunks exist. */
  const emitted = new Map<string, string>();
  return {
    name: 'headroom:worker-entries',
    apply: 'build',
    // Before Vite's own worker plugin, which would otherwise bundle the worker separately.
    enforce: 'pre',
    transform(code, id) {
      if (!code.includes('new Worker(') || id.includes('/node_modules/')) return null;
      const out = code.replace(WORKER_URL, (_m, _q: string, rel: string) => {
        const file = resolve(dirname(id.split('?')[0]!), rel);
        const ref = this.emitFile({ type: 'chunk', id: file, name: basename(file, '.ts') });
        emitted.set(ref, file);
        // Vite renders the reference as the file's path under `base` (or a URL): relative to the page's module either way.
        return `new Worker(new URL(import.meta.ROLLUP_FILE_URL_${ref}, import.meta.url)`;
      });
      return out === code ? null : { code: out, map: null };
    },
    generateBundle(_options, bundle) {
      for (const [ref, module] of emitted) {
        const problem = workerClosureProblem(bundle, this.getFileName(ref));
        if (problem) this.error(`${module}: ${problem}`);
      }
    },
  };
}

/**
 * Why a worker's chunks cannot run in a worker, or null: a shared chunk may hold whatever the
 * chunking put beside a module the worker needs, so check what it would evaluate. The page's
 * entry renders into `document`, and Vite's preload helper for dynamic import() adds <link>s.
 */
export function workerClosureProblem(bundle: Rolldown.OutputBundle, workerFile: string): string | null {
  const seen = new Set<string>();
  const queue = [workerFile];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const chunk = bundle[file];
    if (!chunk || chunk.type !== 'chunk') return `its chunk ${file} is not in the build`;
    if (file !== workerFile && chunk.isEntry) return `it imports the entry chunk ${file}`;
    if (chunk.dynamicImports.length > 0) return `${file} has a dynamic import() (Vite's preload helper needs a document)`;
    const dom = Object.keys(chunk.modules).find((id) => /node_modules\/react-dom\//.test(id));
    if (dom) return `${file} holds ${dom}`;
    queue.push(...chunk.imports);
  }
  return null;
}
