/**
 * The export bundle: every file for a plan, as text, and the same files as a .zip.
 * Pure: the caller passes the generation time (and the plan link).
 */
import { zipSync, strToU8 } from 'fflate';
import type { Plan } from '../plan/schema';
import type { PlanAnalysis } from '../engine/analysis/types';
import { gunicornUnitLimits } from '../engine/edge';
import { buildFpmPool } from './builders/fpm-pool';
import { buildGunicornConf } from './builders/gunicorn-conf';
import { buildGunicornService } from './builders/gunicorn-service';
import { buildNginxConf } from './builders/nginx-conf';
import { buildReadme } from './builders/readme';
import {
  buildDynamoTables,
  cloudFormationDoc,
  createTableFileName,
  createTableInput,
  DYNAMODB_CFN,
  DYNAMODB_TF,
  KEY_NOTE,
  terraformDoc,
} from './builders/dynamodb';
import { buildLoadTest } from './builders/loadtest';
import { buildNginxOverride, buildOpcacheIni, buildSysctl, NGINX_OVERRIDE_FILE, OPCACHE_FILE, SYSCTL_FILE } from './builders/host-files';
import { deployReadmeBlocks } from './builders/runbook';
import { deployFiles, forTarget } from './deploy-files';
import { fmtNum, hardwareText, kindDir, otherKindExports, type KindExport } from './fleet-layout';
import { headerLines } from './header';
import { token } from './safe';
import { printHcl } from './printers/hcl';
import { printK6 } from './printers/javascript';
import { printYaml } from './printers/yaml';
import { FPM_INI, printIni, SYSCTL_INI, SYSTEMD_INI } from './printers/ini';
import { printMarkdown } from './printers/markdown';
import { printNginx } from './printers/nginx';
import { printPython } from './printers/python';
import type { BundleFile, ExportOptions } from './types';

export type { BundleFile, ExportOptions } from './types';
export { DYNAMODB_CFN, DYNAMODB_TF } from './builders/dynamodb';

/**
 * Every file for the plan, from its analysis: the builders format what the analysis computed
 * (one server's settings, each server kind's, the DynamoDB units) and never size anything again.
 */
export function buildBundle(analysis: PlanAnalysis, opts: ExportOptions): BundleFile[] {
  const { plan, web: result } = analysis;
  const nginx = buildNginxConf(plan, result, opts, analysis.edge, analysis.cluster.cache);
  const files: BundleFile[] = [{ path: 'nginx.conf', format: 'nginx', text: printNginx(nginx.header, nginx.nodes) }];
  let mainUnit = '';
  if (plan.app === 'gunicorn') {
    const conf = buildGunicornConf(plan, result, opts);
    const unit = buildGunicornService(plan, result, opts, requireUnitLimits(analysis));
    mainUnit = printIni(SYSTEMD_INI, [], unit.sections);
    files.push(
      { path: 'gunicorn.conf.py', format: 'python', text: printPython(conf.header, conf.lines) },
      { path: 'gunicorn.service', format: 'systemd', text: printIni(SYSTEMD_INI, unit.header, unit.sections) },
    );
  } else {
    const pool = buildFpmPool(plan, result, opts, requirePhpEdge(analysis));
    files.push({ path: 'www.conf', format: 'php-fpm-ini', text: printIni(FPM_INI, pool.header, pool.sections) });
  }
  const kinds = otherKindExports(analysis).map((k) => ({ ...k, files: kindAppFiles(analysis, k, opts, mainUnit) }));
  files.push(...kinds.flatMap((k) => k.files));
  const dynamo = analysis.dynamodb?.units ?? null;
  const tables = dynamo ? buildDynamoTables(plan.dynamodb, dynamo) : [];
  if (tables.length > 0) {
    const region = token(plan.dynamodb.region, 'dynamodb.region');
    const check = (what: string, cmd: string) => [...headerLines(plan, opts, what), ...KEY_NOTE, `Check: ${cmd}`];
    files.push(
      {
        path: DYNAMODB_CFN,
        format: 'yaml',
        text: printYaml(check(`${DYNAMODB_CFN} (CloudFormation)`, `cfn-lint ${DYNAMODB_CFN}`), cloudFormationDoc(tables, region)),
      },
      {
        path: DYNAMODB_TF,
        format: 'hcl',
        text: printHcl(check(`${DYNAMODB_TF} (Terraform)`, 'terraform fmt -check && terraform init && terraform validate'), terraformDoc(tables, region)),
      },
      // JSON has no comments and `--cli-input-json` refuses unknown keys: README.md carries the header.
      ...tables.map((t) => ({ path: createTableFileName(t), format: 'json' as const, text: `${JSON.stringify(createTableInput(t), null, 2)}\n` })),
    );
  }
  files.push(...hostFiles(analysis, opts));
  files.push({ path: 'loadtest.js', format: 'javascript', text: printK6(buildLoadTest(analysis, opts)) });
  files.push(...deployFiles(analysis, opts));
  files.push({ path: 'README.md', format: 'markdown', text: printMarkdown(buildReadme(analysis, opts, dynamo && tables.length > 0 ? { result: dynamo, tables } : null, kinds)) });
  const readme = files[files.length - 1];
  if (readme) readme.text += `\n${printMarkdown(deployReadmeBlocks(analysis))}`;
  return forTarget(analysis, files);
}
/** Kernel limits, nginx.service's open-file limit and, for PHP, the opcache ini (issue 12). */
function hostFiles(analysis: PlanAnalysis, opts: ExportOptions): BundleFile[] {
  const { plan, edge } = analysis;
  const sysctl = buildSysctl(plan, edge, opts);
  const unit = buildNginxOverride(plan, edge, opts);
  const files: BundleFile[] = [
    { path: SYSCTL_FILE, format: 'sysctl', text: printIni(SYSCTL_INI, sysctl.header, sysctl.sections) },
    { path: NGINX_OVERRIDE_FILE, format: 'systemd', text: printIni(SYSTEMD_INI, unit.header, unit.sections) },
  ];
  if (edge.php) {
    const ini = buildOpcacheIni(plan, edge.php, opts);
    files.push({ path: OPCACHE_FILE, format: 'php-fpm-ini', text: printIni(FPM_INI, ini.header, ini.sections) });
  }
  return files;
}

