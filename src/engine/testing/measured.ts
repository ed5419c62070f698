/**
 * Reading the real-server sweeps (bench/realserver/fixtures, recorded by bench/realserver/measure.sh) and comparing them
 * with the model, for src/engine/perf/measured.test.ts and the before/after error table. Pure: the
 * caller reads the files.
 */
import { planSchema, type Plan, type WorkerClass } from '../../plan/schema';
import { IDLE_WAKE_WINDOW_MS } from '../perf/model';
import { sizePlan } from '../size-plan';

// ---------------------------------------------------------------------------------------------
// A minimal reader of wrk's text output (DOMAIN.md H.1): enough for the fields used here.

export interface WrkRun {
  connections: number;
  requests: number;
  requestsPerS: number;
  meanMs: number;
  /** Latency distribution (--latency): percentile → ms. */
  pctMs: Record<number, number>;
  /** Socket errors (connect, read, write, timeout) plus responses with status > 399. */
  errors: number;
  /** The Latency row's Max and the run's length ("… requests in 3.02s"), for wrkCorrected. */
  maxMs: number;
  runtimeMs: number;
  /** The Latency row's Stdev. */
  sdMs: number;
}

const TIME_MS: Record<string, number> = { us: 1e-3, ms: 1, s: 1e3, m: 60e3, h: 3600e3 };
const METRIC: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9 };

function timeMs(token: string): number {
  const m = /^([\d.]+)(us|ms|s|m|h)$/.exec(token);
  if (!m) throw new Error(`not a wrk time: ${token}`);
  return Number(m[1]) * (TIME_MS[m[2] as string] as number);
}

export function readWrk(text: string): WrkRun {
  const num = (re: RegExp): number => {
    const m = re.exec(text);
    if (!m) throw new Error(`wrk output lacks ${re.source}`);
    return Number(m[1]) * (METRIC[m[2] ?? ''] ?? 1);
  };
  const lat = /^\s+Latency\s+(\S+)\s+(\S+)\s+(\S+)\s/m.exec(text);
  const runtime = /^\s+\d+ requests in (\S+?),/m.exec(text);
  if (!runtime) throw new Error('wrk output lacks the run time');
  if (!lat) throw new Error('wrk output lacks the Latency row');
  const pctMs: Record<number, number> = {};
  for (const m of text.matchAll(/^\s+(\d+)%\s+(\S+)[ \t]*$/gm)) pctMs[Number(m[1])] = timeMs(m[2] as string);
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(text);
  return {
    connections: num(/\d+ threads and (\d+)() connections/),
    requests: num(/^\s+(\d+)() requests in/m),
    requestsPerS: num(/^Requests\/sec:\s+([\d.]+)()/m),
    meanMs: timeMs(lat[1] as string),
    pctMs,
    errors: (sock ? sock.slice(1).reduce((a, b) => a + Number(b), 0) : 0) + (non2xx ? Number(non2xx[1]) : 0),
    maxMs: timeMs(lat[3] as string),
    sdMs: timeMs(lat[2] as string),
    runtimeMs: timeMs(runtime[1] as string),
  };
}

/**
 * wrk's coordinated-omission correction (stats_correct in wrk.c, DOMAIN.md H.1): before printing,
 * every recorded latency above twice the expected interval — runtime / (requests / connections),
 * the mean time a connection spends per request — adds synthetic samples at latency − k × interval
 * (k = 1, 2, … while above the interval). A closed loop has no omitted requests, so those samples
 * are not latencies the server produced: its Avg and percentiles are then inflated. True when the
 * correction changed this run's figures (its Max is above twice the interval).
 */
export function wrkCorrected(run: WrkRun): boolean {
  const perConnection = Math.floor(run.requests / run.connections);
  return perConnection > 0 && run.maxMs > (2 * run.runtimeMs) / perConnection;
}

