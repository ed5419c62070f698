/**
 * gunicorn.conf.py. Only names in the target version's KNOWN_SETTINGS are written (gunicorn
 * ignores unknown names silently, DOMAIN.md A.4); `buildGunicornConf` throws if a name slips
 * through, so a typo can never reach a user.
 */
import type { GunicornVersion, Plan, WorkerClass } from '../../plan/schema';
import { PYTHON_KEYWORDS } from '../../plan/schema';
import type { Explained, GunicornSettings, SizingResult } from '../../engine/types';
import { KNOWN_SETTINGS, NATIVE_ASGI_WORKER } from '../gunicorn-known-settings';
import { NGINX_HOST_PLACEHOLDER } from './fpm-pool';
import { headerLines } from '../header';
import type { PyLine, PyValue } from '../printers/python';
import { isMultiServer } from '../fleet-layout';
import { token, UnsafeValueError } from '../safe';
import type { ExportOptions } from '../types';
import { formulaComment } from './explained-comment';

export interface GunicornConf {
  header: string[];
  lines: PyLine[];
}

/** The `worker_class` value for a version: 20.1 and 23.0 have no native ASGI worker (DOMAIN.md A.2). */
export function workerClassValue(wc: WorkerClass, version: GunicornVersion): string {
  if (wc === 'asgi' && !NATIVE_ASGI_WORKER[version]) return 'uvicorn_worker.UvicornWorker';
  return wc;
}


/** The app's `module:callable`, checked as a token and for Python keywords. */
export function appModuleValue(plan: Plan): string {
  const value = token(plan.deploy.appModule, 'deploy.appModule');
  if (value.split(/[.:]/).some((part) => PYTHON_KEYWORDS.has(part))) throw new UnsafeValueError('deploy.appModule', value, 'a Python keyword cannot name a module or callable');
  return value;
}

export function gunicornBind(plan: Plan): string {
  const dep = plan.deploy;
  // Behind a multi-server upstream nginx connects from another host to <address>:appPort over TCP,
  // so neither loopback nor a local socket would be reachable.
  if (isMultiServer(plan)) return `0.0.0.0:${dep.appPort}`;
  return dep.appTransport === 'unix' ? `unix:${token(dep.appSocketPath, 'deploy.appSocketPath')}` : `127.0.0.1:${dep.appPort}`;
}

export function requireGunicorn(result: SizingResult): GunicornSettings {
  if (!result.gunicorn) throw new Error('the plan has no Gunicorn tier (app is php-fpm)');
  return result.gunicorn;
}

