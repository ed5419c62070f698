/**
 * The public side of nginx.conf (issue 12): TLS, the HTTP→HTTPS redirect, security headers, the
 * log format with upstream timings, real client addresses behind a front load balancer, body
 * size, optional per-client limits, WebSocket upgrades, /healthz and stub_status.
 *
 * TLS follows Mozilla's "intermediate" guideline 6.0 and its generator's version split
 * (DOMAIN.md G.1): nginx < 1.25.1 (Debian's 1.22) `listen 443 ssl http2`, from 1.25.1 `http2 on`;
 * `ssl_session_tickets off` only before 1.23.2. Every number comes from `analysis.edge`.
 */
import type { EdgeSettings } from '../../engine/edge';
import type { NginxVersion, Plan } from '../../plan/schema';
import { block, blank, comment, d, type NginxNode } from '../printers/nginx';
import { token } from '../safe';

/** Mozilla intermediate 6.0 (DOMAIN.md G.1): TLS 1.2 + 1.3, ECDHE AEAD suites only (no DHE: no dhparam file needed). */
export const TLS_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-CHACHA20-POLY1305', 'ECDHE-RSA-CHACHA20-POLY1305',
].join(':');

/** The access log: the default "combined" fields plus where the time went (DOMAIN.md G.1: seconds, ms resolution). */
export const LOG_FORMAT_NAME = 'timed';
export const LOG_FORMAT =
  `'$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" ` +
  `rt=$request_time uct=$upstream_connect_time uht=$upstream_header_time urt=$upstream_response_time ua=$upstream_addr us=$upstream_status'`;

export const HEALTHZ_PATH = '/healthz';
export const STUB_STATUS_PATH = '/nginx_status';
const RATE_ZONE = 'per_client';
const CONN_ZONE = 'per_client_conn';

/** nginx 1.22 vs 1.25.1+: how HTTP/2 is switched on. */
const http2Directive = (v: NginxVersion) => v !== '1.22';
/** Only before 1.23.2 does the Mozilla template turn tickets off. */
const ticketsOff = (v: NginxVersion) => v === '1.22';

/** Certificate paths: the plan's, or the test sandbox's self-signed pair. */
export interface TlsPaths {
  cert: string;
  key: string;
  chain: string;
}

export function tlsPaths(plan: Plan, sandboxDir: string | null): TlsPaths {
  if (sandboxDir) return { cert: `${sandboxDir}/tls/cert.pem`, key: `${sandboxDir}/tls/key.pem`, chain: `${sandboxDir}/tls/cert.pem` };
  const e = plan.edge;
  return { cert: token(e.certPath, 'edge.certPath'), key: token(e.keyPath, 'edge.keyPath'), chain: token(e.chainPath, 'edge.chainPath') };
}

/** The scheme the client used: nginx's own, or the front LB's X-Forwarded-Proto when it came from the LB. */
export const schemeVar = (edge: EdgeSettings) => (edge.behindLoadBalancer ? '$forwarded_proto' : '$scheme');

function realIpNodes(plan: Plan): NginxNode[] {
  const lb = token(plan.edge.frontLbAddress, 'edge.frontLbAddress');
  return [
    blank,
    comment(`Behind a load balancer: REPLACE ${lb} with its address. Only it may set the client address (X-Forwarded-For) and the scheme (X-Forwarded-Proto),`),
    comment('so ip_hash, limits and the log see clients, not the balancer, and a client cannot fake either header.'),
    d('set_real_ip_from', [lb]),
    d('real_ip_header', ['X-Forwarded-For']),
    d('real_ip_recursive', ['on'], 'The client is the last address the balancer did not add itself.'),
    block('geo', ['$realip_remote_addr', '$from_front_lb'], [d('default', [0]), d(lb, [1])]),
    block('map', ['"$from_front_lb:$http_x_forwarded_proto"', '$forwarded_proto'], [d('default', ['$scheme']), d('"1:https"', ['https']), d('"1:http"', ['http'])]),
    ...(plan.app === 'phpfpm' ? [block('map', ['$forwarded_proto', '$fastcgi_https'], [d('default', ['""']), d('https', ['on'])])] : []),
  ];
}

