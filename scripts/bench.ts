/**
 * `npm run bench [-- --check]`: how long one `sizePlan` takes.
 *
 * Cases: (a) the default plan — what every keystroke in the UI recomputes (for one server this is
 * exactly analyzePlan's `web` section: perServerPlan returns the plan itself); (b) a large plan —
 * 256 cores / 512 threads / 4096 GiB, 2000 pinned sync workers and 400-point curves — the worst
 * the UI allows. Targets: median ≤ 1 ms for (a), ≤ 5 ms for (b) (issue 16 asks ≤ 0.5 ms and ≤ 3 ms).
 * With --check, exit 1 when a target is missed (timings on a loaded CI machine are noisy, so the
 * check uses the median).
 *
 * What a run includes: the whole sizing, both curves where named, and any GC pause that falls in
 * it (200 warm-up runs first, so the JIT has settled). The same plan object is sized every run, so
 * the model's pool table (perf/model.ts, keyed by the pool's inputs) is reused, as when an edit
 * leaves the workload and pool alone; the "pool table rebuilt" cases clear it before every run, as
 * after a workload edit. Nothing else is cached across runs.
 *
 * performance.now() is fine here: this is tooling, not the engine (see eslint.config.js).
 */
import { defaultPlan, planSchema, type Plan } from '../src/plan/schema';
import { sizePlan } from '../src/engine/size-plan';
import { readFileSync } from 'node:fs';
import { parseCatalog } from '../src/engine/catalog/schema';
import { clearOptimizerCache, optimizeFleet } from '../src/engine/fleet/optimizer';
import { clearPoolTableCache } from '../src/engine/perf/model';

interface Case {
  name: string;
  plan: Plan;
  run: (plan: Plan) => unknown;
  targetMs: number;
  runs: number;
}

const WARMUP = 200;

const large: Plan = planSchema.parse({
  name: 'bench large',
  hardware: { presetId: 'custom', physicalCores: 256, hardwareThreads: 512, ramGiB: 4096 },
  gunicorn: { workerClass: 'sync' },
  pins: { gunicornWorkers: 2000 },
});

/** The whole result, curves included (they are computed on first read). */
const withCurves = (r: ReturnType<typeof sizePlan>) => [r.performance.openCurve.length, r.performance.closedCurve.length];

const cases: Case[] = [
  { name: 'default plan (numbers and both curves)', plan: defaultPlan(), run: (p) => withCurves(sizePlan(p)), targetMs: 1, runs: 2000 },
  { name: 'default plan, numbers only (what a slider move computes; the lagged charts read the curves)', plan: defaultPlan(), run: (p) => sizePlan(p), targetMs: 1, runs: 2000 },
  {
    name: 'default plan after a workload edit (numbers, both curves, pool table rebuilt)',
    plan: defaultPlan(),
    run: (p) => {
      clearPoolTableCache();
      return withCurves(sizePlan(p));
    },
    targetMs: 1,
    runs: 2000,
  },
  {
    name: 'large plan (256c/512t/4096 GiB, 2000 sync workers, 400-point curves)',
    plan: large,
    run: (p) => withCurves(sizePlan(p, { openPoints: 400, closedPoints: 400 })),
    targetMs: 5,
    runs: 500,
  },
  {
    name: 'large plan after a workload edit (pool table rebuilt)',
    plan: large,
    run: (p) => {
      clearPoolTableCache();
      return withCurves(sizePlan(p, { openPoints: 400, closedPoints: 400 }));
    },
    targetMs: 5,
    runs: 500,
  },
];

// Optimizer over the whole catalog (issue 6): cold = cache cleared before every run (a workload
// change), warm = same plan again (a fleet-only change such as headroom or N+1 reuses the cache).
const catalogParse = parseCatalog(JSON.parse(readFileSync(new URL('../public/catalog/hardware.json', import.meta.url), 'utf8')));
if (!catalogParse.ok) throw new Error(catalogParse.message);
const catalog = catalogParse.catalog;
const optimize = (p: Plan) => optimizeFleet(p, catalog.entries, { hoursPerMonth: catalog.hoursPerMonth }).choices.length;
cases.push(
  {
    name: `optimizer, cold cache (${catalog.entries.length} catalog entries, ${catalog.entries.filter((e) => e.price).length} priced)`,
    plan: defaultPlan(),
    run: (p) => {
      clearOptimizerCache();
      return optimize(p);
    },
    targetMs: 50,
    runs: 100,
  },
  {
    name: 'optimizer, cold cache, closed loop + php-fpm + N+1',
    plan: planSchema.parse({ app: 'phpfpm', workload: { mode: 'closed', concurrentUsers: 20_000 }, fleet: { spare: true } }),
    run: (p) => {
      clearOptimizerCache();
      return optimize(p);
    },
    targetMs: 50,
    runs: 100,
  },
  { name: 'optimizer, warm cache (fleet-only change)', plan: defaultPlan(), run: optimize, targetMs: 5, runs: 500 },
);

function quantile(sorted: number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

const check = process.argv.includes('--check');
let failed = false;
let sink = 0;

for (const c of cases) {
  for (let i = 0; i < WARMUP; i++) if (c.run(c.plan)) sink++;
  const times: number[] = [];
  for (let i = 0; i < c.runs; i++) {
    const t0 = performance.now();
    if (c.run(c.plan)) sink++;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = quantile(times, 0.5);
  const p90 = quantile(times, 0.9);
  const min = times[0] ?? Number.NaN;
  const pass = median <= c.targetMs;
  if (!pass) failed = true;
  console.log(
    `${pass ? 'PASS' : 'FAIL'}  ${c.name}\n` +
      `      runs ${c.runs} (after ${WARMUP} warm-up)  median ${median.toFixed(3)} ms  p90 ${p90.toFixed(3)} ms  ` +
      `min ${min.toFixed(3)} ms  target ≤ ${c.targetMs} ms (median)`,
  );
}

if (sink === 0) console.log('(no results?)');
if (failed) {
  console.log(check ? 'bench: target missed (--check): exit 1' : 'bench: target missed (run with --check to fail)');
  if (check) process.exitCode = 1;
}
