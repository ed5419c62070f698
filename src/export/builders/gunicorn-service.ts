/**
 * gunicorn.service: the systemd unit that runs Gunicorn with the exported gunicorn.conf.py.
 * Graceful reload is `systemctl reload` → HUP to the master (new workers, then old ones drain);
 * LimitNOFILE covers every worker's connections.
 */
import type { Plan } from '../../plan/schema';
import type { GunicornUnitLimits } from '../../engine/edge';
import type { SizingResult } from '../../engine/types';
import { headerLines } from '../header';
import type { IniEntry, IniSection } from '../printers/ini';
import { token } from '../safe';
import type { ExportOptions } from '../types';
import { appModuleValue, requireGunicorn } from './gunicorn-conf';

export interface GunicornService {
  header: string[];
  sections: IniSection[];
}

/** Debian's packaged gunicorn for 20.1; a virtualenv in the app directory for the pip releases. */
export function gunicornExecutable(plan: Plan): string {
  return plan.gunicorn.version === '20.1' ? '/usr/bin/gunicorn' : `${token(plan.deploy.appDir, 'deploy.appDir')}/.venv/bin/gunicorn`;
}

/** Sandboxing (DOMAIN.md G.4): `systemd-analyze security` rates the unit OK (exposure below 5); the tests check it. */
function hardeningEntries(plan: Plan, limits: GunicornUnitLimits, runtimeDir: string | null): IniEntry[] {
  const dep = plan.deploy;
  const appDir = token(dep.appDir, 'deploy.appDir');
  // A unix socket outside a RuntimeDirectory (/run/<name>/) needs its directory writable.
  const socketDir = dep.appTransport === 'unix' && runtimeDir === null ? token(dep.appSocketPath, 'deploy.appSocketPath').replace(/\/[^/]*$/, '') || '/' : null;
  const writable = [`-${appDir}/var`, ...(socketDir ? [socketDir] : [])];
  const home = /^\/(?:home|root)(?:\/|$)/.test(appDir);
  const e = (key: string, value: string | number, comment?: string[]): IniEntry => ({ kind: 'entry', key, value, ...(comment ? { comment } : {}) });
  return [
    { kind: 'blank' },
    { kind: 'comment', text: 'Secrets and settings for the app (DJANGO_SECRET_KEY, database URLs ...); "-": the file may be absent.' },
    e('EnvironmentFile', `-/etc/default/gunicorn`),
    e('MemoryHigh', `${limits.memoryHighMiB.value}M`, [`${limits.memoryHighMiB.label}: ${limits.memoryHighMiB.formula}.`]),
    e('MemoryMax', `${limits.memoryMaxMiB.value}M`, [`${limits.memoryMaxMiB.label}: ${limits.memoryMaxMiB.formula}.`]),
    { kind: 'blank' },
    { kind: 'comment', text: 'Sandbox: the app reads its code, writes only its own directories, and reaches the network over IPv4/IPv6 and unix sockets.' },
    e('NoNewPrivileges', 'true'),
    e('ProtectSystem', 'strict'),
    e('ReadWritePaths', writable.join(' '), [
      `Writable: ${appDir}/var for uploads and caches ("-": ignored until you create it)${socketDir ? ` and the socket's directory ${socketDir}` : ''}.`,
      'ProtectSystem=strict makes everything else read-only; /dev/shm (worker_tmp_dir) and the RuntimeDirectory stay writable.',
    ]),
    e('ProtectHome', home ? 'read-only' : 'true', home ? ['read-only, not hidden: the app directory is under /home or /root.'] : undefined),
    e('PrivateTmp', 'true'),
    e('PrivateDevices', 'true'),
    e('ProtectClock', 'true'),
    e('ProtectHostname', 'true'),
    e('ProtectKernelTunables', 'true'),
    e('ProtectKernelModules', 'true'),
    e('ProtectKernelLogs', 'true'),
    e('ProtectControlGroups', 'true'),
    e('ProtectProc', 'invisible'),
    e('ProcSubset', 'pid'),
    e('RestrictAddressFamilies', 'AF_UNIX AF_INET AF_INET6'),
    e('RestrictNamespaces', 'true'),
    e('RestrictRealtime', 'true'),
    e('RestrictSUIDSGID', 'true'),
    e('LockPersonality', 'true'),
    e('RemoveIPC', 'true'),
    e('UMask', '0027'),
    e('CapabilityBoundingSet', '', ['No capabilities: the app port is above 1024.']),
    e('AmbientCapabilities', ''),
    e('SystemCallArchitectures', 'native'),
    e('SystemCallFilter', '@system-service'),
    e('SystemCallErrorNumber', 'EPERM'),
    e('DevicePolicy', 'closed'),
    e('KeyringMode', 'private'),
  ];
}

export function buildGunicornService(plan: Plan, result: SizingResult, opts: ExportOptions, unitLimits: GunicornUnitLimits): GunicornService {
  requireGunicorn(result);
  const dep = plan.deploy;
  const appDir = token(dep.appDir, 'deploy.appDir');
  const socketDir = dep.appTransport === 'unix' ? /^\/run\/([A-Za-z0-9._-]+)\/[^/]+$/.exec(token(dep.appSocketPath, 'deploy.appSocketPath')) : null;

  return {
    header: headerLines(plan, opts, 'gunicorn.service'),
    sections: [
      {
        name: 'Unit',
        entries: [
          { kind: 'entry', key: 'Description', value: `Gunicorn serving ${appModuleValue(plan)}` },
          { kind: 'entry', key: 'After', value: 'network.target' },
        ],
      },
      {
        name: 'Service',
        entries: [
          { kind: 'entry', key: 'Type', value: 'notify', comment: ['Gunicorn tells systemd when it is ready (sd_notify).'] },
          { kind: 'entry', key: 'NotifyAccess', value: 'main' },
          { kind: 'entry', key: 'User', value: token(dep.user, 'deploy.user') },
          { kind: 'entry', key: 'Group', value: token(dep.group, 'deploy.group') },
          ...(socketDir
            ? [{ kind: 'entry' as const, key: 'RuntimeDirectory', value: socketDir[1] as string, comment: ['Creates the socket directory under /run for the service user.'] }]
            : []),
          { kind: 'entry', key: 'WorkingDirectory', value: appDir },
          { kind: 'entry', key: 'ExecStart', value: `${gunicornExecutable(plan)} --config ${appDir}/gunicorn.conf.py` },
          { kind: 'entry', key: 'ExecReload', value: '/bin/kill -s HUP $MAINPID', comment: ['Graceful reload: HUP starts new workers and lets the old ones finish.'] },
          { kind: 'entry', key: 'KillMode', value: 'mixed', comment: ['Stop: TERM to the master, which drains workers for graceful_timeout.'] },
          { kind: 'entry', key: 'TimeoutStopSec', value: unitLimits.timeoutStopS.value, comment: [`${unitLimits.timeoutStopS.label}: ${unitLimits.timeoutStopS.formula}.`] },
          { kind: 'entry', key: 'LimitNOFILE', value: unitLimits.limitNofile.value, comment: [`Open files per process: ${unitLimits.limitNofile.formula}.`] },
          { kind: 'entry', key: 'Restart', value: 'on-failure' },
          ...hardeningEntries(plan, unitLimits, socketDir?.[1] ?? null),
        ],
      },
      { name: 'Install', entries: [{ kind: 'entry', key: 'WantedBy', value: 'multi-user.target' }] },
    ],
  };
}
