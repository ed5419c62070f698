/**
 * Analytic performance model of one application pool (Gunicorn or PHP-FPM) on one host.
 *
 * The system: requests arrive (open loop: Poisson at λ; closed loop: U users with think time Z),
 * wait FIFO for one of N concurrency slots (at most `queueLimit` may wait, the listen backlog,
 * DOMAIN.md F.1; more are rejected), then, holding the slot, need `cpuMs` of CPU shared by
 * `cpuServers` cores (processor sharing; the GIL caps parallelism at the number of Python
 * processes, DOMAIN.md F.6) and `ioMs` of pure delay (DynamoDB, network: no contention here).
 *
 * Method (hierarchical decomposition, "flow-equivalent server"):
 * 1. Inside the pool, n busy slots form a closed BCMP network: a processor-sharing CPU station
 *    (total rate min(k, c)/cpuMs with k jobs on it) and an infinite-server I/O station. Product
 *    form makes its throughput X(n) depend only on the means (insensitive to CVs). X(n) is the
 *    machine-repairman formula, computed exactly for n = 1..N by summing the distribution of k
 *    outward from its mode and dropping negligible terms.
 *    Why not min(N/(cpu+io), c/cpu): when requests both compute and wait, the busy slots are
 *    randomly split between CPU and I/O, so the CPU idles sometimes even with all slots busy; the
 *    knee is rounder and capacity is below both bounds (by 10–20% near equal bounds).
 * 2. The pool is replaced by one state-dependent server with rate X(min(n, N)). The number of
 *    requests in the system is then a birth–death chain (births λ or (U−n)/Z, deaths X), truncated
 *    at N + queueLimit. Past saturation the throughput plateaus at X(N) and latency stays finite.
 * 3. Latency distribution: arrivals see the stationary distribution (PASTA; for the closed loop,
 *    the arrival-weighted one). The wait for a slot with j requests ahead is j + 1 departures at
 *    rate X(N). For the open loop the queue is corrected for in-slot time variability with the
 *    Allen–Cunneen factor f = (1 + cs²)/2: the queue-length decay becomes q^(1/f) (diffusion
 *    limit, keeps a full backlog full in overload) and the time scale is set so that the mean
 *    conditional wait is exactly f/(X(N) − λ) for an unbounded queue (f = 1 is DOMAIN.md E.1).
 *    The in-slot time is a gamma with the mean from Little's law on busy slots (DOMAIN.md E.4)
 *    and a variance from the CPU/I-O CVs plus a processor-sharing slowdown term. P(T > t) is
 *    the exact convolution of an exponential wait with that gamma (DOMAIN.md E.1: never add
 *    percentiles), blended towards a two-moment gamma when a truncated queue makes the wait
 *    less variable than exponential, and solved for t by safeguarded Newton.
 * 4. Closed loop: same chain with births (U − n)/Z; mean by the response-time law; p50/p95/p99
 *    from the chain's own queue distribution (no Allen–Cunneen correction: the population bounds
 *    it). The 1 + j departures a queued request waits for are as regular as the full pool's in-slot
 *    time (variance cs²/X(N)² each), and the CPU-sharing noise is weighted by how much the number of
 *    co-running requests fluctuates: a fixed population of regular requests gives a narrow tail.
 * 5. CPU discipline: 'ps' (processes time-share the cores) or 'fcfs' (gevent/ASGI: a burst runs to
 *    completion). FCFS with regular demands pipelines, moving X(n) towards min(n/(cpu+io), c/cpu)
 *    (sharpenKnee), and its in-slot variance has a queueing wait instead of PS stretching.
 * 6. Idle-wake cost (cpuMsAtLoad): CPU per request at the load. In the closed loop with processor
 *    sharing, regular requests on few cores are also herded into step by it, which the product form's
 *    independent phases cannot give: closedTable lowers X(k) by herding.ts's closed form.
 *
 * Validated against simulate.ts (model.test.ts): open loop, throughput within ~1%, mean within
 * ~4%, p95 within ~7% over random plans at 30–85% load (both disciplines); closed loop, p50/p95/p99
 * within 15% on 8 shapes × CV 0.2/0.5/1 × both disciplines. Against real Gunicorn and PHP-FPM:
 * measured.test.ts. Assumptions: Poisson arrivals; FIFO slot queue;
 * one CPU phase + one I/O phase per request; CPU is processor-shared with no context-switch
 * overhead; I/O is a pure delay (no DynamoDB/DB contention); no timeouts or retries.
 *
 * All times are in ms, rates inside are per ms; *Rps outputs are per second.
 */

import { herdCapture, herdedThroughput, type HerdInput } from './herding';
import { clamp01, expGammaSumIsExact, expGammaSumSurvival, gammaQ, gammaQIsExact, lastGammaQPrefactor, lnGamma } from './special';

export interface PerfInput {
  /** Concurrency slots N: sync = workers; gthread = workers×threads; gevent/asgi = workers×worker_connections; php-fpm = max_children (integer ≥ 1). DOMAIN.md F.6. */
  slots: number;
  /** Parallel CPU servers (may be fractional, > 0): min(effective cores, Python processes) because of the GIL; cores for PHP. */
  cpuServers: number;
  /** Mean CPU demand per request in ms, already scaled by per-core speed (≥ 0). */
  cpuMs: number;
  /** Coefficient of variation of the CPU demand (0..4). */
  cpuCv: number;
  /** Mean I/O wait per request in ms (pure delay, no contention) (≥ 0). */
  ioMs: number;
  /** CV of the I/O wait (0..4). */
  ioCv: number;
  /** Requests that may wait for a free slot (listen backlog) before being rejected (integer ≥ 0). DOMAIN.md F.1. */
  queueLimit: number;
  /**
   * How requests share the CPU servers: 'ps' (default; processes or GIL-switched threads time-share
   * the cores: sync, gthread, PHP-FPM) or 'fcfs' (gevent/ASGI: a greenlet keeps its process until
   * its CPU burst ends, so bursts run one after another per process).
   */
  cpuDiscipline?: CpuDiscipline;
  /**
   * CPU capacity of the whole machine in reference cores (cores × SMT gain), for `machineCpuUtil`;
   * absent = cpuServers. Differs when fewer Python processes than cores can run.
   */
  machineCpuServers?: number;
  /**
   * Requests inside one process are not served in arrival order (gevent's hub, gthread's GIL
   * handoff): the wait behind co-located requests keeps its full variance even when the number of
   * requests is fixed. Closed loop only (the open loop's sharing term already has it).
   */
  unorderedInProcess?: boolean;
  /**
   * With unorderedInProcess, the floor of that sharing noise (0–1; absent = UNORDERED_NOISE_HUB,
   * gevent's hub). gthread's GIL hands the interpreter round in 5 ms slices, much closer to
   * arrival order: UNORDERED_NOISE_GIL.
   */
  unorderedNoiseFloor?: number;
  /**
   * Extra CPU (ms on these cores, ≥ 0; absent = 0) a request costs when a core sat idle before it:
   * after an idle gap the server's code and data are cold (caches, TLB, the wake-up path), and the
   * cost builds up with the gap as 1 − e^(−gap / IDLE_WAKE_WINDOW_MS). Busy cores pay nothing, so it
   * lowers no CPU-bound capacity; it raises CPU per request (and latency) at light load, and a
 * little the slot time of a pool whose slots, not cores, are the limit. See cpuMsAtLoad.
   */
  idleWakeCpuMs?: number;
  /**
   * With 'fcfs' on one CPU server: the GIL's switch interval (ms; absent = none). The threads of one
   * Python process (gthread) take turns on the interpreter: a burst runs to completion unless
   * another thread has waited this long, then it hands over (CPython's sys.getswitchinterval(), 5 ms).
   * Used by the simulation (simulate.ts) only: the model's formulas do not read it (appPool picks
   * 'fcfs' or 'ps' for such a pool by the burst length instead).
   */
  gilSliceMs?: number;
}

export type CpuDiscipline = 'ps' | 'fcfs';

export interface OpenPoint {
  offeredRps: number;
  throughputRps: number;
  rejectedRps: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Fraction of CPU servers busy, 0..1. */
  cpuUtil: number;
  /** Fraction of the whole machine's CPU busy (machineCpuServers), 0..1. */
  machineCpuUtil: number;
  /** Fraction of slots busy, 0..1. */
  slotUtil: number;
  busySlots: number;
  queuedRequests: number;
  /** Probability that an accepted request waits for a slot. */
  waitProbability: number;
}

export interface ClosedPoint {
  users: number;
  thinkMs: number;
  throughputRps: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  cpuUtil: number;
  machineCpuUtil: number;
  slotUtil: number;
}

export type LatencyPercentile = 'p50' | 'p95' | 'p99';

// ---------------------------------------------------------------------------------------------
// Input sanitising: the engine must never produce NaN/Infinity, whatever the UI sends.

const MAX_SLOTS = 1_000_000;
const MAX_QUEUE = 10_000_000;
const MAX_MS = 1e9;
/** Floor for the total per-request time so a zero-cost request still has finite capacity. */
const MIN_TOTAL_MS = 1e-6;

interface Clean {
  slots: number;
  cpuServers: number;
  cpuMs: number;
  ioMs: number;
  cpuCv: number;
  ioCv: number;
  queueLimit: number;
  cpuDiscipline: CpuDiscipline;
  machineCpuServers: number;
  unorderedInProcess: boolean;
  unorderedNoiseFloor: number;
  idleWakeCpuMs: number;
}

function finiteOr(x: number, fallback: number): number {
  return Number.isFinite(x) ? x : fallback;
}

