/**
 * nginx.conf: the whole main configuration (events, http, upstream to the app, one server).
 *
 * Every capacity number comes from `result.nginx`. Version differences (DOMAIN.md C.3): before
 * 1.29.7 (Debian 12's 1.22, stable 1.28) an upstream caches no connections unless `keepalive N` is
 * set, and the proxy speaks HTTP/1.0 with `Connection: close`, so upstream keep-alive also needs
 * `proxy_http_version 1.1` and an empty Connection header. From 1.29.7 (1.30) both are defaults.
 *
 * Only syntax that nginx 1.22 also accepts is written, so Debian's nginx can check every bundle —
 * except `sticky cookie`, written only when the plan targets nginx 1.30 (open source since 1.29.6).
 *
 * Multi-server (issue 7): with fleet.servers > 1, other server kinds or backup servers, the upstream
 * lists every app server at placeholder addresses 10.0.0.1… (to be replaced): the plan's own servers,
 * then each other kind (with its weight and a comment naming its hardware), then the backups, with
 * the balancing method, max_fails and fail_timeout. Gunicorn is reached at appPort, PHP-FPM at
 * fpmPort (its www.conf then listens on TCP). A single server keeps the loopback address or the
 * local unix socket. The microcache (cache.microcacheEnabled) adds a
 * proxy_cache_path (Gunicorn) or fastcgi_cache_path (PHP-FPM) zone and the microcaching settings to the app location.
 */
import type { Plan } from '../../plan/schema';
import type { EdgeSettings } from '../../engine/edge';
import type { Explained, SizingResult } from '../../engine/types';
import { upstreamKeepaliveOnByDefault } from '../../engine/nginx';
import { exportedMethod, METHOD_INFO, NO_BACKUP_METHODS } from '../../engine/cluster/methods';
import { headerLines } from '../header';
import { block, blank, comment, d, type NginxNode } from '../printers/nginx';
import { hardwareText, isMultiServer, kindDir, placeholderAddress, upstreamGroups, type UpstreamGroup } from '../fleet-layout';
import { token } from '../safe';
import type { ExportOptions } from '../types';
import { formulaComment } from './explained-comment';
import { FPM_PING_PATH, FPM_STATUS_PATH } from './fpm-pool';
import {
  clientLimitNodes,
  dotfileDeny,
  edgeHttpNodes,
  listenNodes,
  probeLocations,
  redirectServer,
  schemeVar,
  securityHeaderNodes,
  tlsPaths,
} from './nginx-edge';

/** Browser cache lifetime of static files (a fixed choice, not a capacity number). */
export const STATIC_EXPIRES = '30d';
const UPSTREAM_NAME = 'app_backend';
const GZIP_TYPES = [
  'text/plain', 'text/css', 'text/xml', 'text/javascript', 'application/json', 'application/javascript',
  'application/xml', 'application/rss+xml', 'image/svg+xml',
];

export interface NginxConf {
  header: string[];
  nodes: NginxNode[];
}

/** Paths nginx writes to: the real ones, or under the test sandbox. */
function runtimePaths(plan: Plan, opts: ExportOptions) {
  const dir = opts.sandboxDir === undefined ? null : token(opts.sandboxDir, 'sandboxDir');
  return {
    pid: dir ? null : '/run/nginx.pid',
    errorLog: dir ? `${dir}/error.log` : '/var/log/nginx/error.log',
    accessLog: dir ? `${dir}/access.log` : '/var/log/nginx/access.log',
    tempDirs: dir
      ? [d('client_body_temp_path', [`${dir}/client_body`]), d('proxy_temp_path', [`${dir}/proxy`]), d('fastcgi_temp_path', [`${dir}/fastcgi`])]
      : [],
    cacheDir: dir ? `${dir}/microcache` : '/var/cache/nginx/microcache',
    tls: tlsPaths(plan, dir),
  };
}

const CACHE_ZONE = 'microcache';

