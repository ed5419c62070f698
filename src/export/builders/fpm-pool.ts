/**
 * The PHP-FPM pool (www.conf). php-fpm refuses to start when the pm.* values break its own checks
 * (DOMAIN.md B.2), and a pinned what-if value can break them; `fpmPmValues` brings such values into
 * range and says so in the file, so the exported pool always passes `php-fpm -t`.
 */
import type { Plan } from '../../plan/schema';
import type { EdgeSettings } from '../../engine/edge';
import type { Explained, FpmSettings, SizingResult } from '../../engine/types';
import { headerLines } from '../header';
import type { IniEntry, IniSection } from '../printers/ini';
import { isMultiServer } from '../fleet-layout';
import { token, UnsafeValueError } from '../safe';
import type { ExportOptions } from '../types';
import { formulaComment } from './explained-comment';

export interface FpmPool {
  header: string[];
  sections: IniSection[];
}

export interface PmValues {
  maxChildren: number;
  minSpare: number;
  maxSpare: number;
  start: number;
  /** What had to change to satisfy php-fpm, one line each. */
  adjustments: string[];
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** pm.* values obeying fpm_conf.c: 1 ≤ min ≤ max ≤ max_children and min ≤ start ≤ max. */
export function fpmPmValues(f: FpmSettings): PmValues {
  const adjustments: string[] = [];
  const maxChildren = Math.max(1, f.maxChildren.value);
  const minSpare = clamp(f.minSpareServers.value, 1, maxChildren);
  const maxSpare = clamp(f.maxSpareServers.value, minSpare, maxChildren);
  const start = clamp(f.startServers.value, minSpare, maxSpare);
  const note = (name: string, from: number, to: number, rule: string) => {
    if (from !== to) adjustments.push(`${name} ${from} -> ${to}: php-fpm requires ${rule}.`);
  };
  note('pm.min_spare_servers', f.minSpareServers.value, minSpare, '1 <= min_spare <= max_children');
  note('pm.max_spare_servers', f.maxSpareServers.value, maxSpare, 'min_spare <= max_spare <= max_children');
  note('pm.start_servers', f.startServers.value, start, 'min_spare <= start_servers <= max_spare');
  return { maxChildren, minSpare, maxSpare, start, adjustments };
}

function requireFpm(result: SizingResult): FpmSettings {
  if (!result.phpfpm) throw new Error('the plan has no PHP-FPM tier (app is gunicorn)');
  return result.phpfpm;
}

/** The php-fpm binary for the plan's PHP version (Debian naming). */
export function fpmBinary(plan: Plan): string {
  return `php-fpm${plan.phpfpm.version}`;
}

/** The pool's section name. `[global]` (any case) is php-fpm's own section, not a pool. */
export function fpmPoolSection(plan: Plan): string {
  const name = token(plan.deploy.fpmPoolName, 'deploy.fpmPoolName');
  if (name.toLowerCase() === 'global') throw new UnsafeValueError('deploy.fpmPoolName', name, "'global' is php-fpm's own section, not a pool");
  return name;
}

/**
 * A placeholder for the nginx host's address in `listen.allowed_clients` (TEST-NET-1, RFC 5737:
 * never a real host, and not one of the app servers' 10.0.0.x placeholders).
 */
export const NGINX_HOST_PLACEHOLDER = '192.0.2.1';

/** The pool's status and ping URLs (nginx.conf routes them, for localhost only). */
export const FPM_STATUS_PATH = '/fpm-status';
export const FPM_PING_PATH = '/fpm-ping';

/** The slowlog: written by the master, next to Debian's php-fpm log (or in the test sandbox). */
export function fpmSlowlogPath(plan: Plan, pool: string, sandboxDir: string | undefined): string {
  return sandboxDir !== undefined ? `${token(sandboxDir, 'sandboxDir')}/${pool}.slow.log` : `/var/log/php${plan.phpfpm.version}-fpm.${pool}.slow.log`;
}

/** Observability and PHP limits of the pool (issue 12): status, ping, slowlog, memory and upload limits. */
function poolEdgeEntries(plan: Plan, poolName: string, php: NonNullable<EdgeSettings['php']>, sandboxDir: string | undefined): IniEntry[] {
  const why = (e: Explained) => [`${e.label}: ${e.formula}.`];
  return [
    { kind: 'blank' },
    { kind: 'entry', key: 'pm.status_path', value: FPM_STATUS_PATH, comment: ['Pool status (?json, ?openmetrics, &full); nginx.conf answers it for localhost only.'] },
    { kind: 'entry', key: 'ping.path', value: FPM_PING_PATH },
    { kind: 'entry', key: 'ping.response', value: 'pong' },
    { kind: 'entry', key: 'slowlog', value: fpmSlowlogPath(plan, poolName, sandboxDir) },
    { kind: 'entry', key: 'request_slowlog_timeout', value: `${php.slowlogTimeoutS.value}s`, comment: why(php.slowlogTimeoutS) },
    { kind: 'blank' },
    { kind: 'entry', key: 'php_admin_value[memory_limit]', value: `${php.memoryLimitMiB.value}M`, comment: why(php.memoryLimitMiB) },
    { kind: 'entry', key: 'php_admin_value[upload_max_filesize]', value: `${php.uploadMaxMiB.value}M`, comment: why(php.uploadMaxMiB) },
    { kind: 'entry', key: 'php_admin_value[post_max_size]', value: `${php.postMaxMiB.value}M`, comment: why(php.postMaxMiB) },
  ];
}

/**
 * One server: the local unix socket nginx's upstream names, readable by the web server's user.
 * Several (a multi-server upstream): TCP on every interface at fpmPort, and only the nginx host may
 * connect (FastCGI has no authentication: anyone who reaches the port runs PHP as the pool user).
 */
function listenEntries(plan: Plan, user: string, group: string): IniEntry[] {
  const dep = plan.deploy;
  if (!isMultiServer(plan)) {
    return [
      { kind: 'entry', key: 'listen', value: token(dep.fpmSocketPath, 'deploy.fpmSocketPath'), comment: ["Unix socket; nginx.conf's upstream points here."] },
      { kind: 'entry', key: 'listen.owner', value: user },
      { kind: 'entry', key: 'listen.group', value: group },
      { kind: 'entry', key: 'listen.mode', value: '0660' },
    ];
  }
  return [
    {
      kind: 'entry',
      key: 'listen',
      value: dep.fpmPort,
      comment: [`TCP port ${dep.fpmPort} on every interface: nginx on another host reaches this server through the upstream in nginx.conf.`],
    },
    {
      kind: 'entry',
      key: 'listen.allowed_clients',
      value: NGINX_HOST_PLACEHOLDER,
      comment: [
        `REPLACE ${NGINX_HOST_PLACEHOLDER} with the nginx host's address (comma-separated for several). FastCGI has no authentication:`,
        `only these addresses may connect, and a firewall should also keep port ${dep.fpmPort} private.`,
      ],
    },
  ];
}

export function buildFpmPool(plan: Plan, result: SizingResult, opts: ExportOptions, php: NonNullable<EdgeSettings['php']>): FpmPool {
  const f = requireFpm(result);
  const dep = plan.deploy;
  const poolName = fpmPoolSection(plan);
  const user = token(dep.user, 'deploy.user');
  const group = token(dep.group, 'deploy.group');
  const pm = f.pm.value;
  const v = fpmPmValues(f);
  const entry = (key: string, value: string | number, comment: string[] = []): IniEntry => ({
    kind: 'entry',
    key,
    value,
    ...(comment.length ? { comment } : {}),
  });

  const entries: IniEntry[] = [
    entry('user', user),
    entry('group', group),
    { kind: 'blank' },
    ...listenEntries(plan, user, group),
    {
      kind: 'comment',
      text: `listen.backlog is left at its default: ${f.listenBacklog.serverDefault} on PHP ${plan.phpfpm.version} (effective ${f.listenBacklog.value}; DOMAIN.md B.3).`,
    },
    { kind: 'blank' },
    entry('pm', pm, [formulaComment(f.pm)]),
    entry('pm.max_children', v.maxChildren, [formulaComment(f.maxChildren)]),
  ];
  if (pm === 'dynamic') {
    for (const a of v.adjustments) entries.push({ kind: 'comment', text: `Adjusted: ${a}` });
    entries.push(
      entry('pm.start_servers', v.start, [formulaComment(f.startServers)]),
      entry('pm.min_spare_servers', v.minSpare, [formulaComment(f.minSpareServers)]),
      entry('pm.max_spare_servers', v.maxSpare, [formulaComment(f.maxSpareServers)]),
    );
  }
  if (pm === 'ondemand') {
    entries.push(entry('pm.process_idle_timeout', `${f.processIdleTimeoutS.value}s`, [formulaComment(f.processIdleTimeoutS)]));
  }
  entries.push(
    entry('pm.max_requests', f.maxRequests.value, [formulaComment(f.maxRequests)]),
    { kind: 'blank' },
    entry('request_terminate_timeout', `${f.requestTerminateTimeoutS.value}s`, [formulaComment(f.requestTerminateTimeoutS)]),
    ...poolEdgeEntries(plan, poolName, php, opts.sandboxDir),
  );

  return {
    header: headerLines(plan, opts, `PHP-FPM pool "${poolName}" for PHP ${plan.phpfpm.version}`),
    sections: [{ name: poolName, entries }],
  };
}
