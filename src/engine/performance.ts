/**
 * Plan-level performance: maps the app tier onto the queueing model (./perf/model.ts) and
 * converts between dynamic requests (which reach the app) and total requests (which include
 * static files nginx serves itself). Latencies are those of dynamic requests.
 */
import type { Plan, WorkerClass } from '../plan/schema';
import { appShare, nginxWorkerProcessesFor, type SizingContext } from './context';
import { stickyReach, type StickyReach } from './gunicorn';
import { UPSTREAM_KEEPALIVE } from './nginx';
import { fpmDefaultBacklog } from './php-fpm';
import { explain, round } from './explain';
import { IDLE_WAKE_MEASURED_TEXT } from '../plan/measured-costs';
import {
  closedLoopCurve,
  closedHerdingLoss,
  closedLoopPoint,
  maxRpsWithinSlo,
  openLoopCurve,
  openLoopPoint,
  saturationRps,
  IDLE_WAKE_WINDOW_MS,
  UNORDERED_NOISE_GIL,
  type CpuDiscipline,
  type PerfInput,
} from './perf/model';
import type { ClosedPoint, Explained, FpmSettings, GunicornSettings, InputValue, OpenPoint, PerformanceResult } from './types';

export interface CurveOptions {
  openPoints?: number;
  closedPoints?: number;
}

export interface AppPool {
  /** Concurrent requests the pool holds. */
  slots: number;
  /** Python processes (GIL: at most one core each); null for PHP, whose children are independent. */
  processes: number | null;
  /** Effective listen backlog in front of the pool. */
  backlog: number;
  /** How requests share the cores (absent = 'ps'): gevent/ASGI run each CPU burst to completion, and so do one gthread process's threads (the GIL). */
  cpuDiscipline?: CpuDiscipline;
  /** Run to completion because every busy thread is in one gthread process and takes turns on its GIL (GIL_SWITCH_INTERVAL_MS). */
  gilOneProcess?: boolean;
  /** Several requests share one Python process and are not served in arrival order (gevent hub, GIL handoff). */
  unorderedInProcess?: boolean;
  /** Its sharing-noise floor (model.ts UNORDERED_NOISE_*): gthread's GIL is nearer arrival order than gevent's hub. */
  unorderedNoiseFloor?: number;
  /** Keep-alive stickiness in effect: slots and processes above are those the connections reach. */
  sticky?: StickyReach & { workers: number; slotsConfigured: number };
}

/**
 * Python worker classes whose process runs one request's CPU burst to completion before switching
 * (cooperative greenlets / an event loop); sync and gthread processes are time-shared by the OS
 * (gthread threads by the GIL's 5 ms switch interval), like PHP-FPM children.
 */
const RUN_TO_COMPLETION: Record<WorkerClass, boolean> = { sync: false, gthread: false, gevent: true, asgi: true };

/**
 * CPython's GIL switch interval (sys.getswitchinterval(), 5 ms by default): a thread holding the GIL
 * hands it over on blocking I/O, and forcibly only once another thread has waited this long.
 */
export const GIL_SWITCH_INTERVAL_MS = 5;
/**
 * Longest CPU burst per request (ms) for which one gthread process counts as run to completion:
 * a little over two switch intervals (a burst is handed over about once). At 10–12 ms run to
 * completion is still the nearer p95 (worst 12.9 % against 17.8 %); from 13 ms processor sharing is
 * nearer on throughput and mean (perf/gil.test.ts). The switch at the cut-off is a jump (1 core,
 * 1 × 4 threads: capacity and p95 change at once), since the two disciplines are not blended. Against simulate.ts with the GIL's hand-over (perf/gil.test.ts, which
 * prints these), bursts 2.5–9 ms: run to completion's throughput within 4.4 % and p95 within 12.3 %
 * (medians 0.4 % and 3.1 %), processor sharing's up to 12.8 % and 26.6 % off. Bursts 15–30 ms:
 * processor sharing's throughput and mean are nearer (within 3.6 % and 3.9 %, run to completion
 * 6.3 % and 5.9 %) and so is its worst p95 (15.3 % against 20.5 %), though run to completion's
 * median p95 is nearer (7.4 % against 10.1 %).
 */