/** The microcache's sizes, from the analysis (cluster.cache, DOMAIN.md C.4). */
export interface CacheSizes {
  zoneMiB: Explained;
  diskMiB: Explained;
}

/** Is the microcache written? For both tiers (proxy_cache for Gunicorn, fastcgi_cache for PHP-FPM), with a TTL above 0. */
function microcacheOn(plan: Plan): boolean {
  return plan.cache.microcacheEnabled && plan.cache.ttlS > 0;
}

function cachePathNodes(plan: Plan, cacheDir: string, sizes: CacheSizes): NginxNode[] {
  if (!microcacheOn(plan)) return [];
  const c = plan.cache;
  const zoneMiB = sizes.zoneMiB.value;
  const diskMiB = sizes.diskMiB.value;
  return [
    blank,
    comment(`Microcache (DOMAIN.md C.4): ${c.keys} keys, about 8,000 keys per MB of zone; disk from keys x average object (${c.avgObjectKiB} KiB).`),
    d(
      plan.app === 'phpfpm' ? 'fastcgi_cache_path' : 'proxy_cache_path',
      [cacheDir, 'levels=1:2', `keys_zone=${CACHE_ZONE}:${zoneMiB}m`, `max_size=${diskMiB}m`, 'inactive=10m', 'use_temp_path=off'],
      `${sizes.zoneMiB.label}: ${sizes.zoneMiB.formula} = ${zoneMiB} MiB; ${sizes.diskMiB.label}: ${sizes.diskMiB.formula} = ${diskMiB} MiB`,
    ),
  ];
}

/** The microcache's directives; its add_header drops the server's headers (DOMAIN.md G.1), so they are repeated. */
function cacheLocationNodes(plan: Plan): NginxNode[] {
  if (!microcacheOn(plan)) return [];
  const c = plan.cache;
  const headers = [d('add_header', ['X-Cache-Status', '$upstream_cache_status']), ...securityHeaderNodes(plan)];
  if (plan.app === 'phpfpm') {
    return [
      d('fastcgi_cache', [CACHE_ZONE], `Microcache: expected hit ratio ${Math.round(c.hitRatio * 100)}% of dynamic requests.`),
      d('fastcgi_cache_key', ['"$scheme$request_method$host$request_uri"'], 'fastcgi_cache has no default key.'),
      d('fastcgi_cache_valid', [200, `${c.ttlS}s`]),
      ...(c.lock ? [d('fastcgi_cache_lock', ['on'], 'One request per key fills the cache; the others wait for it.')] : []),
      ...(c.staleWhileUpdating ? [d('fastcgi_cache_use_stale', ['updating'], 'Serve the stale copy while one request refreshes it: at most 1 backend request per key per TTL.')] : []),
      ...headers,
    ];
  }
  return [
    d('proxy_cache', [CACHE_ZONE], `Microcache: expected hit ratio ${Math.round(c.hitRatio * 100)}% of dynamic requests.`),
    d('proxy_cache_valid', [200, `${c.ttlS}s`]),
    ...(c.lock ? [d('proxy_cache_lock', ['on'], 'One request per key fills the cache; the others wait for it.')] : []),
    ...(c.staleWhileUpdating ? [d('proxy_cache_use_stale', ['updating'], 'Serve the stale copy while one request refreshes it: at most 1 backend request per key per TTL.')] : []),
    ...headers,
  ];
}

function withSlash(p: string): string {
  return p.endsWith('/') ? p : `${p}/`;
}

/**
 * nginx in a Kubernetes pod (issue 17, PlanAnalysis.deploy.nginx): worker counts from the pod's CPU
 * limit instead of the host's threads, and each server kind's Service as one upstream server.
 */
export interface NginxPodConf {
  workerProcesses: Explained;
  workerConnections: Explained;
  workerRlimitNofile: Explained;
  /** Each server kind's Service: its cluster DNS name and nginx weight (null: one Service, no weight written). */
  services: { host: string; weight: number | null; note: string }[];
}

