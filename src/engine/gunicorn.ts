/**
 * Gunicorn settings. Facts from DOMAIN.md section A (gunicorn config.py defaults, design docs).
 */
import type { Plan, WorkerClass } from '../plan/schema';
import { MEMORY_TARGET_SHARE, type SizingContext } from './context';
import { explain, pinnable, round } from './explain';
import type { Explained, GunicornSettings } from './types';

/** Below this I/O share, sync workers ((2 × cores) + 1, two per core) keep every core busy. */
const GTHREAD_IO_SHARE = 0.5;
/** Above this I/O share a request mostly waits: cooperative greenlets are the cheap way to wait. */
const GEVENT_IO_SHARE = 0.9;
/** Threads beyond this per process queue on boto3's 10-connection pool (DOMAIN.md D.5, F.7). */
export const BOTO3_POOL_CONNECTIONS = 10;
const MAX_THREADS = 32;

export function recommendWorkerClass(ctx: SizingContext): Explained<WorkerClass> {
  const chosen = ctx.plan.gunicorn.workerClass;
  const io = ctx.ioShare;
  const rec: WorkerClass = io < GTHREAD_IO_SHARE ? 'sync' : io < GEVENT_IO_SHARE ? 'gthread' : 'gevent';
  const base = explain<WorkerClass>(chosen ?? rec, {
    key: 'worker_class',
    label: 'Worker class',
    formula: `I/O share < ${GTHREAD_IO_SHARE} → sync; < ${GEVENT_IO_SHARE} → gthread; else gevent`,
    inputs: { ioShare: round(io, 3), cpuMsHost: round(ctx.cpuMsHost, 2), ioWaitMs: ctx.ioMs },
    why:
      'A request that waits on I/O holds a sync worker idle. Two sync workers per core cover an I/O share up to ½; ' +
      'beyond that threads (gthread) let a process wait on several requests; above 90% waiting, greenlets (gevent) ' +
      'wait most cheaply. ASGI is offered only when you choose it: it needs an async framework. (DOMAIN.md A.2)',
    serverDefault: 'sync',
  });
  if (chosen !== null) {
    return { ...base, pinned: true, formula: `chosen by you (recommended: ${rec})` };
  }
  return base;
}

/** Worker classes that monkey-patch (gevent) or run an event loop (ASGI) only after the fork. */
export const ASYNC_WORKER_CLASSES: ReadonlySet<WorkerClass> = new Set(['gevent', 'asgi']);

/**
 * Is the app preloaded? Not with gevent/ASGI workers: preload imports the app in the master, before
 * the worker monkey-patches sockets, ssl and threading, so clients created at import time (boto3,
 * DB pools) keep blocking, unpatched objects (gunicorn issue #1566, gevent docs "patch early").
 */
export function effectivePreload(plan: Plan, wc: WorkerClass): boolean {
  return plan.gunicorn.preload && !ASYNC_WORKER_CLASSES.has(wc);
}

/** Memory a worker adds beyond what preload shares, in MiB. */
function perWorkerMiB(plan: Plan, wc: WorkerClass, connsPerWorker: number): number {
  const g = plan.gunicorn;
  const unique = effectivePreload(plan, wc) ? g.workerMemMiB * (1 - g.preloadSharedShare) : g.workerMemMiB;
  return unique + (connsPerWorker * g.perConnectionMemKiB) / 1024;
}

/** Memory shared copy-on-write by all workers with --preload, counted once (DOMAIN.md F.4). */
export function preloadSharedMiB(plan: Plan, wc: WorkerClass): number {
  return effectivePreload(plan, wc) ? plan.gunicorn.workerMemMiB * plan.gunicorn.preloadSharedShare : 0;
}

/**
 * Requests an async worker (gevent/ASGI) may hold at once in the worst case the config allows:
 * every accepted connection in flight, bounded by what arrives during one worker timeout
 * (min(workers × worker_connections, rate × timeout), issue 12 item 11), per worker.
 */
export function asyncWorstInFlightPerWorker(workers: number, workerConnections: number, dynamicRps: number, timeoutS: number): number {
  const perWorkerArrivals = Math.ceil((dynamicRps * Math.max(1, timeoutS)) / Math.max(1, workers));
  return Math.max(1, Math.min(workerConnections, perWorkerArrivals));
}

/** In-flight requests per worker for memory accounting (threads, or expected greenlets). */
export function memoryConnsPerWorker(workerClass: WorkerClass, threads: number, workers: number, expectedInFlight: number): number {
  if (workerClass === 'sync') return 0;
  if (workerClass === 'gthread') return threads;
  return Math.ceil(expectedInFlight / Math.max(1, workers));
}

