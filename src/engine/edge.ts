/**
 * The public edge and the host around the app (issue 12): request-body limits, PHP's own limits,
 * opcache, drain-time shutdown, the upstream's shared zone, kernel and unit limits. Every number an
 * exported file writes beyond the pool sizing is derived here, so the builders only format it.
 * Pure.
 */
import type { Plan } from '../plan/schema';
import { FRONT_LB_PLACEHOLDER } from '../plan/edge-schema';
import { explain } from './explain';
import { OPCACHE_MIN_MIB, opcacheSizeMiB } from './php-fpm';
import type { Explained, Finding, SizingResult } from './types';

export interface EdgeSettings {
  /** Does a load balancer sit in front of nginx (TLS there, or a TCP balancer)? */
  behindLoadBalancer: boolean;
  clientMaxBodyMiB: Explained;
  /** PHP only: upload_max_filesize, post_max_size, memory_limit, opcache, slowlog. */
  php: {
    uploadMaxMiB: Explained;
    postMaxMiB: Explained;
    memoryLimitMiB: Explained;
    opcacheMemoryMiB: Explained;
    opcacheInternedStringsMiB: Explained;
    opcacheMaxFiles: Explained;
    slowlogTimeoutS: Explained;
  } | null;
  /** Gunicorn only: gunicorn.service's limits (open files, stop time, cgroup memory from the budget). */
  gunicornUnit: GunicornUnitLimits | null;
  workerShutdownTimeoutS: Explained;
  /** Shared memory for the upstream's state (least_conn counts, max_fails, max_conns across workers); null when not needed. */
  upstreamZoneKiB: Explained | null;
  /** proxy_next_upstream_tries for a multi-server upstream; null for one server. */
  nextUpstreamTries: Explained | null;
  somaxconn: Explained;
  tcpMaxSynBacklog: Explained;
  ipLocalPortRange: Explained<string>;
  nginxLimitNofile: Explained;
  limitReq: { rps: Explained; burst: Explained } | null;
  limitConn: Explained | null;
  /** open_file_cache max entries for static-heavy plans; null otherwise. */
  openFileCacheMax: Explained | null;
  hstsMaxAgeS: Explained;
  findings: Finding[];
}

/** Static share from which nginx caches open file descriptors (most requests are files). */
export const STATIC_HEAVY_SHARE = 0.3;
/** Kernel limit on one listen queue in the kernels Debian ships (u16 before 4.x; kept for portability). */
const SOMAXCONN_MAX = 65_535;
/** nginx's own listen backlog on Linux (NGX_LISTEN_BACKLOG). */
const NGINX_LISTEN_BACKLOG = 511;

const isMulti = (plan: Plan) => plan.fleet.servers > 1 || plan.fleet.backupServers > 0 || plan.fleet.otherKinds.length > 0;

function bodyLimit(plan: Plan): Explained {
  const up = plan.edge.maxUploadMiB;
  return explain(up + 1, {
    key: 'client_max_body_size',
    label: 'client_max_body_size',
    unit: 'MiB',
    formula: 'largest upload + 1 MiB',
    inputs: { maxUploadMiB: up },
    why: 'nginx answers 413 above this (default 1 MiB). The extra MiB covers multipart framing and the other form fields sent with the largest file.',
    serverDefault: 1,
  });
}

/**
 * request_slowlog_timeout: the SLO in whole seconds, but never above the pool's
 * request_terminate_timeout (0 = off): php-fpm -t refuses a pool whose slowlog timeout is greater
 * ("can't be greater than request_terminate_timeout"), e.g. a 40 s SLO with the 30 s default or a
 * pinned 5 s limit. Equal is accepted: the backtrace is written just as the child is killed.
 */
function slowlogTimeout(sloMs: number, terminateS: number): Explained {
  const sloS = Math.max(1, Math.ceil(sloMs / 1000));
  const capped = terminateS > 0 && sloS > terminateS;
  return explain(capped ? Math.max(1, terminateS) : sloS, {
    key: 'request_slowlog_timeout', label: 'request_slowlog_timeout', unit: 's',
    formula: 'max(1, ⌈SLO / 1000⌉), at most request_terminate_timeout when that is on',
    inputs: { sloMs, requestTerminateTimeoutS: terminateS },
    why: `A request slower than the SLO target writes its PHP backtrace to the slowlog: the place to look when the SLO is missed.${capped ? ` Capped at request_terminate_timeout (${terminateS} s): php-fpm refuses a larger value.` : ''} Default 0 (off).`,
    serverDefault: 0,
  });
}

