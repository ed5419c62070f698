import type { SizingResult } from '../types';
/**
 * "Cheapest fleet that meets the SLO" (issue 6). For the current workload and SLO, each priced
 * catalog entry is tried as the server hardware (with the engine's recommended settings, not the
 * user's pins): one server's SLO-max load gives the smallest fleet N with
 * N × SLO-max × (1 − headroom) ≥ target (+1 with a spare), and entries are ranked by N × monthly
 * price. Pure; the per-entry work is cached by the parts of the plan that matter, so slider moves
 * that only touch the fleet (headroom, spare, price) or the deploy names cost a sort, not a model run.
 */
import type { Plan, Pins } from '../../plan/schema';
import { MAX_FLEET_SERVERS } from '../../plan/schema';
import type { CatalogEntry } from '../catalog/schema';
import { appShare, buildContext } from '../context';
import { explain, round } from '../explain';
import { sizeGunicorn } from '../gunicorn';
import { maxRpsWithinSlo, saturationRps } from '../perf/model';
import { appPool, perfInput } from '../performance';
import { sizePhpFpm } from '../php-fpm';
import type { Explained } from '../types';
import { fleetTargetRps, HOURS_PER_MONTH, serversNeeded } from './fleet';
import { perServerPlan } from './per-server';

export interface ServerLimits {
  /** Highest total load (static + dynamic) whose SLO percentile stays within the SLO, rps. */
  sloMaxRps: number;
  /** Pool saturation throughput, total rps. */
  capacityRps: number;
}

const finite = (n: number) => (Number.isFinite(n) && n > 0 ? n : 0);

/** The same two numbers read from a full sizing of that server (no second computation). */
export function limitsOfSizing(sizing: Pick<SizingResult, 'performance'>): ServerLimits {
  return { sloMaxRps: finite(sizing.performance.limitsRps.sloMax), capacityRps: finite(sizing.performance.limitsRps.capacity) };
}

/**
 * One server's SLO-max and capacity, without the curves, nginx and memory layers sizePlan also
 * computes (the optimizer needs only these two numbers, for every catalog entry). The pool mapping
 * is sizePlan's; optimizer.test.ts checks both agree.
 */
export function serverLimits(plan: Plan): ServerLimits {
  const ctx = buildContext(plan);
  const pool = plan.app === 'gunicorn' ? appPool(ctx, sizeGunicorn(ctx), null) : appPool(ctx, null, sizePhpFpm(ctx));
  const input = perfInput(ctx, pool);
  const dynShare = appShare(plan);
  return {
    sloMaxRps: finite(maxRpsWithinSlo(input, plan.workload.sloPercentile, plan.workload.sloMs)) / dynShare,
    capacityRps: finite(saturationRps(input)) / dynShare,
  };
}

export interface OptimizerChoice {
  entry: CatalogEntry;
  /** Fleet size N (spare included). */
  servers: number;
  /** Servers carrying the load (N, or N − 1 with a spare). */
  serving: number;
  perServerSloMaxRps: number;
  /** Monthly price of one server (hourly × hours per month, or the monthly price). */
  perServerMonthlyUsd: number;
  /** N × monthly price of one server. */
  monthlyUsd: number;
  /** monthlyUsd + DynamoDB, when passed in. */
  totalMonthlyUsd: number;
  serversWhy: Explained;
  costWhy: Explained;
}

export interface OptimizerSkip {
  id: string;
  label: string;
  /** Why, as a type the panel can group by, and in words. */
  cause: 'no-price' | 'slo-unreachable' | 'too-many-servers';
  reason: string;
}

export interface OptimizerResult {
  targetRps: number;
  /** Whether every pick keeps one spare server (N+1). */
  spare: boolean;
  /** Feasible entries, cheapest first. */
  choices: OptimizerChoice[];
  /** Entries left out, with why (no price, SLO out of reach, too many servers). */
  skipped: OptimizerSkip[];
  /** How many of them have no price (the panel names them as one group). */
  unpricedCount: number;
}