export const GIL_RUN_TO_COMPLETION_MAX_MS = 12;

/** The pool the performance model sees, from the sized app settings (one place for sizePlan and the optimizer). */
export function appPool(ctx: SizingContext, gunicorn: GunicornSettings | null, phpfpm: FpmSettings | null): AppPool {
  const plan = ctx.plan;
  const somaxconn = plan.system.somaxconn;
  if (!gunicorn) {
    return { slots: phpfpm ? phpfpm.concurrencySlots.value : 1, processes: null, backlog: fpmDefaultBacklog(plan.phpfpm.version, somaxconn).effective };
  }
  const pool: AppPool = {
    slots: gunicorn.concurrencySlots.value,
    processes: gunicorn.workers.value,
    backlog: Math.min(gunicorn.backlog.value, somaxconn),
  };
  const connections = plan.gunicorn.persistentConnections ?? nginxWorkerProcessesFor(plan) * UPSTREAM_KEEPALIVE;
  const reach = stickyReach(plan, gunicorn, connections);
  if (reach) {
    pool.sticky = { ...reach, workers: gunicorn.workers.value, slotsConfigured: pool.slots };
    pool.slots = reach.slots;
    pool.processes = reach.workersServing;
  }
  Object.assign(pool, inProcessScheduling(gunicorn.workerClass.value, gunicorn.concurrencySlots.value, gunicorn.workers.value, pool.processes!, ctx.cpuMsHost));
  return pool;
}

export type InProcessScheduling = Pick<AppPool, 'cpuDiscipline' | 'gilOneProcess' | 'unorderedInProcess' | 'unorderedNoiseFloor'>;

/**
 * How a Gunicorn pool's requests share the CPU inside its processes, from the worker class, the
 * configured slots and workers, the processes the connections reach (keep-alive stickiness) and
 * the CPU burst per request (ms on these cores). One place for appPool and perf/gil.test.ts, so
 * the test checks the fields production sets.
 */
export function inProcessScheduling(workerClass: WorkerClass, slots: number, workers: number, processesServing: number, cpuMsHost: number): InProcessScheduling {
  // The threads of one gthread process take turns on its GIL, which a burst keeps until it blocks
  // or a waiter has waited the switch interval: a burst of up to GIL_RUN_TO_COMPLETION_MAX_MS is
  // handed over about once at most, so the bursts run one after another, like gevent's hub. Longer bursts
  // round-robin in 5 ms slices, close to processor sharing, and several processes time-share the
  // cores: both stay 'ps'. Checked against simulate.ts with the GIL's hand-over (perf/gil.test.ts).
  const oneGthreadProcess = workerClass === 'gthread' && processesServing === 1;
  if (oneGthreadProcess && cpuMsHost <= GIL_RUN_TO_COMPLETION_MAX_MS) return { cpuDiscipline: 'fcfs', gilOneProcess: true };
  const out: InProcessScheduling = RUN_TO_COMPLETION[workerClass] ? { cpuDiscipline: 'fcfs' } : {};
  // Several requests per Python process are served in no fixed order (gevent's hub, the GIL
  // across processes). Not within one gthread process: its threads get the GIL close to the order
  // they started waiting for it (a burst runs to completion, or the waiter whose switch interval
  // ran out takes over), as in the simulation. UNORDERED_NOISE_GIL was fitted on 2 workers × 4 threads
  // (bench/realserver/fixtures/validation); on one process it put the p95 up to 31 % (bursts
  // ≤ 10 ms) and 42 % (15–30 ms) above simulate.ts (perf/gil.test.ts).
  if (slots > workers && workerClass !== 'sync' && !oneGthreadProcess) {
    out.unorderedInProcess = true;
    if (workerClass === 'gthread') out.unorderedNoiseFloor = UNORDERED_NOISE_GIL;
  }
  return out;
}

