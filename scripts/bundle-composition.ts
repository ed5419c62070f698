/**
 * `npm run bundle:composition` — what the JS of a full session is made of, in gzip bytes, per
 * chunk, per stack library (React, Recharts, zod, TanStack Query, Zustand, with the packages each
 * pulls in), per package and per area of our own code (issue 16).
 *
 * How: `vite build` into a scratch folder with BUNDLE_STATS set (vite.config.ts adds
 * rollup-plugin-visualizer's raw data, which reads the build's source maps to give the minified
 * bytes of every source module in every chunk). A chunk's gzip size (as bench:ui counts it:
 * node's gzipSync of the file, here without the sourceMappingURL comment the scratch build adds)
 * is shared among its modules in proportion to their minified bytes; bytes no source map claims
 * (chunk glue, import/export statements) are "(chunk glue)". Proportional sharing is an estimate —
 * gzip does not split exactly by module — but the per-chunk figures are exact and the shares add
 * up to them.
 *
 * Which scripts a session loads: `--session FILE`, the JSON list that
 * `npm run bench:ui -- --scripts-out FILE` writes (every script the page and its workers fetched
 * with all sections opened). The scratch build must be of the same sources (the chunk names carry
 * content hashes; an unknown name is an error). Without --session every script of the build counts.
 *
 * Options: --session FILE, --top N (package rows, default 30), --stats FILE and --dist DIR to
 * read an existing stats build instead of building.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = new URL('..', import.meta.url).pathname;

/** The fixed stack, each with the packages it depends on (found from node_modules). */
const STACK = [
  ['React', ['react', 'react-dom']],
  ['Recharts', ['recharts']],
  ['zod', ['zod']],
  ['TanStack Query', ['@tanstack/react-query']],
  ['Zustand', ['zustand']],
] as const;

interface Options {
  session?: string;
  stats?: string;
  dist?: string;
  top: number;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { top: 30 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--session') o.session = next();
    else if (a === '--stats') o.stats = next();
    else if (a === '--dist') o.dist = next();
    else if (a === '--top') o.top = Number(next());
    else throw new Error(`unknown argument ${a} (use --session FILE, --top N, --stats FILE --dist DIR)`);
  }
  if (!Number.isInteger(o.top) || o.top < 1) throw new Error('--top must be a positive integer');
  if ((o.stats === undefined) !== (o.dist === undefined)) throw new Error('--stats and --dist go together');
  return o;
}

/** rollup-plugin-visualizer's raw-data format (version 2), the parts read here. */
interface RawData {
  version: number;
  options: { sourcemap: boolean };
  nodeParts: Record<string, { renderedLength: number; metaUid: string }>;
  nodeMetas: Record<string, { id: string; moduleParts: Record<string, string> }>;
}

/** Minified bytes per source module id, per chunk file (path under dist/, e.g. "assets/x.js"). */
function modulesByChunk(data: RawData): Map<string, Map<string, number>> {
  if (data.version !== 2 || !data.options.sourcemap) throw new Error('expected visualizer raw data v2 built with sourcemap: true');
  const out = new Map<string, Map<string, number>>();
  for (const meta of Object.values(data.nodeMetas)) {
    for (const [chunk, partUid] of Object.entries(meta.moduleParts)) {
      const bytes = data.nodeParts[partUid]?.renderedLength ?? 0;
      if (!out.has(chunk)) out.set(chunk, new Map());
      const mods = out.get(chunk)!;
      mods.set(meta.id, (mods.get(meta.id) ?? 0) + bytes);
    }
  }
  return out;
}

/** The package a module id belongs to ("react-dom", "@tanstack/query-core"), or undefined for our code. */
export function packageOf(id: string): string | undefined {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(id);
  return m?.[1];
}