/**
 * The mean latency of the requests the server served. wrk's Avg when its correction did not touch
 * the histogram; otherwise Little's law for the closed loop, connections / throughput (each
 * connection sends its next request as soon as the response is in, or after `thinkMs` with
 * measure.sh --think-ms, so N = X × (R + Z)), which is the mean of the recorded samples up to
 * wrk's client turnaround (microseconds on loopback).
 */
export function servedMeanMs(run: WrkRun, thinkMs = 0): { meanMs: number; from: 'wrk' | 'little' } {
  return wrkCorrected(run) ? { meanMs: (1000 * run.connections) / run.requestsPerS - thinkMs, from: 'little' } : { meanMs: run.meanMs, from: 'wrk' };
}

/**
 * Two groups of latencies: the upper quartile at least 1.5 × the median. The signature of keep-alive
 * connections split unevenly over Gunicorn's gthread workers (a connection stays on the worker that
 * accepted it, so the lighter worker's requests form the lower group and the heavier worker's the
 * upper one); one pool or an even split gives p75 ≈ p50 with regular requests (CV 0.05).
 */
export function twoLatencyGroups(run: WrkRun): boolean {
  const p50 = run.pctMs[50];
  const p75 = run.pctMs[75];
  return p50 !== undefined && p75 !== undefined && p75 >= 1.5 * p50;
}

/**
 * Each of the two groups' connections by Little's law, when the run has two groups (twoLatencyGroups):
 * the lower group at the median, the upper at p90, the lower group's share of requests s solving
 * s·X·p50 + (1 − s)·X·p90 = connections (clamped to the ½–¾ the quartiles allow). An estimate, for the
 * error table: which split the race produced.
 */
export function splitFromGroups(run: WrkRun): { lower: number; upper: number } | null {
  const p50 = run.pctMs[50];
  const p90 = run.pctMs[90];
  if (!twoLatencyGroups(run) || p50 === undefined || p90 === undefined) return null;
  const perMs = run.requestsPerS / 1000;
  const s = Math.min(0.75, Math.max(0.5, (p90 * perMs - run.connections) / ((p90 - p50) * perMs)));
  return { lower: s * perMs * p50, upper: (1 - s) * perMs * p90 };
}

/**
 * The median request far below the served mean (p50 ≤ 0.7 × mean): most requests are served at once
 * while a few wait many rounds. The signature of gevent's hub re-serving the connection it just
 * served (wrk's next request is in before the greenlet blocks); served in arrival order, regular
 * requests give p50 ≈ the mean.
 */
export function medianFarBelowMean(run: WrkRun, thinkMs = 0): boolean {
  const p50 = run.pctMs[50];
  return p50 !== undefined && p50 <= 0.7 * servedMeanMs(run, thinkMs).meanMs;
}

// ---------------------------------------------------------------------------------------------
// Sweeps (bench/realserver/measure.sh's meta.json) and the plan each point corresponds to.

export interface SweepMeta {
  server: 'gunicorn' | 'fpm';
  workerClass: string;
  workers: number;
  threads: number;
  /** null = the server default (gthread: 1000, DOMAIN.md A.3). */
  workerConnections: number | null;
  /** 'app' = the synthetic app (cpuMsSet of CPU, then ioMsSet of sleep); 'min' = an empty app. */
  app: 'app' | 'min';
  cpuMsSet: number;
  ioMsSet: number;
  cores: number;
  /** CPUs the server was pinned to; for PHP-FPM nginx shares them. */
  serverCpus: string;
  /** `model name` of /proc/cpuinfo on the host that ran the sweep. */
  cpuModel?: string;
  /** measure.sh --think-ms: each connection's pause between a response and its next request (absent = 0). */
  thinkMs?: number;
  points: {
    connections: number;
    requests: number;
    serverCpuMsPerRequest: number | null;
    nginxCpuMsPerRequest: number | null;
    /** The same from the scheduler's run time in ns (measure.sh since the wake-cost sweeps; absent before). */
    serverCpuMsPerRequestExact?: number | null;
    nginxCpuMsPerRequestExact?: number | null;
    /** schedstat's run-queue wait of the server's threads per request (ms) and their timeslices per request (measure.sh since 2026-12-02; absent before). */
    serverRunQueueWaitMsPerRequest?: number | null;
    serverTimeslicesPerRequest?: number | null;
    /** The pinned CPUs' idle + iowait and irq + softirq share of the point's wall time (/proc/stat; since 2026-12-02). */
    serverCoresIdleShare?: number | null;
    serverCoresIrqShare?: number | null;
  }[];
}