/** The PerfInput fields of a pool's in-process scheduling (one mapping for perfInput and perf/gil.test.ts). */
export function schedulingInput(pool: InProcessScheduling): Pick<PerfInput, 'cpuDiscipline' | 'gilSliceMs' | 'unorderedInProcess' | 'unorderedNoiseFloor'> {
  return {
    ...(pool.cpuDiscipline === 'fcfs' ? { cpuDiscipline: 'fcfs' as const } : {}),
    ...(pool.gilOneProcess ? { gilSliceMs: GIL_SWITCH_INTERVAL_MS } : {}),
    ...(pool.unorderedInProcess ? { unorderedInProcess: true } : {}),
    ...(pool.unorderedNoiseFloor !== undefined ? { unorderedNoiseFloor: pool.unorderedNoiseFloor } : {}),
  };
}

export function perfInput(ctx: SizingContext, pool: AppPool): PerfInput {
  const w = ctx.plan.workload;
  const cpuServers = pool.processes === null ? ctx.cpuCapacity : Math.min(ctx.cpuCapacity, pool.processes);
  return {
    slots: Math.max(1, Math.round(pool.slots)),
    cpuServers: Math.max(0.01, cpuServers),
    cpuMs: ctx.cpuMsHost,
    cpuCv: w.cpuCv,
    ioMs: ctx.ioMs,
    ioCv: w.ioCv,
    queueLimit: Math.max(0, Math.round(pool.backlog)),
    ...schedulingInput(pool),
    machineCpuServers: Math.max(0.01, ctx.cpuCapacity),
    ...(ctx.idleWakeCpuMsHost > 0 ? { idleWakeCpuMs: ctx.idleWakeCpuMsHost } : {}),
  };
}

const finite = (n: number) => (Number.isFinite(n) && n > 0 ? n : 0);

function toTotal(p: OpenPoint, dynamicShare: number, staticRps: number): OpenPoint {
  return toTotalInPlace({ ...p }, dynamicShare, staticRps);
}

/** Dynamic-request point → total requests at nginx (static files add throughput, not latency). */
function toTotalInPlace(p: OpenPoint, dynamicShare: number, staticRps: number): OpenPoint {
  p.offeredRps = p.offeredRps / dynamicShare;
  p.throughputRps = p.throughputRps + staticRps;
  return p;
}

/** Inputs shown only when an opt-in effect applies (overhead, stickiness), so today's plans explain themselves as before. */
function modelNotes(plan: Plan, pool: AppPool): Record<string, InputValue> {
  const notes: Record<string, InputValue> = {};
  if (plan.workload.frameworkOverheadMsRef > 0) notes.frameworkOverheadMsRef = plan.workload.frameworkOverheadMsRef;
  if (plan.workload.idleWakeCpuMsRef > 0) notes.idleWakeCpuMsRef = plan.workload.idleWakeCpuMsRef;
  if (pool.sticky) {
    notes.persistentConnections = pool.sticky.connections;
    notes.workersServing = `${pool.sticky.workersServing} of ${pool.sticky.workers}`;
    notes.slotsConfigured = pool.sticky.slotsConfigured;
  }
  return notes;
}

const FCFS_WHY =
  'A gevent/ASGI process runs each CPU burst to completion before switching greenlets, so bursts queue one after another: with ' +
  'regular request times the pool pipelines (one computes while the others wait on I/O) and reaches its bound with a sharp knee ' +
  '(checked against the discrete-event simulation, model.test.ts).';

