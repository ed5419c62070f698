/**
 * The files around the servers (issue 12): kernel limits (sysctl.d), nginx.service's open-file
 * limit (a drop-in) and PHP's opcache ini. Each value comes from `analysis.edge`.
 */
import type { EdgeSettings } from '../../engine/edge';
import type { Explained } from '../../engine/types';
import type { Plan } from '../../plan/schema';
import { headerLines } from '../header';
import type { IniEntry, IniSection } from '../printers/ini';
import type { ExportOptions } from '../types';

export const SYSCTL_FILE = 'sysctl-headroom.conf';
export const SYSCTL_TARGET = '/etc/sysctl.d/60-headroom.conf';
export const NGINX_OVERRIDE_FILE = 'nginx.service.override.conf';
export const NGINX_OVERRIDE_TARGET = '/etc/systemd/system/nginx.service.d/override.conf';
export const OPCACHE_FILE = 'opcache.ini';
export const opcacheTarget = (plan: Plan) => `/etc/php/${plan.phpfpm.version}/fpm/conf.d/90-headroom-opcache.ini`;

export interface IniFile {
  header: string[];
  sections: IniSection[];
}

const explained = (key: string, e: Explained<number | string>, unit = ''): IniEntry => ({
  kind: 'entry',
  key,
  value: `${e.value}${unit}`,
  comment: [`${e.label}: ${e.formula}.`],
});

export function buildSysctl(plan: Plan, edge: EdgeSettings, opts: ExportOptions): IniFile {
  return {
    header: [...headerLines(plan, opts, SYSCTL_FILE), `Install as ${SYSCTL_TARGET}, then: sudo sysctl --system`],
    sections: [{ name: '', entries: [explained('net.core.somaxconn', edge.somaxconn), explained('net.ipv4.tcp_max_syn_backlog', edge.tcpMaxSynBacklog), explained('net.ipv4.ip_local_port_range', edge.ipLocalPortRange)] }],
  };
}

export function buildNginxOverride(plan: Plan, edge: EdgeSettings, opts: ExportOptions): IniFile {
  return {
    header: [...headerLines(plan, opts, NGINX_OVERRIDE_FILE), `Install as ${NGINX_OVERRIDE_TARGET}, then: sudo systemctl daemon-reload && sudo systemctl restart nginx`],
    sections: [{ name: 'Service', entries: [explained('LimitNOFILE', edge.nginxLimitNofile)] }],
  };
}

/**
 * OPcache for production: the size the memory budget counts, no timestamp checks (a deploy
 * reloads PHP-FPM, as README's "Validate and apply" does), JIT left off.
 */
export function buildOpcacheIni(plan: Plan, php: NonNullable<EdgeSettings['php']>, opts: ExportOptions): IniFile {
  return {
    header: [...headerLines(plan, opts, `${OPCACHE_FILE} (PHP ${plan.phpfpm.version})`), `Install as ${opcacheTarget(plan)}, then reload PHP-FPM.`],
    sections: [
      {
        name: 'opcache',
        entries: [
          { kind: 'entry', key: 'opcache.enable', value: 1 },
          { kind: 'entry', key: 'opcache.enable_cli', value: 0 },
          explained('opcache.memory_consumption', php.opcacheMemoryMiB),
          explained('opcache.interned_strings_buffer', php.opcacheInternedStringsMiB),
          explained('opcache.max_accelerated_files', php.opcacheMaxFiles),
          { kind: 'entry', key: 'opcache.validate_timestamps', value: 0, comment: ['Scripts are not re-checked on disk: reload PHP-FPM after each deploy (systemctl reload).'] },
          { kind: 'entry', key: 'opcache.save_comments', value: 1, comment: ['Annotations (Doctrine, PHPUnit) live in doc comments.'] },
        ],
      },
    ],
  };
}