/** What every Gunicorn setting below starts from: the worker class and the load it must hold. */
interface GunicornBasis {
  ctx: SizingContext;
  plan: Plan;
  wc: WorkerClass;
  /** Little's law (DOMAIN.md E.4): requests in a worker at the planned load, uncontended. */
  inFlight: number;
  /** Target slots: twice the planned in-flight count (slot utilisation ≤ 50%) or enough to saturate the CPUs. */
  slotTarget: number;
  /** The docs' (2 × cores) + 1. */
  docsFormula: number;
  /** RAM left for the workers under the 80% line, in MiB. */
  appBudgetMiB: number;
}

function gunicornBasis(ctx: SizingContext, wc: WorkerClass): GunicornBasis {
  const { plan } = ctx;
  const inFlight = (ctx.dynamicRps * ctx.bareServiceMs) / 1000;
  // Requests that must be in flight for every core to stay busy while others wait on I/O.
  const cpuBusySlots = ctx.cpuMsHost > 0 ? Math.ceil(ctx.cpuCapacity * (ctx.bareServiceMs / ctx.cpuMsHost)) : 1;
  const slotTarget = Math.max(Math.ceil(2 * inFlight), cpuBusySlots, 1);
  const docsFormula = 2 * plan.hardware.physicalCores + 1;
  const appBudgetMiB =
    ctx.ramMiB * MEMORY_TARGET_SHARE - plan.memory.osReserveMiB - plan.memory.otherProcessesMiB - ctx.nginxMiB - plan.gunicorn.masterMemMiB - preloadSharedMiB(plan, wc);
  return { ctx, plan, wc, inFlight, slotTarget, docsFormula, appBudgetMiB };
}

/**
 * Threads come first: they change per-worker memory, hence the worker count. `workers` is the
 * process count the threads are shared over: the docs' (2 × cores) + 1, or the memory-capped count.
 */
function gunicornThreads(b: GunicornBasis, workers: number): Explained<number> {
  const { wc, slotTarget } = b;
  const threadsRec = wc === 'gthread' ? Math.min(MAX_THREADS, Math.max(2, Math.ceil(slotTarget / workers))) : 1;
  return pinnable(
    b.plan.pins,
    'gunicornThreads',
    explain(threadsRec, {
      key: 'threads',
      label: 'Threads per worker',
      formula: wc === 'gthread' ? `clamp(⌈slot target / workers⌉, 2, ${MAX_THREADS})` : '1 (only gthread uses threads)',
      inputs: { workerClass: wc, slotTarget, workers },
      why:
        wc === 'gthread'
          ? 'Enough threads that the pool holds twice the in-flight requests at the planned load (Little\'s law), and ' +
            'enough waiting requests to keep each core busy. Python runs one thread per process at a time (GIL), so threads add waiting capacity, not CPU.'
          : 'The threads setting only affects the gthread worker; with threads > 1 a sync worker silently becomes gthread (DOMAIN.md A.2).',
      serverDefault: 1,
    }),
  );
}

function gunicornWorkers(b: GunicornBasis, threads: number): Explained<number> {
  const { plan, wc, slotTarget, docsFormula, appBudgetMiB } = b;
  const cores = plan.hardware.physicalCores;
  const connsForMemory = memoryConnsPerWorker(wc, threads, docsFormula, 2 * b.inFlight);
  const perWorker = perWorkerMiB(plan, wc, connsForMemory);
  const memoryCap = Math.max(1, Math.floor(appBudgetMiB / perWorker));
  // A sync pool needs more processes than the docs' formula when requests mostly wait (Little's law).
  const need = wc === 'sync' ? Math.max(docsFormula, Math.min(slotTarget, 4 * cores + 1)) : docsFormula;
  const workersRec = Math.max(1, Math.min(need, memoryCap));
  return pinnable(
    plan.pins,
    'gunicornWorkers',
    explain(workersRec, {
      key: 'workers',
      label: 'Workers',
      formula:
        wc === 'sync'
          ? 'min(max(2 × cores + 1, min(slot target, 4 × cores + 1)), memory cap)'
          : 'min(2 × cores + 1, memory cap)',
      inputs: {
        physicalCores: cores,
        '2×cores+1': docsFormula,
        slotTarget,
        memoryCap,
        appMemoryBudgetMiB: Math.round(appBudgetMiB),
        perWorkerMiB: round(perWorker, 1),
      },
      why:
        'Gunicorn recommends (2 × cores) + 1 to start (DOMAIN.md A.1: one worker per core computing while another does I/O); ' +
        'a sync pool whose requests mostly wait needs enough processes to hold the in-flight requests, up to the config help\'s ' +
        '2–4 × cores. Capped so the whole memory budget stays under 80% of RAM.',
      serverDefault: 1,
    }),
  );
}

