/**
 * Rows of the side-by-side comparison: every input leaf of the two plans, and the key outputs of
 * their sizing, each marked changed or not. Pure (no React), so it is tested in Node.
 */
import { formatMiB, formatPercent, formatValue, formatWithUnit, isFiniteNumber } from '../../components/format';
import type { SizingResult } from '../../engine/types';
import type { PlanAnalysis, SloSection } from '../../engine/analysis/types';
import type { Plan } from '../../plan/schema';

export interface CompareRow {
  key: string;
  label: string;
  a: string;
  b: string;
  changed: boolean;
}

const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);

/** Leaves as [dotted path, value]; arrays (DynamoDB tables) are one leaf each. */
function leaves(value: unknown, path: string, out: [string, unknown][]): [string, unknown][] {
  if (isObject(value)) for (const k of Object.keys(value)) leaves(value[k], path ? `${path}.${k}` : k, out);
  else out.push([path, value]);
  return out;
}

function showInput(v: unknown): string {
  if (v === null) return 'recommended';
  if (Array.isArray(v)) {
    const names = v.map((x) => (isObject(x) && typeof x.name === 'string' ? x.name : '?'));
    return `${v.length} × ${names.join(', ') || '—'}`;
  }
  return formatValue(v);
}

export function inputRows(a: Plan, b: Plan): CompareRow[] {
  const la = leaves(a, '', []);
  const mb = new Map(leaves(b, '', []));
  return la
    .filter(([k]) => k !== 'version')
    .map(([key, va]) => {
      const vb = mb.get(key);
      return { key, label: key, a: showInput(va), b: showInput(vb), changed: JSON.stringify(va) !== JSON.stringify(vb) };
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