export function buildGunicornConf(plan: Plan, result: SizingResult, opts: ExportOptions): GunicornConf {
  const g = requireGunicorn(result);
  const version = plan.gunicorn.version;
  const wc = g.workerClass.value;
  const known = KNOWN_SETTINGS[version];

  const lines: PyLine[] = [];
  const set = (name: string, value: PyValue, comment: string[] = []) => {
    if (!known.has(name)) throw new Error(`gunicorn ${version} has no setting named ${name}`);
    lines.push({ kind: 'setting', name, value, ...(comment.length ? { comment } : {}) });
  };
  const setExplained = (name: string, e: Explained<number> | Explained<boolean>, extra: string[] = []) =>
    set(name, e.value, [formulaComment(e), ...extra]);

  lines.push({ kind: 'comment', text: `Target: gunicorn ${version}. Check: gunicorn --check-config -c gunicorn.conf.py` });
  lines.push({ kind: 'blank' });
  set('wsgi_app', appModuleValue(plan), ['The application, module:callable (the command line may also name it).']);
  set('bind', gunicornBind(plan), [
    isMultiServer(plan)
      ? `All interfaces: nginx balances over several app servers and connects to this one on port ${plan.deploy.appPort}. Firewall the port to the nginx host only.`
      : plan.deploy.appTransport === 'unix'
        ? 'Unix socket shared with nginx (upstream in nginx.conf).'
        : 'Loopback only: nginx is the public face.',
  ]);
  setExplained('backlog', g.backlog, ['The kernel caps the backlog at net.core.somaxconn.']);
  lines.push({ kind: 'blank' });

  const wcComment = [formulaComment(g.workerClass)];
  if (wc === 'asgi' && !NATIVE_ASGI_WORKER[version]) {
    wcComment.push(`gunicorn ${version} has no native ASGI worker: pip install uvicorn-worker (uvicorn.workers is deprecated).`);
  }
  if (wc === 'gevent' && version === '26.1') wcComment.push('gunicorn 26 requires gevent >= 24.10.1.');
  set('worker_class', workerClassValue(wc, version), wcComment);
  setExplained('workers', g.workers);
  if (wc === 'gthread') setExplained('threads', g.threads);
  const uvicorn = wc === 'asgi' && !NATIVE_ASGI_WORKER[version];
  if (uvicorn) {
    // DOMAIN.md G.2: UvicornWorker keeps its own limits; writing worker_connections would claim a cap nobody enforces.
    lines.push({ kind: 'comment', text: `worker_connections is not written: UvicornWorker does not enforce it (the sizing assumed ${g.workerConnections.value} per worker; use uvicorn's limit_concurrency in the app if you need a cap).` });
  } else if (wc !== 'sync') setExplained('worker_connections', g.workerConnections);
  lines.push({ kind: 'blank' });

  setExplained('timeout', g.timeoutS);
  setExplained('graceful_timeout', g.gracefulTimeoutS);
  setExplained('keepalive', g.keepaliveS);
  setExplained('max_requests', g.maxRequests);
  setExplained('max_requests_jitter', g.maxRequestsJitter);
  setExplained('preload_app', g.preload);
  lines.push({ kind: 'blank' });
  set('worker_tmp_dir', '/dev/shm', ['Heartbeat files on tmpfs: avoids worker stalls on a slow disk (gunicorn FAQ, DOMAIN.md A.3).']);
  lines.push({ kind: 'blank' });
  proxyAndLogLines(plan, uvicorn).forEach(([name, value, comment]) => set(name, value, comment));

  return { header: headerLines(plan, opts, 'gunicorn.conf.py'), lines };
}

/**
 * Who may set X-Forwarded-Proto/-For (DOMAIN.md G.2): the nginx host. Local nginx over TCP is
 * 127.0.0.1 (gunicorn's default, written out); over a unix socket gunicorn trusts the peer anyway;
 * a remote nginx (multi-server upstream) gets a placeholder to replace.
 */
export function forwardedAllowIps(plan: Plan): string | null {
  if (isMultiServer(plan)) return NGINX_HOST_PLACEHOLDER;
  return plan.deploy.appTransport === 'unix' ? null : '127.0.0.1';
}

/** The access log to stdout (journald) with the request time in microseconds (%(D)s), and the trusted proxy. */
export const GUNICORN_ACCESS_LOG_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(D)sus';

function proxyAndLogLines(plan: Plan, uvicorn: boolean): [string, PyValue, string[]][] {
  const allow = forwardedAllowIps(plan);
  const lines: [string, PyValue, string[]][] = [
    ['accesslog', '-', ['Access log to stdout (the journal under systemd).']],
    ['access_log_format', GUNICORN_ACCESS_LOG_FORMAT, ['The default fields plus %(D)s: the time in the app, microseconds (compare with nginx\'s urt= to see queueing).']],
  ];
  if (allow !== null) {
    lines.push([
      'forwarded_allow_ips',
      allow,
      [
        allow === NGINX_HOST_PLACEHOLDER
          ? `REPLACE ${NGINX_HOST_PLACEHOLDER} with the nginx host's address: only it may say the client used https (X-Forwarded-Proto).`
          : 'Only the local nginx may say the client used https (X-Forwarded-Proto).',
        ...(uvicorn ? ["UvicornWorker ignores this setting: set uvicorn's forwarded_allow_ips (FORWARDED_ALLOW_IPS) to the same address."] : []),
      ],
    ]);
  }
  return lines;
}

/** Module-level names a conf file assigns (for tests and for the self-check above). */
export function assignedNames(lines: PyLine[]): string[] {
  return lines.flatMap((l) => (l.kind === 'setting' ? [l.name] : []));
}
