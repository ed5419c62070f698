/**
 * PHP-FPM pool settings. Rules from DOMAIN.md section B (fpm_conf.c checks, www.conf defaults,
 * the max_children formula of common calculators).
 */
import type { FpmPm, Plan } from '../plan/schema';
import { MEMORY_TARGET_SHARE, type SizingContext } from './context';
import { explain, pinnable, round } from './explain';
import type { Explained, FpmSettings } from './types';

/**
 * The common calculators' formula (DOMAIN.md B.6):
 * floor((RAM_total − RAM_reserved) × (1 − buffer) / avg_child). Sizes in MiB.
 */
export function maxChildrenByMemory(totalMiB: number, reservedMiB: number, bufferShare: number, childMiB: number): number {
  if (!(childMiB > 0)) return 1;
  return Math.max(0, Math.floor(((totalMiB - reservedMiB) * (1 - bufferShare)) / childMiB));
}

/** Spare-server suggestions of the same calculators (DOMAIN.md B.6), made to obey fpm's own checks (B.2). */
export function spareServers(maxChildren: number): { min: number; max: number; start: number } {
  const min = Math.max(1, Math.floor(0.1 * maxChildren));
  let max = Math.floor(0.3 * maxChildren);
  if (max <= min) max = min + 1; // "forced > min_spare"
  max = Math.min(max, maxChildren);
  const lo = Math.min(min, max);
  // php-fpm's own default when start_servers is unset: min + (max − min) / 2, C integer division.
  const start = lo + Math.floor((max - lo) / 2);
  return { min: lo, max, start };
}

/** Default listen.backlog on Linux: 511 up to PHP 8.1, −1 (= somaxconn) from 8.2 (DOMAIN.md B.3, inferred mapping). */
export function fpmDefaultBacklog(version: string, somaxconn: number): { configured: number; effective: number } {
  const newDefault = version !== '8.1';
  return newDefault ? { configured: -1, effective: somaxconn } : { configured: 511, effective: Math.min(511, somaxconn) };
}

/**
 * The opcache size written to opcache.ini and counted in the memory budget, whole MiB: PHP reads
 * memory_consumption as an integer count of MiB, refuses to start opcache below 8 MiB, and carves
 * the interned-strings buffer (at least 8 MiB, edge.ts) out of it — at 8 MiB php-fpm -i reports
 * "Insufficient shared memory for interned strings buffer" (measured with php-fpm 8.2 here).
 * So: the input rounded up, at least 16 MiB. The default 128 is unchanged.
 */
export const OPCACHE_MIN_MIB = 16;
export const opcacheSizeMiB = (opcacheMiB: number): number => Math.max(OPCACHE_MIN_MIB, Math.ceil(opcacheMiB));

/** Little's law (DOMAIN.md E.4): requests in the pool at the planned load, uncontended. */
const fpmInFlight = (ctx: SizingContext): number => (ctx.dynamicRps * ctx.bareServiceMs) / 1000;

function fpmMaxChildren(ctx: SizingContext): Explained<number> {
  const { plan } = ctx;
  const f = plan.phpfpm;
  // Everything except the children, counted once: OS, other processes, nginx, the FPM master and opcache SHM.
  const fixedMiB = plan.memory.osReserveMiB + plan.memory.otherProcessesMiB + ctx.nginxMiB + f.masterMemMiB + opcacheSizeMiB(f.opcacheMiB);
  // The budget keeps total use under the 80% warning line: (RAM − fixed/0.8) × 0.8 / child.
  const memoryCap = Math.max(1, maxChildrenByMemory(ctx.ramMiB, fixedMiB / MEMORY_TARGET_SHARE, 1 - MEMORY_TARGET_SHARE, f.childMemMiB));
  const inFlight = fpmInFlight(ctx);
  // Children that keep every core busy while others wait on I/O; more only queue on the CPU.
  const cpuUseful = ctx.cpuMsHost > 0 ? Math.ceil(2 * ctx.cpuCapacity * (ctx.bareServiceMs / ctx.cpuMsHost)) : memoryCap;
  const slotTarget = Math.max(cpuUseful, Math.ceil(2 * inFlight), 2);
  return pinnable(
    plan.pins,
    'fpmMaxChildren',
    explain(Math.max(1, Math.min(memoryCap, slotTarget)), {
      key: 'pm.max_children',
      label: 'pm.max_children',
      formula: 'min(memory cap, max(2 × CPU capacity × (cpu+io)/cpu, 2 × in-flight))',
      inputs: {
        memoryCap,
        ramMiB: Math.round(ctx.ramMiB),
        fixedMiB: Math.round(fixedMiB),
        childMemMiB: f.childMemMiB,
        cpuCapacity: round(ctx.cpuCapacity, 2),
        cpuUsefulChildren: cpuUseful,
        inFlight: round(inFlight, 2),
      },
      why:
        'Memory cap: the calculators\' floor((RAM − reserved) × (1 − buffer) / child PSS) (DOMAIN.md B.6) with the buffer set so the ' +
        'whole budget stays under 80% of RAM (opcache SHM counted once, B.5). Beyond enough children to keep each core busy while ' +
        'others wait, extra children only queue on the CPU and cost memory.',
      serverDefault: 5,
    }),
  );
}