function phpLimits(plan: Plan, body: Explained, terminateS: number): NonNullable<EdgeSettings['php']> {
  const f = plan.phpfpm;
  const slo = plan.workload.sloMs;
  return {
    uploadMaxMiB: explain(plan.edge.maxUploadMiB, {
      key: 'upload_max_filesize', label: 'upload_max_filesize', unit: 'MiB', formula: 'largest upload', inputs: { maxUploadMiB: plan.edge.maxUploadMiB },
      why: 'PHP rejects a larger file silently (the upload arrives empty); default 2 MiB.', serverDefault: 2,
    }),
    postMaxMiB: explain(body.value, {
      key: 'post_max_size', label: 'post_max_size', unit: 'MiB', formula: 'client_max_body_size', inputs: { clientMaxBodyMiB: body.value },
      why: 'The whole request body PHP parses; equal to what nginx lets through, so nginx (413) and PHP agree. Default 8 MiB.', serverDefault: 8,
    }),
    memoryLimitMiB: explain(Math.max(16, Math.floor(f.childMemMiB)), {
      key: 'memory_limit', label: 'php_admin_value[memory_limit]', unit: 'MiB', formula: 'max(16, per-child memory of the budget)', inputs: { childMemMiB: f.childMemMiB },
      why: `The budget holds pm.max_children children of ${f.childMemMiB} MiB each: a request that needs more ends with a fatal error instead of pushing the server into swap. php_admin_value: scripts cannot raise it.`,
      serverDefault: 128,
    }),
    opcacheMemoryMiB: explain(opcacheSizeMiB(f.opcacheMiB), {
      key: 'opcache.memory_consumption', label: 'opcache.memory_consumption', unit: 'MiB', formula: `max(${OPCACHE_MIN_MIB}, ⌈opcache input⌉): the size the memory budget counts`, inputs: { opcacheMiB: f.opcacheMiB },
      why: 'Shared memory for compiled scripts, counted once in the budget (DOMAIN.md B.5); a full cache restarts and recompiles everything.', serverDefault: 128,
    }),
    opcacheInternedStringsMiB: explain(Math.max(8, Math.min(64, Math.round(opcacheSizeMiB(f.opcacheMiB) / 8))), {
      key: 'opcache.interned_strings_buffer', label: 'opcache.interned_strings_buffer', unit: 'MiB', formula: 'clamp(opcache memory / 8, 8, 64)', inputs: { opcacheMiB: f.opcacheMiB },
      why: 'Part of the opcache memory kept for interned strings; frameworks exhaust the 8 MiB default.', serverDefault: 8,
    }),
    opcacheMaxFiles: explain(Math.max(10_000, Math.min(1_000_000, Math.round(opcacheSizeMiB(f.opcacheMiB) * 100))), {
      key: 'opcache.max_accelerated_files', label: 'opcache.max_accelerated_files', formula: 'clamp(100 per MiB of opcache, 10000, 1000000)', inputs: { opcacheMiB: f.opcacheMiB },
      why: 'Scripts the cache can hold (PHP rounds up to a prime); vendor directories hold tens of thousands of files. Default 10000.', serverDefault: 10_000,
    }),
    slowlogTimeoutS: slowlogTimeout(slo, terminateS),
  };
}

/** The Gunicorn lines of the memory budget (master, shared pages, workers), MiB. */
function gunicornBudgetMiB(web: SizingResult): number {
  return web.memory.items.filter((i) => /^Gunicorn|^Preloaded/.test(i.label)).reduce((a, i) => a + i.mib, 0);
}

export interface GunicornUnitLimits {
  limitNofile: Explained;
  timeoutStopS: Explained;
  memoryHighMiB: Explained;
  memoryMaxMiB: Explained;
}

/** gunicorn.service's limits for one server's sizing (each server kind has its own). */
export function gunicornUnitLimits(plan: Plan, web: SizingResult): GunicornUnitLimits {
  const g = web.gunicorn;
  if (!g) throw new Error('the plan has no Gunicorn tier');
  const budget = gunicornBudgetMiB(web);
  const inputs = { gunicornBudgetMiB: Math.round(budget) };
  // Each connection is a descriptor, plus sockets, logs and imported modules.
  const perWorker = g.workerClass.value === 'sync' ? 1 : g.workerConnections.value;
  const nofile = Math.max(plan.system.nofileSoftLimit, Math.ceil((2 * perWorker + 1024) / 1024) * 1024);
  return {
    limitNofile: explain(nofile, {
      key: 'LimitNOFILE', label: 'LimitNOFILE (gunicorn.service)', formula: 'max(system soft limit, 2 x connections per worker + 1024, rounded up to 1024)',
      inputs: { nofileSoftLimit: plan.system.nofileSoftLimit, connectionsPerWorker: perWorker },
      why: 'Open files per process: each client connection is a descriptor, plus the listening socket, logs and imported modules.', serverDefault: 1024,
    }),
    timeoutStopS: explain(g.gracefulTimeoutS.value + 5, {
      key: 'TimeoutStopSec', label: 'TimeoutStopSec', unit: 's', formula: 'graceful_timeout + 5', inputs: { gracefulTimeoutS: g.gracefulTimeoutS.value },
      why: 'systemd waits for the workers to drain (graceful_timeout) and a little longer before it kills the unit.', serverDefault: 90,
    }),
    memoryHighMiB: explain(Math.ceil(budget * 1.1), {
      key: 'MemoryHigh', label: 'MemoryHigh', unit: 'MiB', formula: '⌈1.1 × Gunicorn memory budget⌉', inputs,
      why: 'Above this the kernel reclaims and throttles the service (no kill): a leak shows as slowness in this unit, not as the whole server swapping.',
    }),
    memoryMaxMiB: explain(Math.ceil(budget * 1.25), {
      key: 'MemoryMax', label: 'MemoryMax', unit: 'MiB', formula: '⌈1.25 × Gunicorn memory budget⌉', inputs,
      why: 'The OOM killer acts inside this unit only (a worker dies and the master replaces it) before the host runs out of memory.',
    }),
  };
}