const GIL_WHY =
  `Every busy thread is in one gthread process, and its threads take turns on the GIL: a burst keeps it until it blocks on I/O, or until ` +
  `another thread has waited the switch interval (${GIL_SWITCH_INTERVAL_MS} ms), so bursts of up to ${GIL_RUN_TO_COMPLETION_MAX_MS} ms run one after ` +
  "another as in gevent's hub (run to completion; longer bursts round-robin in slices and several gthread processes time-share the cores: " +
  "processor sharing). Checked against the discrete-event simulation with the GIL's hand-over (perf/gil.test.ts). The model " +
  `switches discipline at ${GIL_RUN_TO_COMPLETION_MAX_MS} ms, so capacity and latency jump there (the real change is gradual).`;

function stickyWhy(s: NonNullable<AppPool['sticky']>): string {
  return (
    `Keep-alive stickiness: ${s.connections} persistent connections stay on the workers that accepted them; a worker accepts up to ` +
    `worker_connections, so they reach ${s.workersServing} of ${s.workers} workers (${s.slots} of ${s.slotsConfigured} slots) and the rest idle. ` +
    'This is the worst case of a race; connections spread evenly give the other bound. An uneven split (measured: 32 connections as 13 + 19 ' +
    'on two gthread workers, in four runs) has its throughput and mean between the two, but its tail is the busier worker\'s queue, above both p95s.'
  );
}

/** Measured on this project's machine: the empty-app sweeps of bench/realserver (fixtures/measured/overhead-*). */
function overheadWhy(plan: Plan): string {
  const o = plan.workload.frameworkOverheadMsRef;
  return o > 0
    ? `CPU per request includes ${o} ms of server overhead (workload.frameworkOverheadMsRef).`
    : 'CPU per request is the app\'s cpuMs alone; if you measured it inside the app, add the server\'s own overhead with ' +
        'workload.frameworkOverheadMsRef (measured here on an empty app: Gunicorn 20.1 ≈ 0.10–0.16 ms for sync, gthread and gevent; ' +
        'PHP-FPM 8.2 ≈ 0.05 ms, plus ≈ 0.04 ms in nginx for FastCGI).';
}

/**
 * The SLO percentile at the planned load, with the approximation behind it and where the
 * discrete-event simulation (simulate.ts, model.test.ts) checked it.
 */
function explainLatency(w: Plan['workload'], current: OpenPoint, input: PerfInput, herdLoss: number): Explained {
  const pct = w.sloPercentile;
  const value = pct === 'p50' ? current.p50Ms : pct === 'p95' ? current.p95Ms : current.p99Ms;
  const closed = w.mode === 'closed';
  const fcfs = input.cpuDiscipline === 'fcfs';
  const gil = fcfs && input.gilSliceMs !== undefined;
  return explain(round(value, 2), {
    key: 'latency_at_plan',
    label: `${pct} latency at the planned load`,
    unit: 'ms',
    formula: closed
      ? 'closed loop: birth–death chain of the users in front of the flow-equivalent pool; wait for a slot = 1 + j departures of the full pool, ' +
        'each as regular as its in-slot time (cs²); in-slot time a gamma (Little\'s law mean); CPU-sharing noise weighted by how much the busy count fluctuates' +
        (herdLoss > 0 ? '; pool throughput lowered for workers herded into step by the idle-wake cost (herding.ts)' : '')
      : 'open loop: Poisson arrivals into the flow-equivalent pool (birth–death chain capped at slots + backlog); wait for a slot with the ' +
        'Allen–Cunneen factor (1 + cs²)/2; in-slot time a gamma (Little\'s law mean, CPU/I-O CVs plus a CPU-sharing term); wait ⊛ in-slot time solved for the percentile',
    inputs: {
      meanMs: round(current.meanMs, 2),
      p50Ms: round(current.p50Ms, 2),
      p95Ms: round(current.p95Ms, 2),
      p99Ms: round(current.p99Ms, 2),
      cpuSharing: gil ? 'run to completion (one gthread process: its GIL)' : fcfs ? 'run to completion (gevent/ASGI)' : 'processor sharing',
      ...(herdLoss > 0 ? { herdingThroughputLoss: round(herdLoss, 4) } : {}),
    },
    why:
      (closed
        ? 'DES-checked (model.test.ts) on 8 closed-loop shapes × CV 0.2/0.5/1 × both CPU disciplines: p50/p95/p99 within 15%. '
        : 'DES-checked (model.test.ts) on 32 random open-loop plans at 30–85% load: throughput within 5%, mean 10%, p95 15% ' +
          '(worst seen 1%, 2.4%, 3.4%); reduces to Erlang C (DOMAIN.md E.1) with one slot per core and no I/O. ') +
      'Percentiles come from one latency distribution, never added (DOMAIN.md E.1). Validated on real Gunicorn/PHP-FPM sweeps in ' +
      'src/engine/perf/measured.test.ts.' +
      (gil ? ` ${GIL_WHY}` : fcfs ? ` ${FCFS_WHY}` : '') +
      (herdLoss > 0 ? ` ${herdingWhy(herdLoss)}` : ''),
  });
}