/**
 * CPU per request of one point: the server's, plus nginx's for PHP-FPM (it runs on the same pinned
 * core). The exact scheduler figure where the sweep has it, else the 10 ms-tick one.
 */
export function cpuMsOf(meta: SweepMeta, p: SweepMeta['points'][number]): number {
  const server = p.serverCpuMsPerRequestExact ?? p.serverCpuMsPerRequest ?? 0;
  const nginx = meta.server === 'fpm' ? (p.nginxCpuMsPerRequestExact ?? p.nginxCpuMsPerRequest ?? 0) : 0;
  return server + nginx;
}

/**
 * The wake cost an SRE has for a sweep: the one measured on the same host (CPU model) as the
 * sweep, else none (the idle-wake cost is a property of the machine; run 1's host was not measured).
 */
export function wakeFor(meta: SweepMeta, wake: Record<string, number>, wakeCpuModel: string | undefined): number {
  return meta.cpuModel !== undefined && meta.cpuModel === wakeCpuModel ? (wake[`${meta.server}-${meta.workerClass}`] ?? 0) : 0;
}

const mean = (xs: number[]): number => (xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/**
 * Framework overhead per server and class (`gunicorn-sync`, `fpm-static`, …): the mean CPU per
 * request of the empty-app sweeps; for PHP-FPM nginx's FastCGI side is added, since it runs on the
 * same pinned core.
 */
export function overheadFrom(sweeps: readonly SweepMeta[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of sweeps.filter((x) => x.app === 'min')) {
    const srv = mean(m.points.map((p) => p.serverCpuMsPerRequest ?? 0));
    const ngx = m.server === 'fpm' ? mean(m.points.map((p) => p.nginxCpuMsPerRequest ?? 0)) : 0;
    out[`${m.server}-${m.workerClass}`] = srv + ngx;
  }
  return out;
}

/**
 * The idle-wake cost per server and class (`gunicorn-sync`, `fpm-static`, …) from the empty-app
 * sweeps of bench/realserver/wake-cost.sh (fixtures/diagnostics/wake-<server>-<class>-think<ms>):
 * CPU per request at 1 connection when wrk pauses 30 ms between requests (the core idles long
 * enough to pay all of it) minus the same with no pause (it never idles), exact CPU (schedstat),
 * nginx included for PHP-FPM as it runs on the same core.
 */
export function wakeFrom(sweeps: readonly { name: string; meta: SweepMeta }[]): Record<string, number> {
  const atOne = (name: string): number | null => {
    const s = sweeps.find((x) => x.name === name);
    const p = s?.meta.points.find((x) => x.connections === 1);
    return s && p ? cpuMsOf(s.meta, p) : null;
  };
  const out: Record<string, number> = {};
  for (const { name, meta } of sweeps) {
    const m = /^wake-(.+)-think30$/.exec(name);
    const idle = m ? atOne(name) : null;
    const busy = m ? atOne(`wake-${m[1]}-think0`) : null;
    if (idle !== null && busy !== null) out[`${meta.server}-${meta.workerClass}`] = Math.max(0, idle - busy);
  }
  return out;
}

/**
 * The test app burns a fixed CPU time and sleeps a fixed time (bench/realserver/app.py,
 * php/app.php): regular requests. CV 0.1 stands for the residual jitter (scheduler, sleep overshoot).
 */
const REGULAR_CV = 0.1;

/** What the model is told about one request. */
export interface RequestInputs {
  cpuMs: number;
  ioMs: number;
  /** workload.frameworkOverheadMsRef. */
  overheadMs: number;
  /** workload.idleWakeCpuMsRef (0 = off). */
  idleWakeMs: number;
  /** workload.cpuCv and ioCv; absent = REGULAR_CV. */
  cv?: number;
}

/**
 * Inputs as the app was configured: its CPU burn and sleep, plus the framework overhead of the
 * empty-app sweeps (a blind prediction: everything else the server does per request is missing).
 */
export function configuredInputs(meta: SweepMeta, overhead: Record<string, number>): RequestInputs {
  return { cpuMs: meta.cpuMsSet, ioMs: meta.ioMsSet, overheadMs: overhead[`${meta.server}-${meta.workerClass}`] ?? 0, idleWakeMs: 0 };
}

const median = (xs: number[]): number => {
  const v = [...xs].sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length === 0 ? 0 : v.length % 2 ? (v[m] as number) : ((v[m - 1] as number) + (v[m] as number)) / 2;
};

/**
 * Inputs as an SRE measures them on a running server: CPU per request from the server's CPU
 * counters (framework, sleep syscalls and, for PHP-FPM, nginx on the same core included), and the
 * non-CPU time of a request alone (the 1-connection point's latency minus that CPU: the sleep, its
 * overshoot, loopback and wake-ups). No latency of a loaded point goes in.
 *
 * With an idle-wake cost `idleWakeMs` (wakeFrom, measured on the empty apps), CPU per request is
 * the busy cost: each point's counter minus the wake share the model charges at that point's core
 * load (CPU counter × request rate, as a monitoring agent records them), the median over the sweep.
 * With 0 it is the median of the counters as they are.
 */
export function measuredInputs(meta: SweepMeta, runs: readonly { point: SweepMeta['points'][number]; run: WrkRun }[], idleWakeMs = 0): RequestInputs {
  const cpuOf = (p: SweepMeta['points'][number]): number => cpuMsOf(meta, p);
  const one = runs.find((r) => r.point.connections === 1);
  if (!one) throw new Error('sweep without a 1-connection point');
  const busyCpuMs = ({ point, run }: (typeof runs)[number]): number => {
    const cpuMs = cpuOf(point);
    const perMsPerCore = run.requestsPerS / 1000 / meta.cores;
    const idleShare = Math.max(0, 1 - cpuMs * perMsPerCore);
    return cpuMs - (idleWakeMs * idleShare) / (1 + perMsPerCore * IDLE_WAKE_WINDOW_MS);
  };
  return { cpuMs: median(runs.map(busyCpuMs)), ioMs: Math.max(0, one.run.meanMs - cpuOf(one.point)), overheadMs: 0, idleWakeMs };
}

/**
 * A diagnostic for the herding term (perf/herding.ts), which hangs on how regular the requests are:
 * the CV of the requests taken from the 1-connection point's latency spread (wrk's Stdev / Avg, a
 * request alone: its CPU, sleep, wake-ups and loopback), in 0.05–1, instead of REGULAR_CV.
 * scripts/validation-errors.ts --cv-from-spread; no test input uses it.
 */
export function cvFromSpread(runs: readonly { point: SweepMeta['points'][number]; run: WrkRun }[]): number {
  const one = runs.find((r) => r.point.connections === 1);
  if (!one || !(one.run.meanMs > 0)) throw new Error('sweep without a 1-connection point');
  return Math.min(1, Math.max(0.05, one.run.sdMs / one.run.meanMs));
}

/**
 * The idle-wake cost a sweep implies by itself, for a host without wake-* sweeps: least squares of
 * each point's CPU per request (cpuMsOf) on its idle factor (1 − u) / (1 + λτ/c) (the model's
 * cpuMsAtLoad), slope = the wake cost, intercept = the busy cost, with the slope's standard error.
 * Only a sweep whose idle factor spans a wide range (an I/O-bound sweep that ends with a busy core)
 * determines it. A diagnostic (scripts/validation-errors.ts --wake-fit); no test input uses it.
 */
export function wakeFitOf(meta: SweepMeta, runs: readonly { point: SweepMeta['points'][number]; run: WrkRun }[]): { wakeMs: number; busyMs: number; seMs: number; idleFactor: [number, number] } {
  const xy = runs.map(({ point, run }) => {
    const cpuMs = cpuMsOf(meta, point);
    const perMsPerCore = run.requestsPerS / 1000 / meta.cores;
    return [Math.max(0, 1 - cpuMs * perMsPerCore) / (1 + perMsPerCore * IDLE_WAKE_WINDOW_MS), cpuMs] as const;
  });
  const mx = mean(xy.map(([x]) => x));
  const my = mean(xy.map(([, y]) => y));
  const sxx = xy.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  const wakeMs = sxx > 0 ? xy.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0) / sxx : Number.NaN;
  const busyMs = my - wakeMs * mx;
  const rss = xy.reduce((a, [x, y]) => a + (y - busyMs - wakeMs * x) ** 2, 0);
  const seMs = xy.length > 2 && sxx > 0 ? Math.sqrt(rss / (xy.length - 2) / sxx) : Number.NaN;
  const xs = xy.map(([x]) => x);
  return { wakeMs, busyMs, seMs, idleFactor: [Math.min(...xs), Math.max(...xs)] };
}