function clampNum(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

function clean(input: PerfInput): Clean {
  const slots = clampNum(Math.floor(finiteOr(input.slots, 1)), 1, MAX_SLOTS);
  const cpuServers = clampNum(finiteOr(input.cpuServers, 1), 1e-6, MAX_SLOTS);
  let cpuMs = clampNum(finiteOr(input.cpuMs, 0), 0, MAX_MS);
  const ioMs = clampNum(finiteOr(input.ioMs, 0), 0, MAX_MS);
  if (cpuMs + ioMs < MIN_TOTAL_MS) cpuMs = MIN_TOTAL_MS;
  return {
    slots,
    cpuServers,
    cpuMs,
    ioMs,
    cpuCv: clampNum(finiteOr(input.cpuCv, 1), 0, 4),
    ioCv: clampNum(finiteOr(input.ioCv, 1), 0, 4),
    queueLimit: clampNum(Math.floor(finiteOr(input.queueLimit, 0)), 0, MAX_QUEUE),
    cpuDiscipline: input.cpuDiscipline === 'fcfs' ? 'fcfs' : 'ps',
    machineCpuServers: clampNum(finiteOr(input.machineCpuServers ?? cpuServers, cpuServers), cpuServers, MAX_SLOTS),
    unorderedInProcess: input.unorderedInProcess === true,
    unorderedNoiseFloor: clampNum(finiteOr(input.unorderedNoiseFloor ?? UNORDERED_NOISE_HUB, UNORDERED_NOISE_HUB), 0, 1),
    idleWakeCpuMs: clampNum(finiteOr(input.idleWakeCpuMs ?? 0, 0), 0, MAX_MS),
  };
}

// ---------------------------------------------------------------------------------------------
// CPU per request at a load: the idle-wake cost.

/**
 * Idle gap (ms) over which the wake cost builds up: cost(gap) = idleWakeCpuMs × (1 − e^(−gap/τ)).
 * Measured on this project's machine with the empty apps under Gunicorn 20.1 (sync, gthread,
 * gevent) and wrk pausing between requests (bench/realserver/wake-cost.sh,
 * fixtures/diagnostics/wake-*): gaps of ~1.5, 7 and 36 ms cost 20–35 %, 70–85 % and all of it,
 * τ ≈ 4–6.5 ms.
 */
export const IDLE_WAKE_WINDOW_MS = 5;

/**
 * Mean CPU per request (ms) at throughput λ (per ms): cpuMs + w × (1 − u) / (1 + λτ/c). A request
 * finds a core idle with probability 1 − u, u = λ·cpu/c (PASTA), and with Poisson arrivals at
 * λ/c per core the idle gap it ends is exponential with that rate, so E[1 − e^(−gap/τ)] =
 * 1/(1 + λτ/c). u depends on the result, and the equation is linear in it: cpu = (b + w/(1+a)) / (1 + wλ/(c(1+a))), a = λτ/c. At λ ≥ c/b (every
 * core busy) it is b. Exact for c = 1 with Poisson arrivals; checked against simulate.ts, which
 * charges each request the cost of the gap its core really had (model.test.ts).
 */
export function cpuMsAtLoad(cpuMs: number, idleWakeCpuMs: number, lambdaPerMs: number, cpuServers: number): number {
  const w = idleWakeCpuMs;
  const lam = Math.max(0, finiteOr(lambdaPerMs, 0));
  if (!(w > 0) || lam * cpuMs >= cpuServers) return cpuMs;
  const a = (lam * IDLE_WAKE_WINDOW_MS) / cpuServers;
  return (cpuMs + w / (1 + a)) / (1 + (w * lam) / (cpuServers * (1 + a)));
}

/** The pool as it runs at λ (per ms): its CPU per request with the idle-wake share (p itself when there is none). */
function atLoad(p: Clean, lambdaPerMs: number): Clean {
  if (!(p.idleWakeCpuMs > 0)) return p;
  return { ...p, cpuMs: cpuMsAtLoad(p.cpuMs, p.idleWakeCpuMs, lambdaPerMs, p.cpuServers) };
}

// ---------------------------------------------------------------------------------------------
// Step 1: pool throughput X(n), n busy slots (closed CPU-PS + I/O-delay network).

interface PoolTable {
  /** X(n) per ms for n = 0..ncv (xs[0] = 0). For n > ncv, X(n) = xs[ncv]. */
  xs: Float64Array;
  ncv: number;
  /** X(N) per ms: the saturation throughput of the full pool. */
  xN: number;
  /** 1/X(n), n = 1..ncv (index 0 unused), to multiply instead of divide in the chain sums. */
  inv: Float64Array;
}

/**
 * Relative size below which a term of a sum is dropped. Outputs are needed to ~1e-6, so 1e-14
 * leaves a wide margin while cutting the summed range to about ±8 standard deviations.
 */
const NEGLIGIBLE = 1e-14;

/**
 * Throughput of the closed network with n jobs: distribution of k jobs at the CPU is
 * P(k) ∝ r^k · n!/(n−k)! / Π_{j≤k} min(j, c), r = cpuMs/ioMs (machine repairman with a
 * processor-sharing, c-server repair station), X(n) = E[min(k, c)]/cpuMs.
 * Terms are summed outward from the mode (ratio r(n−k+1)/min(k,c) is decreasing in k), so the
 * cost per n is O(width of the distribution), not O(n).
 */
/** Mode found by the last networkThroughput call (a scratch slot instead of an allocation per n). */
let lastMode = 0;

function networkThroughput(n: number, c: number, cpuMs: number, r: number, modeHint: number): number {
  // ratio(k) = w(k)/w(k−1) = r(n−k+1)/min(k, c), decreasing in k; the mode moves by at most
  // one as n grows, so the previous mode is an O(1) starting point.
  let mode = clampNum(modeHint, 0, n);
  while (mode < n && r * (n - mode) >= (mode + 1 < c ? mode + 1 : c)) mode++;
  while (mode > 0 && r * (n - mode + 1) < (mode < c ? mode : c)) mode--;
  let sumW = 1;
  let sumRate = mode < c ? mode : c;
  let w = 1;
  for (let k = mode + 1; k <= n; k++) {
    const busy = k < c ? k : c;
    w *= (r * (n - k + 1)) / busy;
    sumW += w;
    sumRate += w * busy;
    if (w < NEGLIGIBLE * sumW) break;
  }
  w = 1;
  for (let k = mode; k >= 1; k--) {
    w *= (k < c ? k : c) / (r * (n - k + 1));
    sumW += w;
    sumRate += w * (k - 1 < c ? k - 1 : c);
    if (w < NEGLIGIBLE * sumW) break;
  }
  lastMode = mode;
  return sumRate / (sumW * cpuMs);
}

function buildPoolTable(p: Clean): PoolTable {
  const { slots: n, cpuServers: c, cpuMs, ioMs } = p;
  const cpuBoundPerMs = cpuMs > 0 ? c / cpuMs : Number.POSITIVE_INFINITY;
  const xs: number[] = [0];
  if (ioMs <= 1e-12 * cpuMs) {
    // CPU only: X(n) = min(n, c)/cpuMs, flat from ceil(c) on.
    const top = Math.min(n, Math.ceil(c));
    for (let k = 1; k <= top; k++) xs.push(Math.min(k, c) / cpuMs);
  } else if (cpuMs <= 1e-12 * ioMs) {
    // I/O only: every busy slot completes at rate 1/ioMs, no contention.
    for (let k = 1; k <= n; k++) xs.push(k / ioMs);
  } else {
    const r = cpuMs / ioMs;
    let prev = 0;
    let mode = 0;
    for (let k = 1; k <= n; k++) {
      const xk = networkThroughput(k, c, cpuMs, r, mode);
      mode = lastMode;
      // X is non-decreasing in n; max() guards against rounding noise.
      const x = Math.max(prev, Math.min(xk, cpuBoundPerMs));
      xs.push(x);
      prev = x;
      // Converged to the CPU bound: every larger pool has the same throughput.
      if (x >= cpuBoundPerMs * (1 - 1e-12)) break;
    }
  }
  if (p.cpuDiscipline === 'fcfs' && cpuMs > 0 && ioMs > 0) sharpenKnee(xs, p);
  const arr = Float64Array.from(xs);
  const ncv = arr.length - 1;
  const inv = new Float64Array(ncv + 1);
  for (let k = 1; k <= ncv; k++) inv[k] = 1 / (arr[k] as number);
  return { xs: arr, ncv, xN: arr[ncv] as number, inv };
}

/**
 * Run-to-completion CPU (gevent/ASGI) with regular demands: requests queue for the CPU one after
 * another and settle into a pipeline (one computes while the others wait on I/O), so the pool
 * reaches min(n/(cpu+io), c/cpu) — a sharp knee — instead of the product-form X(n) (exact for
 * exponential demands, which randomly collide). Blend towards the sharp bound as the demands
 * become regular; weight fitted against simulate.ts (closed loop, CV 0.1–1).
 */
function sharpenKnee(xs: number[], p: Clean): void {
  const cv2 = Math.min(1, (p.cpuCv * p.cpuCv + p.ioCv * p.ioCv) / 2);
  // ≈ 0.73 at CV 0.1, 0.48 at 0.2, 0.15 at 0.5, 0 from CV 1 on.
  const weight = (1 - cv2) / (1 + (Math.sqrt(cv2) / SHARP_KNEE_CV) ** 1.5);
  if (!(weight > 0)) return;
  const cpuBound = p.cpuServers / p.cpuMs;
  for (let k = 1; k < xs.length; k++) {
    const sharp = Math.min(k / (p.cpuMs + p.ioMs), cpuBound);
    const x = xs[k] as number;
    if (sharp > x) xs[k] = x + weight * (sharp - x);
  }
}
/** The CV at which the pool is half-way between the product form and the sharp bound. */
const SHARP_KNEE_CV = 0.2;

const tableCache = new Map<string, PoolTable>();

/** Forget every pool table (for the bench: an edit of the workload or the pool builds a new one). */
export function clearPoolTableCache(): void {
  tableCache.clear();
  herdCache.clear();
}

/** Memoised: a plan evaluates hundreds of points on the same pool. Pure (same in → same out). */
function poolTable(p: Clean): PoolTable {
  const key = `${p.slots}|${p.cpuServers}|${p.cpuMs}|${p.ioMs}|${p.cpuDiscipline === 'fcfs' ? `f${p.cpuCv}|${p.ioCv}` : 'p'}`;
  const hit = tableCache.get(key);
  if (hit) return hit;
  const t = buildPoolTable(p);
  if (tableCache.size >= 32) {
    const first = tableCache.keys().next();
    if (!first.done) tableCache.delete(first.value);
  }
  tableCache.set(key, t);
  return t;
}

function xAt(t: PoolTable, n: number): number {
  return n <= t.ncv ? (t.xs[n] as number) : t.xN;
}

// ---------------------------------------------------------------------------------------------
// Truncated geometric helpers: weights e^{−h·i}, i = 0..m (h may be negative, i.e. q > 1).

function logGeomSum(h: number, m: number): number {
  if (m <= 0) return 0;
  if (h === 0) return Math.log(m + 1);
  if (h > 0) return Math.log(-Math.expm1(-(m + 1) * h)) - Math.log(-Math.expm1(-h));
  return -m * h + logGeomSum(-h, m);
}

function geomMean(h: number, m: number): number {
  if (m <= 0) return 0;
  if (Math.abs(h) * (m + 1) < 1e-4) return m / 2 - (h * m * (m + 2)) / 12;
  const v = 1 / Math.expm1(h) - (m + 1) / Math.expm1((m + 1) * h);
  return clampNum(v, 0, m);
}

function geomVar(h: number, m: number): number {
  if (m <= 0) return 0;
  if (Math.abs(h) * (m + 1) < 1e-3) return (m * (m + 2)) / 12;
  const s1 = Math.sinh(h / 2);
  const s2 = Math.sinh(((m + 1) * h) / 2);
  const v = 1 / (4 * s1 * s1) - ((m + 1) * (m + 1)) / (4 * s2 * s2);
  return clampNum(finiteOr(v, 0), 0, (m * (m + 2)) / 12 + 1);
}

function logSumExp3(a: number, b: number, c: number): number {
  const mx = Math.max(a, b, c);
  if (mx === Number.NEGATIVE_INFINITY) return mx;
  return mx + Math.log(Math.exp(a - mx) + Math.exp(b - mx) + Math.exp(c - mx));
}

// ---------------------------------------------------------------------------------------------
// Step 3: latency distribution.

/**
 * Variance of the in-slot time (ms²) given its mean. `departures`: the variability of the full
 * pool's departures instead (the CPU completes the stretched demands one after another whatever
 * the discipline), for the wait of a request queued for a slot. The CPU phase is stretched by processor
 * sharing (cpuPart ≥ cpuMs); its demand variability scales with the stretch, and the
 * slowdown itself fluctuates with the number of co-running jobs. Under PS that slowdown makes
 * even deterministic demands nearly exponential at high CPU load (M/G/1-PS tails are heavy), so
 * the extra term is extra·cpuPart rather than extra²: fitted against simulate.ts on M/G/c-PS
 * (c = 1, 4; CV 0.3, 1; ρ = 0.3–0.85), p95 within ±10% and p99 within ±15% there.
 */
function inSlotVariance(p: Clean, meanInSlotMs: number, sharingNoise = 1, departures = false): number {
  const cpuPart = Math.max(meanInSlotMs - p.ioMs, 0);
  const extra = Math.max(cpuPart - p.cpuMs, 0);
  const b = p.ioMs * p.ioCv;
  if (p.cpuDiscipline === 'fcfs' && !departures) {
    // Run to completion: the demand is not stretched. The wait for a free process is the
    // demands of the ~extra/cpuMs requests ahead (variance extra·cpuMs·cv²) plus, when the number
    // of requests ahead changes, up to an exponential's extra².
    const a = p.cpuMs * p.cpuCv;
    return a * a + b * b + extra * p.cpuMs * p.cpuCv * p.cpuCv + sharingNoise * extra * extra;
  }
  const a = cpuPart * p.cpuCv;
  return a * a + b * b + sharingNoise * extra * cpuPart;
}

interface LatencyParams {
  /** Probability an (accepted) arrival waits for a slot. */
  pWait: number;
  /** Mean and variance of the conditional wait (ms, ms²). */
  waitMeanMs: number;
  waitVarMs2: number;
  /** Mean and variance of the in-slot time. */
  slotMeanMs: number;
  slotVarMs2: number;
}

/**
 * Survival function P(T > t) of the response time (t in ms) and its density −dP/dt, which
 * makes the percentile search a safeguarded Newton iteration (3–6 evaluations instead of ~15).
 * The density's slope and curvature cost no further exp or log (each term is a gamma density or
 * built from the survival terms): the slope lets a curve's searches take a Halley step from a close
 * guess, the curvature tells how far off that step is (solveNearGuess).
 */
interface Survival {
  /** P(T > t); also sets `density` to the density of T at t, `densitySlope` to its derivative and `densityCurvature` to its second. */
  at(t: number): number;
  density: number;
  densitySlope: number;
  densityCurvature: number;
  /**
   * Whether the last evaluation took exact branches only (no Wilson–Hilferty, normal or delta
   * approximation), so that density, slope and curvature are exact derivatives of P and Halley's
   * error estimate holds (solveNearGuess).
   */
  exact: boolean;
  /** A first guess of the median (ms): mean − 0.3·sd, which is right for exponential and for narrow distributions. */
  medianGuessMs: number;
  /**
   * Standard deviation (ms) of the narrowest gamma in the mix (the in-slot time; the two-moment fit too
   * when it is blended in): the scale on which P can change steeply, e.g. the cliff of a nearly
   * constant in-slot time, which derivatives taken a few of these away do not see (solveNearGuess).
   */
  narrowestSdMs: number;
}

function medianGuess(meanMs: number, varMs2: number): number {
  return Math.max(meanMs - 0.3 * Math.sqrt(Math.max(varMs2, 0)), 0.2 * meanMs);
}

/** Gamma(k, rate β) density at t; `lnNorm` = k·ln β − ln Γ(k). */
function gammaDensity(k: number, beta: number, lnNorm: number, t: number): number {
  if (!(t > 0)) return 0;
  return Math.exp(lnNorm + (k - 1) * Math.log(t) - beta * t);
}

/** d/dt of the Gamma(k, rate β) density g at t: g·((k − 1)/t − β). */
function gammaDensitySlope(k: number, beta: number, density: number, t: number): number {
  return t > 0 ? density * ((k - 1) / t - beta) : 0;
}

/** d²/dt² of the Gamma(k, rate β) density g at t: g·(((k − 1)/t − β)² − (k − 1)/t²). */
function gammaDensityCurvature(k: number, beta: number, density: number, t: number): number {
  if (!(t > 0)) return 0;
  const u = (k - 1) / t - beta;
  return density * (u * u - (k - 1) / (t * t));
}

/**
 * The Gamma(k, β) density at t, right after gammaQ(k, β·t): on a curve from that call's prefactor
 * (no exp or log; equal up to rounding), else by gammaDensity, so a single point's numbers stay
 * bit for bit what they were.
 */
function densityAfterGammaQ(onCurve: boolean, k: number, beta: number, lnNorm: number, t: number): number {
  if (onCurve && t > 0) {
    const pre = lastGammaQPrefactor();
    if (Number.isFinite(pre)) return pre / t;
  }
  return gammaDensity(k, beta, lnNorm, t);
}

/**
 * `onCurve`: a curve point past the first, whose evaluations may share exps (densityAfterGammaQ).
 * A closure per distribution, not a refilled class instance: tried, the class cost more
 * instructions on the default plan (valgrind), as V8 re-boxes a double field at every call it is
 * passed to (gammaQ, expGammaSumSurvival) while a closure passes its constants as they are.
 */
function makeSurvival(lp: LatencyParams, onCurve = false): Survival {
  const sMean = Math.max(lp.slotMeanMs, 1e-12);
  // Cap the gamma shape: CV 0 would be a step function; 1e7 is deterministic for all purposes.
  const k = clampNum((sMean * sMean) / Math.max(lp.slotVarMs2, 1e-300), 1e-3, 1e7);
  const beta = k / sMean;
  const lgK = lnGamma(k);
  const lnNormK = k * Math.log(beta) - lgK;
  const pW = clamp01(lp.pWait);
  const slotExact = gammaQIsExact(k);
  if (!(pW > 0) || !(lp.waitMeanMs > 0)) {
    const sv: Survival = {
      density: 0,
      densitySlope: 0,
      densityCurvature: 0,
      exact: false,
      medianGuessMs: medianGuess(sMean, lp.slotVarMs2),
      narrowestSdMs: sMean / Math.sqrt(k),
      at(t) {
        const q = gammaQ(k, beta * t, lgK);
        const g = densityAfterGammaQ(onCurve, k, beta, lnNormK, t);
        sv.density = g;
        sv.densitySlope = gammaDensitySlope(k, beta, g, t);
        sv.densityCurvature = gammaDensityCurvature(k, beta, g, t);
        sv.exact = slotExact;
        return q;
      },
    };
    return sv;
  }
  const mw = lp.waitMeanMs;
  const vw = Math.max(lp.waitVarMs2, 0);
  const theta = 1 / mw;
  // A truncated queue (overload) makes the wait less variable than exponential (shape a_w > 1);
  // then blend towards a two-moment gamma fit of wait + in-slot time.
  const aw = vw > 0 ? (mw * mw) / vw : 1e7;
  const blend = clampNum(aw - 1, 0, 1);
  const sumMean = mw + sMean;
  const sumVar = vw + lp.slotVarMs2;
  const kSum = clampNum((sumMean * sumMean) / Math.max(sumVar, 1e-300), 1e-3, 1e7);
  const betaSum = kSum / sumMean;
  // Only the blend reads the two-moment gamma: skip its ln Γ when there is none (most points).
  const lgKSum = blend > 0 ? lnGamma(kSum) : 0;
  const lnNormSum = blend > 0 ? kSum * Math.log(betaSum) - lgKSum : 0;
  const meanT = sMean + pW * mw;
  const varT = lp.slotVarMs2 + pW * (vw + mw * mw) - pW * pW * mw * mw;
  const sv: Survival = {
    density: 0,
    densitySlope: 0,
    densityCurvature: 0,
    exact: false,
    medianGuessMs: medianGuess(meanT, varT),
    narrowestSdMs: blend > 0 ? Math.min(sMean / Math.sqrt(k), sumMean / Math.sqrt(kSum)) : sMean / Math.sqrt(k),
    at(t) {
      const qs = gammaQ(k, beta * t, lgK);
      const preK = onCurve ? lastGammaQPrefactor() : Number.NaN;
      const g = densityAfterGammaQ(onCurve, k, beta, lnNormK, t);
      const gSlope = gammaDensitySlope(k, beta, g, t);
      let cond = 0;
      let dens = 0;
      let slope = 0;
      let curv = 0;
      if (blend < 1) {
        cond = expGammaSumSurvival(theta, k, beta, t, lgK, qs, preK);
        // Density of E + S is θ·(P(E+S > t) − P(S > t)); its slope θ·(g − density), its curvature θ·(g' − slope).
        dens = theta * Math.max(cond - qs, 0);
        slope = theta * (g - dens);
        curv = theta * (gSlope - slope);
      }
      if (blend > 0) {
        const qSum = gammaQ(kSum, betaSum * t, lgKSum);
        const gSum = densityAfterGammaQ(onCurve, kSum, betaSum, lnNormSum, t);
        cond = (1 - blend) * cond + blend * qSum;
        dens = (1 - blend) * dens + blend * gSum;
        slope = (1 - blend) * slope + blend * gammaDensitySlope(kSum, betaSum, gSum, t);
        curv = (1 - blend) * curv + blend * gammaDensityCurvature(kSum, betaSum, gSum, t);
      }
      sv.density = (1 - pW) * g + pW * dens;
      sv.densitySlope = (1 - pW) * gSlope + pW * slope;
      sv.densityCurvature = (1 - pW) * gammaDensityCurvature(k, beta, g, t) + pW * curv;
      sv.exact = slotExact && (blend >= 1 || expGammaSumIsExact(theta, k, beta, t)) && (blend <= 0 || gammaQIsExact(kSum));
      return (1 - pW) * qs + pW * cond;
    },
  };
  return sv;
}

/** Last point evaluated by a percentile search: the next (higher) percentile starts from it. */
interface SolveState {
  t: number;
  s: number;
  d: number;
}

/** Fills `out` (a search writes its answer into a slot of the caller's, SOLVED_P50 …) and returns it. */
function solved(out: SolveState, t: number, s: number, d: number): SolveState {
  out.t = t;
  out.s = s;
  out.d = d;
  return out;
}
/**
 * The answer slots of p50, p95 and p99 (p95 starts from p50's, p99 from p95's, so three distinct
 * slots), refilled by every search instead of an object per search: no caller keeps one past
 * reading its t.
 */
const SOLVED_P50: SolveState = { t: 0, s: 0, d: 0 };
const SOLVED_P95: SolveState = { t: 0, s: 0, d: 0 };
const SOLVED_P99: SolveState = { t: 0, s: 0, d: 0 };

/**
 * Smallest t with P(T > t) ≤ 1 − p. Newton steps on ln P(T > t), which is close to linear in
 * the tail, kept inside a bracket [lo, hi] and replaced by bisection (or doubling while no upper
 * bound is known) whenever they would leave it. `from` (a lower percentile's final state) gives
 * both the lower bracket and a first Newton step, so p95 and p99 cost 2–3 evaluations each.
 * `guessMs` (NaN: none) replaces the first step when it lies above the lower bracket.
 */
function solvePercentile(surv: Survival, p: number, from: SolveState | null, scaleMs: number, guessMs: number, out: SolveState): SolveState {
  const target = 1 - p;
  const lnTarget = Math.log(target);
  const scale = Math.max(scaleMs, 1e-9);
  let lo = 0;
  let t: number;
  if (from) {
    if (from.s <= target) return solved(out, from.t, from.s, from.d);
    lo = from.t;
    t = from.d > 0 ? from.t + ((Math.log(from.s) - lnTarget) * from.s) / from.d : from.t + scale;
  } else {
    if (!(target < 1)) return solved(out, 0, 1, 0);
    // P(T > 0) = 1; start near the median.
    t = surv.medianGuessMs > 0 ? surv.medianGuessMs : scale;
  }
  // A caller's guess (the neighbouring curve point) beats both starts when it is inside the bracket.
  if (guessMs > lo && guessMs < Number.POSITIVE_INFINITY) t = guessMs;
  let hi = Number.POSITIVE_INFINITY;
  let s = 1;
  let d = 0;
  for (let i = 0; i < 200; i++) {
    s = surv.at(t);
    d = surv.density;
    if (s > target) lo = t;
    else hi = t;
    if (Number.isFinite(hi) && hi - lo <= 1e-7 * hi) break;
    // Newton on P itself in the body of the distribution, on ln P in the tail (where ln P is
    // nearly linear); either way the step is clipped to the bracket below.
    let next = Number.NaN;
    if (d > 0) next = s > 0.5 ? t + (s - target) / d : s > 0 ? t + ((Math.log(s) - lnTarget) * s) / d : next;
    // Far left of a narrow distribution the density is ~0 and Newton would jump to absurd t:
    // never step more than 2·max(t, mean) at once.
    const maxStep = 2 * Math.max(t, scale);
    if (next > t + maxStep) next = t + maxStep;
    if (!(next > lo && next < hi)) {
      next = Number.isFinite(hi) ? 0.5 * (lo + hi) : Math.max(2 * t, lo + scale);
    }
    const done = Math.abs(next - t) <= 1e-7 * t;
    t = next;
    if (done) break;
    if (!Number.isFinite(t)) return solved(out, Number.MAX_VALUE, 0, 0);
  }
  return solved(out, t, s, d);
}

/**
 * A curve point's search, from the neighbouring points' extrapolation `guessMs`: Halley steps on
 * ln P(T > t) (cubic convergence; the density's slope is free), one evaluation each. A step is taken
 * as the answer when an estimate of its error is below NEAR_GUESS_TOL of t, well inside
 * solvePercentile's 1e-7 stopping tolerance: Newton's, |F''/2F'|·δ², which bounds Halley's step
 * whatever the derivatives; or, when the evaluation was exact (Survival.exact), Halley's own
 * (halleyErrorMs), which is far smaller and lets a guess ~10× further off land in one evaluation
 * (about 15 % fewer evaluations on the default plan's curves). Where P is approximated (Wilson–Hilferty
 * for large shapes) the density is not its exact derivative and Halley's estimate can be 100× too
 * small, so only Newton's counts there.
 * After HALLEY_STEPS without that, or on any step out of bounds, the safeguarded search goes on from
 * the last point. Same root either way.
 */
function solveNearGuess(surv: Survival, p: number, from: SolveState | null, scaleMs: number, guessMs: number, out: SolveState): SolveState {
  const target = 1 - p;
  if (from && from.s <= target) return solved(out, from.t, from.s, from.d);
  const lo = from ? from.t : 0;
  const lnTarget = Math.log(target);
  let t = guessMs;
  for (let i = 0; i < HALLEY_STEPS && t > lo && t < Number.POSITIVE_INFINITY && target < 1; i++) {
    const s = surv.at(t);
    const d = surv.density;
    if (!(s > 0 && d > 0)) break;
    // F = ln P − ln(1 − p); with A = f/P, B = f'/P, C = f''/P: F' = −A, F'' = −B − A², F''' = −C − 3AB − 2A³.
    const a = d / s;
    const b = surv.densitySlope / s;
    const f1 = -a;
    const f2 = -b - a * a;
    const f3 = -surv.densityCurvature / s - 3 * a * b - 2 * a * a * a;
    const newton = -(Math.log(s) - lnTarget) / f1;
    const halley = newton / (1 + (newton * f2) / (2 * f1));
    const next = t + (Number.isFinite(halley) ? halley : newton);
    if (!(next > lo && Number.isFinite(next))) break;
    // Accept only a step in a sloped part: on a plateau of P (a gap between two narrow modes) every t
    // has P = 1 − p and the answer is the plateau's left end, which the search brackets.
    const sloped = -f1 * next >= 1e-3;
    // Newton's error bounds the step's whatever the derivatives; Halley's own, far smaller, only when they are exact.
    const errorMs = Math.abs(f2 / (2 * f1)) * newton * newton;
    const landed = errorMs <= NEAR_GUESS_TOL * next || (surv.exact && halleyErrorMs(f1, f2, f3, newton) <= NEAR_GUESS_TOL * next);
    // Derivatives at t say nothing of a cliff a few narrowest sds away (a nearly constant in-slot time
    // next to an exponential wait: a step across it lands on no root): accept only steps shorter than that sd.
    const local = Math.abs(newton) <= surv.narrowestSdMs;
    if (sloped && landed && local && Math.abs(newton) <= 0.01 * next) return solved(out, next, s, d);
    t = next;
  }
  return solvePercentile(surv, p, from, scaleMs, t, out);
}
/**
 * Error (ms) left by a Halley step of length ≈ δ (the Newton step) on F with derivatives F', F'', F''':
 * (c₂² − c₃)·δ³, c_j = F⁽ʲ⁾/(j!·F'). Bounded by (c₂² + |c₃|)·|δ|³ so that the two terms cannot cancel
 * into a falsely small estimate.
 */
function halleyErrorMs(f1: number, f2: number, f3: number, deltaMs: number): number {
  const c2 = f2 / (2 * f1);
  const c3 = f3 / (6 * f1);
  const d = Math.abs(deltaMs);
  return (c2 * c2 + Math.abs(c3)) * d * d * d;
}
/** Accepted error of solveNearGuess's step, relative to t (a tenth of the search's stopping tolerance). */
const NEAR_GUESS_TOL = 1e-8;
/** Halley steps before the safeguarded search takes over (two land almost every curve point). */
const HALLEY_STEPS = 3;

const PERCENTILE_P: Record<LatencyPercentile, number> = { p50: 0.5, p95: 0.95, p99: 0.99 };

// ---------------------------------------------------------------------------------------------
// Step 2 (open loop): birth–death chain with births λ, deaths X(min(n, N)), n ≤ N + queueLimit.

interface OpenState {
  throughputPerMs: number;
  rejectPerMs: number;
  busySlots: number;
  latency: LatencyParams;
  meanMs: number;
  meanWaitMs: number;
}

/**
 * openState's answer slot, refilled by every call (its callers read it before the next one): a
 * curve asks for a state per point, and the two objects per call were a tenth of a curve's allocations.
 */
const OPEN_STATE: OpenState = { throughputPerMs: 0, rejectPerMs: 0, busySlots: 0, latency: newLatency(), meanMs: 0, meanWaitMs: 0 };

function newLatency(): LatencyParams {
  return { pWait: 0, waitMeanMs: 0, waitVarMs2: 0, slotMeanMs: 0, slotVarMs2: 0 };
}

function setLatency(l: LatencyParams, pWait: number, waitMeanMs: number, waitVarMs2: number, slotMeanMs: number, slotVarMs2: number): void {
  l.pWait = pWait;
  l.waitMeanMs = waitMeanMs;
  l.waitVarMs2 = waitVarMs2;
  l.slotMeanMs = slotMeanMs;
  l.slotVarMs2 = slotVarMs2;
}

function setOpenState(thr: number, rejectPerMs: number, busy: number, meanMs: number, meanWaitMs: number): OpenState {
  const st = OPEN_STATE;
  st.throughputPerMs = thr;
  st.rejectPerMs = rejectPerMs;
  st.busySlots = busy;
  st.meanMs = meanMs;
  st.meanWaitMs = meanWaitMs;
  return st;
}

function openState(p: Clean, t: PoolTable, lambdaPerMs: number): OpenState {
  const n = p.slots;
  const m = p.queueLimit;
  const xN = t.xN;
  const x1 = xAt(t, 1);
  if (!(lambdaPerMs > 0)) {
    const s0 = 1 / x1;
    setLatency(OPEN_STATE.latency, 0, 0, 0, s0, inSlotVariance(p, s0));
    return setOpenState(0, 0, 0, s0, 0);
  }
  const lam = lambdaPerMs;
  // q = λ/X(N) = e^{−h}; h < 0 means overload (the backlog fills up).
  const h = Math.log(xN) - Math.log(lam);

  // Segment E: n = 0..e, all below N; weights Π λ/X(j), summed outward from the mode.
  const e = Math.min(t.ncv, n - 1);
  let lo = 0;
  let hi = e;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((t.xs[mid] as number) <= lam) lo = mid;
    else hi = mid - 1;
  }
  const mode = lo;
  let sumW = 1;
  let sumNW = mode;
  let w = 1;
  let wE = mode === e ? 1 : 0;
  const inv = t.inv;
  const xs = t.xs;
  let k = mode + 1;
  for (; k <= e; k++) {
    w *= lam * (inv[k] as number);
    sumW += w;
    sumNW += k * w;
    if (w < NEGLIGIBLE * sumW) break;
  }
  // The walk reached e (stopped there, or ran past it): w is e's weight. Not tested per term.
  if (k >= e && mode < e) wE = w;
  w = 1;
  const invLam = 1 / lam;
  for (k = mode; k >= 1; k--) {
    w *= (xs[k] as number) * invLam;
    sumW += w;
    sumNW += (k - 1) * w;
    if (w < NEGLIGIBLE * sumW) break;
  }
  const lZE = Math.log(sumW);
  const meanE = sumNW / sumW;
  const lwE = Math.log(wE);

  // Segment A: n = e+1..N−1 (pool not full, X already converged, ratio q).
  const cA = n - 1 - e;
  let lZA = Number.NEGATIVE_INFINITY;
  let meanA = 0;
  if (cA > 0 && wE > 0) {
    lZA = lwE - h + logGeomSum(h, cA - 1);
    meanA = e + 1 + geomMean(h, cA - 1);
  }
  // Segment B: n = N + j, j = 0..M (all slots busy, j waiting; j = M means the backlog is full).
  const lwN = wE > 0 ? lwE - (n - e) * h : Number.NEGATIVE_INFINITY;
  const lZB = lwN + logGeomSum(h, m);
  const lZ = logSumExp3(lZE, lZA, lZB);
  const pE = Math.exp(lZE - lZ);
  const pA = Math.exp(lZA - lZ);
  const pB = Math.exp(lZB - lZ);
  const pRej = clamp01(Math.exp(lwN - m * h - lZ));
  const busy = clampNum(pE * meanE + pA * meanA + pB * n, 0, n);
  const thr = lam * (1 - pRej);
  const accepted = 1 - pRej;
  const pWait = accepted > 1e-300 ? clamp01((pB - pRej) / accepted) : m > 0 ? 1 : 0;

  // Mean in-slot time from Little's law on busy slots (DOMAIN.md E.4).
  const slotMean = thr > 0 && busy > 0 ? busy / thr : 1 / x1;
  const slotVar = inSlotVariance(p, slotMean);

  // Allen–Cunneen: variability of the full pool's service time, cs² = Var/mean² at n = N.
  // The sharing noise is left out on purpose: with all slots busy the CPU still completes work
  // at a steady rate, so PS fluctuations make single requests slower, not departures burstier
  // (CPU-bound with cpuCv = 1 must give f = 1, the exact M/M/c-like case).
  const sN = n / xN;
  const cs2 = inSlotVariance(p, sN, 0, true) / (sN * sN);
  const f = clampNum((1 + cs2) / 2, 0.05, 20);
  let waitMean = 0;
  let waitVar = 0;
  if (m > 0) {
    // Queue-length decay q → q' = q^(1/f) (diffusion limit: the decay rate of the queue is
    // proportional to 1/(1 + cs²)); this keeps a full backlog full in overload. Below
    // saturation, the time scale g = f(1 − q')/(1 − q) makes the mean conditional wait exactly
    // the Allen–Cunneen value f/(X(N) − λ) for an unbounded queue; g → 1 as q → 1, so the two
    // regimes join continuously.
    const hw = h / f;
    const ej = geomMean(hw, m - 1);
    const vj = geomVar(hw, m - 1);
    const g = h > 0 ? (f * -Math.expm1(-hw)) / -Math.expm1(-h) : 1;
    waitMean = (g * (1 + ej)) / xN;
    waitVar = (g * g * (1 + ej + vj)) / (xN * xN);
  }
  const meanWait = pWait * waitMean;
  setLatency(OPEN_STATE.latency, pWait, waitMean, waitVar, slotMean, slotVar);
  return setOpenState(thr, lam * pRej, busy, slotMean + meanWait, meanWait);
}

