/**
 * The bottleneck verdict (issue 15): what limits the fleet's load within the SLO, and the one change
 * that raises it most, measured by re-analysing the plan with that limit lifted (never guessed).
 *
 * Every limit is a ceiling in total requests/s at nginx for the whole fleet:
 * - the app pool (the performance model: CPU, worker slots, memory that caps the slots): the fleet's
 *   SLO-max, which of the three binds is found by lifting each (cores × 2 with the slots kept,
 *   slots × 2 with the cores kept, RAM × 2 with the recommendations recomputed) and re-analysing;
 * - nginx connections and file descriptors, only where the user pinned them (the recommendation
 *   follows the planned load: DOMAIN.md C.1, C.2); connections grow in proportion to the load;
 * - nginx `max_conns` (upstream connections per server): in-flight requests per server ≤ max_conns,
 *   so by Little's law (DOMAIN.md E.4) the load ≤ max_conns / latency at today's latency;
 * - DynamoDB tables fed per web request: the hottest partition (3,000 RCU / 1,000 WCU, DOMAIN.md D.2)
 *   and the 40,000-unit table quota, both in proportion to the load. Tables with fixed rates do not
 *   follow the web load and cap nothing here (their own findings say when they throttle).
 * Pure: the re-analysis is passed in, so this file does not import analyzePlan (no cycle).
 */
import type { Plan } from '../../plan/schema';
import type { SizingResult } from '../types';
import type { BottleneckCeiling, BottleneckChange, BottleneckSection, LimitKind, PlanAnalysis } from './types';

/** A lift that moves a number by less than this share is no lift: the limit is elsewhere. */
const MIN_GAIN_SHARE = 0.01;
/** Schema limits the lifted plans must stay within (src/plan/schema.ts). */
const MAX_CORES = 512;
const MAX_THREADS = 1024;
const MAX_RAM_GIB = 8192;
const MAX_GUNICORN_WORKERS = 4096;
const MAX_FPM_CHILDREN = 100_000;
const MAX_CORE_SPEED = 10;

const gainShareOf = (before: number, after: number) => (before > 0 ? after / before - 1 : Infinity);
const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');
const positive = (n: number) => (Number.isFinite(n) && n > 0 ? n : 0);

interface Lift {
  kind: LimitKind;
  /** The change, in words a user can act on. */
  text: string;
  plan: Plan;
}

function withPins(plan: Plan, pins: Partial<Plan['pins']>): Plan {
  return { ...plan, pins: { ...plan.pins, ...pins } };
}

/** Today's slots held fixed (so a CPU lift does not also add the workers the recommendation would). */
function slotPins(web: SizingResult): Partial<Plan['pins']> {
  if (web.gunicorn) return { gunicornWorkers: web.gunicorn.workers.value, gunicornThreads: web.gunicorn.threads.value, gunicornWorkerConnections: web.gunicorn.workerConnections.value };
  if (web.phpfpm) return { fpmMaxChildren: web.phpfpm.maxChildren.value };
  return {};
}

function cpuLift(plan: Plan, web: SizingResult): Lift | null {
  const h = plan.hardware;
  if (h.physicalCores * 2 > MAX_CORES || h.hardwareThreads * 2 > MAX_THREADS) return null;
  return {
    kind: 'cpu',
    text: `double the cores (${h.physicalCores} → ${h.physicalCores * 2}, same workers)`,
    plan: withPins({ ...plan, hardware: { ...h, physicalCores: h.physicalCores * 2, hardwareThreads: h.hardwareThreads * 2, catalogId: null } }, slotPins(web)),
  };
}

function slotsLift(plan: Plan, web: SizingResult): Lift | null {
  if (web.gunicorn) {
    const w = web.gunicorn.workers.value;
    if (w * 2 > MAX_GUNICORN_WORKERS) return null;
    return { kind: 'slots', text: `double the Gunicorn workers (${w} → ${w * 2})`, plan: withPins(plan, { ...slotPins(web), gunicornWorkers: w * 2 }) };
  }
  if (web.phpfpm) {
    const c = web.phpfpm.maxChildren.value;
    if (c * 2 > MAX_FPM_CHILDREN) return null;
    // Spare-server pins must stay ≤ max_children, which doubling keeps.
    return { kind: 'slots', text: `double pm.max_children (${c} → ${c * 2})`, plan: withPins(plan, { fpmMaxChildren: c * 2 }) };
  }
  return null;
}

