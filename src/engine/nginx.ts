/**
 * Nginx settings. Directive facts from DOMAIN.md section C (ngx_core_module, upstream keepalive,
 * proxy defaults); buffer and timeout ranges from the reference tuning guide.
 */
import type { Plan } from '../plan/schema';
import { appShare, type SizingContext } from './context';
import { explain, pinnable, round } from './explain';
import type { Explained, NginxSettings } from './types';

/** Upstream idle connections cached per worker (nginx ≥ 1.29.7 default `keepalive 32`, DOMAIN.md C.3). */
export const UPSTREAM_KEEPALIVE = 32;
/** nginx's default upstream keepalive_timeout (DOMAIN.md C.3). */
export const UPSTREAM_KEEPALIVE_TIMEOUT_S = 60;

export interface NginxInputs {
  /** The app's wall-clock limit (gunicorn timeout or FPM request_terminate_timeout). */
  appTimeoutS: number;
  /** Whether nginx should keep idle connections to the app (HTTP/1.1 keep-alive). */
  upstreamKeepalive: boolean;
  /** Mean latency of a dynamic request at the planned load (from the performance model). */
  dynamicMeanMs: number;
}

/** Whether a version keeps upstream connections alive without configuration (changed in 1.29.7). */
export function upstreamKeepaliveOnByDefault(version: Plan['nginx']['version']): boolean {
  return version === '1.30';
}

function nginxWorkerProcesses(plan: Plan): Explained<number> {
  return pinnable(
    plan.pins,
    'nginxWorkerProcesses',
    explain(plan.hardware.hardwareThreads, {
      key: 'worker_processes',
      label: 'worker_processes',
      formula: 'hardware threads (what `auto` picks)',
      inputs: { hardwareThreads: plan.hardware.hardwareThreads },
      why: '`auto` counts online CPUs and ignores cgroup quotas, so the number is written out explicitly; in a CPU-limited container use the quota instead (DOMAIN.md C.1, F.9).',
      serverDefault: 1,
    }),
  );
}

/** Connections at the planned load (Little's law, DOMAIN.md E.4), counted the way worker_connections counts them. */
function nginxPeakConnections(ctx: SizingContext, app: NginxInputs, procs: number): Explained<number> {
  const { plan } = ctx;
  const n = plan.nginx;
  const w = plan.workload;
  const inFlightDynamic = (ctx.dynamicRps * app.dynamicMeanMs) / 1000;
  // Static files (and microcache hits) are served from nginx in a few ms; count the transfer as ~5 ms each.
  // Microcache hits are answered like static files.
  const inFlightStatic = (ctx.totalRps * (1 - appShare(plan)) * 5) / 1000;
  // Clients: by Little's law on the users' cycle, users = rate × think time; each keeps its
  // browser-style connections open while idle if it returns within the keep-alive timeout.
  const users = w.mode === 'closed' ? w.concurrentUsers : (ctx.totalRps * w.thinkTimeMs) / 1000;
  const keepaliveS = plan.pins.nginxKeepaliveTimeoutS ?? n.clientKeepaliveS;
  const idleFraction = w.thinkTimeMs <= 0 ? 0 : Math.min(1, (keepaliveS * 1000) / w.thinkTimeMs);
  const idleClientConns = users * n.connectionsPerClient * idleFraction;
  const upstreamIdle = app.upstreamKeepalive ? UPSTREAM_KEEPALIVE * procs : 0;
  const peak = Math.ceil(inFlightDynamic * 2 + inFlightStatic + idleClientConns + upstreamIdle);
  return explain(peak, {
    key: 'peak_connections',
    label: 'Peak connections (planned load)',
    formula: '2 × dynamic in flight (client + upstream) + static in flight + idle keep-alive clients + idle upstream pool',
    inputs: {
      dynamicInFlight: round(inFlightDynamic, 1),
      staticInFlight: round(inFlightStatic, 1),
      users: Math.round(users),
      connectionsPerClient: n.connectionsPerClient,
      idleKeepaliveShare: round(idleFraction, 2),
      idleUpstream: upstreamIdle,
      appShare: round(appShare(plan), 4),
    },
    why: 'worker_connections counts every connection, including those to the upstream; a proxied request holds two (DOMAIN.md C.1, C.2).',
  });
}

/**
 * worker_connections for `procs` workers: twice the peak for bursts, divided among the workers,
 * rounded up to 512; never below 1024 (tuning guide's starting point). Also the nginx pod's rule
 * (deploy/nginx-pod.ts), with the pod's own worker count.
 */
export function workerConnectionsFor(peak: number, procs: number): number {
  return Math.max(1024, Math.ceil((2 * peak) / procs / 512) * 512);
}