/** Why a closed loop with an idle-wake cost loses throughput to herding, and which approximation gives it. */
function herdingWhy(loss: number): string {
  return (
    `Herding: ${round(loss * 100, 1)} % of the throughput is lost because regular requests on few time-shared cores fall into step ` +
    '(the one that wakes an idle core runs longest, the others catch up, then all wait while the cores idle). Approximation: ' +
    'the product form minus a share of the gap to the herded cycle n·s/c + wake + I/O, the share from the wake\'s pull per cycle ' +
    'against the spread the CVs (and think time) add; its four constants fitted to the discrete-event simulation, not to measurements ' +
    '(herding.ts; model.test.ts checks it on a held-out grid).'
  );
}

export function sizePerformance(ctx: SizingContext, pool: AppPool, opts: CurveOptions = {}): PerformanceResult {
  const w = ctx.plan.workload;
  const input = perfInput(ctx, pool);
  // Share of the load at nginx that reaches the app (static files and microcache hits do not).
  const dynShare = appShare(ctx.plan);
  const satDyn = finite(saturationRps(input));
  const capacityTotal = satDyn / dynShare;
  const sloDyn = finite(maxRpsWithinSlo(input, w.sloPercentile, w.sloMs));
  const { current, currentClosed, plannedRps } = plannedPoint(ctx, input, dynShare);
  const curves = lazyCurves(ctx, input, dynShare, satDyn, opts);
  const herdLoss = herdLossAt(ctx, input, dynShare);
  return {
    capacityRps: capacityExplained(ctx.plan, pool, input, dynShare, capacityTotal, herdLoss),
    sloMaxRps: sloMaxExplained(w, sloDyn / dynShare),
    limitsRps: { capacity: capacityTotal, sloMax: sloDyn / dynShare },
    naiveBoundRps: naiveBoundExplained(input, dynShare),
    inFlight: inFlightExplained(current, input, dynShare),
    cpuServers: cpuServersExplained(ctx, pool, input),
    cpuMsPerRequest: cpuMsExplained(ctx, current, input, dynShare),
    machineCpuUtil: machineCpuExplained(ctx, current, input, dynShare),
    latencyMs: explainLatency(w, current, input, herdLoss),
    current,
    currentClosed,
    get openCurve() {
      return curves.open();
    },
    get closedCurve() {
      return curves.closed();
    },
    sloMs: w.sloMs,
    sloPercentile: w.sloPercentile,
    plannedRps,
  };
}

/**
 * Capacity to 0.1 rps, or to 2 significant digits below 1 rps: a pool of one PHP child at 60 s of
 * CPU per request completes 0.017 rps, which 0.1-rps rounding would show as no capacity at all.
 */
const roundCapacityRps = (rps: number): number => (rps > 0 && rps < 1 ? Number(rps.toPrecision(2)) : round(rps, 1));

