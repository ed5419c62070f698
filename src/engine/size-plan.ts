/**
 * The engine's entry point: plan in, result out. Pure: no React, DOM, store, clock or randomness.
 */
import type { Plan } from '../plan/schema';
import { appShare, buildContext } from './context';
import { crossLayerChecks } from './checks';
import { sizeGunicorn } from './gunicorn';
import { memoryBudget } from './memory';
import { sizeNginx } from './nginx';
import { appPool, sizePerformance, type CurveOptions } from './performance';
import { sizePhpFpm } from './php-fpm';
import type { SizingResult } from './types';
import { perServerPlan } from './fleet/per-server';

export type SizeOptions = CurveOptions;

export function sizePlan(plan: Plan, opts: SizeOptions = {}): SizingResult {
  const ctx = buildContext(plan);

  const gunicorn = plan.app === 'gunicorn' ? sizeGunicorn(ctx) : null;
  const phpfpm = plan.app === 'phpfpm' ? sizePhpFpm(ctx) : null;

  const pool = appPool(ctx, gunicorn, phpfpm);
  const performance = sizePerformance(ctx, pool, opts);

  const upstreamKeepalive = gunicorn !== null && gunicorn.workerClass.value !== 'sync';
  const nginx = sizeNginx(ctx, {
    appTimeoutS: gunicorn ? gunicorn.timeoutS.value : phpfpm ? phpfpm.requestTerminateTimeoutS.value : 60,
    upstreamKeepalive,
    dynamicMeanMs: performance.current.meanMs,
  });

  const dynamicInFlight = (performance.current.throughputRps * appShare(plan) * performance.current.meanMs) / 1000;
  const memory = memoryBudget(plan, nginx, gunicorn, phpfpm, dynamicInFlight, ctx.dynamicRps);
  const findings = crossLayerChecks(ctx, gunicorn, phpfpm, nginx, memory, performance);

  return { planVersion: plan.version, app: plan.app, gunicorn, phpfpm, nginx, memory, performance, findings };
}

/**
 * One (main) server of the plan's fleet: the workload is the whole fleet's, and this server gets
 * its busiest share by nginx weight over every serving server of every kind (N, or N − 1 with an
 * N+1 spare; equal weights give 1 / serving). The analysis' `web` section is this sizing.
 */
export function sizePlanPerServer(plan: Plan, opts: SizeOptions = {}): SizingResult {
  return sizePlan(perServerPlan(plan), opts);
}