function nginxWorkerConnections(plan: Plan, peak: number, procs: number): Explained<number> {
  const perWorker = workerConnectionsFor(peak, procs);
  return pinnable(
    plan.pins,
    'nginxWorkerConnections',
    explain(perWorker, {
      key: 'worker_connections',
      label: 'worker_connections',
      formula: 'max(1024, ⌈2 × peak connections / worker_processes⌉ to 512)',
      inputs: { peakConnections: peak, workerProcesses: procs },
      why: 'Per worker and counting all connections; 2× headroom for bursts. Default 512 (DOMAIN.md C.1).',
      serverDefault: 512,
    }),
  );
}

function nginxRlimitNofile(plan: Plan, workerConnections: number): Explained<number> {
  return pinnable(
    plan.pins,
    'nginxRlimitNofile',
    explain(2 * workerConnections, {
      key: 'worker_rlimit_nofile',
      label: 'worker_rlimit_nofile',
      formula: '2 × worker_connections',
      inputs: { workerConnections },
      why: 'Each connection is a file descriptor, plus open static files and logs; the practitioner rule is 2 × worker_connections when proxying (DOMAIN.md C.2 [U]).',
    }),
  );
}

function nginxKeepaliveTimeout(plan: Plan): Explained<number> {
  const n = plan.nginx;
  return pinnable(
    plan.pins,
    'nginxKeepaliveTimeoutS',
    explain(n.clientKeepaliveS, {
      key: 'keepalive_timeout',
      label: 'keepalive_timeout (clients)',
      unit: 's',
      formula: 'your client keep-alive input',
      inputs: { clientKeepaliveS: n.clientKeepaliveS },
      why: 'How long an idle client connection stays open. 60–120 s balances handshake savings against idle connections (tuning guide); default 75 s (DOMAIN.md C.1).',
      serverDefault: 75,
    }),
  );
}

function nginxKeepaliveRequests(plan: Plan): Explained<number> {
  return explain(1000, {
    key: 'keepalive_requests',
    label: 'keepalive_requests',
    formula: '1000',
    inputs: { version: plan.nginx.version },
    why: 'Requests per client connection before nginx closes it. Default 1000 since 1.19.10 (DOMAIN.md C.1).',
    serverDefault: 1000,
  });
}

function nginxUpstreamKeepalive(plan: Plan, app: NginxInputs): Explained<number> {
  return explain(app.upstreamKeepalive ? UPSTREAM_KEEPALIVE : 0, {
    key: 'keepalive (upstream)',
    label: 'Upstream keep-alive connections',
    formula: app.upstreamKeepalive ? `${UPSTREAM_KEEPALIVE} per worker` : '0 (off)',
    inputs: { appTier: plan.app, workerClass: plan.app === 'gunicorn' ? 'see gunicorn' : 'php-fpm' },
    why: app.upstreamKeepalive
      ? 'Reusing connections to the app saves a connect per request; needs proxy_http_version 1.1 and an empty Connection header before nginx 1.29.7 (DOMAIN.md C.3).'
      : plan.app === 'phpfpm'
        ? 'An idle kept FastCGI connection pins an FPM child, so keep-alive to FPM would shrink the pool.'
        : 'Gunicorn\'s sync worker closes every connection, so cached upstream connections would be useless (DOMAIN.md A.2).',
    serverDefault: upstreamKeepaliveOnByDefault(plan.nginx.version) ? '32 local (≥ 1.29.7)' : 'off (< 1.29.7)',
  });
}

/** proxy_ or fastcgi_, by the app tier nginx passes to. */
const upstreamDirective = (plan: Plan, name: string): string => `${plan.app === 'phpfpm' ? 'fastcgi' : 'proxy'}_${name}`;

function nginxReadTimeout(plan: Plan, app: NginxInputs): Explained<number> {
  return pinnable(
    plan.pins,
    'nginxProxyReadTimeoutS',
    explain(Math.max(60, app.appTimeoutS + 10), {
      key: upstreamDirective(plan, 'read_timeout'),
      label: upstreamDirective(plan, 'read_timeout'),
      unit: 's',
      formula: 'max(60, app timeout + 10)',
      inputs: { appTimeoutS: app.appTimeoutS },
      why: 'The outer layer waits longer than the inner one, so the app\'s own limit fires first and nginx reports it cleanly (timeout ladder, DOMAIN.md F.3). Default 60 s.',
      serverDefault: 60,
    }),
  );
}

