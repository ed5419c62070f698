/**
 * Table tests of the settings layers, one describe per output. Expected values are derived by
 * hand from the formulas and DOMAIN.md vectors, not copied from the code's output.
 */
import { describe, expect, it } from 'vitest';
import { planSchema, type PlanInput } from '../plan/schema';
import { fixture } from '../plan/fixtures';
import { buildContext } from './context';
import { niceRound, sizeGunicorn } from './gunicorn';
import { maxChildrenByMemory, sizePhpFpm, spareServers, fpmDefaultBacklog } from './php-fpm';
import { sizeNginx } from './nginx';
import { cpuCapacityCores } from './hardware';

const plan = (p: PlanInput) => planSchema.parse(p);
const gun = (p: PlanInput) => sizeGunicorn(buildContext(plan(p)));

describe('gunicorn workers', () => {
  it('4 cores → (2 × 4) + 1 = 9 (DOMAIN.md A.1)', () => {
    expect(sizeGunicorn(buildContext(fixture('fourCoreCpuBound'))).workers.value).toBe(9);
  });
  it.each([
    [1, 3],
    [2, 5],
    [6, 13],
    [16, 33],
  ])('%i cores, CPU-bound, ample RAM → %i', (cores, expected) => {
    const r = gun({ hardware: { physicalCores: cores, hardwareThreads: cores, ramGiB: 256 }, workload: { arrivalRps: 1, cpuMs: 50, ioWaitMs: 0 } });
    expect(r.workers.value).toBe(expected);
  });
  it('is capped by memory: 2 GiB, 300 MiB workers, no preload', () => {
    const r = sizeGunicorn(buildContext(fixture('memoryStarved')));
    // budget = 0.8 × 2048 − 1024 reserve − 512 other − 8 nginx workers × 16 − 60 master = −85.6 → cap 1
    expect(r.workers.value).toBe(1);
    expect(r.workers.inputs.memoryCap).toBe(1);
  });
  it('memory cap: 8 GiB, 400 MiB workers, no preload → ⌊(6553.6 − 1024 − 512 − 128 − 60) / 400⌋ = 12', () => {
    const r = gun({
      hardware: { physicalCores: 8, hardwareThreads: 16, ramGiB: 8 },
      workload: { cpuMs: 50, ioWaitMs: 0 },
      gunicorn: { workerMemMiB: 400, preload: false, workerClass: 'sync' },
      nginx: { workerMemMiB: 8 },
    });
    expect(r.workers.value).toBe(12);
  });
  it('a pin wins and keeps the recommendation in the explanation', () => {
    const r = gun({ pins: { gunicornWorkers: 4 } });
    expect(r.workers.value).toBe(4);
    expect(r.workers.pinned).toBe(true);
    expect(r.workers.formula).toContain('recommended');
  });
  it('more RAM never lowers the worker count', () => {
    let prev = 0;
    for (const ramGiB of [1, 2, 4, 8, 16, 64]) {
      const w = gun({ hardware: { ramGiB }, gunicorn: { workerMemMiB: 500 } }).workers.value;
      expect(w).toBeGreaterThanOrEqual(prev);
      prev = w;
    }
  });
});

describe('gunicorn worker class', () => {
  it.each([
    ['CPU-bound', { cpuMs: 50, ioWaitMs: 10 }, 'sync'],
    ['half and half', { cpuMs: 20, ioWaitMs: 20 }, 'gthread'],
    ['I/O-bound', { cpuMs: 8, ioWaitMs: 60 }, 'gthread'],
    ['mostly waiting', { cpuMs: 5, ioWaitMs: 400 }, 'gevent'],
  ] as const)('%s → %s', (_n, workload, expected) => {
    expect(gun({ workload }).workerClass.value).toBe(expected);
  });
  it('the user choice wins', () => {
    const r = gun({ workload: { cpuMs: 5, ioWaitMs: 400 }, gunicorn: { workerClass: 'sync' } });
    expect(r.workerClass.value).toBe('sync');
    expect(r.workerClass.pinned).toBe(true);
  });
});

