/**
 * The export bundle: every file for a plan, as text, and the same files as a .zip.
 * Pure: the caller passes the generation time (and the plan link).
 */
import { zipSync, strToU8 } from 'fflate';
import type { Plan } from '../plan/schema';
import type { SizingResult } from '../engine/types';
import { buildFpmPool } from './builders/fpm-pool';
import { buildGunicornConf } from './builders/gunicorn-conf';
import { buildGunicornService } from './builders/gunicorn-service';
import { buildNginxConf } from './builders/nginx-conf';
import { buildReadme } from './builders/readme';
import { FPM_INI, printIni, SYSTEMD_INI } from './printers/ini';
import { printMarkdown } from './printers/markdown';
import { printNginx } from './printers/nginx';
import { printPython } from './printers/python';
import type { BundleFile, ExportOptions } from './types';

export type { BundleFile, ExportOptions } from './types';

export function buildBundle(plan: Plan, result: SizingResult, opts: ExportOptions): BundleFile[] {
  if (result.app !== plan.app) throw new Error(`the result is for ${result.app} but the plan is for ${plan.app}`);
  const nginx = buildNginxConf(plan, result, opts);
  const files: BundleFile[] = [{ path: 'nginx.conf', format: 'nginx', text: printNginx(nginx.header, nginx.nodes) }];
  if (plan.app === 'gunicorn') {
    const conf = buildGunicornConf(plan, result, opts);
    const unit = buildGunicornService(plan, result, opts);
    files.push(
      { path: 'gunicorn.conf.py', format: 'python', text: printPython(conf.header, conf.lines) },
      { path: 'gunicorn.service', format: 'systemd', text: printIni(SYSTEMD_INI, unit.header, unit.sections) },
    );
  } else {
    const pool = buildFpmPool(plan, result, opts);
    files.push({ path: 'www.conf', format: 'php-fpm-ini', text: printIni(FPM_INI, pool.header, pool.sections) });
  }
  files.push({ path: 'README.md', format: 'markdown', text: printMarkdown(buildReadme(plan, result, opts)) });
  return files;
}

/** The zip's name: `headroom-<plan name>.zip`, reduced to safe file-name characters. */
export function bundleFileName(plan: Plan): string {
  const slug = plan.name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
    .slice(0, 60);
  return `headroom-${slug || 'plan'}.zip`;
}

/** All files in one .zip (deflate), stamped with the generation time so the same input gives the same bytes. */
export function zipBundle(files: BundleFile[], generatedAt: Date): Uint8Array {
  // Zip timestamps start in 1980; clamp so an odd clock cannot make fflate throw.
  // eslint-disable-next-line no-restricted-syntax -- a Date built from a given instant, not a clock read
  const mtime = new Date(Math.max(generatedAt.getTime(), Date.UTC(1980, 0, 2)));
  const entries: Record<string, [Uint8Array, { mtime: Date }]> = {};
  for (const f of files) entries[f.path] = [strToU8(f.text), { mtime }];
  return zipSync(entries, { level: 6 });
}
