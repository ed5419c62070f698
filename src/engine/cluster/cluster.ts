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
import { analyzeKinds, fleetKinds, type KindsResult } from '../fleet/kinds';
import { explicitMainWeights, upstreamWeights } from './shares';
import { cacheEffect, type CacheResult } from './cache';
import { whatIf, type WhatIf } from './failures';
import { MAX_SIM_SERVERS, MAX_SIM_SLOTS, type LbSimInput } from './lb-sim';
import { exportedMethod, METHOD_INFO, methodProblem, NO_BACKUP_METHODS, trafficShares, type MethodInfo } from './methods';

/** "weight 1 × 12 servers, weight 3 × 4 servers": weights grouped, so 10,000 servers do not make a 10,000-item list. */
function summarizeWeights(ws: readonly number[]): string {
  const counts = new Map<number, number>();
  for (const w of ws) counts.set(w, (counts.get(w) ?? 0) + 1);
  return [...counts.entries()].map(([w, c]) => `weight ${w} × ${c} server${c === 1 ? "" : "s"}`).join(', ');
}

const exportedMethodFor = (plan: Plan) => exportedMethod(plan.fleet.lbMethod, plan.nginx.version);

export interface ClusterResult {
  method: MethodInfo;
  cache: CacheResult;
  normal: WhatIf;
  oneServerDown: WhatIf;
  oneZoneDown: WhatIf;
  /** Share of the traffic each server gets (equal weights: 1/N). */
  serverShare: Explained;
  /** Time to drain one server before taking it out: max(session length, proxy_read_timeout). */
  drainS: Explained;
  /** Inputs of the balancing simulation derived from the plan, with their explanation. */
  sim: { input: LbSimInput; explained: Explained<string> };
  findings: Finding[];
}

export interface ClusterInput {
  plan: Plan;
  /** One server's limits in total requests/s (serverLimits(perServerPlan(plan))). */
  perServer: { sloMaxRps: number; capacityRps: number };
  /** proxy_read_timeout / fastcgi_read_timeout from the sizing (result.nginx); default 60 s (nginx's own). */
  proxyReadTimeoutS?: number;
  /** Mixed hardware analysis (analyzeKinds(plan)); computed here when absent and the plan has other kinds. */
  kinds?: KindsResult;
}

/** Methods that bind a client (or key) to one server: sessions stay pinned while draining. */
const PINNING = new Set(['ip_hash', 'hash', 'sticky_cookie']);


/** What the analysis of one plan starts from: the fleet's target rate, the microcache and the mixed-hardware kinds. */
interface ClusterBasis {
  plan: Plan;
  perServer: ClusterInput['perServer'];
  target: number;
  dynShare: number;
  cache: CacheResult;
  sloLabel: string;
  weights: readonly number[] | null;
  kinds: KindsResult | null;
}

function clusterBasis({ plan, perServer, kinds: kindsIn }: ClusterInput): ClusterBasis {
  const f = plan.fleet;
  const w = plan.workload;
  const target = fleetTargetRps(plan);
  const dynShare = 1 - w.staticShare;
  const cache = cacheEffect({ cache: plan.cache, dynamicRps: target * dynShare, totalRps: target });
  const kinds = f.otherKinds.length > 0 ? (kindsIn ?? analyzeKinds(plan)) : null;
  return { plan, perServer, target, dynShare, cache, sloLabel: `${w.sloPercentile} ≤ ${w.sloMs} ms`, weights: explicitMainWeights(f), kinds };
}

/** The three failure what-ifs (all up, one server down, one zone down) on the same fleet. */
function clusterWhatIfs(b: ClusterBasis): Pick<ClusterResult, 'normal' | 'oneServerDown' | 'oneZoneDown'> {
  const f = b.plan.fleet;
  const { kinds, perServer } = b;
  const otherKinds = kinds ? f.otherKinds.map((k, i) => ({ name: k.name, servers: k.servers, weight: k.weight, perServer: kinds.rows[i + 1]?.limits ?? perServer })) : [];
  const base = {
    targetRps: b.target,
    dynamicShare: b.dynShare,
    backendFactor: b.cache.backendFactor,
    servers: f.servers,
    zones: f.zones,
    perServer,
    sloLabel: b.sloLabel,
    weights: b.weights,
    backups: f.backupServers,
    otherKinds,
  };
  return { normal: whatIf(base, 'normal'), oneServerDown: whatIf(base, 'one-server-down'), oneZoneDown: whatIf(base, 'one-zone-down') };
}