/**
 * The app config of another server kind, under `kinds/<name>/`: the same builders on that kind's
 * own plan and sizing. Its gunicorn.service only when it differs from the main one (LimitNOFILE
 * follows worker_connections, TimeoutStopSec the graceful timeout).
 */
function kindAppFiles(analysis: PlanAnalysis, k: KindExport, opts: ExportOptions, mainUnit: string): BundleFile[] {
  const dir = kindDir(k.group.name);
  const header = (h: string[]) => {
    const [first = '', ...rest] = h;
    return [first, kindHeaderLine(k), ...rest];
  };
  if (k.plan.app === 'gunicorn') {
    const conf = buildGunicornConf(k.plan, k.result, opts);
    // The kind's own limits: its worker_connections and memory budget (engine, DOMAIN.md G.4).
    const unit = buildGunicornService(k.plan, k.result, opts, gunicornUnitLimits(k.plan, k.result));
    const files: BundleFile[] = [{ path: `${dir}/gunicorn.conf.py`, format: 'python', text: printPython(header(conf.header), conf.lines) }];
    if (printIni(SYSTEMD_INI, [], unit.sections) !== mainUnit) {
      files.push({ path: `${dir}/gunicorn.service`, format: 'systemd', text: printIni(SYSTEMD_INI, header(unit.header), unit.sections) });
    }
    return files;
  }
  // The PHP limits come from plan inputs every kind shares (upload size, per-child memory, SLO).
  const pool = buildFpmPool(k.plan, k.result, opts, requirePhpEdge(analysis));
  return [{ path: `${dir}/www.conf`, format: 'php-fpm-ini', text: printIni(FPM_INI, header(pool.header), pool.sections) }];
}

function requireUnitLimits(analysis: PlanAnalysis) {
  if (!analysis.edge.gunicornUnit) throw new Error('the plan has no Gunicorn tier');
  return analysis.edge.gunicornUnit;
}

function requirePhpEdge(analysis: PlanAnalysis) {
  if (!analysis.edge.php) throw new Error('the plan has no PHP-FPM tier');
  return analysis.edge.php;
}

function kindHeaderLine(k: KindExport): string {
  const g = k.group;
  return (
    `For the ${g.spec.servers} "${g.name}" server${g.spec.servers === 1 ? '' : 's'} only (${hardwareText(g.spec.hardware)}, nginx weight ${g.weights[0] ?? 1}): ` +
    `sized for that hardware at ${fmtNum(Math.round(k.share * 10_000) / 100)}% of the requests per server, with the recommended settings (pins apply to the main servers).`
  );
}

/** The bundle, or why it cannot be built (an unsafe value such as a name that cannot be written into a config file). */
export type BuiltBundle = { ok: true; files: BundleFile[] } | { ok: false; error: string };

export function tryBuildBundle(analysis: PlanAnalysis, opts: ExportOptions): BuiltBundle {
  try {
    return { ok: true, files: buildBundle(analysis, opts) };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
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