function safe(x: number): number {
  if (!(x > 0)) return 0;
  return x > Number.MAX_VALUE ? Number.MAX_VALUE : x;
}

type PercentilesMs = Pick<OpenPoint, 'p50Ms' | 'p95Ms' | 'p99Ms'>;

/**
 * p50, p95 and p99 of one latency distribution; later searches start above earlier answers, so
 * p50 ≤ p95 ≤ p99 is built in. Along a curve, `guess` (curveGuess: the previous points extrapolated
 * to this one) gives each search a starting point: neighbouring points' percentiles are close, so
 * one Halley step usually lands (solveNearGuess). The root is the same; only where the search ends
 * inside its stopping tolerance can differ.
 */
function percentiles(surv: Survival, scaleMs: number, guess: PercentilesMs | null = null): PercentilesMs {
  if (!guess) {
    const s50 = solvePercentile(surv, 0.5, null, scaleMs, Number.NaN, SOLVED_P50);
    const s95 = solvePercentile(surv, 0.95, s50, scaleMs, Number.NaN, SOLVED_P95);
    return ordered(s50, s95, solvePercentile(surv, 0.99, s95, scaleMs, Number.NaN, SOLVED_P99));
  }
  const s50 = solveNearGuess(surv, 0.5, null, scaleMs, guess.p50Ms, SOLVED_P50);
  const s95 = solveNearGuess(surv, 0.95, s50, scaleMs, guess.p95Ms, SOLVED_P95);
  return ordered(s50, s95, solveNearGuess(surv, 0.99, s95, scaleMs, guess.p99Ms, SOLVED_P99));
}

