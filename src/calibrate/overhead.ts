/**
 * Framework CPU per request at zero app work, measured on this machine's kind (bench/realserver,
 * `overhead-*` sweeps: a minimal WSGI app under Gunicorn 20.1 and a minimal PHP script under
 * PHP-FPM 8.2 behind nginx; median of the sweep's points of server CPU time / requests, from
 * /proc/<pid>/stat). Latency data cannot separate this from the app's own CPU (both are CPU time
 * per request), so the fit reports total CPU and splits off this measured overhead.
 * calibrate.test.ts checks these numbers against the fixtures' meta.json.
 */
import type { Plan, WorkerClass } from '../plan/schema';

export interface Overhead {
  ms: number;
  source: string;
}

export const GUNICORN_OVERHEAD_MS: Record<WorkerClass, Overhead> = {
  sync: { ms: 0.16, source: 'bench/realserver/fixtures/measured/overhead-gunicorn-sync-1core' },
  gthread: { ms: 0.15, source: 'bench/realserver/fixtures/measured/overhead-gunicorn-gthread-1core' },
  gevent: { ms: 0.14, source: 'bench/realserver/fixtures/measured/overhead-gunicorn-gevent-1core' },
  // Not measured (no ASGI server here): gevent's figure is the closest event-loop worker.
  asgi: { ms: 0.14, source: 'assumed equal to gevent (not measured)' },
};

/** PHP-FPM child only; nginx's own fastcgi work (nginxCpuMsPerRequest in the meta) is not in the app pool. */
export const FPM_OVERHEAD_MS: Overhead = { ms: 0.04, source: 'bench/realserver/fixtures/measured/overhead-fpm-static-1core' };

export function frameworkOverhead(plan: Plan, workerClass: WorkerClass): Overhead {
  return plan.app === 'phpfpm' ? FPM_OVERHEAD_MS : GUNICORN_OVERHEAD_MS[workerClass];
}
