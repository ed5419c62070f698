/**
 * Cross-layer checks: what a reviewer of these configs would flag. Each finding says what to change.
 */
import { latencyAtPercentileMs } from './slo';
import type { Plan } from '../plan/schema';
import type { SizingContext } from './context';
import { BOTO3_POOL_CONNECTIONS } from './gunicorn';
import { UPSTREAM_KEEPALIVE_TIMEOUT_S } from './nginx';
import type { Finding, FpmSettings, GunicornSettings, MemoryBudget, NginxSettings, PerformanceResult } from './types';

// Intl formatters are costly to create; toLocaleString builds one per call (hot on every slider move).
const FORMATTERS = [0, 1, 2].map((d) => new Intl.NumberFormat('en-US', { maximumFractionDigits: d }));
const fmt = (n: number, d = 0) => (FORMATTERS[d] ?? FORMATTERS[0]!).format(n);

/** Everything a check reads: the sized layers of one server. */
interface CheckInput {
  ctx: SizingContext;
  plan: Plan;
  gunicorn: GunicornSettings | null;
  fpm: FpmSettings | null;
  nginx: NginxSettings;
  memory: MemoryBudget;
  perf: PerformanceResult;
}

/** Memory. */
function memoryChecks({ memory }: CheckInput): Finding[] {
  const out: Finding[] = [];
  if (memory.status === 'over') {
    out.push({
      id: 'memory-over',
      severity: 'error',
      layer: 'memory',
      message: `The budget needs ${fmt(memory.usedMiB.value)} MiB but the server has ${fmt(memory.totalMiB)} MiB: the OOM killer will end processes under load.`,
      fix: 'Lower the worker/child count, the per-worker memory, or add RAM.',
    });
  } else if (memory.status === 'warning') {
    out.push({
      id: 'memory-warning',
      severity: 'warning',
      layer: 'memory',
      message: `Memory use is ${fmt(memory.usedShare * 100, 1)}% of RAM, above the 80% line: little room for page cache, growth and deploy overlap.`,
      fix: 'Lower the worker/child count or the per-worker memory.',
    });
  }
  return out;
}

/** Timeout ladder (DOMAIN.md F.3). */
function timeoutChecks({ plan, gunicorn, fpm, nginx }: CheckInput): Finding[] {
  const out: Finding[] = [];
  const appTimeout = gunicorn ? gunicorn.timeoutS.value : fpm ? fpm.requestTerminateTimeoutS.value : 0;
  const proxyRead = nginx.proxyReadTimeoutS.value;
  if (appTimeout > 0 && proxyRead < appTimeout) {
    out.push({
      id: 'timeout-inversion',
      severity: 'error',
      layer: 'nginx',
      message: `nginx ${nginx.proxyReadTimeoutS.key} (${proxyRead} s) is shorter than the app's limit (${appTimeout} s): nginx answers 504 while the worker keeps running the request.`,
      fix: `Raise ${nginx.proxyReadTimeoutS.key} above ${appTimeout} s, or lower the app timeout.`,
      source: 'DOMAIN.md F.3',
    });
  }
  if (appTimeout > 0 && appTimeout < plan.workload.slowestRequestS) {
    out.push({
      id: 'timeout-below-slowest',
      severity: 'warning',
      layer: gunicorn ? 'gunicorn' : 'phpfpm',
      message: `The app timeout (${appTimeout} s) is below your slowest legitimate request (${plan.workload.slowestRequestS} s): those requests are killed mid-way.`,
      fix: 'Raise the timeout or move the slow work to a background queue.',
    });
  }
  if (fpm) {
    if (fpm.requestTerminateTimeoutS.value === 0) {
      out.push({
        id: 'fpm-no-terminate-timeout',
        severity: 'warning',
        layer: 'phpfpm',
        message: 'request_terminate_timeout is 0 (off): max_execution_time counts CPU time only, so a child blocked on I/O is never stopped.',
        fix: 'Set request_terminate_timeout above your slowest request.',
        source: 'DOMAIN.md B.5',
      });
    } else if (fpm.requestTerminateTimeoutS.value <= 30) {
      out.push({
        id: 'fpm-terminate-below-max-exec',
        severity: 'info',
        layer: 'phpfpm',
        message: `request_terminate_timeout (${fpm.requestTerminateTimeoutS.value} s) is not above PHP's max_execution_time (30 s CPU): the wall-clock kill may fire first with a less useful error.`,
        fix: 'Keep request_terminate_timeout above max_execution_time.',
        source: 'DOMAIN.md F.3',
      });
    }
  }
  return out;
}