function clusterServerShare(b: ClusterBasis): Explained {
  const f = b.plan.fleet;
  const { kinds, weights } = b;
  const allWeights = kinds ? upstreamWeights(f).weights : weights;
  const shares = trafficShares(allWeights ?? Array.from({ length: Math.min(f.servers, 10_000) }, () => 1));
  const shareList = 'shares' in shares ? shares.shares : [1];
  const share = Math.max(...shareList);
  return explain(round(share * 100, 2), {
    key: 'server_share',
    label: allWeights ? 'Traffic share of the busiest server (all up)' : 'Traffic share per server (all up)',
    unit: '%',
    formula: weights ? 'max weight / Σ weights' : 'weight / Σ weights (all weights 1)',
    inputs: { servers: allWeights ? allWeights.length : f.servers, method: f.lbMethod, weights: allWeights ? summarizeWeights(allWeights) : 'all 1', backupServers: f.backupServers },
    why:
      (PINNING.has(f.lbMethod)
        ? 'On average; hashed and sticky methods bind clients (or URLs) to servers, so a few heavy clients make the split uneven (see "Compare methods").'
        : weights
          ? 'A server with weight w gets w / Σ weights of the requests; the busiest one decides the what-if verdicts.'
          : 'Identical servers with equal weights get equal shares.') +
      (kinds
        ? ' Each hardware kind is sized for its own hardware at its share (see the server list); a kind given more than it can carry misses the SLO first.'
        : ' Weights only scale the split: these servers all have the plan\'s hardware; add other server kinds for mixed hardware.') +
      (f.backupServers > 0 ? ` The ${f.backupServers} backup server${f.backupServers === 1 ? '' : 's'} get no traffic while a primary is up.` : ''),
  });
}

function clusterDrain(plan: Plan, proxyReadTimeoutS: number): Explained {
  const f = plan.fleet;
  return explain(Math.max(f.sessionS, proxyReadTimeoutS), {
    key: 'drain_time',
    label: 'Draining one server takes about',
    unit: 's',
    formula: 'max(session length, proxy_read_timeout)',
    inputs: { sessionS: f.sessionS, proxyReadTimeoutS, method: f.lbMethod },
    why:
      'Open-source nginx has no drain mode: mark the server "down" (or remove it) and reload; requests already running finish, ' +
      'but a request may last up to proxy_read_timeout and a long-lived session (websocket, long poll) up to the session length, so wait that long before stopping the app.' +
      (PINNING.has(f.lbMethod)
        ? ` With ${METHOD_INFO[f.lbMethod].label} sessions stay pinned to their server: the clients of the drained server move only when it is marked down, and lose server-side session state unless it is shared (e.g. in a database).`
        : ''),
  });
}

