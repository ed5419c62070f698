/**
 * gunicorn.service: the systemd unit that runs Gunicorn with the exported gunicorn.conf.py.
 * Graceful reload is `systemctl reload` → HUP to the master (new workers, then old ones drain);
 * LimitNOFILE covers every worker's connections.
 */
import type { Plan } from '../../plan/schema';
import type { SizingResult } from '../../engine/types';
import { headerLines } from '../header';
import type { IniSection } from '../printers/ini';
import { token } from '../safe';
import type { ExportOptions } from '../types';
import { appModuleValue, requireGunicorn } from './gunicorn-conf';

export interface GunicornService {
  header: string[];
  sections: IniSection[];
}

/** Per-process open files: each connection is a descriptor, plus sockets, logs and imports. */
export function gunicornNofile(plan: Plan, result: SizingResult): { value: number; formula: string } {
  const g = requireGunicorn(result);
  const perWorker = g.workerClass.value === 'sync' ? 1 : g.workerConnections.value;
  const need = 2 * perWorker + 1024;
  const value = Math.max(plan.system.nofileSoftLimit, Math.ceil(need / 1024) * 1024);
  return { value, formula: 'max(system soft limit, 2 x connections per worker + 1024, rounded up to 1024)' };
}

/** Debian's packaged gunicorn for 20.1; a virtualenv in the app directory for the pip releases. */
export function gunicornExecutable(plan: Plan): string {
  return plan.gunicorn.version === '20.1' ? '/usr/bin/gunicorn' : `${token(plan.deploy.appDir, 'deploy.appDir')}/.venv/bin/gunicorn`;
}

export function buildGunicornService(plan: Plan, result: SizingResult, opts: ExportOptions): GunicornService {
  const g = requireGunicorn(result);
  const dep = plan.deploy;
  const appDir = token(dep.appDir, 'deploy.appDir');
  const nofile = gunicornNofile(plan, result);
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
          { kind: 'entry', key: 'TimeoutStopSec', value: g.gracefulTimeoutS.value + 5 },
          { kind: 'entry', key: 'LimitNOFILE', value: nofile.value, comment: [`Open files per process: ${nofile.formula}.`] },
          { kind: 'entry', key: 'Restart', value: 'on-failure' },
          { kind: 'entry', key: 'PrivateTmp', value: 'true' },
        ],
      },
      { name: 'Install', entries: [{ kind: 'entry', key: 'WantedBy', value: 'multi-user.target' }] },
    ],
  };
}
