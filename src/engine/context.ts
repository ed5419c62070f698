/**
 * Quantities several layers need, computed once from the plan.
 */
import type { Plan } from '../plan/schema';
import { cpuCapacityCores } from './hardware';

/** The memory budget's warning line (DOMAIN.md F.10 keeps pools ≤ ~0.8; the memory bar warns above 80%). */
export const MEMORY_TARGET_SHARE = 0.8;

export interface SizingContext {
  plan: Plan;
  /** Total planned load at nginx (static + dynamic), requests/s. */
  totalRps: number;
  /** Planned load reaching the app (dynamic requests minus microcache hits), requests/s. */
  dynamicRps: number;
  /**
   * CPU time per dynamic request on this machine's cores, ms: the plan's `workload.cpuMs` (measured
   * on the reference core, plus the framework overhead) divided by `hardware.perCoreSpeed`.
   */
  cpuMsHost: number;
  /** workload.idleWakeCpuMsRef on this machine's cores (/ perCoreSpeed), ms. */
  idleWakeCpuMsHost: number;
  ioMs: number;
  /** cpuMsHost + ioMs: a request's time in a worker when nothing contends. */
  bareServiceMs: number;
  /** Share of a request's uncontended time spent waiting on I/O. */
  ioShare: number;
  cpuCapacity: number;
  ramMiB: number;
  /** Memory nginx is expected to use (workers × per-worker), reserved before the app is sized. */
  nginxMiB: number;
}

/**
 * Share of the microcache-eligible (dynamic) requests that still reach the app: 1 − hit ratio with
 * the microcache on (DOMAIN.md C.4), else 1. Floored at 1%: every key misses at least once per TTL,
 * and a 100% hit ratio would size the app for no load at all.
 */
export const MIN_BACKEND_FACTOR = 0.01;
export function backendFactor(cache: Plan['cache']): number {
  return cache.microcacheEnabled && cache.ttlS > 0 ? Math.max(MIN_BACKEND_FACTOR, 1 - cache.hitRatio) : 1;
}

/** Share of the requests at nginx that reach the app: (1 − static share) × backend factor. */
export function appShare(plan: Plan): number {
  return (1 - plan.workload.staticShare) * backendFactor(plan.cache);
}

export function buildContext(plan: Plan): SizingContext {
  const w = plan.workload;
  // The server's own per-request CPU (WSGI/FastCGI handling) runs on the same cores as the app's.
  const cpuMsHost = (w.cpuMs + w.frameworkOverheadMsRef) / plan.hardware.perCoreSpeed;
  const ioMs = w.ioWaitMs;
  const bareServiceMs = cpuMsHost + ioMs;
  // Requests the app serves: not static files, not microcache hits (nginx answers both).
  const dynamicShare = appShare(plan);
  // Closed loop: plan for the users' uncontended request rate (response-time law with no queueing,
  // an upper bound); the performance model then computes what the pool actually delivers.
  const totalRps =
    w.mode === 'open'
      ? w.arrivalRps
      : w.concurrentUsers / ((w.thinkTimeMs + dynamicShare * bareServiceMs) / 1000);
  return {
    plan,
    totalRps,
    dynamicRps: totalRps * dynamicShare,
    cpuMsHost,
    idleWakeCpuMsHost: w.idleWakeCpuMsRef / plan.hardware.perCoreSpeed,
    ioMs,
    bareServiceMs,
    ioShare: bareServiceMs > 0 ? ioMs / bareServiceMs : 0,
    cpuCapacity: cpuCapacityCores(plan.hardware),
    ramMiB: plan.hardware.ramGiB * 1024,
    nginxMiB: nginxWorkerProcessesFor(plan) * plan.nginx.workerMemMiB,
  };
}

/** nginx `worker_processes auto` = online CPUs = hardware threads (DOMAIN.md C.1). */
export function nginxWorkerProcessesFor(plan: Plan): number {
  return plan.pins.nginxWorkerProcesses ?? plan.hardware.hardwareThreads;
}