/** Keep-alive ladder. */
function keepaliveChecks({ gunicorn, nginx }: CheckInput): Finding[] {
  const out: Finding[] = [];
  if (gunicorn && nginx.upstreamKeepalive.value > 0 && gunicorn.workerClass.value !== 'sync' && gunicorn.keepaliveS.value <= UPSTREAM_KEEPALIVE_TIMEOUT_S) {
    out.push({
      id: 'keepalive-inversion',
      severity: 'warning',
      layer: 'gunicorn',
      message: `Gunicorn keepalive (${gunicorn.keepaliveS.value} s) is not above nginx's upstream keepalive_timeout (${UPSTREAM_KEEPALIVE_TIMEOUT_S} s): nginx can reuse a connection Gunicorn just closed (sporadic 502s).`,
      fix: `Set Gunicorn keepalive above ${UPSTREAM_KEEPALIVE_TIMEOUT_S} s.`,
      source: 'DOMAIN.md F.3',
    });
  }
  return out;
}

/** File descriptors (DOMAIN.md F.2). */
function fileDescriptorChecks({ plan, gunicorn, nginx }: CheckInput): Finding[] {
  const out: Finding[] = [];
  if (nginx.workerRlimitNofile.value < nginx.workerConnections.value) {
    out.push({
      id: 'nginx-nofile',
      severity: 'error',
      layer: 'nginx',
      message: `worker_rlimit_nofile (${fmt(nginx.workerRlimitNofile.value)}) is below worker_connections (${fmt(nginx.workerConnections.value)}): nginx warns at start and fails connections at the limit.`,
      fix: 'Set worker_rlimit_nofile to at least 2 × worker_connections.',
      source: 'DOMAIN.md C.1',
    });
  }
  if (gunicorn && gunicorn.workerClass.value !== 'sync') {
    const need = gunicorn.workerConnections.value + 64;
    if (plan.system.nofileSoftLimit < need) {
      // The exported gunicorn.service raises LimitNOFILE itself, so this only bites a unit of your own.
      out.push({
        id: 'gunicorn-nofile',
        severity: 'info',
        layer: 'system',
        message: `Each ${gunicorn.workerClass.value} worker may hold ${fmt(gunicorn.workerConnections.value)} connections, above the open-files limit of ${fmt(plan.system.nofileSoftLimit)} you entered. The exported gunicorn.service already sets a LimitNOFILE that covers it.`,
        fix: `With your own unit, set LimitNOFILE to at least ${fmt(need)} ("sudo ulimit" may not work).`,
        source: 'DOMAIN.md F.2',
      });
    }
  }
  return out;
}

/** Requests that outlive the timeouts. */
function longRequestChecks({ gunicorn, fpm, nginx, perf }: CheckInput): Finding[] {
  const out: Finding[] = [];
  const appLimitS = gunicorn ? gunicorn.timeoutS.value : fpm ? fpm.requestTerminateTimeoutS.value : 0;
  const wallLimitS = Math.min(...[appLimitS, nginx.proxyReadTimeoutS.value].filter((t) => t > 0));
  if (Number.isFinite(wallLimitS) && perf.current.p95Ms / 1000 > wallLimitS) {
    out.push({
      id: 'latency-beyond-timeouts',
      severity: 'error',
      layer: 'performance',
      message: `At the planned load the p95 latency (${fmt(perf.current.p95Ms / 1000, 1)} s, mostly queueing) is beyond the ${fmt(wallLimitS)} s timeout: those requests fail with 502/504 instead of completing.`,
      fix: 'Add capacity until the latency is far below the timeouts; raising the timeouts only hides the overload.',
      source: 'DOMAIN.md F.3',
    });
  }

  const nginxCapacity = nginx.workerProcesses.value * nginx.workerConnections.value;
  if (nginxCapacity < nginx.peakConnections.value) {
    out.push({
      id: 'nginx-connections',
      severity: 'error',
      layer: 'nginx',
      message: `worker_processes × worker_connections = ${fmt(nginxCapacity)} is below the ${fmt(nginx.peakConnections.value)} connections expected at the planned load.`,
      fix: 'Raise worker_connections.',
      source: 'DOMAIN.md C.2',
    });
  }
  return out;
}

/** Backlog chain (DOMAIN.md F.1). */
function backlogChecks({ plan, gunicorn }: CheckInput): Finding[] {
  const out: Finding[] = [];
  if (gunicorn && gunicorn.backlog.value > plan.system.somaxconn) {
    out.push({
      id: 'backlog-somaxconn',
      severity: 'warning',
      layer: 'system',
      message: `Gunicorn backlog ${fmt(gunicorn.backlog.value)} exceeds net.core.somaxconn (${fmt(plan.system.somaxconn)}): the kernel silently caps it.`,
      fix: `sysctl -w net.core.somaxconn=${gunicorn.backlog.value} (and persist it), or lower the backlog.`,
      source: 'DOMAIN.md F.1',
    });
  }
  if (plan.system.somaxconn < 511) {
    out.push({
      id: 'somaxconn-low',
      severity: 'info',
      layer: 'system',
      message: `net.core.somaxconn is ${plan.system.somaxconn}: nginx's default backlog (511) is capped to it (kernels before 5.4 default to 128).`,
      fix: 'Raise net.core.somaxconn to 4096.',
      source: 'DOMAIN.md F.1',
    });
  }
  return out;
}