/** http-level nodes: logging, body size, real IP, HSTS value, limits, caches, the WebSocket map, TLS sessions. */
export function edgeHttpNodes(plan: Plan, edge: EdgeSettings, accessLog: string, keepaliveUpstream: boolean): NginxNode[] {
  const e = plan.edge;
  const nodes: NginxNode[] = [
    comment('Access log with upstream timings (seconds): request, connect, first header and whole response, which server, its status.'),
    d('log_format', [LOG_FORMAT_NAME, LOG_FORMAT]),
    d('access_log', [accessLog, LOG_FORMAT_NAME]),
    blank,
    d('client_max_body_size', [`${edge.clientMaxBodyMiB.value}m`], `${edge.clientMaxBodyMiB.label}: ${edge.clientMaxBodyMiB.formula} (${e.maxUploadMiB} MiB); larger bodies get 413.`),
  ];
  if (edge.behindLoadBalancer) nodes.push(...realIpNodes(plan));
  if (e.tls !== 'off') {
    nodes.push(
      blank,
      comment(`${edge.hstsMaxAgeS.label}: ${edge.hstsMaxAgeS.formula}; only on responses the client received over HTTPS.`),
      block('map', [schemeVar(edge), '$hsts_header'], [d('default', ['""']), d('https', [`"max-age=${edge.hstsMaxAgeS.value}"`])]),
    );
  }
  if (e.tls === 'nginx') {
    nodes.push(
      blank,
      comment('TLS sessions (Mozilla intermediate): a shared cache of about 40,000 sessions for a day.'),
      d('ssl_session_timeout', ['1d']),
      d('ssl_session_cache', ['shared:MozSSL:10m']),
      ...(ticketsOff(plan.nginx.version) ? [d('ssl_session_tickets', ['off'], 'Before nginx 1.23.2 ticket keys never rotate without a restart.')] : []),
    );
  }
  if (edge.limitReq) {
    nodes.push(blank, d('limit_req_zone', ['$binary_remote_addr', `zone=${RATE_ZONE}:10m`, `rate=${edge.limitReq.rps.value}r/s`], `${edge.limitReq.rps.label}: ${edge.limitReq.rps.formula}; 10 MB holds about 160,000 client addresses.`), d('limit_req_status', [429]));
  }
  if (edge.limitConn) {
    nodes.push(blank, d('limit_conn_zone', ['$binary_remote_addr', `zone=${CONN_ZONE}:10m`]), d('limit_conn_status', [429]));
  }
  if (edge.openFileCacheMax) {
    nodes.push(
      blank,
      d('open_file_cache', [`max=${edge.openFileCacheMax.value}`, 'inactive=60s'], `${edge.openFileCacheMax.label}: ${edge.openFileCacheMax.formula}.`),
      d('open_file_cache_valid', ['60s']),
      d('open_file_cache_min_uses', [2]),
      d('open_file_cache_errors', ['on']),
    );
  }
  if (e.websocket && plan.app === 'gunicorn') {
    nodes.push(
      blank,
      comment('WebSocket: pass the Upgrade through; other requests keep ' + (keepaliveUpstream ? 'the empty Connection header upstream keep-alive needs.' : '"Connection: close".')),
      block('map', ['$http_upgrade', '$connection_upgrade'], [d('default', ['upgrade']), d("''", [keepaliveUpstream ? '""' : 'close'])]),
    );
  }
  return nodes;
}

/** Security headers for every response, `always` so error pages carry them too (DOMAIN.md G.1). */
export function securityHeaderNodes(plan: Plan): NginxNode[] {
  return [
    d('add_header', ['X-Content-Type-Options', 'nosniff', 'always']),
    d('add_header', ['Referrer-Policy', 'strict-origin-when-cross-origin', 'always']),
    d('add_header', ['X-Frame-Options', 'SAMEORIGIN', 'always']),
    d('add_header', ['Content-Security-Policy', `"frame-ancestors 'self'"`, 'always']),
    d('add_header', ['Permissions-Policy', '"camera=(), microphone=(), geolocation=(), payment=()"', 'always']),
    ...(plan.edge.tls !== 'off' ? [d('add_header', ['Strict-Transport-Security', '$hsts_header', 'always'], 'Empty (so not sent) on plain HTTP.')] : []),
  ];
}

