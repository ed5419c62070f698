/**
 * Mixed hardware behind one nginx upstream (issue 7): the plan's own servers ("main") plus other
 * kinds, each with its own hardware, count and nginx weight. Pure.
 *
 * nginx's weighted balancing gives a server weight / Σ weights of the requests (DOMAIN.md C.5,
 * weighted round robin), whatever its hardware. So each kind is sized for its own hardware at its
 * busiest server's share, and the fleet holds the SLO while *every* server does: the fleet SLO-max
 * is min over kinds of (one server's SLO-max / its share). Weights proportional to each kind's
 * SLO-max make every server reach its limit at the same fleet load: that is the suggested weight.
 */
import type { Hardware, Plan, ServerKind } from '../../plan/schema';
import { PRIMARY_KIND_NAME } from '../../plan/schema';
import { busiestShare, mainWeights, upstreamWeights } from '../cluster/shares';
import { explain, round } from '../explain';
import { sizePlan } from '../size-plan';
import { latencyAtPercentileMs } from '../slo';
import type { Explained, Finding, SizingResult } from '../types';
import { limitsOfSizing, type ServerLimits } from './optimizer';
import { fleetTargetRps, perServerPlan } from './per-server';

/** One kind as the engine sees it: the plan's own servers first. */
export interface KindSpec {
  name: string;
  servers: number;
  hardware: Hardware;
  /** nginx weight of each server of this kind. */
  weights: readonly number[];
  hourlyPriceUsd: number | null;
  primary: boolean;
}

/** Every kind, the plan's own hardware first ("main", with its per-server weights or all 1). */
export function fleetKinds(plan: Plan): KindSpec[] {
  const f = plan.fleet;
  const kinds: KindSpec[] = [{ name: PRIMARY_KIND_NAME, servers: f.servers, hardware: plan.hardware, weights: mainWeights(f), hourlyPriceUsd: f.hourlyPriceUsd, primary: true }];
  for (const k of f.otherKinds) kinds.push({ name: k.name, servers: k.servers, hardware: kindHardware(plan.hardware, k), weights: Array.from({ length: k.servers }, () => k.weight), hourlyPriceUsd: k.hourlyPriceUsd, primary: false });
  return kinds;
}

function kindHardware(main: Hardware, k: ServerKind): Hardware {
  return { ...main, presetId: 'custom', catalogId: null, physicalCores: k.physicalCores, hardwareThreads: k.hardwareThreads, ramGiB: k.ramGiB, perCoreSpeed: k.perCoreSpeed };
}


const NO_PINS = (pins: Plan['pins']): Plan['pins'] => Object.fromEntries(Object.keys(pins).map((k) => [k, null])) as Plan['pins'];

/**
 * The plan one server of a kind sees: its hardware and 1/share of the fleet's load. Other kinds use
 * the recommended settings (the pins are the main hardware's what-ifs; a pinned worker count for 16
 * cores would be wrong on 4).
 */
export function kindServerPlan(plan: Plan, kind: KindSpec, share: number): Plan {
  const base = kind.primary ? plan : { ...plan, hardware: kind.hardware, pins: NO_PINS(plan.pins), fleet: { ...plan.fleet, hourlyPriceUsd: kind.hourlyPriceUsd } };
  return perServerPlan(base, share > 0 ? 1 / share : 1);
}

export interface KindRow {
  name: string;
  servers: number;
  hardware: Hardware;
  /** "1", or "1–3" when the main servers have different weights. */
  weightText: string;
  /** Share of the fleet's requests the busiest server of this kind gets (all servers up), 0–1, unrounded. */
  share: number;
  /** The same in percent, rounded for display, with its explanation. */
  sharePct: Explained;
  /** Requests/s at nginx for that server at the target load. */
  loadRps: Explained;
  /** Gunicorn workers or PHP-FPM max children on this hardware. */
  poolSize: number;
  limits: ServerLimits;
  /** load / SLO-max: 1 = at the SLO limit. */
  sloUse: Explained;
  cpuUtil: number;
  slotUtil: number;
  latencyMs: number;
  /** Weight ∝ SLO-max per server, 1–10. */
  suggestedWeight: Explained;
  /** The plan one server of this kind sees (its hardware at its share; recommended settings for other kinds) and its sizing: the export writes these. */
  serverPlan: Plan;
  sizing: SizingResult;
}