function gunicornTimeout(plan: Plan): Explained<number> {
  const slowS = plan.workload.slowestRequestS;
  return pinnable(
    plan.pins,
    'gunicornTimeoutS',
    explain(Math.max(30, Math.ceil(slowS * 1.5)), {
      key: 'timeout',
      label: 'Worker timeout',
      unit: 's',
      formula: 'max(30, ⌈1.5 × slowest request⌉)',
      inputs: { slowestRequestS: slowS },
      why:
        'A worker silent for longer is killed and restarted (DOMAIN.md A.3, default 30 s). It must exceed the slowest legitimate ' +
        'request, or sync workers die mid-request; nginx\'s proxy_read_timeout sits above it (timeout ladder, DOMAIN.md F.3).',
      serverDefault: 30,
    }),
  );
}

function gunicornWorkerConnections(b: GunicornBasis, workers: number, threads: number): Explained<number> {
  const { plan, wc, inFlight, docsFormula, appBudgetMiB } = b;
  const g = plan.gunicorn;
  const wcDefault = 1000;
  const isAsync = ASYNC_WORKER_CLASSES.has(wc);
  // Async workers: every connection may be a request in flight, so the count is capped to what the
  // memory budget left per worker can hold at perConnectionMemKiB each (issue 12 item 11).
  const uniqueMiB = perWorkerMiB(plan, wc, 0);
  const asyncMemCap =
    g.perConnectionMemKiB > 0 ? Math.max(1, Math.floor(((appBudgetMiB / Math.max(1, workers) - uniqueMiB) * 1024) / g.perConnectionMemKiB)) : Infinity;
  let wcRec = wcDefault;
  if (isAsync) {
    wcRec = Math.max(1, Math.min(Math.max(wcDefault, Math.ceil((4 * inFlight) / docsFormula)), asyncMemCap));
  } else if (wc === 'gthread') {
    // gthread: keep-alive connections per worker = worker_connections − threads (DOMAIN.md A.3).
    wcRec = Math.max(wcDefault, threads * 4);
  }
  return pinnable(
    plan.pins,
    'gunicornWorkerConnections',
    explain(wcRec, {
      key: 'worker_connections',
      label: 'Worker connections',
      formula: isAsync ? 'min(max(1000, ⌈4 × in-flight / workers⌉), memory cap per worker)' : wc === 'gthread' ? 'max(1000, 4 × threads)' : '1000 (unused by sync)',
      inputs: { workerClass: wc, inFlight: round(inFlight, 2), threads, ...(isAsync ? { memoryCapPerWorker: Number.isFinite(asyncMemCap) ? asyncMemCap : 'none' } : {}) },
      why:
        'Maximum simultaneous clients per worker. For gevent/ASGI it bounds concurrent requests per process, so it is capped to the connections the memory budget can hold at the worst case; for gthread the ' +
        'connections beyond the thread count wait in keep-alive. Default 1000 (DOMAIN.md A.3).',
      serverDefault: 1000,
    }),
  );
}

function gunicornConcurrency(wc: WorkerClass, workers: number, threads: number, workerConnections: number): Explained<number> {
  return explain(concurrencySlots(wc, workers, threads, workerConnections), {
    key: 'concurrency_slots',
    label: 'Concurrent requests the pool holds',
    formula: wc === 'sync' ? 'workers' : wc === 'gthread' ? 'workers × threads' : 'workers × worker_connections',
    inputs: { workerClass: wc, workers, threads, workerConnections },
    why: 'The concurrency limit of the app tier (DOMAIN.md F.6): further requests wait in the listen backlog.',
  });
}

function gunicornGracefulTimeout(plan: Plan): Explained<number> {
  const slowS = plan.workload.slowestRequestS;
  return pinnable(
    plan.pins,
    'gunicornGracefulTimeoutS',
    explain(Math.max(30, Math.ceil(slowS * 1.2)), {
      key: 'graceful_timeout',
      label: 'Graceful timeout',
      unit: 's',
      formula: 'max(30, ⌈1.2 × slowest request⌉)',
      inputs: { slowestRequestS: slowS },
      why: 'On reload or shutdown, workers get this long to finish in-flight requests before being killed; enough for the slowest request.',
      serverDefault: 30,
    }),
  );
}