/** percentiles()'s answer slot: its callers copy the three numbers out before the next search. */
const PERCENTILES: PercentilesMs = { p50Ms: 0, p95Ms: 0, p99Ms: 0 };

function ordered(s50: SolveState, s95: SolveState, s99: SolveState): PercentilesMs {
  const p95 = Math.max(s95.t, s50.t);
  return percentilesOf(PERCENTILES, safe(s50.t), safe(p95), safe(Math.max(s99.t, p95)));
}

function percentilesOf(out: PercentilesMs, p50Ms: number, p95Ms: number, p99Ms: number): PercentilesMs {
  out.p50Ms = p50Ms;
  out.p95Ms = p95Ms;
  out.p99Ms = p99Ms;
  return out;
}

/**
 * The percentiles of a curve's next point at x (`xOf`: a point's position, offered rps or users),
 * from the points so far and this point's mean latency `meanMs`, which its chain gave before any
 * search; null before the first point. The percentiles and the mean are extrapolated alike (the
 * parabola through the last three points, the line through the last two, the last value after one)
 * and the percentiles scaled by meanMs / the extrapolated mean: where the extrapolation misses, it
 * misses the percentiles and the mean alike (near the knee both bend together), and the known mean
 * corrects it. A parabola's error shrinks with the cube of the step, a line's with its square.
 * Where the mean is off by more than MEAN_BAND, the curve has jumped (the backlog fills between
 * two points: the latency grows tenfold) and the extrapolation means nothing: each percentile keeps
 * the last point's ratio to the mean, or, when the mean is more than MEAN_JUMP off the last point's,
 * gets no guess (NaN: the search starts from this distribution's own median guess). On the default plan's curves: 395 evaluations of
 * P(T > t) instead of 455 with the percentiles extrapolated alone; over the eight fixtures' curves
 * 2,987 instead of 3,499.
 */
