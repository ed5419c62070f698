/**
 * Meaning tests (issue 12): every number a file writes is the analysis value it came from. One
 * table maps file → setting → analysis field; each row is checked on every fixture and on plans
 * that switch the optional parts on (TLS modes, a fleet, limits, the microcache). Then the other
 * way round: every numeric directive in nginx.conf is either in the table or a listed fixed
 * choice or plan input, so a new number cannot slip in unexplained. The README's tables print
 * each Explained value of the analysis (parsed back, not compared as formatted text).
 */
import { describe, expect, it } from 'vitest';
import { analyzePlan, type PlanAnalysis } from '../engine/analysis/analyze-plan';
import type { Explained } from '../engine/types';
import { fixture, FIXTURE_NAMES } from '../plan/fixtures';
import { planSchema, type Plan, type PlanInput } from '../plan/schema';
import { fpmPmValues } from './builders/fpm-pool';
import { edgeItems } from './builders/readme';
import { buildBundle } from './bundle';
import { fmtNum } from './fleet-layout';

type Value = number | boolean | string | null;
interface Row {
  file: string;
  /** How the setting is written, with `(V)` where the value goes. */
  setting: string;
  /** The analysis field; null when the plan does not write the setting. */
  field: (a: PlanAnalysis) => Value;
}

const ng = (a: PlanAnalysis) => a.web.nginx;
const gu = (a: PlanAnalysis) => a.web.gunicorn;
const fpm = (a: PlanAnalysis) => (a.web.phpfpm ? fpmPmValues(a.web.phpfpm) : null);
const php = (a: PlanAnalysis) => a.edge.php;
const isPhp = (a: PlanAnalysis) => a.plan.app === 'phpfpm';
const prefix = (a: PlanAnalysis) => (isPhp(a) ? 'fastcgi' : 'proxy');
const cacheOn = (a: PlanAnalysis) => a.plan.cache.microcacheEnabled && a.plan.cache.ttlS > 0;