/** Concurrency vs Little's law (DOMAIN.md E.4). */
function concurrencyChecks({ ctx, gunicorn, fpm }: CheckInput): Finding[] {
  const out: Finding[] = [];
  const slots = gunicorn ? gunicorn.concurrencySlots.value : fpm ? fpm.concurrencySlots.value : 0;
  const needInFlight = (ctx.dynamicRps * ctx.bareServiceMs) / 1000;
  if (slots < needInFlight) {
    out.push({
      id: 'slots-below-littles-law',
      severity: 'error',
      layer: gunicorn ? 'gunicorn' : 'phpfpm',
      message: `The pool holds ${fmt(slots)} requests but ${fmt(needInFlight, 1)} are in flight at the planned load even with no queueing (λ × (cpu + io)): it cannot keep up.`,
      fix: gunicorn ? 'Add workers or threads, or switch to gthread/gevent for I/O-bound requests.' : 'Raise pm.max_children (memory permitting) or add servers.',
      source: 'DOMAIN.md E.4',
    });
  }
  return out;
}

/** Load vs capacity and SLO. */
function loadChecks({ ctx, plan, perf }: CheckInput): Finding[] {
  const out: Finding[] = [];
  const planned = perf.plannedRps;
  if (plan.workload.mode === 'open' && planned > perf.capacityRps.value) {
    out.push({
      id: 'over-capacity',
      severity: 'error',
      layer: 'performance',
      message: `The planned load (${fmt(planned, 1)} rps) exceeds the capacity (${fmt(perf.capacityRps.value, 1)} rps): the queue grows until the backlog overflows and requests fail.`,
      fix: `Add capacity (workers, cores, or about ${fmt(Math.ceil(planned / Math.max(1e-9, perf.sloMaxRps.value > 0 ? perf.sloMaxRps.value : perf.capacityRps.value)))} servers like this one behind nginx) or reduce per-request CPU.`,
    });
  } else if (planned > perf.sloMaxRps.value && perf.sloMaxRps.value > 0) {
    out.push({
      id: 'slo-broken',
      severity: 'warning',
      layer: 'performance',
      message: `At ${fmt(planned, 1)} rps the ${perf.sloPercentile} latency is ${fmt(latencyAtPercentileMs(perf.current, perf.sloPercentile), 0)} ms, above the SLO of ${fmt(perf.sloMs)} ms (the SLO holds up to ${fmt(perf.sloMaxRps.value, 1)} rps).`,
      fix: 'Add capacity or relax the SLO.',
    });
  }
  if (perf.sloMaxRps.value === 0) {
    out.push({
      id: 'slo-unreachable',
      severity: 'warning',
      layer: 'performance',
      message: `Even a lone request misses the SLO: its ${perf.sloPercentile} latency without any queueing exceeds ${fmt(perf.sloMs)} ms (CPU ${fmt(ctx.cpuMsHost, 1)} ms + I/O ${fmt(ctx.ioMs, 1)} ms, with their variability).`,
      fix: 'Make the request itself faster (less CPU or I/O per request) or relax the SLO; more servers cannot fix it.',
    });
  }
  if (perf.current.cpuUtil > 0.8) {
    out.push({
      id: 'cpu-high',
      severity: 'warning',
      layer: 'performance',
      message: `CPU is ${fmt(perf.current.cpuUtil * 100)}% busy at the planned load: latency rises steeply above ~70–80%.`,
      fix: 'Keep utilisation ≤ 0.7–0.8 for latency SLOs (DOMAIN.md F.10).',
    });
  }
  return out;
}

