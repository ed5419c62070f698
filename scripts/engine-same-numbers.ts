/**
 * Same model, before and after an engine change (issue 16 item 4, issue 10's "no bench regression"):
 *
 *   npx tsx scripts/engine-same-numbers.ts dump <out.json>      every section of analyzePlan, many plans
 *   npx tsx scripts/engine-same-numbers.ts compare <a> <b>      exit 1 when they differ beyond the rules
 *
 * Run `dump` in a checkout of the old commit and in this one, then `compare`. The plans: every
 * fixture, every scenario, the two bench plans and 160 seeded plans of planArb (src/plan/testing),
 * analysed with the shipped catalog and price files, so the optimizer and DynamoDB cost run too.
 *
 * Rules: a number inside a latency curve (any `openCurve` / `closedCurve` array, wherever a section
 * carries one) may move by at most CURVE_REL_TOL relative: the percentile search stops when its
 * step is ≤ 1e-7 of t (perf/model.ts solvePercentile), so two searches of the same root that start
 * elsewhere agree within about twice that. Every other value (strings included) must be identical.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { analyzePlan, type PlanAnalysis } from '../src/engine/analysis/analyze-plan';
import type { AnalysisData } from '../src/engine/analysis/types';
import { parseCatalog } from '../src/engine/catalog/schema';
import { parseLambdaPrices } from '../src/engine/dynamodb/lambda-prices-schema';
import { parseDynamoPrices } from '../src/engine/dynamodb/prices-schema';
import { FIXTURE_NAMES, fixture } from '../src/plan/fixtures';
import { SCENARIOS, scenarioPlan } from '../src/plan/scenarios';
import { defaultPlan, planSchema, type Plan } from '../src/plan/schema';
import { planArb } from '../src/plan/testing/plan-arb';

const CURVE_REL_TOL = 2e-7;
const RANDOM_PLANS = 160;
const SEED = 16;
/** Inputs echoed back (plan, data, the parsed catalog) are not results. */
const SKIPPED: ReadonlySet<string> = new Set(['plan', 'data', 'catalog']);

const readJson = (rel: string): unknown => JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8'));

function shippedData(): AnalysisData {
  const catalog = parseCatalog(readJson('../public/catalog/hardware.json'));
  const dynamo = parseDynamoPrices(readJson('../public/prices/dynamodb.json'));
  const lambda = parseLambdaPrices(readJson('../public/prices/lambda.json'));
  if (!catalog.ok || !dynamo.ok || !lambda.ok) throw new Error('a shipped data file does not parse');
  return { catalog: catalog.catalog, dynamoPrices: dynamo.prices, lambdaPrices: lambda.prices };
}

function plans(): { name: string; plan: Plan }[] {
  const out = FIXTURE_NAMES.map((name) => ({ name: `fixture ${name}`, plan: fixture(name) }));
  for (const s of SCENARIOS) {
    const plan = scenarioPlan(s.id);
    if (plan) out.push({ name: `scenario ${s.id}`, plan });
  }
  out.push({ name: 'bench default', plan: defaultPlan() });
  out.push({
    name: 'bench large',
    plan: planSchema.parse({
      hardware: { presetId: 'custom', physicalCores: 256, hardwareThreads: 512, ramGiB: 4096 },
      gunicorn: { workerClass: 'sync' },
      pins: { gunicornWorkers: 2000 },
    }),
  });
  fc.sample(planArb, { numRuns: RANDOM_PLANS, seed: SEED }).forEach((plan, i) => out.push({ name: `planArb seed ${SEED} #${i}`, plan }));
  return out;
}

type Dump = Record<string, Record<string, unknown>>;

function dump(file: string): void {
  const data = shippedData();
  const out: Dump = {};
  for (const { name, plan } of plans()) {
    const a = analyzePlan(plan, data);
    const sections: Record<string, unknown> = {};
    for (const key of Object.keys(a) as (keyof PlanAnalysis)[]) {
      if (SKIPPED.has(key)) continue;
      // Through JSON: what the CLI prints (getters such as the lazy curves are read; doubles round-trip exactly).
      sections[key] = JSON.parse(JSON.stringify(a[key]) ?? 'null');
    }
    out[name] = sections;
  }
  writeFileSync(file, JSON.stringify(out));
  console.log(`dumped ${Object.keys(out).length} plans to ${file}`);
}

interface Tally {
  values: number;
  curveNumbers: number;
  curveMoved: number;
  maxCurveRel: number;
  worstCurve: string;
  problems: string[];
}

function walk(x: unknown, y: unknown, path: string, inCurve: boolean, t: Tally): void {
  if (typeof x === 'number' && typeof y === 'number') {
    t.values++;
    if (inCurve) t.curveNumbers++;
    if (x === y) return;
    const rel = Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y));
    if (inCurve && rel <= CURVE_REL_TOL) {
      t.curveMoved++;
      if (rel > t.maxCurveRel) [t.maxCurveRel, t.worstCurve] = [rel, `${path}: ${x} → ${y}`];
      return;
    }
    t.problems.push(`${path}: ${x} → ${y} (relative ${rel.toExponential(2)}${inCurve ? ', curve' : ''})`);
    return;
  }
  if (x !== null && y !== null && typeof x === 'object' && typeof y === 'object') {
    if (Array.isArray(x) !== Array.isArray(y)) t.problems.push(`${path}: array vs object`);
    const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
    for (const k of keys) {
      walk((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], `${path}.${k}`, inCurve || k === 'openCurve' || k === 'closedCurve', t);
    }
    return;
  }
  t.values++;
  if (x !== y) t.problems.push(`${path}: ${JSON.stringify(x)?.slice(0, 120)} → ${JSON.stringify(y)?.slice(0, 120)}`);
}

function compare(fileA: string, fileB: string): number {
  const a = JSON.parse(readFileSync(fileA, 'utf8')) as Dump;
  const b = JSON.parse(readFileSync(fileB, 'utf8')) as Dump;
  const t: Tally = { values: 0, curveNumbers: 0, curveMoved: 0, maxCurveRel: 0, worstCurve: '', problems: [] };
  const names = new Set([...Object.keys(a), ...Object.keys(b)]);
  const sections = new Set<string>();
  for (const name of names) {
    for (const s of Object.keys(a[name] ?? {})) sections.add(s);
    walk(a[name], b[name], name, false, t);
  }
  console.log(`plans ${names.size}; sections ${[...sections].join(', ')}`);
  console.log(`values compared ${t.values}, of which curve numbers ${t.curveNumbers}`);
  console.log(`curve numbers moved ${t.curveMoved}, largest relative move ${t.maxCurveRel.toExponential(2)} (allowed ${CURVE_REL_TOL})${t.worstCurve ? ` at ${t.worstCurve}` : ''}`);
  console.log(`differences outside the rules: ${t.problems.length}`);
  for (const p of t.problems.slice(0, 20)) console.log(`  ${p}`);
  return t.problems.length === 0 ? 0 : 1;
}

const [mode, first, second] = process.argv.slice(2);
if (mode === 'dump' && first) dump(first);
else if (mode === 'compare' && first && second) process.exitCode = compare(first, second);
else {
  console.log('usage: engine-same-numbers.ts dump <out.json> | compare <before.json> <after.json>');
  process.exitCode = 2;
}