/** Faster cores: the one lift that shortens a request itself (the SLO may be tighter than a lone request). */
function speedLift(plan: Plan): Lift | null {
  const s = plan.hardware.perCoreSpeed;
  if (s * 1.5 > MAX_CORE_SPEED) return null;
  return { kind: 'request-time', text: `a CPU 1.5× faster per core (per-core speed ${s} → ${Math.round(s * 150) / 100})`, plan: { ...plan, hardware: { ...plan.hardware, perCoreSpeed: s * 1.5, catalogId: null } } };
}

function memoryLift(plan: Plan): Lift | null {
  const ram = plan.hardware.ramGiB;
  if (ram * 2 > MAX_RAM_GIB) return null;
  return { kind: 'memory', text: `double the RAM (${fmtInt(ram)} → ${fmtInt(ram * 2)} GiB)`, plan: { ...plan, hardware: { ...plan.hardware, ramGiB: ram * 2, catalogId: null } } };
}

/** True when the memory budget, not the CPU rule, set the pool size (unpinned). */
function slotsCappedByMemory(web: SizingResult): boolean {
  const e = web.gunicorn ? web.gunicorn.workers : web.phpfpm ? web.phpfpm.maxChildren : null;
  if (!e || e.pinned) return false;
  const cap = e.inputs.memoryCap;
  return typeof cap === 'number' && cap === e.value;
}

/** Fleet ceiling of the app pool: the fleet's SLO-max (0 when one server cannot meet the SLO). */
const poolCeilingOf = (a: PlanAnalysis) => positive(a.fleet.sloMaxRps.value);

/**
 * The pool ceiling of a lifted plan. With one kind of server the fleet scales one server's SLO-max
 * by the base plan's factor (the lift changes no weights or counts), so only the web tier is
 * re-sized; with several kinds the lifted main kind may hand the limit to another kind, so the
 * fleet is re-analysed.
 */
function liftedPoolCeiling(base: PlanAnalysis, lifted: PlanAnalysis): number {
  if (base.plan.fleet.otherKinds.length > 0) return poolCeilingOf(lifted);
  return positive(lifted.web.performance.limitsRps.sloMax) * fleetFactor(base);
}

/** One server's rps → the fleet's, as the fleet section scales the SLO-max (weights, spares, kinds). */
function fleetFactor(a: PlanAnalysis): number {
  const perServer = a.web.performance.limitsRps.sloMax;
  const fleet = a.fleet.sloMaxRps.value;
  return perServer > 0 && fleet > 0 ? fleet / perServer : Math.max(1, a.fleet.serving.value);
}

function connectionCeiling(a: PlanAnalysis): BottleneckCeiling | null {
  const pins = a.plan.pins;
  if (pins.nginxWorkerConnections === null && pins.nginxRlimitNofile === null) return null;
  const n = a.web.nginx;
  const peak = n.peakConnections.value;
  if (!(peak > 0)) return null;
  const fds = n.workerRlimitNofile.value < n.workerConnections.value;
  const held = n.workerProcesses.value * Math.min(n.workerConnections.value, n.workerRlimitNofile.value);
  const rps = (a.web.performance.plannedRps * held) / peak;
  return {
    kind: fds ? 'fds' : 'connections',
    fleetRps: rps * fleetFactor(a),
    detail: fds
      ? `worker_rlimit_nofile ${fmtInt(n.workerRlimitNofile.value)} (pinned) lets each nginx worker hold fewer connections than worker_connections`
      : `${fmtInt(n.workerProcesses.value)} × ${fmtInt(n.workerConnections.value)} worker_connections (pinned) hold ${fmtInt(held)} connections; the planned load needs ${fmtInt(peak)}`,
  };
}

function upstreamCeiling(a: PlanAnalysis): BottleneckCeiling | null {
  const maxConns = a.plan.fleet.maxConns;
  const inFlight = a.web.performance.inFlight.value;
  if (maxConns === null || !(inFlight > 0)) return null;
  return {
    kind: 'upstream',
    fleetRps: ((a.web.performance.plannedRps * maxConns) / inFlight) * fleetFactor(a),
    detail: `max_conns=${fmtInt(maxConns)} per server against ${inFlight.toFixed(1)} requests in flight at the planned load`,
  };
}