/** Our own code by area: "src/engine/analysis", "src/app.tsx", "src/features/dynamo". */
export function areaOf(id: string): string {
  const rel = id.replace(/^.*?\/(src\/)/, '$1');
  const parts = rel.split('/');
  if (parts[0] !== 'src') return rel;
  return parts.slice(0, Math.min(parts.length, 3)).join('/');
}

/**
 * Every package reachable from `roots` through the dependencies and peer dependencies in
 * node_modules' package.json files (Recharts takes react-is as a peer).
 */
function dependencyClosure(roots: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const file = join(ROOT, 'node_modules', name, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { dependencies?: Record<string, string>; peerDependencies?: Record<string, string> };
    queue.push(...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {}));
  }
  return seen;
}

/** Package → stack family; the first family that reaches a package claims it. */
function familyTable(): Map<string, string> {
  const table = new Map<string, string>();
  for (const [family, roots] of STACK) {
    for (const name of dependencyClosure(roots)) if (!table.has(name)) table.set(name, family);
  }
  return table;
}

function statsBuild(): { stats: string; dist: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'headroom-stats-'));
  const dist = join(dir, 'dist');
  const stats = join(dir, 'stats.json');
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', dist, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: ROOT,
    env: { ...process.env, BUNDLE_STATS: stats },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return { stats, dist, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A built script as a host would send it: the scratch build's source map comment removed. */
function scriptText(file: string): string {
  return readFileSync(file, 'utf8').replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '');
}

interface Share {
  chunk: string;
  module: string;
  gzipB: number;
  minB: number;
}

/** Each chunk's gzip bytes shared among its modules by minified bytes. */
function shares(chunks: Map<string, Map<string, number>>, dist: string, only: Set<string>): { rows: Share[]; chunkGzip: Map<string, number> } {
  const rows: Share[] = [];
  const chunkGzip = new Map<string, number>();
  for (const chunk of only) {
    const file = join(dist, chunk);
    if (!existsSync(file)) throw new Error(`${chunk} is not in the stats build: the session list comes from another build (rebuild, then rerun bench:ui --scripts-out)`);
    const code = scriptText(file);
    const gzipB = gzipSync(code).length;
    chunkGzip.set(chunk, gzipB);
    const totalB = Buffer.byteLength(code);
    const mods = chunks.get(chunk) ?? new Map<string, number>();
    const mappedB = [...mods.values()].reduce((s, v) => s + v, 0);
    for (const [module, minB] of mods) rows.push({ chunk, module, minB, gzipB: (gzipB * minB) / totalB });
    const glueB = Math.max(0, totalB - mappedB);
    rows.push({ chunk, module: '(chunk glue)', minB: glueB, gzipB: (gzipB * glueB) / totalB });
  }
  return { rows, chunkGzip };
}

function sumBy(rows: Share[], key: (r: Share) => string): [string, { gzipB: number; minB: number }][] {
  const m = new Map<string, { gzipB: number; minB: number }>();
  for (const r of rows) {
    const k = key(r);
    const cur = m.get(k) ?? { gzipB: 0, minB: 0 };
    cur.gzipB += r.gzipB;
    cur.minB += r.minB;
    m.set(k, cur);
  }
  return [...m].sort((a, b) => b[1].gzipB - a[1].gzipB);
}

/** A package, an area of our code, or glue (the bundler's runtime has no source map). */
const partOf = (r: Share) => packageOf(r.module) ?? (r.module.includes('/src/') ? areaOf(r.module) : '(chunk glue, runtime)');

const kb = (b: number) => (b / 1000).toFixed(1);
const pct = (b: number, total: number) => `${((100 * b) / total).toFixed(1)} %`;