export function buildNginxConf(plan: Plan, result: SizingResult, opts: ExportOptions, edge: EdgeSettings, cache: CacheSizes, pod?: NginxPodConf): NginxConf {
  const n = pod ? { ...result.nginx, workerProcesses: pod.workerProcesses, workerConnections: pod.workerConnections, workerRlimitNofile: pod.workerRlimitNofile } : result.nginx;
  const dep = plan.deploy;
  const paths = runtimePaths(plan, opts);
  const php = plan.app === 'phpfpm';
  const user = token(dep.user, 'deploy.user');
  const group = token(dep.group, 'deploy.group');
  const serverName = token(dep.serverName, 'deploy.serverName');
  const staticPrefix = token(dep.staticUrlPrefix, 'deploy.staticUrlPrefix');
  const staticRoot = withSlash(token(dep.staticRoot, 'deploy.staticRoot'));
  const oldProxy = !upstreamKeepaliveOnByDefault(plan.nginx.version);

  const main: NginxNode[] = [
    d('user', [user, group]),
    d('worker_processes', [n.workerProcesses.value], formulaComment(n.workerProcesses)),
    d('worker_rlimit_nofile', [n.workerRlimitNofile.value], formulaComment(n.workerRlimitNofile)),
    ...(paths.pid ? [d('pid', [paths.pid])] : []),
    d('error_log', [paths.errorLog, 'warn']),
    d('worker_shutdown_timeout', [`${edge.workerShutdownTimeoutS.value}s`], formulaComment(edge.workerShutdownTimeoutS)),
    d('include', ['/etc/nginx/modules-enabled/*.conf']),
    blank,
    block('events', [], [d('worker_connections', [n.workerConnections.value], formulaComment(n.workerConnections))]),
  ];

  const keepaliveS = n.keepaliveTimeoutS.value;
  const http: NginxNode[] = [
    d('include', ['/etc/nginx/mime.types']),
    d('default_type', ['application/octet-stream']),
    d('sendfile', ['on']),
    d('tcp_nopush', ['on']),
    d('tcp_nodelay', ['on']),
    d('server_tokens', ['off'], 'No nginx version in headers and error pages.'),
    ...paths.tempDirs,
    blank,
    ...edgeHttpNodes(plan, edge, paths.accessLog, !php && result.nginx.upstreamKeepalive.value > 0),
    blank,
    comment('Client connections'),
    d('keepalive_timeout', [`${keepaliveS}s`], formulaComment(n.keepaliveTimeoutS)),
    d('keepalive_requests', [n.keepaliveRequests.value]),
    d('client_body_buffer_size', [`${n.clientBodyBufferSizeKiB.value}k`], formulaComment(n.clientBodyBufferSizeKiB)),
    blank,
    comment('Compression'),
    d('gzip', ['on']),
    d('gzip_vary', ['on']),
    d('gzip_proxied', ['any']),
    d('gzip_comp_level', [5]),
    d('gzip_min_length', [1024]),
    d('gzip_types', GZIP_TYPES),
    blank,
    ...(php ? fastcgiSettings(result, edge) : proxySettings(result, edge)),
    ...cachePathNodes(plan, paths.cacheDir, cache),
    blank,
    php ? phpUpstream(plan, edge, pod) : appUpstream(plan, result, oldProxy, edge, pod),
    blank,
    ...redirectServer(plan, serverName),
    block('server', [], [
      ...listenNodes(plan, paths.tls),
      d('server_name', [serverName]),
      blank,
      ...securityHeaderNodes(plan),
      ...(edge.limitConn ? clientLimitNodes({ ...edge, limitReq: null }) : []),
      blank,
      ...probeLocations(),
      dotfileDeny(),
      ...(php ? phpServerBody(plan, edge) : appServerBody(plan, result, edge, staticPrefix, staticRoot, oldProxy, cacheLocationNodes(plan))),
      blank,
      comment('Keep the upstream status code (502/503/504) and answer with a short body that needs no file.'),
      d('error_page', [500, 502, 503, 504, '/50x.html']),
      block('location', ['=', '/50x.html'], [
        d('internal', []),
        d('default_type', ['text/plain']),
        d('return', [200, '"The service is busy or restarting. Please retry in a moment.\\n"']),
      ]),
    ]),
  ];

  return {
    header: headerLines(plan, opts, 'nginx.conf'),
    nodes: [...main, blank, block('http', [], http)],
  };
}