function dynamoCeilings(a: PlanAnalysis): BottleneckCeiling[] {
  const d = a.dynamodb;
  if (!d) return [];
  const target = a.fleet.targetRps.value;
  const out: BottleneckCeiling[] = [];
  d.units.tables.forEach((t, i) => {
    if (a.plan.dynamodb.tables[i]?.source !== 'per-request' || !(target > 0)) return;
    const hot = t.hottestPartitionLoad.value;
    if (hot > 0) out.push({ kind: 'ddb-partition', fleetRps: target / hot, detail: `${t.name}: the hottest partition runs at ${Math.round(hot * 100)}% of its 3,000 RCU / 1,000 WCU`, table: t.name });
    const quotaUse = Math.max(t.tablePeakRcuForQuota.value, t.tablePeakWcuForQuota.value) / 40_000;
    if (quotaUse > 0) out.push({ kind: 'ddb-quota', fleetRps: target / quotaUse, detail: `${t.name}: peak units at ${Math.round(quotaUse * 100)}% of the 40,000-unit table quota`, table: t.name });
    // The stream's consumers keep up while the hottest shard's arrivals stay below what its
    // batches sustain (DOMAIN.md I.3): its utilisation scales with the web load like the units.
    const streamUse = t.stream?.shardUtilisation.value ?? 0;
    if (t.stream && streamUse > 0) {
      const pf = t.stream.neededParallelization.value;
      out.push({
        kind: 'ddb-stream',
        fleetRps: target / streamUse,
        detail: `${t.name}: the stream's hottest shard receives ${Math.round(streamUse * 100)}% of what its Lambda consumers process`,
        table: t.name,
        ...(pf !== null ? { neededParallelization: pf } : {}),
      });
    }
  });
  return out;
}

/** What lifts each ceiling outside the model (the ceiling then no longer applies). */
function liftTextOf(c: BottleneckCeiling): string {
  switch (c.kind) {
    case 'fds':
      return 'unpin worker_rlimit_nofile (2 × worker_connections)';
    case 'connections':
      return 'unpin worker_connections (sized for twice the peak)';
    case 'upstream':
      return 'remove max_conns (or raise it above the pool slots)';
    case 'ddb-partition':
      return `shard the hot key of ${c.table ?? 'the table'} (a suffix 1..N spreads it over N partitions)`;
    case 'ddb-quota':
      return `request a table quota increase for ${c.table ?? 'the table'} (or split the table)`;
    case 'ddb-stream':
      return c.neededParallelization !== undefined
        ? `raise the stream consumer's parallelization factor of ${c.table ?? 'the table'} to ${c.neededParallelization} (or batch more records, or make the function faster)`
        : `make the stream consumer of ${c.table ?? 'the table'} faster per record (parallelization 10 is not enough)`;
    default:
      return '';
  }
}

const LIMIT_LABELS: Record<LimitKind, string> = {
  cpu: 'CPU',
  slots: 'worker slots',
  memory: 'memory (it caps the worker count)',
  fds: 'file descriptors',
  connections: 'nginx worker connections',
  upstream: 'upstream connections (max_conns)',
  'ddb-partition': 'a DynamoDB partition',
  'ddb-quota': 'the DynamoDB table quota',
  'ddb-stream': 'the DynamoDB stream consumers (Lambda)',
  'request-time': 'the requests’ own time (the SLO is tighter than a request without queueing)',
};

export function limitLabel(kind: LimitKind): string {
  return LIMIT_LABELS[kind];
}

function sentenceOf(binding: LimitKind, fleetRps: number, change: BottleneckChange | null): string {
  const head = `Limited by ${LIMIT_LABELS[binding]}: the fleet carries ${fmtInt(fleetRps)} rps within the SLO.`;
  if (!change) return `${head} None of the changes the planner tries (more cores, slots or RAM, faster cores) raises it.`;
  const pct = Number.isFinite(change.gainShare) ? ` (+${fmtInt(change.gainShare * 100)}%)` : '';
  const next = change.nextKind && change.nextKind !== change.kind ? `; then ${LIMIT_LABELS[change.nextKind].replace(/ \(.*\)$/, '')} binds` : '';
  return `${head} ${change.text[0]?.toUpperCase() ?? ''}${change.text.slice(1)}: ${fmtInt(fleetRps)} → ${fmtInt(change.fleetRpsAfter)} rps${pct}${next}.`;
}

/**
 * The verdict. `reanalyze` is analyzePlan with the same data (passed in by analyze-plan.ts); at most
 * three re-analyses of the web tier (each the numbers only, no curves).
 */
