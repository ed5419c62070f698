/**
 * The engine side of issue 12: analysis.edge, the async worst-case memory budget, preload with
 * gevent/ASGI, and the findings the export relies on.
 */
import { describe, expect, it } from 'vitest';
import { planSchema, type PlanInput } from '../plan/schema';
import { analyzePlan } from './analysis/analyze-plan';
import { asyncWorstInFlightPerWorker } from './gunicorn';

const analysis = (input: PlanInput) => analyzePlan(planSchema.parse(input));
const ids = (input: PlanInput) => analysis(input).findings.map((f) => f.id);

describe('analysis.edge', () => {
  it('body limits: nginx = largest upload + 1 MiB, PHP upload = the upload, post = nginx', () => {
    const e = analysis({ app: 'phpfpm', edge: { maxUploadMiB: 860 } }).edge;
    expect(e.clientMaxBodyMiB.value).toBe(861);
    expect(e.php?.uploadMaxMiB.value).toBe(860);
    expect(e.php?.postMaxMiB.value).toBe(861);
  });
  it('PHP memory_limit follows the per-child memory of the budget; opcache the size the budget counts', () => {
    const e = analysis({ app: 'phpfpm', phpfpm: { childMemMiB: 80, opcacheMiB: 256 } }).edge;
    expect(e.php?.memoryLimitMiB.value).toBe(80);
    expect(e.php?.opcacheMemoryMiB.value).toBe(256);
    expect(analysis({}).edge.php).toBeNull();
  });
  it('worker_shutdown_timeout is the drain time; nginx LimitNOFILE is worker_rlimit_nofile', () => {
    const a = analysis({ fleet: { sessionS: 900 } });
    expect(a.edge.workerShutdownTimeoutS.value).toBe(a.cluster.drainS.value);
    expect(a.edge.workerShutdownTimeoutS.value).toBe(900);
    expect(a.edge.nginxLimitNofile.value).toBe(a.web.nginx.workerRlimitNofile.value);
  });
  it('somaxconn covers the largest listen backlog (pinned Gunicorn backlog), capped at 65535', () => {
    expect(analysis({ pins: { gunicornBacklog: 8192 } }).edge.somaxconn.value).toBe(8192);
    expect(analysis({ pins: { gunicornBacklog: 1_000_000 } }).edge.somaxconn.value).toBe(65_535);
    expect(analysis({ system: { somaxconn: 128 } }).edge.somaxconn.value).toBe(2048);
  });
  it('gunicorn.service MemoryHigh/MemoryMax come from the Gunicorn lines of the memory budget', () => {
    const a = analysis({});
    const budget = a.web.memory.items.filter((i) => /^Gunicorn|^Preloaded/.test(i.label)).reduce((s, i) => s + i.mib, 0);
    expect(a.edge.gunicornUnit?.memoryHighMiB.value).toBe(Math.ceil(budget * 1.1));
    expect(a.edge.gunicornUnit?.memoryMaxMiB.value).toBe(Math.ceil(budget * 1.25));
  });
  it('an upstream zone and next-upstream tries only where there is an upstream to share', () => {
    expect(analysis({}).edge.upstreamZoneKiB).toBeNull();
    expect(analysis({ fleet: { maxConns: 10 } }).edge.upstreamZoneKiB?.value).toBe(68);
    expect(analysis({ fleet: { servers: 3 } }).edge.nextUpstreamTries?.value).toBe(3);
    expect(analysis({}).edge.nextUpstreamTries).toBeNull();
  });
  it('request_slowlog_timeout is the SLO in seconds, never above request_terminate_timeout (php-fpm -t refuses that)', () => {
    const slowlog = (input: PlanInput) => analysis({ app: 'phpfpm', ...input }).edge.php?.slowlogTimeoutS.value;
    expect(slowlog({ workload: { sloMs: 1500 } })).toBe(2);
    // A 40 s SLO with the derived 30 s wall-clock limit (slowest request 5 s), and with a pinned 5 s one.
    expect(slowlog({ workload: { sloMs: 40_000, slowestRequestS: 5 } })).toBe(30);
    expect(slowlog({ workload: { sloMs: 40_000 }, pins: { fpmRequestTerminateTimeoutS: 5 } })).toBe(5);
    // 0 = the wall-clock limit is off: nothing to stay under.
    expect(slowlog({ workload: { sloMs: 40_000 }, pins: { fpmRequestTerminateTimeoutS: 0 } })).toBe(40);
    const capped = analysis({ app: 'phpfpm', workload: { sloMs: 40_000 }, pins: { fpmRequestTerminateTimeoutS: 5 } }).edge.php?.slowlogTimeoutS;
    expect(capped?.why).toMatch(/Capped at request_terminate_timeout \(5 s\)/);
  });
  it('opcache.memory_consumption is whole MiB, at least 16 (PHP refuses less than the 8 MiB interned buffer needs), the size the budget counts', () => {
    const php = (opcacheMiB: number) => analysis({ app: 'phpfpm', phpfpm: { opcacheMiB } });
    for (const [input, written] of [[128, 128], [100.2, 101], [0, 16], [8.9e-163, 16], [65535.99999999991, 65536]] as const) {
      const a = php(input);
      expect(a.edge.php?.opcacheMemoryMiB.value, String(input)).toBe(written);
      expect(a.web.memory.items.find((i) => i.label === 'opcache (shared)')?.mib, String(input)).toBe(written);
      expect(a.edge.php?.opcacheInternedStringsMiB.value).toBeLessThan(written);
    }
  });
  it('open_file_cache only for static-heavy plans', () => {
    expect(analysis({ workload: { staticShare: 0.65 } }).edge.openFileCacheMax?.value).toBe(10_000);
    expect(analysis({ workload: { staticShare: 0.1 } }).edge.openFileCacheMax).toBeNull();
  });
});

