/**
 * Fleet: N identical servers behind nginx load balancing (issue 6). Pure: plan and per-server
 * figures in, explained fleet totals out.
 * The per-server view (load / serving servers) is in ./per-server.ts.
 */
import type { Plan } from '../../plan/schema';
import { explain, round } from '../explain';
import type { Explained, Finding } from '../types';
import { fleetTargetRps, servingServers } from './per-server';
import type { KindsResult } from './kinds';

export { fleetTargetRps, perServerPlan, servingServers } from './per-server';

/** Hours in a month as AWS's pricing pages count them (365 × 24 / 12). */
export const HOURS_PER_MONTH = 730;


/**
 * Smallest fleet whose usable SLO capacity covers the target:
 * serving = max(1, ⌈target / (SLO-max per server × (1 − headroom))⌉), N = serving + spare.
 * null when one server cannot meet the SLO at any load (SLO-max 0).
 */
export function serversNeeded(targetRps: number, perServerSloMaxRps: number, headroomShare: number, spare: boolean): number | null {
  const usablePerServer = perServerSloMaxRps * (1 - headroomShare);
  if (!(usablePerServer > 0)) return null;
  // A hair of tolerance so 100 / (50 × 0.8) = 2.5000000001 does not become 3 through rounding error.
  const serving = Math.max(1, Math.ceil(targetRps / usablePerServer - 1e-9));
  return serving + (spare ? 1 : 0);
}

export { fleetSizeProblem } from '../../plan/fleet-limits';

export interface FleetInput {
  plan: Plan;
  /** One server's figures at its share of the load (sizePlan(perServerPlan(plan)).performance). */
  perServer: { capacityRps: number; sloMaxRps: number };
  /** USD per server-hour (the user's price or the catalog entry's); null = unknown. */
  hourlyUsd: number | null;
  /** Where hourlyUsd came from, shown in the explanation. */
  priceSource: string;
  /** Monthly DynamoDB cost from the DynamoDB planner, when the lead passes it in. */
  dynamoMonthlyUsd?: number | null;
  /** Mixed hardware (plan.fleet.otherKinds): analyzeKinds(plan). Capacity, memory and cost then sum over the kinds. */
  kinds?: KindsResult | null;
}

export interface FleetResult {
  servers: number;
  serving: Explained;
  targetRps: Explained;
  perServerLoadRps: Explained;
  capacityRps: Explained;
  sloMaxRps: Explained;
  usableRps: Explained;
  /** Smallest fleet of this hardware that meets the target; null when one server cannot meet the SLO. */
  serversNeeded: Explained<number | null>;
  memoryGiB: Explained;
  threads: Explained;
  serversMonthlyUsd: Explained<number | null>;
  totalMonthlyUsd: Explained<number | null>;
  meetsTarget: boolean;
  findings: Finding[];
}

/** What every fleet total needs, computed once. */
interface FleetCtx {
  input: FleetInput;
  plan: Plan;
  f: Plan['fleet'];
  n: number;
  serving: number;
  target: number;
  spareText: string;
  /** Mixed hardware only: capacity, memory and cost then sum over the kinds. */
  kinds: KindsResult | null;
}

function fleetCtx(input: FleetInput): FleetCtx {
  const { plan } = input;
  const f = plan.fleet;
  return {
    input,
    plan,
    f,
    n: f.servers,
    serving: servingServers(f),
    target: fleetTargetRps(plan),
    spareText: f.spare ? 'N − 1 (N+1: one server may be down)' : 'N',
    kinds: input.kinds && f.otherKinds.length > 0 ? input.kinds : null,
  };
}

function servingOf(c: FleetCtx): Explained {
  const { f, n, serving } = c;
  const allServers = n + f.otherKinds.reduce((a, k) => a + k.servers, 0);
  const servingAll = f.otherKinds.length > 0 ? Math.max(1, allServers - (f.spare ? 1 : 0)) : serving;
  const servingE = explain(servingAll, {
    key: 'fleet_serving',
    label: 'Servers carrying the load',
    unit: '',
    formula: f.otherKinds.length > 0 ? (f.spare ? 'max(1, servers of every kind − 1)' : 'servers of every kind') : f.spare ? 'max(1, servers − 1)' : 'servers',
    inputs: f.otherKinds.length > 0 ? { mainServers: n, otherKindServers: allServers - n, spare: f.spare } : { servers: n, spare: f.spare },
    why: f.spare
      ? 'N+1: the fleet must meet the target with one server down (failure or deploy), so only N − 1 count.'
      : 'Every server takes its share; losing one overloads the rest (turn on N+1 to plan for that).',
  });
  return servingE;
}