/** file → setting → analysis field. */
const MEANING: Row[] = [
  { file: 'nginx.conf', setting: 'worker_processes (V);', field: (a) => ng(a).workerProcesses.value },
  { file: 'nginx.conf', setting: 'worker_rlimit_nofile (V);', field: (a) => ng(a).workerRlimitNofile.value },
  { file: 'nginx.conf', setting: 'worker_shutdown_timeout (V)s;', field: (a) => a.edge.workerShutdownTimeoutS.value },
  { file: 'nginx.conf', setting: 'worker_connections (V);', field: (a) => ng(a).workerConnections.value },
  { file: 'nginx.conf', setting: 'keepalive_timeout (V)s;', field: (a) => ng(a).keepaliveTimeoutS.value },
  { file: 'nginx.conf', setting: 'keepalive_requests (V);', field: (a) => ng(a).keepaliveRequests.value },
  { file: 'nginx.conf', setting: 'client_body_buffer_size (V)k;', field: (a) => ng(a).clientBodyBufferSizeKiB.value },
  { file: 'nginx.conf', setting: 'client_max_body_size (V)m;', field: (a) => a.edge.clientMaxBodyMiB.value },
  ...(['connect', 'send', 'read'] as const).map((t): Row => ({
    file: 'nginx.conf',
    setting: `*_${t}_timeout (V)s;`,
    field: (a) => (t === 'connect' ? ng(a).proxyConnectTimeoutS : t === 'send' ? ng(a).proxySendTimeoutS : ng(a).proxyReadTimeoutS).value,
  })),
  { file: 'nginx.conf', setting: '*_buffer_size (V)k;', field: (a) => ng(a).proxyBufferSizeKiB.value },
  { file: 'nginx.conf', setting: '*_buffers (V) ', field: (a) => ng(a).proxyBuffersCount.value },
  { file: 'nginx.conf', setting: '*_buffers \\d+ (V)k;', field: (a) => ng(a).proxyBuffersSizeKiB.value },
  { file: 'nginx.conf', setting: 'keepalive (V);', field: (a) => (ng(a).upstreamKeepalive.value > 0 ? ng(a).upstreamKeepalive.value : null) },
  { file: 'nginx.conf', setting: 'zone app_backend (V)k;', field: (a) => a.edge.upstreamZoneKiB?.value ?? null },
  { file: 'nginx.conf', setting: '*_next_upstream_tries (V);', field: (a) => a.edge.nextUpstreamTries?.value ?? null },
  { file: 'nginx.conf', setting: 'rate=(V)r/s;', field: (a) => a.edge.limitReq?.rps.value ?? null },
  { file: 'nginx.conf', setting: 'burst=(V) nodelay;', field: (a) => a.edge.limitReq?.burst.value ?? null },
  { file: 'nginx.conf', setting: 'limit_conn per_client_conn (V);', field: (a) => a.edge.limitConn?.value ?? null },
  { file: 'nginx.conf', setting: 'open_file_cache max=(V) ', field: (a) => a.edge.openFileCacheMax?.value ?? null },
  { file: 'nginx.conf', setting: 'https "max-age=(V)";', field: (a) => (a.plan.edge.tls !== 'off' ? a.edge.hstsMaxAgeS.value : null) },
  { file: 'nginx.conf', setting: 'keys_zone=microcache:(V)m', field: (a) => (cacheOn(a) ? a.cluster.cache.zoneMiB.value : null) },
  { file: 'nginx.conf', setting: 'max_size=(V)m', field: (a) => (cacheOn(a) ? a.cluster.cache.diskMiB.value : null) },
  ...(
    [
      ['workers', (a) => gu(a)?.workers.value ?? null],
      ['threads', (a) => (gu(a)?.workerClass.value === 'gthread' ? (gu(a)?.threads.value ?? null) : null)],
      ['timeout', (a) => gu(a)?.timeoutS.value ?? null],
      ['graceful_timeout', (a) => gu(a)?.gracefulTimeoutS.value ?? null],
      ['keepalive', (a) => gu(a)?.keepaliveS.value ?? null],
      ['max_requests', (a) => gu(a)?.maxRequests.value ?? null],
      ['max_requests_jitter', (a) => gu(a)?.maxRequestsJitter.value ?? null],
      ['backlog', (a) => gu(a)?.backlog.value ?? null],
      ['preload_app', (a) => (gu(a) ? (gu(a)?.preload.value ? 'True' : 'False') : null)],
    ] as [string, Row['field']][]
  ).map(([name, field]): Row => ({ file: 'gunicorn.conf.py', setting: `${name} = (V)`, field })),
  { file: 'gunicorn.conf.py', setting: 'worker_connections = (V)', field: (a) => (['gevent', 'gthread'].includes(gu(a)?.workerClass.value ?? '') || (gu(a)?.workerClass.value === 'asgi' && a.plan.gunicorn.version === '26.1') ? (gu(a)?.workerConnections.value ?? null) : null) },
  { file: 'gunicorn.service', setting: 'LimitNOFILE=(V)', field: (a) => a.edge.gunicornUnit?.limitNofile.value ?? null },
  { file: 'gunicorn.service', setting: 'TimeoutStopSec=(V)', field: (a) => a.edge.gunicornUnit?.timeoutStopS.value ?? null },
  { file: 'gunicorn.service', setting: 'MemoryHigh=(V)M', field: (a) => a.edge.gunicornUnit?.memoryHighMiB.value ?? null },
  { file: 'gunicorn.service', setting: 'MemoryMax=(V)M', field: (a) => a.edge.gunicornUnit?.memoryMaxMiB.value ?? null },
  { file: 'www.conf', setting: 'pm.max_children = (V)', field: (a) => fpm(a)?.maxChildren ?? null },
  { file: 'www.conf', setting: 'pm.start_servers = (V)', field: (a) => (a.web.phpfpm?.pm.value === 'dynamic' ? (fpm(a)?.start ?? null) : null) },
  { file: 'www.conf', setting: 'pm.min_spare_servers = (V)', field: (a) => (a.web.phpfpm?.pm.value === 'dynamic' ? (fpm(a)?.minSpare ?? null) : null) },
  { file: 'www.conf', setting: 'pm.max_spare_servers = (V)', field: (a) => (a.web.phpfpm?.pm.value === 'dynamic' ? (fpm(a)?.maxSpare ?? null) : null) },
  { file: 'www.conf', setting: 'pm.max_requests = (V)', field: (a) => a.web.phpfpm?.maxRequests.value ?? null },
  { file: 'www.conf', setting: 'request_terminate_timeout = (V)s', field: (a) => a.web.phpfpm?.requestTerminateTimeoutS.value ?? null },
  { file: 'www.conf', setting: 'request_slowlog_timeout = (V)s', field: (a) => php(a)?.slowlogTimeoutS.value ?? null },
  { file: 'www.conf', setting: 'php_admin_value[memory_limit] = (V)M', field: (a) => php(a)?.memoryLimitMiB.value ?? null },
  { file: 'www.conf', setting: 'php_admin_value[upload_max_filesize] = (V)M', field: (a) => php(a)?.uploadMaxMiB.value ?? null },
  { file: 'www.conf', setting: 'php_admin_value[post_max_size] = (V)M', field: (a) => php(a)?.postMaxMiB.value ?? null },
  { file: 'opcache.ini', setting: 'opcache.memory_consumption = (V)', field: (a) => php(a)?.opcacheMemoryMiB.value ?? null },
  { file: 'opcache.ini', setting: 'opcache.interned_strings_buffer = (V)', field: (a) => php(a)?.opcacheInternedStringsMiB.value ?? null },
  { file: 'opcache.ini', setting: 'opcache.max_accelerated_files = (V)', field: (a) => php(a)?.opcacheMaxFiles.value ?? null },
  { file: 'sysctl-headroom.conf', setting: 'net.core.somaxconn = (V)', field: (a) => a.edge.somaxconn.value },
  { file: 'sysctl-headroom.conf', setting: 'net.ipv4.tcp_max_syn_backlog = (V)', field: (a) => a.edge.tcpMaxSynBacklog.value },
  { file: 'sysctl-headroom.conf', setting: 'net.ipv4.ip_local_port_range = (V)', field: (a) => a.edge.ipLocalPortRange.value },
  { file: 'nginx.service.override.conf', setting: 'LimitNOFILE=(V)', field: (a) => a.edge.nginxLimitNofile.value },
];