export interface OptimizerOptions {
  /** A month of on-demand hours (the catalog's hoursPerMonth). */
  hoursPerMonth?: number;
  dynamoMonthlyUsd?: number | null;
  /**
   * Keep one spare server in every pick (N+1: the SLO holds with one server down). Default: the
   * plan's fleet.spare or fleet.optimizerSpare (on unless the user turns it off), since a fleet
   * without a spare is one failure away from missing the SLO.
   */
  spare?: boolean;
}

// Per-entry limits, keyed by the plan parts that matter + hardware + per-server share. Bounded:
// cleared when full (entries are cheap to recompute; an LRU would be overkill).
const CACHE_LIMIT = 4000;
const limitsCache = new Map<string, ServerLimits>();

/** Clear the per-entry cache (bench and tests measure the cold path with it). */
export function clearOptimizerCache(): void {
  limitsCache.clear();
}

/** The plan parts one server's limits depend on: everything but the hardware, pins, fleet, deploy names and DynamoDB. */
function planKey(plan: Plan): string {
  return JSON.stringify([plan.app, plan.workload, plan.gunicorn, plan.phpfpm, plan.nginx, plan.memory, plan.system, plan.hardware.smtGain]);
}

const NO_PINS = (pins: Pins): Pins => Object.fromEntries(Object.keys(pins).map((k) => [k, null])) as unknown as Pins;

/** The plan with this entry's hardware and the engine's recommended settings (no pins). */
export function planWithEntry(plan: Plan, entry: CatalogEntry, noPins: Pins = NO_PINS(plan.pins)): Plan {
  return {
    ...plan,
    hardware: {
      ...plan.hardware,
      presetId: 'custom',
      catalogId: entry.id,
      physicalCores: entry.physicalCores,
      hardwareThreads: entry.hardwareThreads,
      ramGiB: entry.ramGiB,
      perCoreSpeed: entry.perCoreSpeed,
    },
    pins: noPins,
  };
}

function limitsAt(key: string, plan: Plan, serving: number): ServerLimits {
  const k = `${key}|${plan.hardware.physicalCores}|${plan.hardware.hardwareThreads}|${plan.hardware.ramGiB}|${plan.hardware.perCoreSpeed}|${serving}`;
  let r = limitsCache.get(k);
  if (!r) {
    r = serverLimits(perServerPlan(plan, serving));
    if (limitsCache.size >= CACHE_LIMIT) limitsCache.clear();
    limitsCache.set(k, r);
  }
  return r;
}

/**
 * Smallest serving count n with n × SLO-max(n) × (1 − headroom) ≥ target. SLO-max can depend a
 * little on the per-server load (the recommended threads and workers follow the expected
 * requests in flight), so n is found by fixed-point iteration from one server, then checked.
 */
function smallestServing(key: string, plan: Plan, target: number, headroom: number): { serving: number; limits: ServerLimits } | null {
  let n = 1;
  let limits = limitsAt(key, plan, n);
  for (let i = 0; i < 6; i++) {
    const need = serversNeeded(target, limits.sloMaxRps, headroom, false);
    if (need === null) return null;
    if (need === n || need > MAX_FLEET_SERVERS) {
      n = need;
      break;
    }
    n = need;
    limits = limitsAt(key, plan, n);
  }
  // Check, stepping up a few servers if the last step's limits fall short.
  for (let i = 0; i < 4 && n <= MAX_FLEET_SERVERS; i++) {
    limits = limitsAt(key, plan, n);
    if (n * limits.sloMaxRps * (1 - headroom) >= target - 1e-9 || limits.sloMaxRps <= 0) break;
    n++;
  }
  return { serving: n, limits };
}

function priceText(entry: CatalogEntry): string {
  const p = entry.price;
  if (!p) return 'no price';
  return `$${p.usd}/${p.per}${p.region ? ` ${p.region}` : ''} (${p.confidence}, as of ${p.asOf})`;
}