export interface KindsResult {
  rows: KindRow[];
  /** The fleet's max load within the SLO with the current weights: min over kinds of SLO-max / share. */
  fleetSloMaxRps: Explained;
  /** The same with the suggested weights. */
  balancedSloMaxRps: number;
  fleetCapacityRps: Explained;
  totalServers: number;
  findings: Finding[];
}

/** Whole requests/s with thousands separators, as the rest of the page shows them. */
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function spread(ws: readonly number[]): string {
  let lo = Infinity;
  let hi = -Infinity;
  for (const w of ws) {
    lo = Math.min(lo, w);
    hi = Math.max(hi, w);
  }
  return lo === hi ? String(lo) : `${lo}–${hi}`;
}

export function analyzeKinds(plan: Plan): KindsResult {
  const kinds = fleetKinds(plan);
  const { weights, kindOf } = upstreamWeights(plan.fleet);
  const target = fleetTargetRps(plan);
  const w = plan.workload;
  const pct = w.sloPercentile;
  const sized: Omit<KindRow, 'suggestedWeight'>[] = kinds.map((k, ki) => {
    const share = busiestShare(weights, 'normal', 1, (i) => kindOf[i] === ki);
    const serverPlan = kindServerPlan(plan, k, share);
    const sized = sizePlan(serverPlan, { openPoints: 2, closedPoints: 2 });
    const limits = limitsOfSizing(sized);
    const load = target * share;
    const cur = sized.performance.current;
    const latency = latencyAtPercentileMs(cur, pct);
    return {
      name: k.name,
      servers: k.servers,
      hardware: k.hardware,
      weightText: spread(k.weights),
      share,
      sharePct: explain(round(share * 100, 2), {
        key: `kind_${k.name}_share`,
        label: `${k.name}: traffic share per server`,
        unit: '%',
        formula: 'weight / Σ weights of every server in the upstream',
        inputs: { weight: spread(k.weights), sumOfWeights: weights.reduce((a, b) => a + b, 0), servers: weights.length },
        why: 'nginx splits requests by weight only; it does not know a server is faster.',
      }),
      loadRps: explain(round(load, 1), {
        key: `kind_${k.name}_load`,
        label: `${k.name}: load per server`,
        unit: 'rps',
        formula: 'target × share',
        inputs: { targetRps: round(target, 1), sharePct: round(share * 100, 2) },
        why: 'The requests at nginx this server receives (static files and microcache hits are answered by nginx).',
      }),
      poolSize: sized.gunicorn ? sized.gunicorn.workers.value : sized.phpfpm ? sized.phpfpm.maxChildren.value : 0,
      limits,
      sloUse: explain(limits.sloMaxRps > 0 ? round(load / limits.sloMaxRps, 3) : load > 0 ? 999 : 0, {
        key: `kind_${k.name}_slo_use`,
        label: `${k.name}: share of its SLO limit used`,
        unit: '×',
        formula: `load per server / SLO-max per server (${pct} ≤ ${w.sloMs} ms)`,
        inputs: { loadRps: round(load, 1), sloMaxRps: round(limits.sloMaxRps, 1), capacityRps: round(limits.capacityRps, 1) },
        why: `Above 1 this kind misses the SLO${k.primary ? '' : ' (sized with the recommended settings for its own hardware; your pins apply to the main servers only)'}.`,
      }),
      cpuUtil: cur.cpuUtil,
      slotUtil: cur.slotUtil,
      latencyMs: latency,
      serverPlan,
      sizing: sized,
    };
  });

  // Suggested weights ∝ SLO-max per server, scaled to 1–10 (nginx needs integers): they need every
  // kind's limits first, hence the second pass.
  const best = Math.max(...sized.map((r) => r.limits.sloMaxRps));
  const rows: KindRow[] = sized.map((r) => ({
    ...r,
    suggestedWeight: explain(best > 0 ? Math.max(1, Math.round((10 * r.limits.sloMaxRps) / best)) : 1, {
      key: `kind_${r.name}_suggested_weight`,
      label: `${r.name}: suggested weight`,
      formula: 'max(1, round(10 × SLO-max per server / the largest SLO-max per server))',
      inputs: { sloMaxRps: round(r.limits.sloMaxRps, 1), largestSloMaxRps: round(best, 1) },
      why: 'Weights in proportion to what each server can carry within the SLO make every server reach its limit at the same fleet load, so no kind saturates first.',
    }),
  }));

  // Fleet limits: the first server to reach its limit decides (min over kinds of limit / share).
  const fleetLimit = (pick: (r: KindRow) => number) => Math.min(...rows.map((r) => (r.share > 0 ? pick(r) / r.share : Infinity)));
  const sloMax = fleetLimit((r) => r.limits.sloMaxRps);
  const cap = fleetLimit((r) => r.limits.capacityRps);
  const suggested = rows.map((r) => r.suggestedWeight.value);
  const sumSuggested = rows.reduce((a, r, i) => a + r.servers * (suggested[i] ?? 1), 0);
  const balanced = Math.min(...rows.map((r, i) => ((suggested[i] ?? 1) > 0 ? (r.limits.sloMaxRps * sumSuggested) / (suggested[i] ?? 1) : Infinity)));
  const finite = (n: number) => (Number.isFinite(n) ? n : 0);
  const limitInputs = Object.fromEntries(rows.map((r) => [r.name, `${round(r.limits.sloMaxRps, 1)} rps at ${r.sharePct.value}%`]));
  const fleetSloMaxRps = explain(round(finite(sloMax), 1), {
    key: 'kinds_fleet_slo_max',
    label: `Fleet max load within ${pct} ≤ ${w.sloMs} ms (these weights)`,
    unit: 'rps',
    formula: 'min over kinds of (SLO-max per server / its traffic share)',
    inputs: limitInputs,
    why: 'Every server must stay within the SLO; with weighted balancing the kind that reaches its limit first caps the whole fleet.',
  });
  const fleetCapacityRps = explain(round(finite(cap), 1), {
    key: 'kinds_fleet_capacity',
    label: 'Fleet capacity (these weights)',
    unit: 'rps',
    formula: 'min over kinds of (capacity per server / its traffic share)',
    inputs: Object.fromEntries(rows.map((r) => [r.name, `${round(r.limits.capacityRps, 1)} rps at ${r.sharePct.value}%`])),
    why: 'Past this load the first kind saturates and its queues grow, even though other servers still have room.',
  });

  const findings: Finding[] = [];
  if (rows.length > 1 && Number.isFinite(balanced) && balanced > sloMax * 1.1) {
    findings.push({
      id: 'kinds-unbalanced-weights',
      severity: 'warning',
      layer: 'nginx',
      message: `The weights do not match the hardware: the fleet holds the SLO up to ${fmt(finite(sloMax))} rps, and ${fmt(balanced)} rps with weights in proportion to each kind's capacity.`,
      fix: `Set the weights to ${rows.map((r, i) => `${r.name} ${suggested[i] ?? 1}`).join(', ')}.`,
    });
  }
  for (const r of rows) {
    if (r.sloUse.value > 1) {
      findings.push({
        id: `kinds-${r.name}-over`,
        severity: 'error',
        layer: 'performance',
        message: `The ${r.name} servers get ${fmt(r.loadRps.value)} rps each, above the ${fmt(r.limits.sloMaxRps)} rps they carry within the SLO.`,
        fix: 'Lower their weight, add servers, or use faster hardware for this kind.',
      });
    }
  }
  return { rows, fleetSloMaxRps, balancedSloMaxRps: finite(balanced), fleetCapacityRps, totalServers: weights.length, findings };
}