function capacityExplained(plan: Plan, pool: AppPool, input: PerfInput, dynShare: number, capacityTotal: number, herdLoss: number): Explained {
  return explain(roundCapacityRps(capacityTotal), {
    key: 'capacity_rps',
    label: 'Capacity',
    unit: 'rps',
    formula: 'pool saturation throughput X(N) (CPU + I/O network, MVA) / share reaching the app ((1 − static) × (1 − microcache hits))',
    inputs: {
      slots: input.slots,
      cpuServers: round(input.cpuServers, 2),
      cpuMsHost: round(input.cpuMs, 2),
      ioWaitMs: input.ioMs,
      appShare: round(dynShare, 4),
      ...modelNotes(plan, pool),
    },
    why:
      'The most the server completes per second when every slot is busy: requests share the cores while computing and hold a slot while ' +
      'waiting on I/O. Static files are served by nginx and not limited by the app pool.' +
      (pool.sticky ? ` ${stickyWhy(pool.sticky)}` : '') +
      // The fleet optimizer sizes on this figure too, so a plan that herds must say it is left out.
      (herdLoss > 0
        ? ' Herding is not included: with these users the closed loop levels off lower (its loss is in the latency explanation), ' +
          'and the fleet sizing, which uses this capacity, does not see it.'
        : ''),
  });
}

function naiveBoundExplained(input: PerfInput, dynShare: number): Explained {
  const naiveDyn = Math.min(
    input.slots / Math.max(1e-9, (input.cpuMs + input.ioMs) / 1000),
    input.cpuMs > 0 ? input.cpuServers / (input.cpuMs / 1000) : Infinity,
  );
  return explain(round(finite(naiveDyn) / dynShare, 1), {
    key: 'naive_bound_rps',
    label: 'Naive bound (no interaction)',
    unit: 'rps',
    formula: 'min(slots / (cpu + io), cpu servers / cpu) / dynamic share',
    inputs: { slots: input.slots, cpuServers: round(input.cpuServers, 2), cpuMsHost: round(input.cpuMs, 2), ioWaitMs: input.ioMs },
    why: 'Ignores that a request waiting for a core still holds its slot; near the knee it overestimates throughput, which is why the model above is used.',
  });
}

function sloMaxExplained(w: Plan['workload'], sloMaxTotalRps: number): Explained {
  return explain(round(sloMaxTotalRps, 1), {
    key: 'slo_max_rps',
    label: `Max load within ${w.sloPercentile} ≤ ${w.sloMs} ms`,
    unit: 'rps',
    formula: `highest offered load whose ${w.sloPercentile} latency ≤ SLO (bisection on the model)`,
    inputs: { sloMs: w.sloMs, percentile: w.sloPercentile },
    why: 'Latency grows sharply near saturation; the SLO usually breaks well before the capacity.',
  });
}

/**
 * The closed loop's throughput lost to herding at the planned users (0 in the open loop, without an
 * idle-wake cost, or below 0.005 %, where the explanation's 4 decimals would show 0).
 */
function herdLossAt(ctx: SizingContext, input: PerfInput, dynShare: number): number {
  const w = ctx.plan.workload;
  if (w.mode !== 'closed' || !((input.idleWakeCpuMs ?? 0) > 0)) return 0;
  const loss = finite(closedHerdingLoss(input, w.concurrentUsers, w.thinkTimeMs / dynShare));
  return loss >= 5e-5 ? loss : 0;
}