function nginxConnectTimeout(plan: Plan): Explained<number> {
  return explain(5, {
    key: upstreamDirective(plan, 'connect_timeout'),
    label: 'Connect timeout',
    unit: 's',
    formula: '5',
    inputs: {},
    why:
      plan.fleet.servers > 1 || plan.fleet.backupServers > 0 || plan.fleet.otherKinds.length > 0
        ? 'The app servers are on the same private network: a connect that takes seconds means a server is down or its backlog is full; fail fast and let proxy_next_upstream try the next server rather than wait the default 60 s (DOMAIN.md C.3).'
        : 'The app is local: a connect that takes seconds means the backlog is full; fail fast rather than the default 60 s (DOMAIN.md C.3).',
    serverDefault: 60,
  });
}

function nginxSendTimeout(plan: Plan): Explained<number> {
  return explain(60, {
    key: upstreamDirective(plan, 'send_timeout'),
    label: 'Send timeout',
    unit: 's',
    formula: '60 (default)',
    inputs: {},
    why: 'Between two writes to the app; the default suits request bodies buffered by nginx.',
    serverDefault: 60,
  });
}

const PROXY_BUFFER_KIB = 16;

/** The buffers that hold a response from the app: the header buffer, and the count and size of the body buffers. */
function nginxProxyBuffers(plan: Plan): Pick<NginxSettings, 'proxyBufferSizeKiB' | 'proxyBuffersCount' | 'proxyBuffersSizeKiB'> {
  const responseKiB = plan.workload.responseKiB;
  const proxyBufferSizeKiB = explain(PROXY_BUFFER_KIB, {
    key: 'proxy_buffer_size',
    label: 'proxy_buffer_size',
    unit: 'KiB',
    formula: '16 KiB',
    inputs: {},
    why: 'Holds the response headers; 16k fits large cookies and headers (tuning guide: 16k or 32k). Default 4k|8k.',
    serverDefault: '4k|8k',
  });
  const proxyBuffersCount = explain(Math.min(64, Math.max(8, Math.ceil(responseKiB / PROXY_BUFFER_KIB))), {
    key: 'proxy_buffers (count)',
    label: 'proxy_buffers count',
    formula: 'clamp(⌈response KiB / 16⌉, 8, 64)',
    inputs: { responseKiB },
    why: 'Enough 16k buffers to hold a typical response in memory, so the worker is freed without spilling to a temp file (tuning guide: 8 16k).',
    serverDefault: 8,
  });
  const proxyBuffersSizeKiB = explain(PROXY_BUFFER_KIB, {
    key: 'proxy_buffers (size)',
    label: 'proxy_buffers size',
    unit: 'KiB',
    formula: '16 KiB',
    inputs: {},
    why: 'Buffer size; see proxy_buffers count.',
    serverDefault: '4k|8k',
  });
  return { proxyBufferSizeKiB, proxyBuffersCount, proxyBuffersSizeKiB };
}

function nginxClientBodyBuffer(): Explained<number> {
  return explain(128, {
    key: 'client_body_buffer_size',
    label: 'client_body_buffer_size',
    unit: 'KiB',
    formula: '128 KiB',
    inputs: {},
    why: 'Typical form and JSON bodies stay in memory (tuning guide: 128k–256k).',
    serverDefault: '8k|16k',
  });
}

function nginxListenBacklog(plan: Plan): Explained<number> {
  return explain(Math.min(511, plan.system.somaxconn), {
    key: 'listen backlog',
    label: 'listen backlog (effective)',
    formula: 'min(511, somaxconn)',
    inputs: { somaxconn: plan.system.somaxconn },
    why: 'nginx listens with backlog 511 on Linux; the kernel caps it at net.core.somaxconn (DOMAIN.md C.1, F.1).',
    serverDefault: 511,
  });
}

/** The nginx settings, one small function per output; connections follow the worker count and the planned load. */
export function sizeNginx(ctx: SizingContext, app: NginxInputs): NginxSettings {
  const { plan } = ctx;
  const workerProcesses = nginxWorkerProcesses(plan);
  const procs = Math.max(1, workerProcesses.value);
  const peakConnections = nginxPeakConnections(ctx, app, procs);
  const workerConnections = nginxWorkerConnections(plan, peakConnections.value, procs);
  return {
    workerProcesses,
    workerConnections,
    workerRlimitNofile: nginxRlimitNofile(plan, workerConnections.value),
    keepaliveTimeoutS: nginxKeepaliveTimeout(plan),
    keepaliveRequests: nginxKeepaliveRequests(plan),
    upstreamKeepalive: nginxUpstreamKeepalive(plan, app),
    proxyConnectTimeoutS: nginxConnectTimeout(plan),
    proxyReadTimeoutS: nginxReadTimeout(plan, app),
    proxySendTimeoutS: nginxSendTimeout(plan),
    ...nginxProxyBuffers(plan),
    clientBodyBufferSizeKiB: nginxClientBodyBuffer(),
    listenBacklog: nginxListenBacklog(plan),
    peakConnections,
  };
}