/**
 * nginx directives whose numbers are not sized: fixed choices (README "Fixed choices") or plan
 * inputs copied as they are. Anything else with a digit must be in MEANING.
 */
const NGINX_FIXED = new Set([
  'listen', 'gzip_comp_level', 'gzip_min_length', 'ssl_session_cache', 'ssl_session_timeout', 'limit_req_zone', 'limit_conn_zone', 'limit_req_status',
  'limit_conn_status', 'open_file_cache_valid', 'open_file_cache_min_uses', 'error_page', 'return', 'server', 'fastcgi_cache_valid', 'proxy_cache_valid',
  'expires', 'resolver', 'resolver_timeout', 'allow', 'set_real_ip_from', 'ssl_protocols', 'log_format', 'ssl_ciphers', 'default', 'https', '"1:https"', '"1:http"',
  'include', 'root', 'alias', 'try_files', 'access_log', 'error_log', 'pid', 'client_body_temp_path', 'proxy_temp_path', 'fastcgi_temp_path', 'proxy_http_version',
  'fastcgi_cache_path', 'proxy_cache_path', 'add_header', 'gzip_types', 'ssl_certificate', 'ssl_certificate_key', 'ssl_trusted_certificate', 'location', 'geo',
  'slowlog', 'proxy_next_upstream', 'fastcgi_next_upstream', 'http2', '10.1.2.3', '198.51.100.0/24', '172.16.0.0/12', '127.0.0.1',
]);

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, (c) => `\\${c}`);
}

/** The row's setting as a regex capturing the value; `*_` is proxy_ or fastcgi_ for the plan's tier. */
function settingRe(row: Row, a: PlanAnalysis): RegExp {
  const [head, tail] = row.setting.split('(V)') as [string, string];
  const lit = (t: string) => escape(t.replace('*_', `${prefix(a)}_`)).replace('\\\\d\\+', '\\d+');
  return new RegExp(`^\\s*(?:[a-z_]+ [^\\n]*)?${lit(head)}([^\\s;"]+(?: [0-9]+)?)${lit(tail)}`, 'm');
}

const PLANS: [string, PlanInput][] = [
  ...FIXTURE_NAMES.map((n): [string, PlanInput] => [n, fixture(n)]),
  ['fleet of 3, least_conn, limits, front LB', { fleet: { servers: 3, lbMethod: 'least_conn', maxConns: 100 }, edge: { tls: 'front-lb', rateLimitRps: 20, connLimitPerClient: 50, maxUploadMiB: 860 } }],
  ['php fleet + microcache, TLS off', { app: 'phpfpm', fleet: { servers: 2 }, cache: { microcacheEnabled: true, keys: 100_000 }, edge: { tls: 'off' } }],
  ['gevent, 1.30, websocket', { gunicorn: { workerClass: 'gevent', version: '26.1' }, nginx: { version: '1.30' }, edge: { websocket: true }, workload: { staticShare: 0.1 } }],
];