/** The point at the planned load (total rps): open loop at the planned rate, or the closed loop's users. */
function plannedPoint(
  ctx: SizingContext,
  input: PerfInput,
  dynShare: number,
): { current: OpenPoint; currentClosed: ClosedPoint | null; plannedRps: number } {
  const w = ctx.plan.workload;
  if (w.mode !== 'closed') {
    const staticRps = ctx.totalRps * (1 - dynShare);
    return { current: toTotal(openLoopPoint(input, ctx.dynamicRps), dynShare, staticRps), currentClosed: null, plannedRps: ctx.totalRps };
  }
  const c = closedLoopPoint(input, w.concurrentUsers, w.thinkTimeMs / dynShare);
  const closed: ClosedPoint = { ...c, thinkMs: w.thinkTimeMs, throughputRps: c.throughputRps / dynShare };
  // Utilisation at the users' throughput; latency from the closed chain itself (a fixed population
  // queues less, and more regularly, than Poisson arrivals at the same rate).
  const atRate = openLoopPoint(input, c.throughputRps);
  const current = toTotal(
    { ...atRate, meanMs: c.meanMs, p50Ms: c.p50Ms, p95Ms: c.p95Ms, p99Ms: c.p99Ms },
    dynShare,
    c.throughputRps / dynShare - c.throughputRps,
  );
  return { current, currentClosed: closed, plannedRps: closed.throughputRps };
}

function inFlightExplained(current: OpenPoint, input: PerfInput, dynShare: number): Explained {
  return explain(round((current.throughputRps * dynShare * current.meanMs) / 1000, 2), {
    key: 'in_flight',
    label: 'Requests in flight in the app',
    formula: 'dynamic throughput × mean latency (Little\'s law)',
    inputs: { dynamicRps: round(current.throughputRps * dynShare, 2), meanMs: round(current.meanMs, 2), slots: input.slots },
    why: 'L = λ·W holds for any stable system (DOMAIN.md E.4); the pool needs at least this many slots plus headroom.',
  });
}

function cpuMsExplained(ctx: SizingContext, current: OpenPoint, input: PerfInput, dynShare: number): Explained {
  const w = ctx.plan.workload;
  const wake = wakeNote(ctx, current, input, dynShare);
  return explain(round(ctx.cpuMsHost, 3), {
    key: 'cpu_ms_per_request',
    label: 'CPU per dynamic request on this machine',
    unit: 'ms',
    formula: '(app cpuMs + framework overhead) / per-core speed' + (wake ? '; at the planned load + idle-wake share' : ''),
    inputs: { cpuMs: w.cpuMs, frameworkOverheadMsRef: w.frameworkOverheadMsRef, idleWakeCpuMsRef: w.idleWakeCpuMsRef, perCoreSpeed: ctx.plan.hardware.perCoreSpeed, ...wake?.inputs },
    why: `${overheadWhy(ctx.plan)} ${wake ? wake.why : WAKE_OFF_WHY}`,
  });
}

const WAKE_OFF_WHY =
  'A request that finds its core idle costs more CPU (cold caches after the gap); it is not counted unless ' +
  `workload.idleWakeCpuMsRef is set (measured here on empty apps: ${IDLE_WAKE_MEASURED_TEXT}).`;

/** The idle-wake share at the planned load (workload.idleWakeCpuMsRef > 0 only, so other plans explain themselves as before). */
function wakeNote(ctx: SizingContext, current: OpenPoint, input: PerfInput, dynShare: number): { inputs: Record<string, InputValue>; why: string } | null {
  const wakeMs = ctx.plan.workload.idleWakeCpuMsRef;
  if (!(wakeMs > 0)) return null;
  const dynPerMs = (current.throughputRps * dynShare) / 1000;
  const atLoadMs = dynPerMs > 0 ? (current.cpuUtil * input.cpuServers) / dynPerMs : ctx.cpuMsHost + ctx.idleWakeCpuMsHost;
  return {
    inputs: { idleWakeCpuMsRef: wakeMs, cpuMsAtPlannedLoad: round(atLoadMs, 3) },
    why:
      `A request that finds its core idle costs up to ${round(ctx.idleWakeCpuMsHost, 3)} ms more (cold caches after the gap, building up over ` +
      `${IDLE_WAKE_WINDOW_MS} ms of idling): cpu + wake × (1 − u) / (1 + λτ/c), ${round(atLoadMs, 3)} ms at the planned load and the bare cost ` +
      'once the cores stay busy, so a CPU-bound capacity is unchanged (checked against the discrete-event simulation, model.test.ts; ' +
      'measured on the real servers, bench/realserver/wake-cost.sh).',
  };
}