/** Retry a failed connect, timeout or 502/503 on the next server (never a POST: DOMAIN.md G.1). */
function nextUpstreamNodes(prefix: 'proxy' | 'fastcgi', edge: EdgeSettings): NginxNode[] {
  const tries = edge.nextUpstreamTries;
  if (!tries) return [];
  // fastcgi_next_upstream has no http_502 (a FastCGI error is "error").
  const codes = prefix === 'proxy' ? ['http_502', 'http_503'] : ['http_503'];
  return [d(`${prefix}_next_upstream`, ['error', 'timeout', ...codes]), d(`${prefix}_next_upstream_tries`, [tries.value], formulaComment(tries))];
}

function proxySettings(result: SizingResult, edge: EdgeSettings): NginxNode[] {
  const n = result.nginx;
  return [
    comment('Proxy to the app: timeouts and buffers'),
    d('proxy_connect_timeout', [`${n.proxyConnectTimeoutS.value}s`], formulaComment(n.proxyConnectTimeoutS)),
    d('proxy_send_timeout', [`${n.proxySendTimeoutS.value}s`]),
    d('proxy_read_timeout', [`${n.proxyReadTimeoutS.value}s`], formulaComment(n.proxyReadTimeoutS)),
    d('proxy_buffer_size', [`${n.proxyBufferSizeKiB.value}k`]),
    d('proxy_buffers', [n.proxyBuffersCount.value, `${n.proxyBuffersSizeKiB.value}k`], formulaComment(n.proxyBuffersCount)),
    ...nextUpstreamNodes('proxy', edge),
  ];
}

function fastcgiSettings(result: SizingResult, edge: EdgeSettings): NginxNode[] {
  const n = result.nginx;
  return [
    comment('FastCGI to PHP-FPM: timeouts and buffers'),
    d('fastcgi_connect_timeout', [`${n.proxyConnectTimeoutS.value}s`], formulaComment(n.proxyConnectTimeoutS)),
    d('fastcgi_send_timeout', [`${n.proxySendTimeoutS.value}s`]),
    d('fastcgi_read_timeout', [`${n.proxyReadTimeoutS.value}s`], formulaComment(n.proxyReadTimeoutS)),
    d('fastcgi_buffer_size', [`${n.proxyBufferSizeKiB.value}k`]),
    d('fastcgi_buffers', [n.proxyBuffersCount.value, `${n.proxyBuffersSizeKiB.value}k`], `FastCGI ${formulaComment(n.proxyBuffersCount).replace(/^proxy_buffers/, 'buffers')} (the same sizing as for a proxy)`),
    ...nextUpstreamNodes('fastcgi', edge),
  ];
}

function appServerAddress(plan: Plan): string {
  const dep = plan.deploy;
  return dep.appTransport === 'unix' ? `unix:${token(dep.appSocketPath, 'deploy.appSocketPath')}` : `127.0.0.1:${dep.appPort}`;
}

export { placeholderAddress } from '../fleet-layout';

/** `server` lines for the app servers of a kind, at `port`, with its weights and the shared parameters. */
function serverLines(g: UpstreamGroup, port: number, params: string[]): NginxNode[] {
  return g.weights.map((w, j) => d('server', [`${placeholderAddress(g.first + j)}:${port}`, ...(w !== null ? [`weight=${w}`] : []), ...params]));
}

/**
 * The balancing method and the server lines of a multi-server upstream: the plan's own servers,
 * then each other kind (one comment line naming its hardware), then the backups. `port` is the
 * app's: Gunicorn's appPort or PHP-FPM's fpmPort.
 */