describe('gunicorn threads and slots', () => {
  it('sync: threads 1, slots = workers', () => {
    const r = sizeGunicorn(buildContext(fixture('fourCoreCpuBound')));
    expect(r.threads.value).toBe(1);
    expect(r.concurrencySlots.value).toBe(9);
  });
  it('gthread: slots = workers × threads ≥ 2 × Little\'s-law in-flight', () => {
    const p = fixture('ioBoundApi');
    const r = sizeGunicorn(buildContext(p));
    expect(r.workerClass.value).toBe('gthread');
    const inFlight = (400 * 0.9 * (8 + 60)) / 1000; // 24.48
    expect(r.concurrencySlots.value).toBe(r.workers.value * r.threads.value);
    expect(r.concurrencySlots.value).toBeGreaterThanOrEqual(2 * inFlight);
  });
  it('gthread, memory-capped below (2 × cores) + 1: threads are sized for the workers that fit', () => {
    const r = gun({
      hardware: { physicalCores: 8, hardwareThreads: 16, ramGiB: 4 },
      workload: { mode: 'open', arrivalRps: 400, cpuMs: 8, ioWaitMs: 60, staticShare: 0.3 },
      gunicorn: { workerClass: 'gthread', workerMemMiB: 400, preload: false },
    });
    // slot target = max(⌈2 × 280 rps × 68 ms⌉ = 39, ⌈10 CPU servers × 68 / 8⌉ = 85) = 85.
    // budget = 0.8 × 4096 − 1024 − 512 − 16 nginx × 16 − 60 = 1424.8 MiB; with ⌈85 / 17⌉ = 5 threads
    // a worker is 401.25 MiB → 3 workers. Sized for those 3: ⌈85 / 3⌉ = 29 threads (407.25 MiB) → still 3.
    expect(r.workers.value).toBe(3);
    expect(r.threads.value).toBe(29);
    expect(r.threads.inputs.workers).toBe(3);
    expect(r.concurrencySlots.value).toBe(87);
  });
  it('gthread: more cores with the same app memory budget never lower the slots', () => {
    // nginx pinned to 16 workers so the budget stays 1424.8 MiB (auto would add one per hardware thread).
    const slots = (cores: number) =>
      gun({
        hardware: { physicalCores: cores, hardwareThreads: cores, ramGiB: 4 },
        workload: { mode: 'open', arrivalRps: 4000, cpuMs: 8, ioWaitMs: 60 },
        gunicorn: { workerClass: 'gthread', workerMemMiB: 400, preload: false },
        pins: { nginxWorkerProcesses: 16 },
      }).concurrencySlots.value;
    // Both fit 3 workers; sized for 17 vs 129 planned workers they got 23 vs 5 threads (69 vs 15 slots).
    expect(slots(8)).toBe(96);
    expect(slots(64)).toBeGreaterThanOrEqual(slots(8));
  });
  it('gevent: slots = workers × worker_connections', () => {
    const r = sizeGunicorn(buildContext(fixture('externalCalls')));
    expect(r.workerClass.value).toBe('gevent');
    expect(r.concurrencySlots.value).toBe(r.workers.value * r.workerConnections.value);
    expect(r.workerConnections.value).toBeGreaterThanOrEqual(1000);
  });
});

describe('gunicorn timeouts, keepalive, recycling, backlog', () => {
  it('timeout = max(30, ⌈1.5 × slowest⌉)', () => {
    expect(gun({ workload: { slowestRequestS: 10 } }).timeoutS.value).toBe(30);
    expect(gun({ workload: { slowestRequestS: 45 } }).timeoutS.value).toBe(68);
  });
  it('keepalive: 75 s behind nginx upstream keep-alive, 2 s for sync', () => {
    expect(gun({ workload: { cpuMs: 8, ioWaitMs: 60 } }).keepaliveS.value).toBe(75);
    expect(gun({ workload: { cpuMs: 50, ioWaitMs: 0 } }).keepaliveS.value).toBe(2);
  });
  it('restarts per minute follow DOMAIN.md F.5: 9 workers, 100 rps, 1000 + 100 jitter → 5.71/min', () => {
    const r = gun({
      hardware: { physicalCores: 4, hardwareThreads: 4, ramGiB: 64 },
      workload: { arrivalRps: 100, staticShare: 0, cpuMs: 10, ioWaitMs: 0 },
      gunicorn: { workerClass: 'sync' },
      pins: { gunicornMaxRequests: 1000, gunicornMaxRequestsJitter: 100 },
    });
    expect(r.workers.value).toBe(9);
    expect(r.restartsPerMin.value).toBeCloseTo(5.71, 2);
  });
  it('backlog defaults to 2048', () => {
    expect(gun({}).backlog.value).toBe(2048);
  });
  it('niceRound gives 1/2/5 × 10^n', () => {
    expect([niceRound(1), niceRound(1.6), niceRound(4), niceRound(8), niceRound(11_600), niceRound(0)]).toEqual([1, 2, 5, 10, 10_000, 0]);
  });
});