/** The main server's listen lines and TLS settings. */
export function listenNodes(plan: Plan, paths: TlsPaths): NginxNode[] {
  const e = plan.edge;
  if (e.tls !== 'nginx') {
    return [d('listen', [plan.deploy.listenPort], e.tls === 'front-lb' ? 'Plain HTTP from the front load balancer, which terminates TLS.' : 'Plain HTTP: TLS is off in the plan.')];
  }
  const v = plan.nginx.version;
  return [
    ...(http2Directive(v)
      ? [d('listen', [e.httpsPort, 'ssl']), d('http2', ['on'], 'nginx >= 1.25.1: the http2 parameter of listen is deprecated.')]
      : [d('listen', [e.httpsPort, 'ssl', 'http2'], 'nginx < 1.25.1 switches HTTP/2 on in listen.')]),
    comment(`REPLACE the certificate paths with yours (README: TLS certificate); nginx -t fails until the files exist.`),
    d('ssl_certificate', [paths.cert]),
    d('ssl_certificate_key', [paths.key]),
    d('ssl_protocols', ['TLSv1.2', 'TLSv1.3'], "Mozilla intermediate 6.0: every browser of the last years, nothing older than TLS 1.2."),
    d('ssl_ciphers', [TLS_CIPHERS]),
    d('ssl_prefer_server_ciphers', ['off']),
    ...(e.ocspStapling
      ? [
          d('ssl_stapling', ['on'], 'OCSP stapling: only for a CA that still runs OCSP (Let\'s Encrypt stopped in 2025).'),
          d('ssl_stapling_verify', ['on']),
          d('ssl_trusted_certificate', [paths.chain], 'Root and intermediates, to verify the OCSP response.'),
          d('resolver', ['127.0.0.1', 'valid=300s'], 'REPLACE with your DNS resolver: without one nginx resolves the OCSP host once, at start.'),
          d('resolver_timeout', ['5s']),
        ]
      : [comment('OCSP stapling is off (plan): Let\'s Encrypt no longer runs OCSP; switch it on for a CA that does.')]),
  ];
}

/** Port 80 with TLS at nginx: ACME challenges stay on HTTP, everything else is redirected. */
export function redirectServer(plan: Plan, serverName: string): NginxNode[] {
  // The same port cannot be plain and TLS (edge finding edge-https-port-clash): no redirect server then.
  if (plan.edge.tls !== 'nginx' || plan.edge.httpsPort === plan.deploy.listenPort) return [];
  const port = plan.edge.httpsPort === 443 ? '' : `:${plan.edge.httpsPort}`;
  return [
    block('server', [], [
      d('listen', [plan.deploy.listenPort]),
      d('server_name', [serverName]),
      block('location', ['/.well-known/acme-challenge/'], [d('root', ['/var/www/acme'])], 'ACME (certificate renewal) challenges stay on HTTP.'),
      ...probeLocations().slice(0, 1),
      block('location', ['/'], [d('return', [301, `https://$host${port}$request_uri`])]),
    ]),
    blank,
  ];
}

/** Limits for the dynamic location. */
export function clientLimitNodes(edge: EdgeSettings): NginxNode[] {
  return [
    ...(edge.limitReq ? [d('limit_req', [`zone=${RATE_ZONE}`, `burst=${edge.limitReq.burst.value}`, 'nodelay'], `${edge.limitReq.burst.label}: ${edge.limitReq.burst.formula}; above it 429.`)] : []),
    ...(edge.limitConn ? [d('limit_conn', [CONN_ZONE, edge.limitConn.value])] : []),
  ];
}

/** /healthz (nginx itself is up) and stub_status for localhost only. */
export function probeLocations(): NginxNode[] {
  return [
    block('location', ['=', HEALTHZ_PATH], [d('access_log', ['off']), d('default_type', ['text/plain']), d('return', [200, '"ok\\n"'])], 'Liveness of nginx for the load balancer; the app is checked through its own URL.'),
    block('location', ['=', STUB_STATUS_PATH], [d('stub_status', []), d('access_log', ['off']), d('allow', ['127.0.0.1']), d('allow', ['::1']), d('deny', ['all'])], 'Connection counters for a local exporter only.'),
  ];
}

/** Dotfiles (.git, .env) are never served; /.well-known stays reachable. */
export const dotfileDeny = (): NginxNode => block('location', ['~', '/\\.(?!well-known)'], [d('deny', ['all'])]);