/** The balancing method's directive (or a comment for round robin), with a note when the version lacks the planned one. */
function methodNodes(plan: Plan): NginxNode[] {
  const f = plan.fleet;
  const method = exportedMethod(f.lbMethod, plan.nginx.version);
  const info = METHOD_INFO[method];
  const nodes: NginxNode[] = [];
  if (method !== f.lbMethod) {
    nodes.push(
      comment(
        `${METHOD_INFO[f.lbMethod].directive ?? f.lbMethod} is not in open-source nginx ${plan.nginx.version} (NGINX Plus only before ` +
          `${METHOD_INFO[f.lbMethod].ossSince}, DOMAIN.md C.5): ${info.directive ?? 'round robin'} is written instead.`,
      ),
    );
  }
  if (info.directive) nodes.push(d(info.directive.split(' ')[0] as string, info.directive.split(' ').slice(1), `${info.note} Must come before keepalive.`));
  else nodes.push(comment('Round robin (the default): no method directive.'));
  return nodes;
}

function multiServerNodes(plan: Plan, port: number): NginxNode[] {
  const f = plan.fleet;
  const method = exportedMethod(f.lbMethod, plan.nginx.version);
  const info = METHOD_INFO[method];
  const { groups, backupFirst } = upstreamGroups(plan);
  const mixed = groups.length > 1;
  const nodes = methodNodes(plan);
  const app = plan.app === 'phpfpm' ? `PHP-FPM must listen on that interface (www.conf: listen = ${port})` : 'the app must listen on that interface (not only 127.0.0.1)';
  nodes.push(
    comment(
      `${backupFirst} app servers${mixed ? ` of ${groups.length} kinds` : ''}. REPLACE the placeholder addresses 10.0.0.x with your servers' addresses; ${app}.`,
    ),
  );
  if (groups.some((g) => g.weights.some((w) => w !== null))) nodes.push(comment('weight=: each server gets weight / sum of weights of the requests (mixed hardware).'));
  if (f.maxConns !== null) nodes.push(comment(`max_conns=${f.maxConns}: at most ${f.maxConns} active connections per server, across workers (shared zone above).`));
  const params = [...(f.maxConns !== null ? [`max_conns=${f.maxConns}`] : []), `max_fails=${f.maxFails}`, `fail_timeout=${f.failTimeoutS}s`];
  for (const g of groups) {
    if (mixed) {
      const file = plan.app === 'phpfpm' ? 'www.conf' : 'gunicorn.conf.py';
      nodes.push(
        comment(
          `${g.name}: ${g.spec.servers} server${g.spec.servers === 1 ? '' : 's'}, ${hardwareText(g.spec.hardware)}; ` +
            `app config ${g.spec.primary ? file : `${kindDir(g.name)}/${file}`}.`,
        ),
      );
    }
    nodes.push(...serverLines(g, port, params));
  }
  if (f.backupServers > 0) {
    if (NO_BACKUP_METHODS.has(method)) {
      nodes.push(comment(`${f.backupServers} backup server(s) left out: ${info.directive ?? method} does not support "backup".`));
    } else {
      nodes.push(comment(`${f.backupServers} backup server(s): used only when every server above is down. REPLACE the placeholder addresses too.`));
      for (let i = backupFirst; i < backupFirst + f.backupServers; i++) nodes.push(d('server', [`${placeholderAddress(i)}:${port}`, ...params, 'backup']));
    }
  }
  return nodes;
}

/** The upstream's shared zone (DOMAIN.md G.1): one view of least_conn counts, max_fails and max_conns for all workers. */
function zoneNodes(edge: EdgeSettings): NginxNode[] {
  const z = edge.upstreamZoneKiB;
  return z ? [d('zone', [UPSTREAM_NAME, `${z.value}k`], `${formulaComment(z)}: without it each worker balances and counts failures on its own.`)] : [];
}