describe('async workers: memory at the worst case the config allows (issue 12 item 11)', () => {
  it('min(worker_connections, rate x timeout / workers) in flight per worker', () => {
    expect(asyncWorstInFlightPerWorker(10, 1000, 300, 30)).toBe(900);
    expect(asyncWorstInFlightPerWorker(10, 500, 300, 30)).toBe(500);
  });
  it('the gevent budget counts the worst case, and worker_connections stays within what memory allows', () => {
    const a = analysis({ workload: { arrivalRps: 300, cpuMs: 5, ioWaitMs: 400, staticShare: 0 }, hardware: { ramGiB: 4, physicalCores: 4, hardwareThreads: 8 }, gunicorn: { perConnectionMemKiB: 2048 } });
    const g = a.web.gunicorn!;
    expect(g.workerClass.value).toBe('gevent');
    const workers = a.web.memory.items.find((i) => i.label === 'Gunicorn workers');
    expect(workers?.formula).toMatch(/worst case/);
    // Capped below the 1000 default: each connection may hold 2 MiB.
    expect(g.workerConnections.value).toBeLessThan(1000);
    // Within about the 80% line the cap aims at (nginx's estimate in the cap and its budget line differ slightly).
    expect(a.web.memory.usedShare).toBeLessThan(0.82);
    // Without the cap the worst case would need far more: 1000 connections x 2 MiB per worker.
    expect(g.workers.value * 1000 * 2).toBeGreaterThan(a.web.memory.totalMiB);
  });
});

describe('findings the export relies on', () => {
  it('gevent/ASGI with preload: a warning and preload_app off (no shared pages counted)', () => {
    const a = analysis({ gunicorn: { workerClass: 'gevent', preload: true } });
    expect(a.findings.map((f) => f.id)).toContain('gevent-preload');
    expect(a.web.gunicorn?.preload.value).toBe(false);
    expect(a.web.memory.items.some((i) => i.label === 'Preloaded shared pages')).toBe(false);
    expect(ids({ gunicorn: { workerClass: 'gthread', preload: true } })).not.toContain('gevent-preload');
  });
  it('one zone down that misses the SLO is raised', () => {
    // 4 servers in 2 zones, sized for all 4: losing a zone halves the fleet.
    const input: PlanInput = { fleet: { servers: 4, zones: 2 }, workload: { arrivalRps: 1400 } };
    expect(analysis(input).cluster.oneZoneDown.verdict).not.toBe('meets');
    expect(ids(input)).toContain('cluster-one-zone-down');
    expect(ids({ fleet: { servers: 4, zones: 2 }, workload: { arrivalRps: 60 } })).not.toContain('cluster-one-zone-down');
  });
  it('ip_hash behind a load balancer whose address is still the placeholder', () => {
    expect(ids({ fleet: { servers: 2, lbMethod: 'ip_hash' }, edge: { tls: 'front-lb' } })).toContain('edge-ip-hash-behind-lb');
    expect(ids({ fleet: { servers: 2, lbMethod: 'ip_hash' }, edge: { tls: 'front-lb', frontLbAddress: '10.9.0.0/16' } })).not.toContain('edge-ip-hash-behind-lb');
    expect(ids({ fleet: { servers: 2, lbMethod: 'ip_hash' } })).not.toContain('edge-ip-hash-behind-lb');
  });
  it('plain HTTP and a clashing HTTPS port are reported', () => {
    expect(ids({ edge: { tls: 'off' } })).toContain('edge-tls-off');
    expect(ids({ deploy: { listenPort: 443 } })).toContain('edge-https-port-clash');
  });
  it('a hostile certificate path is refused in linear time (no regex backtracking blow-up)', () => {
    const hostile = `${'/etc/ssl/headroom'.repeat(12)}/fullchain.pem Ünïcødé`;
    const t0 = performance.now();
    expect(planSchema.safeParse({ edge: { certPath: hostile } }).success).toBe(false);
    expect(performance.now() - t0).toBeLessThan(200);
  });
  it('a plan without edge still parses (defaults: TLS at nginx, 10 MiB uploads)', () => {
    const p = planSchema.parse({ version: 1, name: 'old plan', deploy: { listenPort: 80 } });
    expect(p.edge).toMatchObject({ tls: 'nginx', httpsPort: 443, maxUploadMiB: 10, rateLimitRps: null });
    expect(planSchema.safeParse({ edge: { maxUploadMiB: 5000 } }).error?.issues[0]?.message).toBe('the largest upload must be at most 4096 MiB');
  });
});