function curveGuess<P extends PercentilesMs & { meanMs: number }>(
  out: readonly P[],
  xOf: (pt: P) => number,
  x: number,
  meanMs: number,
): PercentilesMs | null {
  const n = out.length;
  const a = out[n - 1];
  if (!a) return null;
  const b = out[n - 2];
  const c = out[n - 3];
  const xa = xOf(a);
  const xb = b ? xOf(b) : xa;
  const xc = c ? xOf(c) : xb;
  // Lagrange weights at x of the parabola through a, b, c; else of the line through a, b; else a alone.
  let la = 1;
  let lb = 0;
  let lc = 0;
  if (b && c && xa !== xb && xc !== xa && xc !== xb) {
    la = ((x - xb) * (x - xc)) / ((xa - xb) * (xa - xc));
    lb = ((x - xa) * (x - xc)) / ((xb - xa) * (xb - xc));
    lc = ((x - xa) * (x - xb)) / ((xc - xa) * (xc - xb));
  } else if (b && xa !== xb) {
    lb = (x - xa) / (xb - xa);
    la = 1 - lb;
  }
  const scale = meanMs / lagrange(meanOf, a, b, c, la, lb, lc);
  if (scale > 1 / MEAN_BAND && scale < MEAN_BAND) {
    return percentilesOf(GUESS, scale * lagrange(p50Of, a, b, c, la, lb, lc), scale * lagrange(p95Of, a, b, c, la, lb, lc), scale * lagrange(p99Of, a, b, c, la, lb, lc));
  }
  const r = meanMs / a.meanMs;
  if (r > 1 / MEAN_JUMP && r < MEAN_JUMP) return percentilesOf(GUESS, r * a.p50Ms, r * a.p95Ms, r * a.p99Ms);
  return percentilesOf(GUESS, Number.NaN, Number.NaN, Number.NaN);
}
/** curveGuess's answer slot (read by the point's percentile searches, before the next point's guess). */
const GUESS: PercentilesMs = { p50Ms: 0, p95Ms: 0, p99Ms: 0 };
/**
 * Σ weight × value over the points a, b, c (b, c may be absent). A module-level function, not a closure
 * in curveGuess: under tsx (esbuild's keepNames) every closure created at run time is renamed with a
 * defineProperty call, which cost ~8 % of `npm run bench`'s default-plan case when this was one.
 */