export function bottleneckOf(a: PlanAnalysis, reanalyze: (plan: Plan) => PlanAnalysis): BottleneckSection {
  const pool = poolCeilingOf(a);
  const others = [connectionCeiling(a), upstreamCeiling(a), ...dynamoCeilings(a)].filter((c): c is BottleneckCeiling => c !== null);
  const othersMin = (skip?: BottleneckCeiling) => Math.min(Infinity, ...others.filter((c) => c !== skip).map((c) => c.fleetRps));
  const current = Math.min(pool, othersMin());

  // The pool's limits, measured: each lift re-analysed. Which one binds is read from the pool's own
  // ceiling; the overall result is capped by the other ceilings.
  const memoryCapped = slotsCappedByMemory(a.web);
  const lifts = [cpuLift(a.plan, a.web), memoryCapped ? memoryLift(a.plan) : slotsLift(a.plan, a.web), speedLift(a.plan)].filter((l): l is Lift => l !== null);
  const measured = lifts.map((l) => ({ lift: l, poolAfter: liftedPoolCeiling(a, reanalyze(l.plan)) }));
  const helps = (m: { poolAfter: number }) => m.poolAfter - pool > MIN_GAIN_SHARE * Math.max(pool, 1);
  // Faster cores help every CPU-bound plan; they name the limit only when neither more cores nor
  // more slots help (the requests themselves are then too slow for the SLO).
  const bestPool = [...measured].filter((m) => m.lift.kind !== 'request-time' && helps(m)).sort((x, y) => y.poolAfter - x.poolAfter)[0];
  const poolKind: LimitKind = bestPool ? bestPool.lift.kind : 'request-time';
  const poolChanges: BottleneckChange[] = measured.map(({ lift, poolAfter }) => {
    const fleetRpsAfter = Math.min(poolAfter, othersMin());
    return { kind: lift.kind, text: lift.text, fleetRpsAfter, gainRps: fleetRpsAfter - current, gainShare: gainShareOf(current, fleetRpsAfter), nextKind: poolAfter <= othersMin() ? null : nearestKind(others, fleetRpsAfter) };
  });

  const ceilings: BottleneckCeiling[] = [{ kind: poolKind, fleetRps: pool, detail: poolDetail(a.web, poolKind) }, ...others].sort((x, y) => x.fleetRps - y.fleetRps);
  const binding = ceilings[0]!;

  // Lifting an outside ceiling: the overall result becomes the next-lowest ceiling.
  const outsideChanges: BottleneckChange[] = others.map((c) => {
    const fleetRpsAfter = Math.min(pool, othersMin(c));
    return { kind: c.kind, text: liftTextOf(c), fleetRpsAfter, gainRps: fleetRpsAfter - current, gainShare: gainShareOf(current, fleetRpsAfter), nextKind: fleetRpsAfter === pool ? poolKind : nearestKind(others.filter((o) => o !== c), fleetRpsAfter) };
  });
  // The change is the binding limit's own lift (what the verdict names), when it raises the load at all.
  const change = [...poolChanges, ...outsideChanges].find((c) => c.kind === binding.kind && c.gainRps > MIN_GAIN_SHARE * Math.max(current, 1)) ?? null;

  return { binding: binding.kind, fleetRps: current, ceilings, change, sentence: sentenceOf(binding.kind, current, change) };
}

function nearestKind(ceilings: readonly BottleneckCeiling[], rps: number): LimitKind | null {
  const hit = ceilings.find((c) => Math.abs(c.fleetRps - rps) <= 1e-9 * Math.max(1, rps));
  return hit ? hit.kind : null;
}

function poolDetail(web: SizingResult, kind: LimitKind): string {
  const perf = web.performance;
  const util = Number.isFinite(perf.current.cpuUtil) ? `${Math.round(perf.current.cpuUtil * 100)}%` : 'n/a';
  const slots = (web.gunicorn ?? web.phpfpm)?.concurrencySlots.value ?? 0;
  switch (kind) {
    case 'cpu':
      return `${perf.cpuServers.value} CPU servers at ${util} utilisation at the planned load`;
    case 'slots':
      return `${fmtInt(slots)} slots hold ${perf.inFlight.value.toFixed(1)} requests in flight at the planned load`;
    case 'memory':
      return `the memory budget (80% of RAM) caps the pool at ${fmtInt(slots)} slots`;
    default:
      return `the ${perf.sloPercentile} SLO of ${fmtInt(perf.sloMs)} ms leaves no room for queueing`;
  }
}