describe('every number in every file is the analysis value it came from', () => {
  for (const [name, input] of PLANS) {
    const plan: Plan = planSchema.parse(input);
    const a = analyzePlan(plan);
    const files = new Map(buildBundle(a, { generatedAt: new Date('2026-03-01T12:00:00Z') }).map((f) => [f.path, f.text]));

    it(`${name}: each table row is written with the analysis value (or not at all)`, () => {
      const wrong: string[] = [];
      for (const row of MEANING) {
        const want = row.field(a);
        const text = files.get(row.file);
        const m = text === undefined ? null : settingRe(row, a).exec(text);
        if (want === null) {
          if (m) wrong.push(`${row.file}: ${row.setting} written (${m[1]}) but the analysis has none`);
        } else if (!m) wrong.push(`${row.file}: ${row.setting} missing (analysis ${want})`);
        else if (m[1] !== String(want)) wrong.push(`${row.file}: ${row.setting} = ${m[1]}, analysis ${want}`);
      }
      expect(wrong).toEqual([]);
    });

    it(`${name}: every numeric nginx directive is in the table or a listed fixed choice`, () => {
      const mapped = new Set(MEANING.filter((r) => r.file === 'nginx.conf').map((r) => r.setting.replace('*_', `${prefix(a)}_`).split(/[ =]/)[0]));
      const strays = (files.get('nginx.conf') ?? '')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '' && !l.startsWith('#') && /\d/.test(l))
        .map((l) => l.split(' ')[0] as string)
        .filter((d) => !mapped.has(d) && !NGINX_FIXED.has(d) && !['zone', 'keepalive', 'limit_req', 'limit_conn', 'open_file_cache'].includes(d));
      expect([...new Set(strays)]).toEqual([]);
    });

    it(`${name}: README tables print each analysis value (parsed back)`, () => {
      const readme = (files.get('README.md') ?? '').split('## DynamoDB tables')[0] as string;
      const w = a.web;
      /** The README section holding a group of values (keys repeat across tiers, e.g. worker_connections). */
      const section = (title: string) => (readme.split('\n### ').find((sec) => sec.startsWith(title)) ?? '');
      // `listen backlog` (nginx's effective backlog) is written nowhere, so the README has no row for it.
      const groups: [string, Explained<unknown>[]][] = [
        ['nginx', Object.values(w.nginx).filter((e) => e.key !== 'listen backlog')],
        ['Gunicorn', w.gunicorn ? Object.values(w.gunicorn) : []],
        ['PHP-FPM', w.phpfpm ? Object.values(w.phpfpm) : []],
        ['Performance', [w.performance.capacityRps, w.performance.sloMaxRps, w.performance.inFlight, w.performance.cpuServers]],
        ['Edge', edgeItems(a)],
      ];
      const wrong: string[] = [];
      for (const [title, e] of groups.flatMap(([t, list]) => list.map((x) => [t, x] as const))) {
        const row = new RegExp(`^\\| \`${escape(e.key)}\` \\| ([^|]+?)(?: \\(pinned\\))? \\|`, 'm').exec(section(title));
        if (!row) {
          wrong.push(`${e.key}: no row`);
          continue;
        }
        const shown = (row[1] as string).replace(e.unit ? ` ${e.unit}` : '', '');
        if (typeof e.value === 'number') {
          // Printed to 2 decimals (none from 100 up): the parsed number is the value at that precision.
          const tol = Math.abs(e.value) >= 100 ? 0.5 : 0.005;
          if (!(Math.abs(Number(shown) - e.value) <= tol)) wrong.push(`${e.key}: README ${shown}, analysis ${e.value}`);
        } else if (shown !== String(e.value)) wrong.push(`${e.key}: README ${shown}, analysis ${String(e.value)}`);
      }
      expect(wrong).toEqual([]);
      const mem = /\| Memory \| (\d+(?:\.\d+)?) of (\d+(?:\.\d+)?) MiB used \((\d+(?:\.\d+)?)%/.exec(readme);
      const printed = (v: number) => (Math.abs(v) >= 100 ? 0.5 : 0.005);
      expect(Math.abs(Number(mem?.[1]) - w.memory.usedMiB.value)).toBeLessThanOrEqual(printed(w.memory.usedMiB.value));
      expect(Number(mem?.[2])).toBe(w.memory.totalMiB);
      expect(Math.abs(Number(mem?.[3]) - w.memory.usedShare * 100)).toBeLessThanOrEqual(printed(w.memory.usedShare * 100));
    });
  }
});

describe('fmtNum (issue 12 item 1)', () => {
  it.each([
    [860, '860'], [100.4, '100'], [1500.2, '1500'], [12.5, '12.5'], [0.004, '0'], [-0.001, '0'], [33.333, '33.33'], [1_000_000, '1000000'], [2650, '2650'],
  ])('%d prints %s', (n, s) => expect(fmtNum(n)).toBe(s));
});