function kernelLimits(plan: Plan, web: SizingResult): Pick<EdgeSettings, 'somaxconn' | 'tcpMaxSynBacklog' | 'ipLocalPortRange' | 'nginxLimitNofile'> {
  const appBacklog = web.gunicorn ? web.gunicorn.backlog.value : NGINX_LISTEN_BACKLOG;
  const want = Math.min(SOMAXCONN_MAX, Math.max(plan.system.somaxconn, NGINX_LISTEN_BACKLOG, appBacklog));
  const inputs = { currentSomaxconn: plan.system.somaxconn, nginxBacklog: NGINX_LISTEN_BACKLOG, appBacklog };
  return {
    somaxconn: explain(want, {
      key: 'net.core.somaxconn', label: 'net.core.somaxconn', formula: `min(${SOMAXCONN_MAX}, max(current, nginx backlog, app backlog))`, inputs,
      why: 'The kernel silently caps every listen backlog at somaxconn (DOMAIN.md F.1): raise it to the largest backlog the files ask for.', serverDefault: 4096,
    }),
    tcpMaxSynBacklog: explain(want, {
      key: 'net.ipv4.tcp_max_syn_backlog', label: 'net.ipv4.tcp_max_syn_backlog', formula: 'net.core.somaxconn', inputs: { somaxconn: want },
      why: 'Half-open connections waiting for the handshake to finish; as deep as the accept queue so a burst is not dropped before accept (DOMAIN.md F.1).',
    }),
    ipLocalPortRange: explain('1024 65535', {
      key: 'net.ipv4.ip_local_port_range', label: 'net.ipv4.ip_local_port_range', formula: '1024 65535', inputs: { upstreamOverTcp: plan.deploy.appTransport === 'tcp' || isMulti(plan) },
      why: 'nginx opens one local port per upstream connection; the default 32768-60999 runs out near 470 new connections/s with 60 s TIME_WAIT.', serverDefault: '32768 60999',
    }),
    nginxLimitNofile: explain(web.nginx.workerRlimitNofile.value, {
      key: 'LimitNOFILE (nginx.service)', label: 'LimitNOFILE (nginx.service)', formula: 'worker_rlimit_nofile', inputs: { workerRlimitNofile: web.nginx.workerRlimitNofile.value },
      why: 'The master starts with the unit\'s limit; worker_rlimit_nofile raises the workers\' own, and the master\'s covers its listening sockets and logs.', serverDefault: 1024,
    }),
  };
}

function upstreamNumbers(plan: Plan): Pick<EdgeSettings, 'upstreamZoneKiB' | 'nextUpstreamTries'> {
  const f = plan.fleet;
  const servers = f.servers + f.backupServers + f.otherKinds.reduce((a, k) => a + k.servers, 0);
  const needZone = isMulti(plan) || f.maxConns !== null;
  return {
    upstreamZoneKiB: needZone
      ? explain(64 + Math.ceil(servers / 4) * 4, {
          key: 'zone', label: 'upstream zone', unit: 'KiB', formula: '64 KiB + 1 KiB per server (rounded up to 4 KiB)', inputs: { servers },
          why: 'Without a shared zone every worker keeps its own least_conn counts, max_fails state and max_conns, so the limits multiply by worker_processes. A server entry takes well under 1 KiB.',
        })
      : null,
    nextUpstreamTries: isMulti(plan)
      ? explain(Math.min(3, Math.max(2, f.servers)), {
          key: 'proxy_next_upstream_tries', label: 'next upstream tries', formula: 'min(3, max(2, servers))', inputs: { servers: f.servers },
          why: 'A connect error, timeout or 502/503 is retried on another server (never a POST: nginx does not retry non-idempotent requests); capped so one bad request cannot walk the whole fleet.',
          serverDefault: 0,
        })
      : null,
  };
}