export function optimizeFleet(plan: Plan, entries: readonly CatalogEntry[], opts: OptimizerOptions = {}): OptimizerResult {
  const hours = opts.hoursPerMonth ?? HOURS_PER_MONTH;
  const ddb = opts.dynamoMonthlyUsd ?? null;
  const { headroomShare } = plan.fleet;
  const spare = opts.spare ?? (plan.fleet.spare || plan.fleet.optimizerSpare);
  const key = planKey(plan);
  const noPins = NO_PINS(plan.pins);
  const choices: OptimizerChoice[] = [];
  const skipped: OptimizerSkip[] = [];
  let targetRps = fleetTargetRps(plan);

  for (const entry of entries) {
    if (!entry.price) {
      skipped.push({ id: entry.id, label: entry.label, cause: 'no-price', reason: 'no price in the catalog (dedicated-server prices are not published with the reference list)' });
      continue;
    }
    const perServerMonthly = entry.price.per === 'hour' ? entry.price.usd * hours : entry.price.usd;
    const p = planWithEntry(plan, entry, noPins);
    // Closed loop: the users' request rate depends a little on the core speed (bare service time).
    const target = plan.workload.mode === 'open' ? targetRps : fleetTargetRps(p);
    const found = smallestServing(key, p, target, headroomShare);
    if (!found) {
      skipped.push({ id: entry.id, label: entry.label, cause: 'slo-unreachable', reason: `cannot meet ${plan.workload.sloPercentile} ≤ ${plan.workload.sloMs} ms at any load on this hardware` });
      continue;
    }
    const servers = found.serving + (spare ? 1 : 0);
    if (servers > MAX_FLEET_SERVERS) {
      skipped.push({ id: entry.id, label: entry.label, cause: 'too-many-servers', reason: `would need more than ${MAX_FLEET_SERVERS.toLocaleString('en-US')} servers` });
      continue;
    }
    const sloMax = found.limits.sloMaxRps;
    const monthly = servers * perServerMonthly;
    const serversWhy = explain(servers, {
      key: 'optimizer_servers',
      label: 'Servers',
      formula: `max(1, ⌈target / (SLO-max per server × (1 − headroom))⌉)${spare ? ' + 1 spare' : ''}`,
      inputs: { targetRps: round(target, 1), perServerSloMaxRps: round(sloMax, 1), headroomShare, spare },
      why: `One ${entry.label} keeps ${plan.workload.sloPercentile} ≤ ${plan.workload.sloMs} ms up to ${round(sloMax, 1)} rps with the recommended settings (your pins are ignored here).`,
    });
    const costWhy = explain(round(monthly, 2), {
      key: 'optimizer_monthly_usd',
      label: 'Monthly cost',
      unit: 'USD',
      formula: entry.price.per === 'hour' ? 'servers × hourly price × hours per month' : 'servers × monthly price',
      inputs: entry.price.per === 'hour' ? { servers, hourlyUsd: entry.price.usd, hoursPerMonth: hours } : { servers, monthlyUsd: entry.price.usd },
      why: `Price ${priceText(entry)}.`,
    });
    choices.push({ entry, servers, serving: found.serving, perServerSloMaxRps: sloMax, perServerMonthlyUsd: perServerMonthly, monthlyUsd: monthly, totalMonthlyUsd: monthly + (ddb ?? 0), serversWhy, costWhy });
    if (plan.workload.mode !== 'open') targetRps = Math.max(targetRps, target);
  }

  // Cheapest first; on a tie (to the cent) more, smaller servers (losing one costs a smaller share of
  // the capacity), then more SLO room, then id for a stable order.
  choices.sort(
    (a, b) =>
      Math.round(a.monthlyUsd * 100) - Math.round(b.monthlyUsd * 100) ||
      b.servers - a.servers ||
      b.perServerSloMaxRps * b.serving - a.perServerSloMaxRps * a.serving ||
      (a.entry.id < b.entry.id ? -1 : a.entry.id > b.entry.id ? 1 : 0),
  );
  return { targetRps, spare, choices, skipped, unpricedCount: skipped.filter((s) => s.cause === 'no-price').length };
}