function fpmProcessManager(ctx: SizingContext, maxChildren: number): Explained<FpmPm> {
  const chosen = ctx.plan.phpfpm.pm;
  const busyChildren = fpmInFlight(ctx);
  const cpuUtil = ctx.cpuCapacity > 0 ? (ctx.dynamicRps * ctx.cpuMsHost) / 1000 / ctx.cpuCapacity : 0;
  const pmRec: FpmPm = cpuUtil >= 0.5 ? 'static' : busyChildren < 1 ? 'ondemand' : 'dynamic';
  const pmBase = explain<FpmPm>(chosen ?? pmRec, {
    key: 'pm',
    label: 'Process manager',
    formula: 'CPU ≥ 50% busy at the planned load → static; < 1 busy child → ondemand; else dynamic',
    inputs: { cpuUtil: round(cpuUtil, 3), busyChildren: round(busyChildren, 2), maxChildren },
    why:
      'A busy server gains nothing from forking on demand: static keeps every child ready (no fork latency in a burst; the reference guide ' +
      'prefers it for high traffic). A nearly idle pool saves memory with ondemand; dynamic sits between (DOMAIN.md B.1).',
  });
  return chosen !== null ? { ...pmBase, pinned: true, formula: `chosen by you (recommended: ${pmRec})` } : pmBase;
}

/** pm.min_spare_servers, pm.max_spare_servers and pm.start_servers, in the order fpm checks them (DOMAIN.md B.2). */
function fpmSpareServers(plan: Plan, maxChildren: number, pm: FpmPm): Pick<FpmSettings, 'minSpareServers' | 'maxSpareServers' | 'startServers'> {
  const pins = plan.pins;
  const spare = spareServers(maxChildren);
  const minSpareServers = pinnable(
    pins,
    'fpmMinSpareServers',
    explain(spare.min, {
      key: 'pm.min_spare_servers',
      label: 'pm.min_spare_servers',
      formula: 'max(1, ⌊0.10 × max_children⌋)',
      inputs: { maxChildren, usedBy: pm === 'dynamic' ? 'dynamic' : `not used by ${pm}` },
      why: 'Idle children kept ready for a burst (dynamic only). fpm requires 0 < min ≤ max_children (DOMAIN.md B.2).',
      serverDefault: 1,
    }),
  );
  const maxSpareServers = pinnable(
    pins,
    'fpmMaxSpareServers',
    explain(spare.max, {
      key: 'pm.max_spare_servers',
      label: 'pm.max_spare_servers',
      formula: 'min(max_children, max(min_spare + 1, ⌊0.30 × max_children⌋))',
      inputs: { maxChildren, minSpare: spare.min },
      why: 'Idle children above this are killed (dynamic only). fpm requires min_spare ≤ max_spare ≤ max_children (DOMAIN.md B.2).',
      serverDefault: 3,
    }),
  );
  const minSpare = minSpareServers.value;
  const maxSpare = maxSpareServers.value;
  const startServers = pinnable(
    pins,
    'fpmStartServers',
    explain(minSpare + Math.floor(Math.max(0, maxSpare - minSpare) / 2), {
      key: 'pm.start_servers',
      label: 'pm.start_servers',
      formula: 'min_spare + ⌊(max_spare − min_spare) / 2⌋',
      inputs: { minSpare, maxSpare },
      why: 'php-fpm\'s own default when unset; it must lie between min and max spare servers or fpm refuses to start (DOMAIN.md B.2).',
      serverDefault: 'min + (max − min) / 2',
    }),
  );
  return { minSpareServers, maxSpareServers, startServers };
}