export function planFor(meta: SweepMeta, connections: number, inputs: RequestInputs, sticky = true): Plan {
  const gunicorn = meta.server === 'gunicorn';
  return planSchema.parse({
    hardware: { presetId: 'custom', physicalCores: meta.cores, hardwareThreads: meta.cores, ramGiB: 16, perCoreSpeed: 1 },
    workload: {
      mode: 'closed',
      concurrentUsers: connections,
      thinkTimeMs: meta.thinkMs ?? 0,
      cpuMs: Math.max(0.1, inputs.cpuMs),
      cpuCv: inputs.cv ?? REGULAR_CV,
      ioWaitMs: inputs.ioMs,
      ioCv: inputs.cv ?? REGULAR_CV,
      staticShare: 0,
      frameworkOverheadMsRef: inputs.overheadMs,
      idleWakeCpuMsRef: inputs.idleWakeMs,
    },
    app: gunicorn ? 'gunicorn' : 'phpfpm',
    // wrk's connections are persistent and go straight to Gunicorn (no nginx in between).
    gunicorn: gunicorn ? { workerClass: meta.workerClass as WorkerClass, keepAliveSticky: sticky, persistentConnections: connections } : {},
    pins: gunicorn
      ? { gunicornWorkers: meta.workers, gunicornThreads: meta.threads, gunicornWorkerConnections: meta.workerConnections ?? 1000 }
      : { fpmMaxChildren: meta.workers },
  });
}