function lagrange<P>(pick: (pt: P) => number, a: P, b: P | undefined, c: P | undefined, la: number, lb: number, lc: number): number {
  return la * pick(a) + (b ? lb * pick(b) : 0) + (c ? lc * pick(c) : 0);
}
/** How far (a factor) the mean may be from its extrapolation for curveGuess to trust the extrapolation. */
const MEAN_BAND = 1.5;
/** How far the mean may be from the last point's for curveGuess to keep that point's ratios. */
const MEAN_JUMP = 3;
const meanOf = (pt: { meanMs: number }): number => pt.meanMs;
const p50Of = (pt: PercentilesMs): number => pt.p50Ms;
const p95Of = (pt: PercentilesMs): number => pt.p95Ms;
const p99Of = (pt: PercentilesMs): number => pt.p99Ms;

/** Maximum throughput (rps) of the full pool, X(N). */
export function saturationRps(input: PerfInput): number {
  const p = clean(input);
  const t = poolTable(p);
  return safe((p.idleWakeCpuMs > 0 ? poolTable(saturatedAtLoad(p, t)) : t).xN * 1000);
}

/**
 * The pool at its own saturation rate. CPU-bound, every core is busy there and it is p; a pool
 * limited by its slots still idles its cores, so its requests pay part of the wake cost, which
 * lengthens their slot time: a fixed point, reached from above (X falls, the share grows, X falls less).
 */
function saturatedAtLoad(p: Clean, t: PoolTable): Clean {
  let q = atLoad(p, t.xN);
  for (let i = 0; i < 30; i++) {
    const next = atLoad(p, poolTable(q).xN);
    const done = Math.abs(next.cpuMs - q.cpuMs) <= 1e-9 * (1 + q.cpuMs);
    q = next;
    if (done) break;
  }
  return q;
}

export function openLoopPoint(input: PerfInput, offeredRps: number): OpenPoint {
  const p = clean(input);
  const t = poolTable(p);
  const q = openAtLoad(p, t, offeredRps);
  return openPointOf(q, q === p ? t : poolTable(q), offeredRps);
}

/** The pool at an offered rate (rps): what it completes is at most its saturation rate (with the wake share there). */
function openAtLoad(p: Clean, t: PoolTable, offeredRps: number): Clean {
  if (!(p.idleWakeCpuMs > 0)) return p;
  const lam = safe(finiteOr(offeredRps, 0)) / 1000;
  const sat = saturatedAtLoad(p, t);
  return lam >= poolTable(sat).xN ? sat : atLoad(p, lam);
}

/**
 * One open-loop point of a cleaned input and its pool table (a curve looks both up once);
 * `out`: the curve's points so far, from which the percentile searches start (curveGuess).
 */
function openPointOf(p: Clean, t: PoolTable, offeredRps: number, out: readonly OpenPoint[] = []): OpenPoint {
  const offered = safe(finiteOr(offeredRps, 0));
  const st = openState(p, t, offered / 1000);
  const guess = curveGuess(out, offeredOf, offered, st.meanMs);
  const pct = percentiles(makeSurvival(st.latency, guess !== null), st.meanMs, guess);
  const thrRps = st.throughputPerMs * 1000;
  return {
    offeredRps: offered,
    throughputRps: safe(Math.min(thrRps, offered)),
    rejectedRps: safe(st.rejectPerMs * 1000),
    meanMs: safe(st.meanMs),
    p50Ms: pct.p50Ms,
    p95Ms: pct.p95Ms,
    p99Ms: pct.p99Ms,
    cpuUtil: clamp01((st.throughputPerMs * p.cpuMs) / p.cpuServers),
    machineCpuUtil: clamp01((st.throughputPerMs * p.cpuMs) / p.machineCpuServers),
    slotUtil: clamp01(st.busySlots / p.slots),
    busySlots: safe(st.busySlots),
    queuedRequests: safe(st.throughputPerMs * st.meanWaitMs),
    waitProbability: clamp01(st.latency.pWait),
  };
}

const offeredOf = (pt: OpenPoint): number => pt.offeredRps;