function fpmMaxRequests(plan: Plan): Explained<number> {
  return pinnable(
    plan.pins,
    'fpmMaxRequests',
    explain(500, {
      key: 'pm.max_requests',
      label: 'pm.max_requests',
      formula: '500',
      inputs: {},
      why: 'Respawn a child after 500 requests to bound leaks in extensions; fpm has no jitter, so children started together recycle together (DOMAIN.md F.5).',
      serverDefault: 0,
    }),
  );
}

function fpmRequestTerminateTimeout(plan: Plan): Explained<number> {
  const slowS = plan.workload.slowestRequestS;
  return pinnable(
    plan.pins,
    'fpmRequestTerminateTimeoutS',
    explain(Math.max(30, Math.ceil(slowS * 1.5)), {
      key: 'request_terminate_timeout',
      label: 'request_terminate_timeout',
      unit: 's',
      formula: 'max(30, ⌈1.5 × slowest request⌉)',
      inputs: { slowestRequestS: slowS },
      why:
        'max_execution_time counts CPU time only, so a child blocked on DynamoDB or HTTP is never stopped by it; this wall-clock limit is the guard (DOMAIN.md B.5). Default 0 = off.',
      serverDefault: 0,
    }),
  );
}

function fpmProcessIdleTimeout(pm: FpmPm): Explained<number> {
  return explain(10, {
    key: 'pm.process_idle_timeout',
    label: 'pm.process_idle_timeout',
    unit: 's',
    formula: '10 (default)',
    inputs: { usedBy: pm === 'ondemand' ? 'ondemand' : `not used by ${pm}` },
    why: 'ondemand kills a child idle this long (DOMAIN.md B.2).',
    serverDefault: 10,
  });
}

function fpmListenBacklog(plan: Plan): Explained<number> {
  const f = plan.phpfpm;
  const bl = fpmDefaultBacklog(f.version, plan.system.somaxconn);
  return explain(bl.effective, {
    key: 'listen.backlog',
    label: 'listen.backlog (effective)',
    formula: f.version === '8.1' ? 'min(511, somaxconn)' : 'somaxconn (default −1 on Linux since PHP 8.2)',
    inputs: { phpVersion: f.version, somaxconn: plan.system.somaxconn },
    why: 'Connections waiting for a free child. PHP ≥ 8.2 on Linux defaults to −1, i.e. net.core.somaxconn; 8.1 and older use 511 (DOMAIN.md B.3).',
    serverDefault: bl.configured,
  });
}

function fpmConcurrency(maxChildren: number): Explained<number> {
  return explain(maxChildren, {
    key: 'concurrency_slots',
    label: 'Concurrent requests the pool holds',
    formula: 'pm.max_children',
    inputs: { maxChildren },
    why: 'One request per child (DOMAIN.md F.6).',
  });
}

/** The PHP-FPM pool settings, one small function per output; everything follows pm.max_children. */
export function sizePhpFpm(ctx: SizingContext): FpmSettings {
  const { plan } = ctx;
  const maxChildren = fpmMaxChildren(ctx);
  const mc = maxChildren.value;
  const pm = fpmProcessManager(ctx, mc);
  const spares = fpmSpareServers(plan, mc, pm.value);
  return {
    pm,
    maxChildren,
    startServers: spares.startServers,
    minSpareServers: spares.minSpareServers,
    maxSpareServers: spares.maxSpareServers,
    maxRequests: fpmMaxRequests(plan),
    requestTerminateTimeoutS: fpmRequestTerminateTimeout(plan),
    processIdleTimeoutS: fpmProcessIdleTimeout(pm.value),
    listenBacklog: fpmListenBacklog(plan),
    concurrencySlots: fpmConcurrency(mc),
  };
}