/** Simulation set-up: each server as a c-slot queue whose capacity equals the model's capacity. */
function clusterSim(b: ClusterBasis): ClusterResult['sim'] {
  const { plan, kinds, dynShare, cache } = b;
  const w = plan.workload;
  const ctx = buildContext(plan);
  const meanMs = Math.max(0.01, ctx.cpuMsHost + ctx.ioMs);
  const sd = Math.hypot(w.cpuCv * ctx.cpuMsHost, w.ioCv * ctx.ioMs);
  const cv = Math.min(4, sd / meanMs);
  const capDynRps = b.perServer.capacityRps * dynShare * cache.backendFactor;
  const slots = Math.max(1, Math.min(MAX_SIM_SLOTS, Math.round((capDynRps * meanMs) / 1000)));
  // Every server in the upstream (all kinds).
  const simServers = kinds ? kinds.totalServers : plan.fleet.servers;
  const backendTotal = b.target * dynShare * cache.backendFactor;
  const perServerBackend = backendTotal / simServers;
  // Mixed hardware: each kind's capacity as slots of the same mean in-slot time, with its nginx
  // weight; more than MAX_SIM_SERVERS servers are scaled down in proportion (≥ 1 per kind).
  const specs = kinds ? mixedSimServers(plan, kinds, dynShare * cache.backendFactor, meanMs) : null;
  const specCapDyn = specs ? specs.reduce((a, s) => a + (s.slots * 1000) / meanMs, 0) : 0;
  const specScale = specs ? specs.length / simServers : 1;
  const load = Math.min(0.95, Math.max(0.05, specs ? (specCapDyn > 0 ? (backendTotal * specScale) / specCapDyn : 0.95) : capDynRps > 0 ? perServerBackend / capDynRps : 0.95));
  const servers = specs ? specs.length : Math.min(MAX_SIM_SERVERS, Math.max(2, simServers));
  const input: LbSimInput = { servers, slotsPerServer: slots, meanMs, cv, load, clients: 200, zipfS: 1.1, completions: 60_000, warmup: 6_000, ...(specs ? { serverSpecs: specs } : {}) };
  const slotText = specs ? [...new Set(specs.map((s) => `${s.slots}`))].join('/') : String(slots);
  const explained = explain(`${servers} servers × ${slotText} slots, mean ${round(meanMs, 1)} ms, CV ${round(cv, 2)}, load ${round(load * 100, 0)}%`, {
    key: 'lb_sim',
    label: 'Balancing simulation set-up',
    formula: 'slots = capacity × mean in-slot time (Little); load = backend rate per server / capacity (5–95%)',
    inputs: { servers, slots: slotText, meanMs: round(meanMs, 2), cv: round(cv, 3), load: round(load, 3), clients: 200, zipfS: 1.1, ...(specs ? { weights: specs.map((s) => s.weight).join(', ') } : {}) },
    why:
      'Simulated, not computed: there is no closed form for the tail under least_conn, two choices or hashed clients. A seeded discrete-event simulation ' +
      'runs each method on the same load (each server a FIFO queue with gamma service times; hashed methods with 200 clients of Zipf(1.1) rates).' +
      (simServers > MAX_SIM_SERVERS ? ` Capped at ${MAX_SIM_SERVERS} servers.` : simServers < 2 ? ' At least 2 servers are simulated (a single server has no balancing to compare).' : '') +
      (kinds
        ? ' Mixed hardware: each kind\'s servers get slots in proportion to their capacity and their nginx weights; round robin is nginx\'s smooth weighted round robin, least_conn compares in-flight / weight, random picks by weight — so the comparison shows what the weights do to the tail.'
        : ''),
  });
  return { input, explained };
}

const missesText = (verdict: WhatIf['verdict'], sloLabel: string): string => (verdict === 'overloaded' ? 'is overloaded' : `misses the ${sloLabel} SLO`);

/** Findings from the failure what-ifs: one server down, one zone down, backups taking over. */
function failureFindings(plan: Plan, sloLabel: string, { oneServerDown, oneZoneDown }: Pick<ClusterResult, 'oneServerDown' | 'oneZoneDown'>): Finding[] {
  const f = plan.fleet;
  const findings: Finding[] = [];
  if (f.servers > 1 && oneServerDown.verdict !== 'meets') {
    findings.push({
      id: 'cluster-one-down',
      severity: 'warning',
      layer: 'performance',
      message: `With one server down the fleet ${missesText(oneServerDown.verdict, sloLabel)}.`,
      fix: 'Add a server (or turn on N+1 sizing in the fleet panel).',
    });
  }
  if (f.zones > 1 && f.servers > 1 && oneZoneDown.verdict !== 'meets') {
    findings.push({
      id: 'cluster-one-zone-down',
      severity: 'warning',
      layer: 'performance',
      message:
        `With one of the ${f.zones} zones down (${oneZoneDown.lost} of ${oneZoneDown.lost + oneZoneDown.serving} servers lost) the fleet ` +
        `${missesText(oneZoneDown.verdict, sloLabel)}.`,
      fix: 'Add servers (each zone needs enough spare for the others), or spread the servers over more zones.',
    });
  }
  if (oneServerDown.backupsTookOver) {
    findings.push({
      id: 'cluster-backup-takes-over',
      severity: oneServerDown.verdict === 'meets' ? 'info' : 'warning',
      layer: 'performance',
      message:
        `With the only primary server down, the ${f.backupServers} backup server${f.backupServers === 1 ? '' : 's'} take${f.backupServers === 1 ? 's' : ''} over ` +
        `(nginx uses backups only when every primary is down) and ${oneServerDown.verdict === 'meets' ? 'meet' : 'miss'} the ${sloLabel} SLO.`,
      fix: oneServerDown.verdict === 'meets' ? 'Nothing to do.' : 'Add backup servers or a second primary server.',
    });
  }
  return findings;
}

