/**
 * Multi-server analysis (issue 7): balancing method availability, microcache, failure what-ifs,
 * traffic shares and the set-up of the balancing simulation. Pure: plan and one server's limits in,
 * explained results out.
 */
import type { Plan } from '../../plan/schema';
import { buildContext } from '../context';
import { explain, round } from '../explain';
import { fleetTargetRps } from '../fleet/fleet';
import type { Explained, Finding } from '../types';
import { cacheEffect, type CacheResult } from './cache';
import { whatIf, type WhatIf } from './failures';
import { MAX_SIM_SERVERS, MAX_SIM_SLOTS, type LbSimInput } from './lb-sim';
import { METHOD_INFO, methodProblem, trafficShares, type MethodInfo } from './methods';

export interface ClusterResult {
  method: MethodInfo;
  cache: CacheResult;
  normal: WhatIf;
  oneServerDown: WhatIf;
  oneZoneDown: WhatIf;
  /** Share of the traffic each server gets (equal weights: 1/N). */
  serverShare: Explained;
  /** Inputs of the balancing simulation derived from the plan, with their explanation. */
  sim: { input: LbSimInput; explained: Explained<string> };
  findings: Finding[];
}

export interface ClusterInput {
  plan: Plan;
  /** One server's limits in total requests/s (serverLimits(perServerPlan(plan))). */
  perServer: { sloMaxRps: number; capacityRps: number };
}

export function analyzeCluster({ plan, perServer }: ClusterInput): ClusterResult {
  const f = plan.fleet;
  const w = plan.workload;
  const ctx = buildContext(plan);
  const target = fleetTargetRps(plan);
  const dynShare = 1 - w.staticShare;
  const cache = cacheEffect({ cache: plan.cache, dynamicRps: target * dynShare, totalRps: target });
  const sloLabel = `${w.sloPercentile} ≤ ${w.sloMs} ms`;
  const base = { targetRps: target, dynamicShare: dynShare, backendFactor: cache.backendFactor, servers: f.servers, zones: f.zones, perServer, sloLabel };
  const normal = whatIf(base, 'normal');
  const oneServerDown = whatIf(base, 'one-server-down');
  const oneZoneDown = whatIf(base, 'one-zone-down');

  const shares = trafficShares(Array.from({ length: Math.min(f.servers, 10_000) }, () => 1));
  const share = 'shares' in shares ? (shares.shares[0] ?? 1) : 1;
  const serverShare = explain(round(share * 100, 2), {
    key: 'server_share',
    label: 'Traffic share per server',
    unit: '%',
    formula: 'weight / Σ weights (all weights 1)',
    inputs: { servers: f.servers, method: f.lbMethod },
    why:
      f.lbMethod === 'ip_hash' || f.lbMethod === 'hash' || f.lbMethod === 'sticky_cookie'
        ? 'On average; hashed and sticky methods bind clients (or URLs) to servers, so a few heavy clients make the split uneven (see "Compare methods").'
        : 'Identical servers with equal weights get equal shares. Mixed hardware (weights) is not modelled yet.',
  });

  // Simulation set-up: each server as a c-slot queue whose capacity equals the model's capacity.
  const meanMs = Math.max(0.01, ctx.cpuMs + ctx.ioMs);
  const sd = Math.hypot(w.cpuCv * ctx.cpuMs, w.ioCv * ctx.ioMs);
  const cv = Math.min(4, sd / meanMs);
  const capDynRps = perServer.capacityRps * dynShare;
  const slots = Math.max(1, Math.min(MAX_SIM_SLOTS, Math.round((capDynRps * meanMs) / 1000)));
  const perServerBackend = (target * dynShare * cache.backendFactor) / f.servers;
  const load = Math.min(0.95, Math.max(0.05, capDynRps > 0 ? perServerBackend / capDynRps : 0.95));
  const servers = Math.min(MAX_SIM_SERVERS, Math.max(2, f.servers));
  const input: LbSimInput = { servers, slotsPerServer: slots, meanMs, cv, load, clients: 200, zipfS: 1.1, completions: 60_000, warmup: 6_000 };
  const simExplained = explain(`${servers} servers × ${slots} slots, mean ${round(meanMs, 1)} ms, CV ${round(cv, 2)}, load ${round(load * 100, 0)}%`, {
    key: 'lb_sim',
    label: 'Balancing simulation set-up',
    formula: 'slots = capacity × mean in-slot time (Little); load = backend rate per server / capacity (5–95%)',
    inputs: { servers, slots, meanMs: round(meanMs, 2), cv: round(cv, 3), load: round(load, 3), clients: 200, zipfS: 1.1 },
    why:
      'Simulated, not computed: there is no closed form for the tail under least_conn, two choices or hashed clients. A seeded discrete-event simulation ' +
      'runs each method on the same load (each server a FIFO queue with gamma service times; hashed methods with 200 clients of Zipf(1.1) rates).' +
      (f.servers > MAX_SIM_SERVERS ? ` Capped at ${MAX_SIM_SERVERS} servers.` : f.servers < 2 ? ' At least 2 servers are simulated.' : ''),
  });

  const findings: Finding[] = [...cache.findings];
  const mp = methodProblem(f.lbMethod, plan.nginx.version);
  if (mp) findings.push(mp);
  if (f.servers > 1 && f.zones > f.servers) {
    findings.push({ id: 'cluster-zones-empty', severity: 'info', layer: 'performance', message: `${f.zones} zones for ${f.servers} servers: some zones hold no server.`, fix: 'Use at most as many zones as servers.' });
  }
  if (f.servers > 1 && oneServerDown.verdict !== 'meets') {
    findings.push({
      id: 'cluster-one-down',
      severity: 'warning',
      layer: 'performance',
      message: `With one server down the fleet ${oneServerDown.verdict === 'overloaded' ? 'is overloaded' : `misses the ${sloLabel} SLO`}.`,
      fix: 'Add a server (or turn on N+1 sizing in the fleet panel).',
    });
  }
  if (f.maxFails === 0) {
    findings.push({ id: 'cluster-max-fails-zero', severity: 'info', layer: 'nginx', message: 'max_fails=0: nginx never marks a failing server down (passive health checks off).', fix: 'Keep the default max_fails=1 unless another system removes failed servers.' });
  }
  return { method: METHOD_INFO[f.lbMethod], cache, normal, oneServerDown, oneZoneDown, serverShare, sim: { input, explained: simExplained }, findings };
}