/**
 * The server kinds' Services as the upstream (nginx in Kubernetes). nginx resolves the names once at
 * start, so the Services must exist first; kube-proxy spreads each Service's connections over its pods.
 */
function serviceNodes(plan: Plan, pod: NginxPodConf, port: number): NginxNode[] {
  const several = pod.services.length > 1;
  return [
    ...(several ? methodNodes(plan) : []),
    comment(
      several
        ? 'One Service per server kind, weighted by its servers\' share. max_fails=0: a Service is many pods, one failing pod must not take out the kind (readiness removes it).'
        : 'The app pods\' Service (kube-proxy spreads the connections over the pods; readiness removes a failing pod).',
    ),
    ...pod.services.map((svc) =>
      d('server', [`${svc.host}:${port}`, ...(svc.weight !== null ? [`weight=${svc.weight}`] : []), ...(several ? ['max_fails=0'] : [])], svc.note),
    ),
  ];
}

function appUpstream(plan: Plan, result: SizingResult, oldProxy: boolean, edge: EdgeSettings, pod?: NginxPodConf): NginxNode {
  const ka = result.nginx.upstreamKeepalive;
  const f = plan.fleet;
  const children: NginxNode[] = [...zoneNodes(edge)];
  children.push(...(pod
    ? serviceNodes(plan, pod, plan.deploy.appPort)
    : isMultiServer(plan)
    ? multiServerNodes(plan, plan.deploy.appPort)
    : [d('server', [appServerAddress(plan), ...(f.maxConns !== null ? [`max_conns=${f.maxConns}`] : [])])]));
  if (ka.value > 0) {
    children.push(d('keepalive', [ka.value], `${formulaComment(ka)}${oldProxy ? '' : ' (also the default since nginx 1.29.7)'}`));
  } else if (!oldProxy) {
    children.push(comment('nginx >= 1.29.7 caches 32 connections by default; the sync worker closes each one, so nothing is kept.'));
  } else {
    children.push(comment('No keepalive: the sync worker closes every connection (DOMAIN.md A.2).'));
  }
  return block('upstream', [UPSTREAM_NAME], children);
}

/** One server: the pool's local unix socket. Several: every app server's PHP-FPM on TCP (fpmPort). */
function phpUpstream(plan: Plan, edge: EdgeSettings, pod?: NginxPodConf): NginxNode {
  const port = plan.deploy.fpmPort;
  const servers = pod
    ? serviceNodes(plan, pod, port)
    : isMultiServer(plan)
    ? multiServerNodes(plan, port)
    : [d('server', [`unix:${token(plan.deploy.fpmSocketPath, 'deploy.fpmSocketPath')}`])];
  return block('upstream', [UPSTREAM_NAME], [...zoneNodes(edge), ...servers, comment('No keepalive: an idle kept FastCGI connection would pin a PHP-FPM child.')]);
}

function proxyLocationBody(plan: Plan, result: SizingResult, edge: EdgeSettings, oldProxy: boolean): NginxNode[] {
  const keepalive = result.nginx.upstreamKeepalive.value > 0;
  const ws = plan.edge.websocket;
  return [
    d('proxy_pass', [`http://${UPSTREAM_NAME}`]),
    ...clientLimitNodes({ ...edge, limitConn: null }),
    ...(ws
      ? [
          d('proxy_http_version', ['1.1'], 'WebSocket: the Upgrade handshake needs HTTP/1.1.'),
          d('proxy_set_header', ['Upgrade', '$http_upgrade']),
          d('proxy_set_header', ['Connection', '$connection_upgrade']),
        ]
      : keepalive && oldProxy
      ? [
          d('proxy_http_version', ['1.1'], 'Upstream keep-alive before nginx 1.29.7 needs HTTP/1.1 and no "Connection: close" (DOMAIN.md C.3).'),
          d('proxy_set_header', ['Connection', '""']),
        ]
      : []),
    d('proxy_set_header', ['Host', '$host']),
    d('proxy_set_header', ['X-Real-IP', '$remote_addr']),
    d('proxy_set_header', ['X-Forwarded-For', '$proxy_add_x_forwarded_for']),
    d('proxy_set_header', ['X-Forwarded-Proto', schemeVar(edge)], edge.behindLoadBalancer ? "The front LB's scheme when the request came from it, else nginx's own." : undefined),
    d('proxy_set_header', ['Proxy', '""'], 'httpoxy: a client "Proxy:" header must not become HTTP_PROXY (DOMAIN.md G.3).'),
    d('proxy_redirect', ['off']),
  ];
}