function mdTable(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function main() {
  const o = parseArgs(process.argv.slice(2));
  const built = o.stats === undefined ? statsBuild() : undefined;
  try {
    const statsFile = o.stats ?? built!.stats;
    const dist = o.dist ?? built!.dist;
    const chunks = modulesByChunk(JSON.parse(readFileSync(statsFile, 'utf8')) as RawData);
    const all = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((f) => /\.m?js$/.test(f) && f.startsWith('assets'));
    const session = o.session === undefined ? new Set(all) : new Set((JSON.parse(readFileSync(o.session, 'utf8')) as string[]).map((p) => p.replace(/^\//, '')).filter((p) => p.startsWith('assets/')));
    const { rows, chunkGzip } = shares(chunks, dist, session);
    const total = [...chunkGzip.values()].reduce((s, v) => s + v, 0);
    const families = familyTable();
    const familyOf = (r: Share) => {
      const pkg = packageOf(r.module);
      if (pkg !== undefined) return families.get(pkg) ?? `other: ${pkg}`;
      return r.module.includes('/src/') ? 'our code' : '(chunk glue, runtime)';
    };
    const what = o.session === undefined ? 'every script of the build' : `the session's ${session.size} scripts`;
    console.log(`## JS of ${what}: ${kb(total)} KB gzip (${session.size} chunks)\n`);
    console.log('### By library of the stack (with the packages it pulls in) and our own code\n');
    console.log(mdTable(['part', 'gzip KB', 'share', 'minified KB'], sumBy(rows, familyOf).map(([k, v]) => [k, kb(v.gzipB), pct(v.gzipB, total), kb(v.minB)])));
    const ours = rows.filter((r) => packageOf(r.module) === undefined && r.module.includes('/src/'));
    console.log('\n### Our code by folder\n');
    console.log(mdTable(['folder', 'gzip KB', 'minified KB'], sumBy(ours, (r) => areaOf(r.module).split('/').slice(0, 2).join('/')).map(([k, v]) => [k, kb(v.gzipB), kb(v.minB)])));
    console.log('\n### By package and by area of our code\n');
    const byPart = sumBy(rows, partOf);
    console.log(mdTable(['package / area', 'part', 'gzip KB', 'minified KB'], byPart.slice(0, o.top).map(([k, v]) => [k, families.get(k) ?? (k.startsWith('src/') ? 'our code' : 'other'), kb(v.gzipB), kb(v.minB)])));
    if (byPart.length > o.top) console.log(`\n(${byPart.length - o.top} smaller rows: ${kb(byPart.slice(o.top).reduce((s, [, v]) => s + v.gzipB, 0))} KB gzip)`);
    console.log('\n### By chunk\n');
    const byChunk = [...chunkGzip].sort((a, b) => b[1] - a[1]);
    const top = (chunk: string) =>
      sumBy(
        rows.filter((r) => r.chunk === chunk),
        partOf,
      )
        .slice(0, 3)
        .map(([k, v]) => `${k} ${kb(v.gzipB)}`)
        .join(', ');
    console.log(mdTable(['chunk', 'gzip KB', 'largest parts (gzip KB)'], byChunk.map(([c, b]) => [c.replace(/^assets\//, ''), kb(b), top(c)])));
    // What any chunking could reach at best: one file, one gzip stream (no per-file header, the
    // dictionary shared across chunks). Chunks in size order, largest first.
    const joined = byChunk.map(([c]) => scriptText(join(dist, c))).join('\n');
    console.log(`\nThe same scripts concatenated into one file: ${kb(gzipSync(joined).length)} KB gzip (the difference is what splitting them into ${session.size} files costs).`);
    const chunksOf = new Map<string, Set<string>>();
    for (const r of rows) if (r.module !== '(chunk glue)') chunksOf.set(r.module, (chunksOf.get(r.module) ?? new Set()).add(r.chunk));
    const twice = sumBy(rows, (r) => r.module).filter(([m]) => (chunksOf.get(m)?.size ?? 0) > 1);
    console.log(`\nModules in more than one loaded chunk: ${twice.length === 0 ? 'none' : twice.map(([m, v]) => `${m} (${kb(v.gzipB)} KB)`).join(', ')}`);
  } finally {
    built?.cleanup();
  }
}

main();