/** Gunicorn specifics. */
function gunicornChecks({ ctx, plan, gunicorn }: CheckInput): Finding[] {
  const out: Finding[] = [];
  if (gunicorn) {
    if (gunicorn.workerClass.value === 'sync' && ctx.ioShare > 0.5) {
      out.push({
        id: 'sync-io-bound',
        severity: 'info',
        layer: 'gunicorn',
        message: `Requests spend ${fmt(ctx.ioShare * 100)}% of their time waiting on I/O; sync workers sit idle while they wait.`,
        fix: 'Consider gthread (or gevent when the code is gevent-safe).',
        source: 'DOMAIN.md A.2',
      });
    }
    if (gunicorn.workerClass.value === 'gthread' && gunicorn.threads.value > BOTO3_POOL_CONNECTIONS) {
      out.push({
        id: 'boto3-pool',
        severity: 'warning',
        layer: 'gunicorn',
        message: `${gunicorn.threads.value} threads per worker share one boto3 client whose pool has ${BOTO3_POOL_CONNECTIONS} connections: threads beyond that wait for a connection.`,
        fix: `Set botocore Config(max_pool_connections=${gunicorn.threads.value}) or use fewer threads.`,
        source: 'DOMAIN.md D.5, F.7',
      });
    }
    const wcName = gunicorn.workerClass.value;
    if (plan.gunicorn.preload && (wcName === 'gevent' || wcName === 'asgi')) {
      out.push({
        id: 'gevent-preload',
        severity: 'warning',
        layer: 'gunicorn',
        message:
          `Preload is on with ${wcName} workers: the app would be imported in the master before the worker ` +
          (wcName === 'gevent' ? 'monkey-patches sockets, ssl and threading' : 'starts its event loop') +
          ', so clients created at import time (boto3, database pools) stay blocking. The export writes preload_app = False.',
        fix: 'Keep preload off for gevent/ASGI (the memory budget counts no shared pages), or patch in a gunicorn.conf.py that runs gevent.monkey.patch_all() before anything else.',
        source: 'gevent docs "Monkey patching" (patch as early as possible)',
      });
    }
    if (gunicorn.workerClass.value === 'asgi' && plan.gunicorn.version !== '26.1') {
      out.push({
        id: 'asgi-version',
        severity: 'error',
        layer: 'gunicorn',
        message: `Gunicorn ${plan.gunicorn.version} has no native ASGI worker (beta in 24.0, stable in 25.1).`,
        fix: 'Use gunicorn ≥ 25.1 with -k asgi, or -k uvicorn_worker.UvicornWorker from the uvicorn-worker package.',
        source: 'DOMAIN.md A.2',
      });
    }
    if (gunicorn.workers.pinned) {
      const rec = Number(gunicorn.workers.inputs.memoryCap);
      if (Number.isFinite(rec) && gunicorn.workers.value > rec) {
        out.push({
          id: 'workers-over-memory',
          severity: 'warning',
          layer: 'gunicorn',
          message: `${gunicorn.workers.value} workers is above the memory cap of ${rec}.`,
          fix: 'Lower the pinned worker count or the per-worker memory.',
        });
      }
    }
  }
  return out;
}

/** PHP-FPM's own checks (DOMAIN.md B.2): fpm refuses to start otherwise. */
function fpmChecks({ fpm }: CheckInput): Finding[] {
  const out: Finding[] = [];
  if (fpm && fpm.pm.value === 'dynamic') {
    const mc = fpm.maxChildren.value;
    const min = fpm.minSpareServers.value;
    const max = fpm.maxSpareServers.value;
    const start = fpm.startServers.value;
    if (min > mc || max > mc) {
      out.push({ id: 'fpm-spare-above-max', severity: 'error', layer: 'phpfpm', message: `Spare servers (${min}/${max}) exceed pm.max_children (${mc}): php-fpm refuses to start.`, fix: 'Keep min ≤ max spare ≤ max_children.', source: 'DOMAIN.md B.2' });
    }
    if (min > max) {
      out.push({ id: 'fpm-min-above-max', severity: 'error', layer: 'phpfpm', message: `pm.min_spare_servers (${min}) is above pm.max_spare_servers (${max}): php-fpm refuses to start.`, fix: 'Keep min ≤ max spare.', source: 'DOMAIN.md B.2' });
    }
    if (start < min || start > max) {
      out.push({
        id: 'fpm-start-range',
        severity: 'error',
        layer: 'phpfpm',
        message: `pm.start_servers(${start}) must not be less than pm.min_spare_servers(${min}) and not greater than pm.max_spare_servers(${max}): php-fpm refuses to start.`,
        fix: 'Set start_servers between min and max spare servers.',
        source: 'DOMAIN.md B.2',
      });
    }
  }
  return out;
}

export function crossLayerChecks(
  ctx: SizingContext,
  gunicorn: GunicornSettings | null,
  fpm: FpmSettings | null,
  nginx: NginxSettings,
  memory: MemoryBudget,
  perf: PerformanceResult,
): Finding[] {
  const input: CheckInput = { ctx, plan: ctx.plan, gunicorn, fpm, nginx, memory, perf };
  const out = [memoryChecks(input), timeoutChecks(input), keepaliveChecks(input), fileDescriptorChecks(input), longRequestChecks(input), backlogChecks(input), concurrencyChecks(input), loadChecks(input), gunicornChecks(input), fpmChecks(input)].flat();
  const order = { error: 0, warning: 1, info: 2 } as const;
  return out.sort((a, b) => order[a.severity] - order[b.severity]);
}