function machineCpuExplained(ctx: SizingContext, current: OpenPoint, input: PerfInput, dynShare: number): Explained {
  return explain(round(current.machineCpuUtil, 4), {
    key: 'cpu_util_machine',
    label: 'CPU busy, share of the whole machine',
    formula: 'dynamic throughput × CPU per request / (physical cores × (1 + SMT gain × min(1, threads/cores − 1)))',
    inputs: {
      dynamicRps: round(current.throughputRps * dynShare, 2),
      cpuMsHost: round(input.cpuMs, 3),
      machineCores: round(ctx.cpuCapacity, 2),
      shareOfAppCpuServers: round(current.cpuUtil, 4),
    },
    why:
      'What top or a monitoring agent shows for the whole machine (in reference cores with the SMT gain), whereas the CPU servers figure ' +
      'counts only the cores the app can use: fewer Python processes than cores leave the rest idle whatever the load.',
  });
}

function cpuServersExplained(ctx: SizingContext, pool: AppPool, input: PerfInput): Explained {
  return explain(round(input.cpuServers, 2), {
    key: 'cpu_servers',
    label: 'CPU servers used by the app',
    unit: 'cores',
    formula: pool.processes === null ? 'effective CPU capacity' : 'min(effective CPU capacity, Python processes)',
    inputs: { cpuCapacity: round(ctx.cpuCapacity, 2), processes: pool.processes ?? 'no cap (PHP children)' },
    why:
      pool.processes === null
        ? 'Each PHP child is its own process and can use any core.'
        : 'Python runs one thread per process at a time (GIL), so a process uses at most one core (DOMAIN.md F.6).',
  });
}

/**
 * The curves cost more than the rest and only the (lagged) charts and the CLI read them: they are
 * computed on first read and kept (deterministic, so the result is the same either way). A slider
 * move then computes the numbers only. The model's points are fresh objects, so they are converted
 * to totals in place (no second copy of every point).
 */
function lazyCurves(ctx: SizingContext, input: PerfInput, dynShare: number, satDyn: number, opts: CurveOptions) {
  const w = ctx.plan.workload;
  const capacityTotal = satDyn / dynShare;
  const maxOpen = Math.max(capacityTotal * 1.5, ctx.totalRps * 1.2, 1);
  const thinkDynMs = w.thinkTimeMs / dynShare;
  // Users that saturate the pool: capacity × (think + response) (response-time law), with room past the knee.
  const usersAtKnee = (satDyn * (thinkDynMs + input.cpuMs + input.ioMs)) / 1000;
  const maxUsers = Math.max(2, Math.ceil(Math.max(usersAtKnee * 2, w.mode === 'closed' ? w.concurrentUsers * 1.2 : 0)));
  let open: OpenPoint[] | null = null;
  let closed: ClosedPoint[] | null = null;
  return {
    open(): OpenPoint[] {
      if (open) return open;
      open = openLoopCurve(input, maxOpen * dynShare, opts.openPoints ?? 60);
      for (const p of open) toTotalInPlace(p, dynShare, (p.offeredRps / dynShare) * (1 - dynShare));
      return open;
    },
    closed(): ClosedPoint[] {
      if (closed) return closed;
      closed = closedLoopCurve(input, maxUsers, thinkDynMs, opts.closedPoints ?? 40);
      for (const p of closed) {
        p.thinkMs = w.thinkTimeMs;
        p.throughputRps = p.throughputRps / dynShare;
      }
      return closed;
    },
  };
}