export function openLoopCurve(input: PerfInput, maxRps: number, points: number): OpenPoint[] {
  const count = clampNum(Math.floor(finiteOr(points, 2)), 1, 100_000);
  const top = safe(finiteOr(maxRps, 0));
  const p = clean(input);
  const t = poolTable(p);
  const out: OpenPoint[] = [];
  for (let i = 0; i < count; i++) {
    const rps = count === 1 ? top : (top * i) / (count - 1);
    const q = openAtLoad(p, t, rps);
    out.push(openPointOf(q, q === p ? t : poolTable(q), rps, out));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Closed loop: U users thinking Z ms in front of the flow-equivalent server.

interface ClosedState {
  throughputPerMs: number;
  meanMs: number;
  busySlots: number;
  latency: LatencyParams;
}

/** closedState's answer slot, as OPEN_STATE. */
const CLOSED_STATE: ClosedState = { throughputPerMs: 0, meanMs: 0, busySlots: 0, latency: newLatency() };

function setClosedState(thr: number, meanMs: number, busy: number): ClosedState {
  const st = CLOSED_STATE;
  st.throughputPerMs = thr;
  st.meanMs = meanMs;
  st.busySlots = busy;
  return st;
}

/** `onCurve`: a curve point past the first, whose chain sums may differ by rounding (closedChainSumsFlat). */
function closedState(p: Clean, t: PoolTable, users: number, thinkMs: number, onCurve = false): ClosedState {
  const n = p.slots;
  const kMax = Math.min(users, n + p.queueLimit);
  const x1 = xAt(t, 1);
  if (users <= 0 || kMax <= 0) {
    const s0 = 1 / x1;
    setLatency(CLOSED_STATE.latency, 0, 0, 0, s0, inSlotVariance(p, s0));
    return setClosedState(0, s0, 0);
  }
  // Z = 0 would make births infinite; a tiny Z is the same system without the singularity.
  const z = Math.max(thinkMs, 1e-9);
  const s = (onCurve ? closedChainSumsFlat : closedChainSums)(t, n, users, z, kMax, closedMode(t, n, users, z, kMax));
  const thr = s.sX / s.sW;
  const meanInSystem = s.sK / s.sW;
  const busy = s.sB / s.sW;
  const slotMean = thr > 0 && busy > 0 ? busy / thr : 1 / x1;
  const wait = closedWait(p, t, s);
  setLatency(
    CLOSED_STATE.latency,
    s.sA > 0 ? clamp01(s.sAW / s.sA) : 0,
    wait.meanMs,
    wait.varMs2,
    slotMean,
    inSlotVariance(p, slotMean, closedSharingNoise(p, x1, s, thr, busy)),
  );
  // Little's law on the requests in the system; equals the response-time law U/X − Z when
  // nothing is rejected.
  return setClosedState(thr, thr > 0 ? meanInSystem / thr : slotMean, busy);
}

/**
 * Mode of the closed chain's distribution of k (requests in the system): w(k)/w(k−1) =
 * (U − k + 1)/(Z·X(min(k, N))) is decreasing in k (unimodal), so bisect for the last ratio ≥ 1.
 */
function closedMode(t: PoolTable, n: number, users: number, z: number, kMax: number): number {
  let lo = 0;
  let hi = kMax;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((users - mid + 1) / (z * xAt(t, mid < n ? mid : n)) >= 1) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Unnormalised sums over the closed chain, w(mode) = 1: Σw, Σ k·w, Σ X·w, Σ min(k, N)·w and
 * Σ min(k, N)²·w; over arrivals (weight a = (U − k)·w, k < kMax): Σa, and for k ≥ N (j = k − N
 * waiting): Σa, Σ a·j, Σ a·j².
 */
interface ClosedSums {
  sW: number;
  sK: number;
  sX: number;
  sB: number;
  sB2: number;
  sA: number;
  sAW: number;
  sAJ: number;
  sAJ2: number;
}

/** The chain sums' answer slot (closedState reads it before the next walk), as OPEN_STATE. */
const CHAIN_SUMS: ClosedSums = { sW: 0, sK: 0, sX: 0, sB: 0, sB2: 0, sA: 0, sAW: 0, sAJ: 0, sAJ2: 0 };

function chainSums(sW: number, sK: number, sX: number, sB: number, sB2: number, sA: number, sAW: number, sAJ: number, sAJ2: number): ClosedSums {
  const out = CHAIN_SUMS;
  out.sW = sW;
  out.sK = sK;
  out.sX = sX;
  out.sB = sB;
  out.sB2 = sB2;
  out.sA = sA;
  out.sAW = sAW;
  out.sAJ = sAJ;
  out.sAJ2 = sAJ2;
  return out;
}

/**
 * The chain's sums, from the mode upward then downward until a term is negligible, added in that
 * order. The sums stay in local variables (a closure or an object over them measured ~1.8× slower
 * on the large bench plan); the two walks are separate loops, each with the branches of its own
 * direction only (one shared loop body measured ~1.3× slower on the default plan's closed curve).
 * X(min(k, N)) = xs[k] for k ≤ ncv, else X(N) = xN (ncv ≤ N).
 */
function closedChainSums(t: PoolTable, n: number, users: number, z: number, kMax: number, mode: number): ClosedSums {
  const xs = t.xs;
  const ncv = t.ncv;
  const xN = t.xN;
  const invZ = 1 / z;
  let sW = 0;
  let sK = 0;
  let sX = 0;
  let sB = 0;
  let sB2 = 0;
  let sA = 0;
  let sAW = 0;
  let sAJ = 0;
  let sAJ2 = 0;
  const x0 = mode === 0 ? 0 : mode <= ncv ? (xs[mode] as number) : xN;
  // Upward from the mode (the mode's own term first).
  let k = mode;
  let w = 1;
  let xk = x0;
  for (;;) {
    sW += w;
    sK += k * w;
    sX += xk * w;
    sB += (k < n ? k : n) * w;
    sB2 += (k < n ? k * k : n * n) * w;
    if (k >= kMax) break;
    const a = (users - k) * w;
    sA += a;
    if (k >= n) {
      const j = k - n;
      sAW += a;
      sAJ += a * j;
      sAJ2 += a * j * j;
    }
    k++;
    xk = k <= ncv ? (xs[k] as number) : xN;
    w *= ((users - k + 1) * invZ) / xk;
    if (!(w < NEGLIGIBLE * sW)) continue;
    break;
  }
  // Downward from the mode: w(k−1) = w(k)·Z·X(k)/(U − k + 1); k < mode ≤ kMax, so every term arrives.
  k = mode;
  w = 1;
  xk = x0;
  while (k > 0) {
    w *= (z * xk) / (users - k + 1);
    k--;
    if (w < NEGLIGIBLE * sW) break;
    xk = k === 0 ? 0 : k <= ncv ? (xs[k] as number) : xN;
    sW += w;
    sK += k * w;
    sX += xk * w;
    sB += (k < n ? k : n) * w;
    sB2 += (k < n ? k * k : n * n) * w;
    const a = (users - k) * w;
    sA += a;
    if (k >= n) {
      const j = k - n;
      sAW += a;
      sAJ += a * j;
      sAJ2 += a * j * j;
    }
  }
  return chainSums(sW, sK, sX, sB, sB2, sA, sAW, sAJ, sAJ2);
}

/**
 * closedChainSums for a curve point: the same sums up to rounding (~1e-15 relative; a single point
 * keeps closedChainSums, so its numbers stay bit for bit what they were). Where every slot is busy
 * (k ≥ N) X is flat at X(N), so with λ = Z·X(N) the arrival weight there is a(k) = (U − k)·w(k) =
 * λ·w(k + 1): the arrival sums Σa, Σa·j, Σa·j² (j = k − N) are λ times sums of w, w·j, w·j² shifted
 * by one term, and Σk·w, ΣX·w, Σmin(k, N)·w, Σmin(k, N)²·w follow from Σw and Σw·j. That stretch of
 * the walk keeps three running sums instead of nine and multiplies by (U − k)/λ instead of dividing
 * by X; it holds ~90 % of the default plan's closed-curve terms (the chain past the knee sums ~740
 * per point), which took ~15 % of `npm run bench`'s default-plan case. Below N the walk is
 * closedChainSums's, multiplying by the table's 1/X(k) instead of dividing by X(k) on the way up (the
 * large bench plan's closed curve has ~190 such terms a point). Terms are dropped by the same rule
 * (below NEGLIGIBLE of the sum so far).
 */
function closedChainSumsFlat(t: PoolTable, n: number, users: number, z: number, kMax: number, mode: number): ClosedSums {
  const xs = t.xs;
  const inv = t.inv;
  const ncv = t.ncv;
  const xN = t.xN;
  const invXN = 1 / xN;
  const invZ = 1 / z;
  const lam = z * xN;
  const invLam = 1 / lam;
  // Terms below N, as closedChainSums adds them (min(k, N) = k, nobody waits).
  let sW = 0;
  let sK = 0;
  let sX = 0;
  let sB = 0;
  let sB2 = 0;
  let sA = 0;
  // Terms from N on: Σw, Σw·j, Σw·j²; the lowest one added (kLo, wLo) and the first one dropped above (wAbove, 0 if none).
  let f0 = 0;
  let f1 = 0;
  let f2 = 0;
  let kLo = -1;
  let wLo = 0;
  let wAbove = 0;
  // Upward from the mode (its own term first): below N term by term, then the flat stretch.
  let k = mode;
  let w = 1;
  let stopped = false;
  while (k < n) {
    sW += w;
    sK += k * w;
    sX += (k <= ncv ? (xs[k] as number) : xN) * w;
    sB += k * w;
    sB2 += k * k * w;
    if (k >= kMax) {
      stopped = true;
      break;
    }
    sA += (users - k) * w;
    k++;
    w *= (users - k + 1) * invZ * (k <= ncv ? (inv[k] as number) : invXN);
    if (w < NEGLIGIBLE * sW) {
      stopped = true;
      break;
    }
  }
  if (!stopped) {
    kLo = k;
    wLo = w;
    for (;;) {
      const j = k - n;
      f0 += w;
      f1 += j * w;
      f2 += j * j * w;
      if (k >= kMax) break;
      const next = w * (users - k) * invLam;
      k++;
      if (next < NEGLIGIBLE * (sW + f0)) {
        wAbove = next;
        break;
      }
      w = next;
    }
  }
  const kAbove = k;
  // Downward from the mode: w(k−1) = w(k)·Z·X(k)/(U − k + 1); the flat stretch first, then below N.
  k = mode;
  w = 1;
  stopped = false;
  while (k > n) {
    w *= lam / (users - k + 1);
    k--;
    if (w < NEGLIGIBLE * (sW + f0)) {
      stopped = true;
      break;
    }
    const j = k - n;
    f0 += w;
    f1 += j * w;
    f2 += j * j * w;
    kLo = k;
    wLo = w;
  }
  while (!stopped && k > 0) {
    w *= (z * (k <= ncv ? (xs[k] as number) : xN)) / (users - k + 1);
    k--;
    if (w < NEGLIGIBLE * (sW + f0)) break;
    sW += w;
    sK += k * w;
    sX += (k <= ncv ? (xs[k] as number) : xN) * w;
    sB += k * w;
    sB2 += k * k * w;
    sA += (users - k) * w;
  }
  if (kLo < 0) return chainSums(sW, sK, sX, sB, sB2, sA, 0, 0, 0);
  // Arrivals at kLo..min(kHi, kMax − 1) are λ × the terms at kLo + 1..min(kHi + 1, kMax): the flat
  // sums less the kLo term, plus the dropped term above when there is one; j at an arrival is one less.
  const jLo = kLo - n;
  const jAbove = kAbove - n;
  const u0 = f0 - wLo + wAbove;
  const u1 = f1 - wLo * jLo + wAbove * jAbove;
  const u2 = f2 - wLo * jLo * jLo + wAbove * jAbove * jAbove;
  const arrivals = lam * u0;
  return chainSums(sW + f0, sK + n * f0 + f1, sX + xN * f0, sB + n * f0, sB2 + n * n * f0, sA + arrivals, arrivals, lam * (u1 - u0), lam * (u2 - 2 * u1 + u0));
}

/**
 * Wait for a slot: departures of the full pool are as regular as its in-slot time, so each of the
 * 1 + j departures a waiting request needs contributes cs² / X(N)² of variance, not the
 * exponential's 1 / X(N)² (a fixed population of regular requests leaves at a steady pace).
 */
function closedWait(p: Clean, t: PoolTable, s: ClosedSums): { meanMs: number; varMs2: number } {
  const out = CLOSED_WAIT;
  if (!(s.sAW > 0)) {
    out.meanMs = 0;
    out.varMs2 = 0;
    return out;
  }
  const xN = t.xN;
  const sN = p.slots / xN;
  const cd2 = clampNum(inSlotVariance(p, sN, 0, true) / (sN * sN), 0, 16);
  const ej = s.sAJ / s.sAW;
  const vj = Math.max(s.sAJ2 / s.sAW - ej * ej, 0);
  out.meanMs = (1 + ej) / xN;
  out.varMs2 = ((1 + ej) * cd2 + vj) / (xN * xN);
  return out;
}
/** closedWait's answer slot, as OPEN_STATE. */
const CLOSED_WAIT = { meanMs: 0, varMs2: 0 };

/**
 * Weight of the CPU-sharing noise in the closed loop's in-slot variance. The noise comes from a
 * changing number of co-running requests; with a fixed population (every slot busy all the time)
 * it vanishes. Weight it by how much the busy-slot count fluctuates relative to a geometric
 * (open-loop) population of the same mean. Requests alternating between the CPU and I/O change
 * the CPU's population even when the busy-slot count is fixed: that part of the noise scales
 * with the I/O share of the slot time.
 */
function closedSharingNoise(p: Clean, x1: number, s: ClosedSums, thr: number, busy: number): number {
  const busyVar = Math.max(s.sB2 / s.sW - busy * busy, 0);
  const fromBusy = busy > 0 ? clampNum(busyVar / (busy * (1 + busy)), 0, 1) : 1;
  const slotM = thr > 0 && busy > 0 ? busy / thr : 1 / x1;
  const ioPart = slotM > 0 ? clampNum(p.ioMs / slotM, 0, 1) : 0;
  // Many requests queued on few cores (K ≫ c) change the per-request share little when one
  // leaves for I/O: √(c/K) (fitted against simulate.ts, closed loop, CV 0.1–1).
  const atCpu = Math.max(busy - thr * p.ioMs, 1e-9);
  const ordered = fromBusy + (1 - fromBusy) * ioPart * Math.sqrt(Math.min(1, p.cpuServers / atCpu));
  // No fixed order inside a Python process: a floor fitted on the real Gunicorn gthread/gevent
  // sweeps (bench/realserver/fixtures/validation, measured.test.ts).
  return p.unorderedInProcess ? Math.max(p.unorderedNoiseFloor, ordered) : ordered;
}

/**
 * Sharing-noise floors for requests served in no fixed order inside one process (closed loop),
 * fitted on the real Gunicorn sweeps (bench/realserver/fixtures/validation and validation-run1,
 * measured.test.ts): gevent's hub (0.4; on loopback it serves far out of order, see the README) and
 * gthread's GIL handoff (0.25: 0.4 put the CPU-bound p95 at 2 × the mean with 2–4 threads busy,
 * above the measured p99 × 1.25; 0.25 keeps every gthread point of both runs but two inside the band).
 */
export const UNORDERED_NOISE_HUB = 0.4;
export const UNORDERED_NOISE_GIL = 0.25;

export function closedLoopPoint(input: PerfInput, users: number, thinkMs: number): ClosedPoint {
  const p = clean(input);
  const t = poolTable(p);
  const q = closedAtLoad(p, t, users, thinkMs);
  return closedPointOf(q, q === p ? t : closedTable(p, q, users, thinkMs), users, thinkMs);
}

/**
 * Share of the closed loop's throughput lost to herding (herding.ts) at this point: 1 − X / X_pf, both
 * with the pool at its load; 0 where the situation does not herd. For the explanation of latency.
 */
export function closedHerdingLoss(input: PerfInput, users: number, thinkMs: number): number {
  const p = clean(input);
  if (!(p.idleWakeCpuMs > 0) || p.cpuDiscipline !== 'ps') return 0;
  const u = clampNum(Math.round(finiteOr(users, 0)), 0, MAX_QUEUE);
  const z = clampNum(finiteOr(thinkMs, 0), 0, MAX_MS);
  const q = closedAtLoad(p, poolTable(p), u, z);
  const herded = closedState(q, closedTable(p, q, u, z), u, z).throughputPerMs;
  const productForm = closedState(q, poolTable(q), u, z).throughputPerMs;
  return productForm > 0 ? clamp01(1 - herded / productForm) : 0;
}

/**
 * The closed loop's pool table of q (p at its load): the product form's X(k), herded where the
 * idle-wake cost pulls few time-shared requests into step (herding.ts; p's busy CPU cost, the wake
 * cost and the CVs decide it). Processor sharing only: the simulation the form was fitted to herds
 * with 'ps'; FCFS pipelines regular bursts instead (sharpenKnee). p itself (no wake cost) never herds.
 */
function closedTable(p: Clean, q: Clean, users: number, thinkMs: number): PoolTable {
  const t = poolTable(q);
  if (!(p.idleWakeCpuMs > 0) || p.cpuDiscipline !== 'ps') return t;
  const h: HerdInput = {
    c: p.cpuServers,
    cpuMs: p.cpuMs,
    cpuCv: p.cpuCv,
    ioMs: p.ioMs,
    ioCv: p.ioCv,
    thinkMs: clampNum(finiteOr(thinkMs, 0), 0, MAX_MS),
    idleWakeCpuMs: p.idleWakeCpuMs,
    wakeBuiltUp: -Math.expm1(-p.ioMs / IDLE_WAKE_WINDOW_MS),
  };
  const capture = herdCapture(h, IDLE_WAKE_WINDOW_MS);
  const top = Math.min(t.ncv, clampNum(Math.round(finiteOr(users, 0)), 0, MAX_QUEUE));
  if (!(capture > 1e-12) || top < 2) return t;
  // The closed loop's fixed point and the point after it ask for the same table several times.
  const key = `${q.slots}|${q.cpuServers}|${q.cpuMs}|${p.cpuMs}|${p.ioMs}|${p.cpuCv}|${p.ioCv}|${p.idleWakeCpuMs}|${h.thinkMs}|${top}`;
  const hit = herdCache.get(key);
  if (hit) return hit;
  const xs = Float64Array.from(t.xs);
  for (let k = 2; k <= top; k++) xs[k] = Math.max(xs[k - 1] as number, herdedThroughput(h, capture, k, t.xs[k] as number));
  const inv = new Float64Array(t.ncv + 1);
  for (let k = 1; k <= t.ncv; k++) inv[k] = 1 / (xs[k] as number);
  const herded = { xs, ncv: t.ncv, xN: xs[t.ncv] as number, inv };
  if (herdCache.size >= 64) {
    const first = herdCache.keys().next();
    if (!first.done) herdCache.delete(first.value);
  }
  herdCache.set(key, herded);
  return herded;
}
const herdCache = new Map<string, PoolTable>();

/**
 * The closed loop's pool with the idle-wake share at its own throughput: a fixed point (more CPU per
 * request → lower throughput → more idle → more CPU), reached from below by iterating; the share is
 * at most idleWakeCpuMs and shrinks as throughput grows, so a few rounds settle it to 1e-9.
 */
function closedAtLoad(p: Clean, t: PoolTable, users: number, thinkMs: number): Clean {
  if (!(p.idleWakeCpuMs > 0)) return p;
  const u = clampNum(Math.round(finiteOr(users, 0)), 0, MAX_QUEUE);
  const z = clampNum(finiteOr(thinkMs, 0), 0, MAX_MS);
  let q = p;
  let tq = t;
  for (let i = 0; i < 30; i++) {
    const next = atLoad(p, closedState(q, tq, u, z).throughputPerMs);
    const done = Math.abs(next.cpuMs - q.cpuMs) <= 1e-9 * (1 + q.cpuMs);
    q = next;
    tq = closedTable(p, q, u, z);
    if (done) break;
  }
  return q;
}

const usersOf = (pt: ClosedPoint): number => pt.users;

/** One closed-loop point, as openPointOf. */
function closedPointOf(
  p: Clean,
  t: PoolTable,
  users: number,
  thinkMs: number,
  out: readonly ClosedPoint[] = [],
): ClosedPoint {
  const u = clampNum(Math.round(finiteOr(users, 0)), 0, MAX_QUEUE);
  const z = clampNum(finiteOr(thinkMs, 0), 0, MAX_MS);
  const st = closedState(p, t, u, z, out.length > 0);
  // Users are whole, so a curve's steps are uneven: extrapolate against the users themselves.
  const guess = curveGuess(out, usersOf, u, st.meanMs);
  const pct = percentiles(makeSurvival(st.latency, guess !== null), st.meanMs, guess);
  return {
    users: u,
    thinkMs: z,
    throughputRps: safe(st.throughputPerMs * 1000),
    meanMs: safe(st.meanMs),
    p50Ms: pct.p50Ms,
    p95Ms: pct.p95Ms,
    p99Ms: pct.p99Ms,
    cpuUtil: clamp01((st.throughputPerMs * p.cpuMs) / p.cpuServers),
    machineCpuUtil: clamp01((st.throughputPerMs * p.cpuMs) / p.machineCpuServers),
    slotUtil: clamp01(st.busySlots / p.slots),
  };
}

export function closedLoopCurve(input: PerfInput, maxUsers: number, thinkMs: number, points: number): ClosedPoint[] {
  const count = clampNum(Math.floor(finiteOr(points, 2)), 1, 100_000);
  const top = clampNum(finiteOr(maxUsers, 0), 0, MAX_QUEUE);
  const p = clean(input);
  const t = poolTable(p);
  const out: ClosedPoint[] = [];
  for (let i = 1; i <= count; i++) {
    const users = (top * i) / count;
    const q = closedAtLoad(p, t, users, thinkMs);
    out.push(closedPointOf(q, q === p ? t : closedTable(p, q, users, thinkMs), users, thinkMs, out));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// SLO search.

function openPercentile(p: Clean, t: PoolTable, lambdaPerMs: number, pct: number): number {
  const q = openAtLoad(p, t, lambdaPerMs * 1000);
  const st = openState(q, q === p ? t : poolTable(q), lambdaPerMs);
  return solvePercentile(makeSurvival(st.latency), pct, null, st.meanMs, Number.NaN, SOLVED_P50).t;
}

/**
 * openPercentile(…) ≤ sloMs, mostly from one or two evaluations of P(T > t) instead of a search. P is
 * decreasing, so P(T > slo·(1 + ε)) > 1 − pct puts the percentile above slo·(1 + ε), and
 * P(T > slo·(1 − ε)) ≤ 1 − pct puts it below slo·(1 − ε). SLO_MARGIN = ε is 100× the search's
 * stopping tolerance, so the search answers the same; only nearer than that does it run.
 */
function openPercentileWithin(p: Clean, t: PoolTable, lambdaPerMs: number, pct: number, sloMs: number): boolean {
  const st = openState(p, t, lambdaPerMs);
  const surv = makeSurvival(st.latency);
  const target = 1 - pct;
  if (surv.at(sloMs * (1 + SLO_MARGIN)) > target) return false;
  if (surv.at(sloMs * (1 - SLO_MARGIN)) <= target) return true;
  return solvePercentile(surv, pct, null, st.meanMs, Number.NaN, SOLVED_P50).t <= sloMs;
}
const SLO_MARGIN = 1e-5;

/**
 * Highest offered rps whose `percentile` latency is ≤ sloMs, by bisection on the offered rate.
 * Searched in [0, saturationRps]: beyond saturation requests are rejected (or queue without
 * bound), which no SLO should count as "within". 0 if even a lone request breaks the SLO.
 */
export function maxRpsWithinSlo(input: PerfInput, percentile: LatencyPercentile, sloMs: number): number {
  const p = clean(input);
  const t = poolTable(p);
  const pct = PERCENTILE_P[percentile];
  const slo = finiteOr(sloMs, 0);
  if (!(slo > 0)) return 0;
  if (openPercentile(p, t, 0, pct) > slo) return 0;
  let lo = 0;
  let hi = t.xN;
  if (openPercentile(p, t, hi, pct) <= slo) return safe(hi * 1000);
  for (let i = 0; i < 60 && hi - lo > 1e-7 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (openPercentileWithin(p, t, mid, pct, slo)) lo = mid;
    else hi = mid;
  }
  return safe(lo * 1000);
}

/** Exposed for tests and the explain panel: X(n) in rps for n busy slots. */
export function poolThroughputRps(input: PerfInput, busySlots: number): number {
  const p = clean(input);
  const t = poolTable(p);
  const k = clampNum(Math.floor(finiteOr(busySlots, 0)), 0, p.slots);
  return safe(xAt(t, k) * 1000);
}