/** The bounds (issue 13 item 6) and the pinned core's busy share. */
export const STRICT_BOUNDS = { thr: 0.1, mean: 0.15, core: 0.15 } as const;

export interface PointError {
  connections: number;
  /** Relative errors, model against measured (for gthread, of the nearer end of its two keep-alive outcomes; 0 between them). */
  thr: number;
  mean: number;
  /** Model p95 against the band [p90/1.25, p99×1.25]: 0 inside, else the relative distance outside. */
  p95OutOfBand: number;
  machineCpu: number;
  /** gthread keep-alive: which outcome the point matched ('n/a' when stickiness cannot change it). */
  stickyOutcome: 'n/a' | 'stuck' | 'spread';
  /** meanFrom: wrk's Avg, or connections / throughput where wrk's correction inflated the Avg (servedMeanMs). */
  measured: { rps: number; meanMs: number; meanFrom: 'wrk' | 'little'; p90Ms: number; p99Ms: number; cpuShare: number };
  model: { rps: number; meanMs: number; p95Ms: number; cpuShare: number };
}

interface Prediction {
  rps: number;
  meanMs: number;
  p95Ms: number;
  cpuShare: number;
}

function predict(meta: SweepMeta, connections: number, inputs: RequestInputs, sticky: boolean): Prediction {
  const perf = sizePlan(planFor(meta, connections, inputs, sticky)).performance;
  const c = perf.currentClosed;
  if (!c) throw new Error('closed-loop plan without a closed point');
  return { rps: c.throughputRps, meanMs: c.meanMs, p95Ms: c.p95Ms, cpuShare: perf.machineCpuUtil.value };
}

