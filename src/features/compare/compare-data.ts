/**
 * Rows of the side-by-side comparison: every input leaf of the two plans, and the key outputs of
 * their sizing, each marked changed or not. Pure (no React), so it is tested in Node.
 */
import { formatMiB, formatPercent, formatValue, formatWithUnit, isFiniteNumber } from '../../components/format';
import type { SizingResult } from '../../engine/types';
import type { PlanAnalysis, SloSection } from '../../engine/analysis/types';
import type { Plan } from '../../plan/schema';
import { buildBundle, type BundleFile } from '../../export/bundle';
import { diffCounts, diffLines, type DiffOp } from '../../export/line-diff';
import { inputLabel } from './input-labels';

export interface CompareRow {
  key: string;
  label: string;
  a: string;
  b: string;
  changed: boolean;
}

const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);

const isNamedList = (x: unknown): x is { name: string }[] => Array.isArray(x) && x.length > 0 && x.every((e) => isObject(e) && typeof e.name === 'string');

/**
 * Leaves as [dotted path, value]. A list of named objects (the DynamoDB tables) is walked per
 * element as `path[name]`, so a changed table field is its own row; other arrays are one leaf.
 */
function leaves(value: unknown, path: string, out: [string, unknown][]): [string, unknown][] {
  if (isObject(value)) for (const k of Object.keys(value)) leaves(value[k], path ? `${path}.${k}` : k, out);
  else if (path === 'dynamodb.tables' && isNamedList(value)) {
    out.push([path, value.map((t) => t.name)]);
    for (const t of value) for (const k of Object.keys(t)) if (k !== 'name') leaves((t as Record<string, unknown>)[k], `${path}[${t.name}].${k}`, out);
  } else out.push([path, value]);
  return out;
}

function showInput(v: unknown): string {
  if (v === null) return 'recommended';
  if (Array.isArray(v)) {
    const names = v.map((x) => (typeof x === 'string' ? x : isObject(x) && typeof x.name === 'string' ? x.name : formatValue(x)));
    return names.length === 0 ? 'none' : names.join(', ');
  }
  return formatValue(v);
}

/** One row per input leaf of either plan (a table only one plan has shows "—" on the other side), labelled as the dashboard labels it. */
export function inputRows(a: Plan, b: Plan): CompareRow[] {
  const ma = new Map(leaves(a, '', []));
  const mb = new Map(leaves(b, '', []));
  const keys = [...new Set([...ma.keys(), ...mb.keys()])].filter((k) => k !== 'version');
  return keys.map((key) => {
    const va = ma.get(key);
    const vb = mb.get(key);
    const show = (has: boolean, v: unknown) => (has ? showInput(v) : '—');
    return { key, label: inputLabel(key), a: show(ma.has(key), va), b: show(mb.has(key), vb), changed: JSON.stringify(va) !== JSON.stringify(vb) };
  });
}

interface OutputSpec {
  key: string;
  label: string;
  get: (r: SizingResult, slo: SloSection) => string;
}

const poolSize = (r: SizingResult) => r.gunicorn?.workers.value ?? r.phpfpm?.maxChildren.value;

export const OUTPUTS: OutputSpec[] = [
  { key: 'workers', label: 'Workers / children', get: (r) => formatWithUnit(poolSize(r), '') },
  { key: 'slots', label: 'Concurrent requests (slots)', get: (r) => formatWithUnit((r.gunicorn ?? r.phpfpm)?.concurrencySlots.value, '') },
  { key: 'capacity', label: 'Capacity', get: (r) => formatWithUnit(r.performance.capacityRps.value, 'rps') },
  { key: 'slo-max', label: 'Max load within SLO', get: (r) => formatWithUnit(r.performance.sloMaxRps.value, 'rps') },
  { key: 'planned', label: 'Planned load', get: (r) => formatWithUnit(r.performance.plannedRps, 'rps') },
  { key: 'slo-latency', label: 'SLO percentile at planned load', get: (_r, slo) => `${slo.percentile} ${formatWithUnit(slo.atPlannedMs, 'ms')}` },
  { key: 'cpu', label: 'CPU utilisation', get: (r) => formatPercent(r.performance.current.cpuUtil) },
  { key: 'mem-used', label: 'Memory used', get: (r) => formatMiB(r.memory.usedMiB.value) },
  { key: 'mem-headroom', label: 'Memory headroom', get: (r) => formatMiB(r.memory.headroomMiB.value) },
  { key: 'nginx-workers', label: 'nginx worker_processes', get: (r) => formatWithUnit(r.nginx.workerProcesses.value, '') },
  { key: 'nginx-connections', label: 'nginx worker_connections', get: (r) => formatWithUnit(r.nginx.workerConnections.value, '') },
  { key: 'findings', label: 'Findings (warnings)', get: (r) => String(r.findings.length) },
];

/** Outputs compared as displayed, so float noise below the shown precision is not a "change". */
export function outputRows(a: Pick<PlanAnalysis, 'web' | 'slo'>, b: Pick<PlanAnalysis, 'web' | 'slo'>): CompareRow[] {
  return OUTPUTS.map(({ key, label, get }) => {
    const va = get(a.web, a.slo);
    const vb = get(b.web, b.slo);
    return { key, label, a: va, b: vb, changed: va !== vb };
  });
}

export interface P95Point {
  rps: number;
  p95: number;
}

/** The open-loop p95 curve; saturated points (non-finite) are left out, never drawn as NaN. */
export function p95Curve(r: SizingResult): P95Point[] {
  return r.performance.openCurve.filter((p) => isFiniteNumber(p.offeredRps) && isFiniteNumber(p.p95Ms)).map((p) => ({ rps: p.offeredRps, p95: p.p95Ms }));
}

export interface FileDiff {
  path: string;
  /** `only-a` / `only-b`: the file is in one plan's bundle only (e.g. PHP-FPM against Gunicorn). */
  status: 'same' | 'changed' | 'only-a' | 'only-b';
  ops: DiffOp[];
  added: number;
  removed: number;
}

/** Both bundles are stamped with one time, so the "Generated:" line is never a difference. */
const DIFF_STAMP = new Date(Date.UTC(2026, 0, 1));

/** The bundle of a plan, or why it cannot be built (a value that cannot be written into a config file). */
export function bundleOf(analysis: PlanAnalysis): { ok: true; files: BundleFile[] } | { ok: false; error: string } {
  try {
    return { ok: true, files: buildBundle(analysis, { generatedAt: DIFF_STAMP }) };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

/** A line diff of every exported file of plan A against plan B, in A's bundle order, then B's extra files. */
export function fileDiffs(a: readonly BundleFile[], b: readonly BundleFile[]): FileDiff[] {
  const inB = new Map(b.map((f) => [f.path, f]));
  const inA = new Set(a.map((f) => f.path));
  const rows: FileDiff[] = a.map((fa) => {
    const fb = inB.get(fa.path);
    const ops = diffLines(fa.text, fb?.text ?? '');
    const counts = diffCounts(ops);
    const status = !fb ? 'only-a' : counts.added + counts.removed === 0 ? 'same' : 'changed';
    return { path: fa.path, status, ops, ...counts };
  });
  for (const fb of b) {
    if (inA.has(fb.path)) continue;
    const ops = diffLines('', fb.text);
    rows.push({ path: fb.path, status: 'only-b', ops, ...diffCounts(ops) });
  }
  return rows;
}