function targetOf(c: FleetCtx): Explained {
  const { plan, target } = c;
  const targetE = explain(round(target, 1), {
    key: 'fleet_target_rps',
    label: 'Target load on the fleet',
    unit: 'rps',
    formula: plan.workload.mode === 'open' ? 'arrival rate' : 'users / (think time + dynamic share × bare service time)',
    inputs: plan.workload.mode === 'open' ? { arrivalRps: plan.workload.arrivalRps } : { users: plan.workload.concurrentUsers, thinkTimeMs: plan.workload.thinkTimeMs },
    why: 'The workload inputs describe the whole fleet; nginx splits it over the servers by weight (equal weights: evenly).',
  });
  return targetE;
}

function perServerLoadOf(c: FleetCtx): Explained {
  const { kinds, target, serving, spareText } = c;
  const mainRow = kinds?.rows[0];
  const perServerLoad = mainRow
    ? explain(mainRow.loadRps.value, {
        key: 'fleet_per_server_rps',
        label: 'Load per main server',
        unit: 'rps',
        formula: 'target × main server\'s weight / Σ weights of all servers',
        inputs: { targetRps: round(target, 1), sharePct: mainRow.sharePct.value },
        why: 'Weighted balancing over every server kind (all up); each kind\'s load is in the cluster panel\'s server list.',
      })
    : explain(round(target / serving, 1), {
        key: 'fleet_per_server_rps',
        label: 'Load per server',
        unit: 'rps',
        formula: `target / ${spareText}`,
        inputs: { targetRps: round(target, 1), serving },
        why: 'Round-robin balancing gives each serving server an equal share; the per-server results are sized for this load.',
      });
  return perServerLoad;
}

function capacityOf(c: FleetCtx): Explained {
  const { kinds, serving, spareText } = c;
  const { perServer } = c.input;
  const capacity = kinds ? kinds.fleetCapacityRps : explain(round(perServer.capacityRps * serving, 1), {
    key: 'fleet_capacity_rps',
    label: 'Fleet capacity',
    unit: 'rps',
    formula: `capacity per server × ${spareText}`,
    inputs: { perServerCapacityRps: round(perServer.capacityRps, 1), serving },
    why: 'The most the serving servers complete per second with every worker busy; latency is far above the SLO there.',
  });
  return capacity;
}

function sloMaxOf(c: FleetCtx): Explained {
  const { kinds, serving, spareText, plan } = c;
  const { perServer } = c.input;
  const sloMax = kinds ? kinds.fleetSloMaxRps : explain(round(perServer.sloMaxRps * serving, 1), {
    key: 'fleet_slo_max_rps',
    label: `Fleet max load within ${plan.workload.sloPercentile} ≤ ${plan.workload.sloMs} ms`,
    unit: 'rps',
    formula: `SLO-max per server × ${spareText}`,
    inputs: { perServerSloMaxRps: round(perServer.sloMaxRps, 1), serving },
    why: 'Each server keeps its latency percentile within the SLO up to this share of the load.',
  });
  return sloMax;
}

function usableOf(c: FleetCtx): { usable: number; usableE: Explained } {
  const { kinds, serving, f } = c;
  const { perServer } = c.input;
  const fleetSloMax = kinds ? kinds.fleetSloMaxRps.value : perServer.sloMaxRps * serving;
  const usable = fleetSloMax * (1 - f.headroomShare);
  const usableE = explain(round(usable, 1), {
    key: 'fleet_usable_rps',
    label: 'Usable load (with headroom)',
    unit: 'rps',
    formula: 'fleet SLO-max × (1 − headroom)',
    inputs: { fleetSloMaxRps: round(fleetSloMax, 1), headroomShare: f.headroomShare },
    why: `Plan for at most ${round((1 - f.headroomShare) * 100, 0)}% of the SLO limit: bursts, uneven balancing and model error need room.`,
  });
  return { usable, usableE };
}