describe('php-fpm max_children', () => {
  it('calculator formula: DOMAIN.md B.6 worked example 8 GB − 2 GB, 10%, 60 MB → 92', () => {
    expect(maxChildrenByMemory(8 * 1024, 2 * 1024, 0.1, 60)).toBe(92);
  });
  it('spare servers for 92: min 9, max 27, start 18 (DOMAIN.md B.6)', () => {
    expect(spareServers(92)).toEqual({ min: 9, max: 27, start: 18 });
  });
  it.each([1, 2, 3, 5, 10, 92, 1000])('spare servers obey fpm checks for max_children %i (DOMAIN.md B.2)', (mc) => {
    const s = spareServers(mc);
    expect(s.min).toBeGreaterThan(0);
    expect(s.min).toBeLessThanOrEqual(s.max);
    expect(s.max).toBeLessThanOrEqual(mc);
    expect(s.start).toBeGreaterThanOrEqual(s.min);
    expect(s.start).toBeLessThanOrEqual(s.max);
  });
  it('engine: 8 GiB small PHP server is capped by memory with opcache counted once', () => {
    const r = sizePhpFpm(buildContext(fixture('smallPhp')));
    // fixed = 1024 + 512 + 4 × 16 nginx + 30 master + 128 opcache = 1758; cap = ⌊(6553.6 − 1758) / 60⌋ = 79
    expect(r.maxChildren.inputs.memoryCap).toBe(79);
    expect(r.maxChildren.value).toBeLessThanOrEqual(79);
  });
  it('pm: busy pool → static, idle pool → ondemand', () => {
    expect(sizePhpFpm(buildContext(fixture('smallPhp'))).pm.value).toBe('ondemand');
    const busy = plan({ app: 'phpfpm', hardware: { physicalCores: 2, hardwareThreads: 2, ramGiB: 64 }, workload: { arrivalRps: 30, staticShare: 0, cpuMs: 40, ioWaitMs: 0 } });
    expect(sizePhpFpm(buildContext(busy)).pm.value).toBe('static');
  });
  it('listen.backlog: PHP 8.1 → 511, 8.2 → somaxconn (DOMAIN.md B.3)', () => {
    expect(fpmDefaultBacklog('8.1', 4096)).toEqual({ configured: 511, effective: 511 });
    expect(fpmDefaultBacklog('8.2', 4096)).toEqual({ configured: -1, effective: 4096 });
    expect(fpmDefaultBacklog('8.1', 128)).toEqual({ configured: 511, effective: 128 });
  });
  it('request_terminate_timeout is on (wall-clock guard)', () => {
    expect(sizePhpFpm(buildContext(fixture('phpShop'))).requestTerminateTimeoutS.value).toBeGreaterThan(0);
  });
});

describe('nginx', () => {
  const ng = (p: PlanInput, meanMs = 100, keep = true) =>
    sizeNginx(buildContext(plan(p)), { appTimeoutS: 30, upstreamKeepalive: keep, dynamicMeanMs: meanMs });
  it('worker_processes = hardware threads (auto)', () => {
    expect(ng({}).workerProcesses.value).toBe(12);
  });
  it('worker_connections ≥ 1024, multiple of 512, covers 2 × peak', () => {
    const r = ng({ workload: { arrivalRps: 5000, thinkTimeMs: 5000 } });
    expect(r.workerConnections.value % 512).toBe(0);
    expect(r.workerConnections.value * r.workerProcesses.value).toBeGreaterThanOrEqual(2 * r.peakConnections.value);
  });
  it('peak connections count idle keep-alive clients: 100 rps × 5 s think = 500 users × 2 connections', () => {
    const r = ng({ workload: { arrivalRps: 100, staticShare: 0, thinkTimeMs: 5000 } }, 100, false);
    // 2 × (100 × 0.1) + 0 + 1000 idle = 1020
    expect(r.peakConnections.value).toBe(1020);
  });
  it('rlimit = 2 × worker_connections', () => {
    const r = ng({});
    expect(r.workerRlimitNofile.value).toBe(2 * r.workerConnections.value);
  });
  it('proxy_read_timeout sits above the app timeout (DOMAIN.md F.3)', () => {
    const r = sizeNginx(buildContext(plan({})), { appTimeoutS: 90, upstreamKeepalive: true, dynamicMeanMs: 50 });
    expect(r.proxyReadTimeoutS.value).toBe(100);
    expect(ng({}).proxyReadTimeoutS.value).toBe(60);
  });
  it('upstream keep-alive 32 per worker for gthread, off otherwise', () => {
    expect(ng({}, 50, true).upstreamKeepalive.value).toBe(32);
    expect(ng({}, 50, false).upstreamKeepalive.value).toBe(0);
  });
});

describe('hardware', () => {
  it('SMT adds a quarter core per core', () => {
    expect(cpuCapacityCores({ presetId: 'x', physicalCores: 4, hardwareThreads: 8, ramGiB: 1, perCoreSpeed: 1 })).toBe(5);
    expect(cpuCapacityCores({ presetId: 'x', physicalCores: 4, hardwareThreads: 4, ramGiB: 1, perCoreSpeed: 1 })).toBe(4);
  });
});