function staticLocation(prefix: string, root: string): NginxNode {
  return block('location', [prefix], [d('alias', [root]), d('expires', [STATIC_EXPIRES]), d('access_log', ['off'])]);
}

function appServerBody(plan: Plan, result: SizingResult, edge: EdgeSettings, staticPrefix: string, staticRoot: string, oldProxy: boolean, cache: NginxNode[]): NginxNode[] {
  if (staticPrefix === '/') {
    // Static files live at the site root: serve a file when it exists, else hand over to the app.
    return [
      block('location', ['/'], [d('root', [staticRoot]), d('expires', [STATIC_EXPIRES]), d('try_files', ['$uri', '@app'])]),
      block('location', ['@app'], [...proxyLocationBody(plan, result, edge, oldProxy), ...cache]),
    ];
  }
  return [staticLocation(staticPrefix, staticRoot), block('location', ['/'], [...proxyLocationBody(plan, result, edge, oldProxy), ...cache])];
}

/** Asset extensions served from the document root with a long expiry (PHP plans: static files live next to the scripts). */
export const PHP_ASSET_RE = '\\.(?:css|js|mjs|map|json|txt|xml|svg|ico|png|jpe?g|gif|webp|avif|woff2?|ttf|otf|eot|mp4|webm|pdf)$';

function phpServerBody(plan: Plan, edge: EdgeSettings): NginxNode[] {
  const root = token(plan.deploy.phpRoot, 'deploy.phpRoot');
  const fcgiBase = [d('include', ['/etc/nginx/fastcgi_params']), d('fastcgi_param', ['HTTP_PROXY', '""'], 'httpoxy: a client "Proxy:" header must not become HTTP_PROXY (DOMAIN.md G.3).')];
  const https = edge.behindLoadBalancer ? [d('fastcgi_param', ['HTTPS', '$fastcgi_https', 'if_not_empty'], 'HTTPS=on when the front LB says the client used https.')] : [];
  return [
    d('root', [root]),
    d('index', ['index.php', 'index.html']),
    block('location', ['~*', PHP_ASSET_RE], [d('try_files', ['$uri', '=404']), d('expires', [STATIC_EXPIRES]), d('access_log', ['off'])], 'Static assets from the document root, cached by browsers; PHP never sees them.'),
    block('location', ['/'], [d('try_files', ['$uri', '$uri/', '/index.php$is_args$args'])]),
    block('location', ['~', '\\.php$'], [
      d('try_files', ['$fastcgi_script_name', '=404'], 'Only existing scripts reach PHP.'),
      ...fcgiBase,
      ...https,
      d('fastcgi_param', ['SCRIPT_FILENAME', '$document_root$fastcgi_script_name']),
      d('fastcgi_pass', [UPSTREAM_NAME]),
      ...clientLimitNodes({ ...edge, limitConn: null }),
      ...cacheLocationNodes(plan),
    ]),
    block('location', ['~', `^(?:${FPM_STATUS_PATH}|${FPM_PING_PATH})$`], [
      d('allow', ['127.0.0.1']),
      d('allow', ['::1']),
      d('deny', ['all']),
      d('access_log', ['off']),
      ...fcgiBase,
      d('fastcgi_param', ['SCRIPT_NAME', '$uri']),
      d('fastcgi_pass', [UPSTREAM_NAME]),
    ], 'PHP-FPM pool status and ping (www.conf pm.status_path / ping.path), for a local exporter only.'),
  ];
}