/** Which of the bounds (and the core check) a point misses: [] when inside all of them. */
export function outOfBounds(e: PointError): ('thr' | 'mean' | 'p95' | 'core')[] {
  const out: ('thr' | 'mean' | 'p95' | 'core')[] = [];
  if (Math.abs(e.thr) >= STRICT_BOUNDS.thr) out.push('thr');
  if (Math.abs(e.mean) >= STRICT_BOUNDS.mean) out.push('mean');
  if (e.p95OutOfBand !== 0) out.push('p95');
  if (Math.abs(e.machineCpu) >= STRICT_BOUNDS.core) out.push('core');
  return out;
}

/** Relative error of the model's range lo..hi (one value, or gthread's two keep-alive outcomes) against `measured`: 0 inside. */
function outside(lo: number, hi: number, measured: number): number {
  return measured < lo ? lo / measured - 1 : measured > hi ? hi / measured - 1 : 0;
}

/** Distance of p95 from the band [p90/1.25, p99×1.25]: 0 inside, else the relative distance outside. */
function bandMiss(p95: number, p90: number, p99: number): number {
  const lo = p90 / 1.25;
  const hi = p99 * 1.25;
  return p95 < lo ? p95 / lo - 1 : p95 > hi ? p95 / hi - 1 : 0;
}

/**
 * Model against one measured point. With gthread, which worker accepts a keep-alive connection is
 * a race (measured here: 16 connections all on one worker, 8 and 32 spread over both), so the model
 * gives two outcomes — every connection stuck on as few workers as worker_connections allows (the
 * worst case) and spread evenly — and a measured figure between them (±tolerance) agrees.
 */
export function comparePoint(meta: SweepMeta, point: SweepMeta['points'][number], run: WrkRun, inputs: RequestInputs): PointError {
  const a = predict(meta, point.connections, inputs, true);
  const b = meta.server === 'gunicorn' && meta.workerClass === 'gthread' ? predict(meta, point.connections, inputs, false) : a;
  const p90 = run.pctMs[90] ?? run.meanMs;
  const p99 = run.pctMs[99] ?? run.meanMs;
  const served = servedMeanMs(run, meta.thinkMs ?? 0);
  const missA = bandMiss(a.p95Ms, p90, p99);
  const missB = bandMiss(b.p95Ms, p90, p99);
  const near = Math.abs(a.rps / run.requestsPerS - 1) <= Math.abs(b.rps / run.requestsPerS - 1) ? a : b;
  // The pinned core's busy share: the server's CPU per request (and nginx's, on the same core for PHP-FPM) × throughput.
  const cpuMsPerRequest = cpuMsOf(meta, point);
  const cpuShare = (cpuMsPerRequest * run.requestsPerS) / 1000 / meta.cores;
  return {
    connections: point.connections,
    thr: outside(Math.min(a.rps, b.rps), Math.max(a.rps, b.rps), run.requestsPerS),
    mean: outside(Math.min(a.meanMs, b.meanMs), Math.max(a.meanMs, b.meanMs), served.meanMs),
    p95OutOfBand: Math.abs(missA) <= Math.abs(missB) ? missA : missB,
    machineCpu: outside(Math.min(a.cpuShare, b.cpuShare), Math.max(a.cpuShare, b.cpuShare), cpuShare),
    stickyOutcome: a === b ? 'n/a' : near === a ? 'stuck' : 'spread',
    measured: { rps: run.requestsPerS, meanMs: served.meanMs, meanFrom: served.from, p90Ms: p90, p99Ms: p99, cpuShare },
    model: { rps: near.rps, meanMs: near.meanMs, p95Ms: near.p95Ms, cpuShare: near.cpuShare },
  };
}