function neededOf(c: FleetCtx): { needed: number | null; neededE: Explained<number | null> } {
  const { target, f } = c;
  const { perServer } = c.input;
  const needed = serversNeeded(target, perServer.sloMaxRps, f.headroomShare, f.spare);
  const neededE = explain<number | null>(needed, {
    key: 'fleet_servers_needed',
    label: f.otherKinds.length > 0 ? 'Servers needed (main hardware alone)' : 'Servers needed (this hardware)',
    unit: '',
    formula: `max(1, ⌈target / (SLO-max per server × (1 − headroom))⌉)${f.spare ? ' + 1 spare' : ''}`,
    inputs: { targetRps: round(target, 1), perServerSloMaxRps: round(perServer.sloMaxRps, 1), headroomShare: f.headroomShare, spare: f.spare },
    why:
      needed === null
        ? 'One server cannot meet the SLO even at a trickle of load (the bare service time exceeds it): more servers do not help, faster cores or a looser SLO do.'
        : 'The smallest N whose usable capacity covers the target.',
  });
  return { needed, neededE };
}

function memoryOf(c: FleetCtx): Explained {
  const { kinds, plan, n } = c;
  const kindList = kinds ? kinds.rows.map((r) => ({ servers: r.servers, ramGiB: r.hardware.ramGiB, threads: r.hardware.hardwareThreads })) : null;
  const ramGiB = plan.hardware.ramGiB;
  const memory = kindList
    ? explain(round(kindList.reduce((a, k) => a + k.servers * k.ramGiB, 0), 1), {
        key: 'fleet_memory_gib',
        label: 'Fleet memory',
        unit: 'GiB',
        formula: 'Σ over kinds of servers × RAM per server',
        inputs: Object.fromEntries((kinds?.rows ?? []).map((r) => [r.name, `${r.servers} × ${r.hardware.ramGiB} GiB`])),
        why: 'Total RAM you pay for, every kind and spare included.',
      })
    : explain(round(n * ramGiB, 1), {
        key: 'fleet_memory_gib',
        label: 'Fleet memory',
        unit: 'GiB',
        formula: 'servers × RAM per server',
        inputs: { servers: n, ramGiB },
        why: 'Total RAM you pay for, spare included.',
      });
  return memory;
}

function threadsOf(c: FleetCtx): Explained {
  const { kinds, plan, n } = c;
  const kindList = kinds ? kinds.rows.map((r) => ({ servers: r.servers, ramGiB: r.hardware.ramGiB, threads: r.hardware.hardwareThreads })) : null;
  const threads = kindList
    ? explain(kindList.reduce((a, k) => a + k.servers * k.threads, 0), {
        key: 'fleet_threads',
        label: 'Fleet hardware threads',
        unit: '',
        formula: 'Σ over kinds of servers × hardware threads per server',
        inputs: Object.fromEntries((kinds?.rows ?? []).map((r) => [r.name, `${r.servers} × ${r.hardware.hardwareThreads}`])),
        why: 'vCPUs in cloud terms.',
      })
    : explain(n * plan.hardware.hardwareThreads, {
        key: 'fleet_threads',
        label: 'Fleet hardware threads',
        unit: '',
        formula: 'servers × hardware threads per server',
        inputs: { servers: n, hardwareThreads: plan.hardware.hardwareThreads },
        why: 'vCPUs in cloud terms.',
      });
  return threads;
}