/** Findings about the upstream block itself: the method, empty zones, backups the method refuses, max_fails. */
function upstreamFindings(plan: Plan): Finding[] {
  const f = plan.fleet;
  const findings: Finding[] = [];
  const mp = methodProblem(f.lbMethod, plan.nginx.version);
  if (mp) findings.push(mp);
  if (f.servers > 1 && f.zones > f.servers) {
    findings.push({ id: 'cluster-zones-empty', severity: 'info', layer: 'performance', message: `${f.zones} zones for ${f.servers} servers: some zones hold no server.`, fix: 'Use at most as many zones as servers.' });
  }
  return findings;
}

function backupMethodFindings(plan: Plan): Finding[] {
  const f = plan.fleet;
  const findings: Finding[] = [];
  if (f.backupServers > 0 && NO_BACKUP_METHODS.has(exportedMethodFor(plan))) {
    findings.push({
      id: 'cluster-backup-method',
      severity: 'error',
      layer: 'nginx',
      message: `nginx's ${METHOD_INFO[exportedMethodFor(plan)].directive ?? ''} refuses "backup" servers ("balancing method does not support parameter backup").`,
      fix: 'Use round robin or least_conn with backup servers, or set backup servers to 0. The export leaves the backup servers out.',
      source: 'nginx upstream module docs',
    });
  }
  if (f.maxFails === 0) {
    findings.push({ id: 'cluster-max-fails-zero', severity: 'info', layer: 'nginx', message: 'max_fails=0: nginx never marks a failing server down (passive health checks off).', fix: 'Keep the default max_fails=1 unless another system removes failed servers.' });
  }
  return findings;
}

/** The cluster section, one small function per output; the findings keep their order (cache, kinds, upstream, failures, backups). */
export function analyzeCluster(input: ClusterInput): ClusterResult {
  const { plan, proxyReadTimeoutS = 60 } = input;
  const b = clusterBasis(input);
  const whatIfs = clusterWhatIfs(b);
  const findings: Finding[] = [
    ...b.cache.findings,
    ...(b.kinds ? b.kinds.findings : []),
    ...upstreamFindings(plan),
    ...failureFindings(plan, b.sloLabel, whatIfs),
    ...backupMethodFindings(plan),
  ];
  return {
    method: METHOD_INFO[plan.fleet.lbMethod],
    cache: b.cache,
    ...whatIfs,
    serverShare: clusterServerShare(b),
    drainS: clusterDrain(plan, proxyReadTimeoutS),
    sim: clusterSim(b),
    findings,
  };
}

/** The simulated servers of a mixed fleet: per server, slots ∝ its kind's backend capacity, and its nginx weight. */
function mixedSimServers(plan: Plan, kinds: KindsResult, backendShare: number, meanMs: number): { slots: number; weight: number }[] {
  const all = fleetKinds(plan);
  const total = all.reduce((a, k) => a + k.servers, 0);
  const scale = total > MAX_SIM_SERVERS ? MAX_SIM_SERVERS / total : 1;
  const counts = all.map((k) => Math.max(1, Math.round(k.servers * scale)));
  // Rounding up to 1 per kind can overshoot MAX_SIM_SERVERS by a few: trim the largest kinds.
  for (let sum = counts.reduce((a, b) => a + b, 0); sum > MAX_SIM_SERVERS; sum--) {
    const big = counts.indexOf(Math.max(...counts));
    counts[big] = (counts[big] ?? 2) - 1;
  }
  const out: { slots: number; weight: number }[] = [];
  all.forEach((k, ki) => {
    const capDyn = (kinds.rows[ki]?.limits.capacityRps ?? 0) * backendShare;
    const slots = Math.max(1, Math.min(MAX_SIM_SLOTS, Math.round((capDyn * meanMs) / 1000)));
    for (let i = 0; i < (counts[ki] ?? 1); i++) out.push({ slots, weight: k.weights[i % k.weights.length] ?? 1 });
  });
  return out;
}
