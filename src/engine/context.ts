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
  /** Planned load reaching the app (dynamic requests), requests/s. */
  dynamicRps: number;
  /** CPU time per dynamic request on this machine's cores. */
  cpuMs: number;
  ioMs: number;
  /** cpuMs + ioMs: a request's time in a worker when nothing contends. */
  bareServiceMs: number;
  /** Share of a request's uncontended time spent waiting on I/O. */
  ioShare: number;
  cpuCapacity: number;
  ramMiB: number;
  /** Memory nginx is expected to use (workers × per-worker), reserved before the app is sized. */
  nginxMiB: number;
}

export function buildContext(plan: Plan): SizingContext {
  const w = plan.workload;
  const cpuMs = w.cpuMs / plan.hardware.perCoreSpeed;
  const ioMs = w.ioWaitMs;
  const bareServiceMs = cpuMs + ioMs;
  const dynamicShare = 1 - w.staticShare;
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
    cpuMs,
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