function serversMonthlyOf(c: FleetCtx): { serversMonthly: number | null; serversMonthlyE: Explained<number | null> } {
  const { kinds, plan, n, input } = c;
  const hourly = input.hourlyUsd;
  // Mixed hardware: every kind needs a price, else the total is unknown.
  const otherPrices = plan.fleet.otherKinds.map((k) => (k.hourlyPriceUsd === null ? null : k.servers * k.hourlyPriceUsd));
  const otherHourly = kinds ? (otherPrices.some((p) => p === null) ? null : otherPrices.reduce<number>((a, p) => a + (p ?? 0), 0)) : 0;
  const serversMonthly = hourly === null || otherHourly === null ? null : round((n * hourly + otherHourly) * HOURS_PER_MONTH, 2);
  const serversMonthlyE = explain<number | null>(serversMonthly, {
    key: 'fleet_servers_monthly_usd',
    label: 'Servers per month',
    unit: 'USD',
    formula: kinds ? `(main servers × hourly price + Σ other kinds × their hourly price) × ${HOURS_PER_MONTH} h` : `servers × hourly price × ${HOURS_PER_MONTH} h`,
    inputs: { servers: n, hourlyUsd: hourly, ...(kinds ? { otherKindsHourlyUsd: otherHourly } : {}), hoursPerMonth: HOURS_PER_MONTH, priceSource: input.priceSource },
    why:
      hourly === null
        ? 'No price for this hardware: enter an hourly price, or pick a catalog entry that has one.'
        : otherHourly === null
          ? 'A server kind has no price: enter one for every kind in the server list.'
          : 'On-demand: every server runs all month, spare included.',
  });
  return { serversMonthly, serversMonthlyE };
}

function totalMonthlyOf(c: FleetCtx, serversMonthly: number | null): Explained<number | null> {
  const { input } = c;
  const ddb = input.dynamoMonthlyUsd ?? null;
  const total = serversMonthly === null ? null : round(serversMonthly + (ddb ?? 0), 2);
  const totalE = explain<number | null>(total, {
    key: 'fleet_total_monthly_usd',
    label: 'Total per month',
    unit: 'USD',
    formula: ddb === null ? 'servers per month' : 'servers per month + DynamoDB per month',
    inputs: { serversMonthlyUsd: serversMonthly, dynamoMonthlyUsd: ddb },
    why: ddb === null ? 'Web tier only (no DynamoDB cost passed in).' : 'Web tier plus the DynamoDB planner\'s monthly cost.',
  });
  return totalE;
}

/** N+1 on one server, a fleet short of the target, or one larger than it needs. */
function fleetFindings(c: FleetCtx, usable: number, needed: number | null): Finding[] {
  const { f, n, target } = c;
  const meetsTarget = usable >= target - 1e-9;
  const findings: Finding[] = [];
  if (f.spare && n < 2) {
    findings.push({
      id: 'fleet-spare-one-server',
      severity: 'warning',
      layer: 'performance',
      message: 'N+1 with a single server leaves nothing serving while it is down.',
      fix: 'Use at least 2 servers with N+1.',
    });
  }
  if (!meetsTarget) {
    findings.push({
      id: 'fleet-short',
      severity: 'error',
      layer: 'performance',
      message:
        needed === null
          ? 'This hardware cannot meet the SLO at any load.'
          : `The fleet misses the target: usable ${round(usable, 1)} rps < target ${round(target, 1)} rps.`,
      fix: needed === null ? 'Choose faster cores, reduce CPU/I-O time per request or loosen the SLO.' : `Use ${needed} servers (or faster hardware).`,
    });
  } else if (needed !== null && needed < n) {
    findings.push({
      id: 'fleet-oversized',
      severity: 'info',
      layer: 'performance',
      message: `${needed} server${needed === 1 ? '' : 's'} would meet the target with the chosen headroom; ${n} are planned.`,
      fix: `Reduce to ${needed} servers to save cost, or keep them for growth.`,
    });
  }
  return findings;
}
export function fleetTotals(input: FleetInput): FleetResult {
  const c = fleetCtx(input);
  const { usable, usableE } = usableOf(c);
  const { needed, neededE } = neededOf(c);
  const { serversMonthly, serversMonthlyE } = serversMonthlyOf(c);
  return {
    servers: c.n,
    serving: servingOf(c),
    targetRps: targetOf(c),
    perServerLoadRps: perServerLoadOf(c),
    capacityRps: capacityOf(c),
    sloMaxRps: sloMaxOf(c),
    usableRps: usableE,
    serversNeeded: neededE,
    memoryGiB: memoryOf(c),
    threads: threadsOf(c),
    serversMonthlyUsd: serversMonthlyE,
    totalMonthlyUsd: totalMonthlyOf(c, serversMonthly),
    meetsTarget: usable >= c.target - 1e-9,
    findings: fleetFindings(c, usable, needed),
  };
}