function gunicornKeepalive(plan: Plan, wc: WorkerClass): Explained<number> {
  const upstreamKeepalive = wc !== 'sync';
  return pinnable(
    plan.pins,
    'gunicornKeepaliveS',
    explain(upstreamKeepalive ? 75 : 2, {
      key: 'keepalive',
      label: 'Keep-alive',
      unit: 's',
      formula: upstreamKeepalive ? "nginx upstream keepalive_timeout (60 s) + 15 s" : '2 (default; the sync worker ignores keep-alive)',
      inputs: { workerClass: wc, nginxUpstreamKeepaliveTimeoutS: 60 },
      why: upstreamKeepalive
        ? 'Behind nginx with upstream keep-alive, the backend must keep idle connections open longer than nginx does (60 s), or nginx reuses a connection the backend just closed (DOMAIN.md F.3).'
        : 'The sync worker does not support persistent connections (DOMAIN.md A.2), so the value has no effect.',
      serverDefault: 2,
    }),
  );
}

/** Recycle each worker about once an hour at the planned load, rounded to a readable number. */
function gunicornMaxRequests(ctx: SizingContext, workers: number): Explained<number> {
  const perWorkerRps = ctx.dynamicRps / Math.max(1, workers);
  const hourly = perWorkerRps * 3600;
  return pinnable(
    ctx.plan.pins,
    'gunicornMaxRequests',
    explain(Math.max(1000, niceRound(hourly)), {
      key: 'max_requests',
      label: 'Max requests per worker',
      formula: 'max(1000, per-worker rps × 3600 rounded to a 1-2-5 step)',
      inputs: { perWorkerRps: round(perWorkerRps, 2) },
      why: 'Recycling workers bounds slow memory growth (leaks, fragmentation). About one restart per worker per hour costs little capacity (default 0 = never).',
      serverDefault: 0,
    }),
  );
}

function gunicornMaxRequestsJitter(plan: Plan, maxRequests: number): Explained<number> {
  return pinnable(
    plan.pins,
    'gunicornMaxRequestsJitter',
    explain(Math.round(maxRequests * 0.1), {
      key: 'max_requests_jitter',
      label: 'Max requests jitter',
      formula: '10% of max_requests',
      inputs: { maxRequests },
      why: 'Each worker\'s limit is max_requests + randint(0, jitter), so workers started together do not all restart at once (DOMAIN.md A.3).',
      serverDefault: 0,
    }),
  );
}

function gunicornRestartsPerMin(ctx: SizingContext, maxRequests: number, jitter: number): Explained<number> {
  const meanLife = maxRequests + jitter / 2;
  const restarts = maxRequests > 0 ? (ctx.dynamicRps * 60) / meanLife : 0;
  return explain(round(restarts, 2), {
    key: 'restarts_per_min',
    label: 'Worker restarts (cluster)',
    unit: '/min',
    formula: 'dynamic rps × 60 / (max_requests + jitter / 2)',
    inputs: { dynamicRps: round(ctx.dynamicRps, 2), maxRequests, jitter },
    why: `Capacity lost ≈ restarts/s × worker boot time (${ctx.plan.gunicorn.workerBootS} s) (DOMAIN.md F.5).`,
  });
}

function gunicornBacklog(plan: Plan): Explained<number> {
  return pinnable(
    plan.pins,
    'gunicornBacklog',
    explain(2048, {
      key: 'backlog',
      label: 'Listen backlog',
      formula: '2048 (default; effective = min(backlog, somaxconn))',
      inputs: { somaxconn: plan.system.somaxconn },
      why: 'Connections waiting to be accepted. The kernel silently caps it at net.core.somaxconn (DOMAIN.md A.3, F.1).',
      serverDefault: 2048,
    }),
  );
}

function gunicornPreload(plan: Plan, wc: WorkerClass): Explained<boolean> {
  const g = plan.gunicorn;
  const asyncNoPreload = g.preload && ASYNC_WORKER_CLASSES.has(wc);
  return explain<boolean>(effectivePreload(plan, wc), {
    key: 'preload_app',
    label: 'Preload app',
    formula: asyncNoPreload ? `off for ${wc} workers (your choice: on)` : 'your choice',
    inputs: { sharedShare: g.preloadSharedShare, workerClass: wc },
    why: asyncNoPreload
      ? 'Preload imports the app in the master before the worker monkey-patches (gevent) or starts its loop (ASGI): sockets, ssl and locks created at import stay blocking. Off, so each worker imports the app itself (no shared pages counted).'
      : 'Loading the app before forking shares its pages copy-on-write; refcounting slowly unshares them (use gc.freeze()) (DOMAIN.md F.4).',
    serverDefault: false,
  });
}