function clientLimits(plan: Plan): Pick<EdgeSettings, 'limitReq' | 'limitConn'> {
  const e = plan.edge;
  return {
    limitReq:
      e.rateLimitRps === null
        ? null
        : {
            rps: explain(e.rateLimitRps, { key: 'limit_req_zone rate', label: 'limit_req rate', unit: 'r/s', formula: 'your per-client rate limit', inputs: { rateLimitRps: e.rateLimitRps }, why: 'Requests per second one client address may send; above it nginx answers 429.' }),
            burst: explain(e.rateLimitRps, { key: 'limit_req burst', label: 'limit_req burst', formula: '1 s of the rate', inputs: { rateLimitRps: e.rateLimitRps }, why: 'A page load fetches several resources at once: one second of the rate passes without delay (nodelay), more is refused.' }),
          },
    limitConn:
      e.connLimitPerClient === null
        ? null
        : explain(e.connLimitPerClient, { key: 'limit_conn', label: 'limit_conn', formula: 'your per-client connection limit', inputs: { connLimitPerClient: e.connLimitPerClient }, why: 'Open connections one client address may hold (HTTP/2 counts one per request in flight).' }),
  };
}

function edgeFindings(plan: Plan, behindLb: boolean): Finding[] {
  const out: Finding[] = [];
  if (plan.fleet.lbMethod === 'ip_hash' && behindLb && plan.edge.frontLbAddress === FRONT_LB_PLACEHOLDER) {
    out.push({
      id: 'edge-ip-hash-behind-lb',
      severity: 'warning',
      layer: 'nginx',
      message: `ip_hash behind a load balancer hashes the balancer's address unless real_ip trusts it: the front LB address is still the placeholder ${FRONT_LB_PLACEHOLDER}, so every client would land on one server.`,
      fix: "Set the front load balancer's address (edge.frontLbAddress); the export writes set_real_ip_from with it.",
    });
  }
  if (plan.edge.tls === 'nginx' && plan.edge.httpsPort === plan.deploy.listenPort) {
    out.push({
      id: 'edge-https-port-clash',
      severity: 'warning',
      layer: 'nginx',
      message: `The HTTPS port and the HTTP port are both ${plan.deploy.listenPort}: nginx cannot serve plain HTTP and TLS on one port, so there is no HTTP→HTTPS redirect.`,
      fix: 'Set the HTTP port to 80 and the HTTPS port to 443 (or TLS at a front load balancer).',
    });
  }
  if (plan.edge.tls === 'off') {
    out.push({ id: 'edge-tls-off', severity: 'info', layer: 'nginx', message: 'TLS is off: nginx serves plain HTTP.', fix: 'Terminate TLS at nginx or at a front load balancer for anything reachable from the internet.' });
  }
  return out;
}

export function edgeOf(plan: Plan, web: SizingResult, drainS: number): EdgeSettings {
  const behindLoadBalancer = plan.edge.tls === 'front-lb' || plan.edge.behindLoadBalancer;
  const body = bodyLimit(plan);
  const staticShare = plan.workload.staticShare;
  return {
    behindLoadBalancer,
    clientMaxBodyMiB: body,
    php: plan.app === 'phpfpm' && web.phpfpm ? phpLimits(plan, body, web.phpfpm.requestTerminateTimeoutS.value) : null,
    gunicornUnit: plan.app === 'gunicorn' ? gunicornUnitLimits(plan, web) : null,
    workerShutdownTimeoutS: explain(drainS, {
      key: 'worker_shutdown_timeout', label: 'worker_shutdown_timeout', unit: 's', formula: 'drain time = max(session length, proxy_read_timeout)', inputs: { drainS },
      why: 'On reload or stop, old workers finish their requests for this long, then close what is left (a websocket would otherwise keep an old worker forever).',
    }),
    ...upstreamNumbers(plan),
    ...kernelLimits(plan, web),
    ...clientLimits(plan),
    openFileCacheMax:
      staticShare >= STATIC_HEAVY_SHARE
        ? explain(10_000, {
            key: 'open_file_cache max', label: 'open_file_cache max', formula: `10000 when static share ≥ ${STATIC_HEAVY_SHARE * 100}%`, inputs: { staticShare },
            why: 'Keeps descriptors and sizes of hot static files, saving an open() and stat() per request; inactive entries leave after 60 s.',
          })
        : null,
    hstsMaxAgeS: explain(63_072_000, {
      key: 'Strict-Transport-Security max-age', label: 'HSTS max-age', unit: 's', formula: '2 years', inputs: {},
      why: 'Browsers use HTTPS only for this long (Mozilla server-side TLS guidance); includeSubDomains and preload are left to you.',
    }),
    findings: edgeFindings(plan, behindLoadBalancer),
  };
}