/**
 * Threads for (2 × cores) + 1 workers, then the workers memory allows. When memory caps the workers
 * below that, the threads are sized again for the workers that fit: otherwise the slot target is
 * spread over processes that are never started, and a bigger CPU (more planned workers, fewer
 * threads each) would lower the pool's slots and its capacity. The resized pair is kept only if it
 * holds at least as many slots (more threads per worker cost memory, which can lower the cap).
 */
function gunicornThreadsAndWorkers(b: GunicornBasis): { threads: Explained<number>; workers: Explained<number> } {
  const threads = gunicornThreads(b, b.docsFormula);
  const workers = gunicornWorkers(b, threads.value);
  if (b.wc !== 'gthread' || threads.pinned || workers.pinned || workers.value >= b.docsFormula) return { threads, workers };
  const refitThreads = gunicornThreads(b, workers.value);
  const refitWorkers = gunicornWorkers(b, refitThreads.value);
  return refitThreads.value * refitWorkers.value >= threads.value * workers.value ? { threads: refitThreads, workers: refitWorkers } : { threads, workers };
}

/** The Gunicorn settings, one small function per output; threads before workers (memory), workers before connections. */
export function sizeGunicorn(ctx: SizingContext): GunicornSettings {
  const { plan } = ctx;
  const workerClass = recommendWorkerClass(ctx);
  const wc = workerClass.value;
  const basis = gunicornBasis(ctx, wc);
  const { threads, workers } = gunicornThreadsAndWorkers(basis);
  const workerConnections = gunicornWorkerConnections(basis, workers.value, threads.value);
  const maxRequests = gunicornMaxRequests(ctx, workers.value);
  const maxRequestsJitter = gunicornMaxRequestsJitter(plan, maxRequests.value);
  return {
    workerClass,
    workers,
    threads,
    workerConnections,
    timeoutS: gunicornTimeout(plan),
    gracefulTimeoutS: gunicornGracefulTimeout(plan),
    keepaliveS: gunicornKeepalive(plan, wc),
    maxRequests,
    maxRequestsJitter,
    backlog: gunicornBacklog(plan),
    preload: gunicornPreload(plan, wc),
    concurrencySlots: gunicornConcurrency(wc, workers.value, threads.value, workerConnections.value),
    restartsPerMin: gunicornRestartsPerMin(ctx, maxRequests.value, maxRequestsJitter.value),
  };
}

/** Worker classes that keep a client's connection open between requests (sync closes it, DOMAIN.md A.2). */
export const keepsConnections = (wc: WorkerClass): boolean => wc !== 'sync';

export interface StickyReach {
  connections: number;
  /** Workers the persistent connections land on. */
  workersServing: number;
  /** Requests those workers hold at once (never more than one per connection). */
  slots: number;
}

/**
 * Keep-alive stickiness: a connection stays on the worker that accepted it, and a worker accepts
 * connections up to worker_connections (gthread: DOMAIN.md A.3), so C persistent connections land
 * on about ⌈C / worker_connections⌉ workers; the rest idle. Measured on Gunicorn here: 16 and 32
 * keep-alive connections were all served by one worker's 8 threads while the other worker idled.
 * null when stickiness does not apply (off, or sync, which closes every connection).
 */
export function stickyReach(plan: Plan, s: Pick<GunicornSettings, 'workerClass' | 'workers' | 'threads' | 'workerConnections'>, connections: number): StickyReach | null {
  const wc = s.workerClass.value;
  if (!plan.gunicorn.keepAliveSticky || !keepsConnections(wc)) return null;
  const conns = Math.max(1, Math.round(connections));
  const workersServing = Math.max(1, Math.min(s.workers.value, Math.ceil(conns / Math.max(1, s.workerConnections.value))));
  const perWorker = wc === 'gthread' ? s.threads.value : s.workerConnections.value;
  return { connections: conns, workersServing, slots: Math.max(1, Math.min(workersServing * perWorker, conns)) };
}

export function concurrencySlots(wc: WorkerClass, workers: number, threads: number, workerConnections: number): number {
  if (wc === 'sync') return workers;
  if (wc === 'gthread') return workers * threads;
  return workers * workerConnections;
}

/** Round to 1, 2 or 5 × a power of ten, so recommended counts read as deliberate. */
export function niceRound(n: number): number {
  if (!(n > 0)) return 0;
  const p = 10 ** Math.floor(Math.log10(n));
  const m = n / p;
  const nice = m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10;
  return nice * p;
}
