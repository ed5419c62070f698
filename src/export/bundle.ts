/**
 * The export bundle: every file for a plan, as text, and the same files as a .zip.
 * Pure: the caller passes the generation time (and the plan link).
 */
import { zipSync, strToU8 } from 'fflate';
import type { Plan } from '../plan/schema';
import type { PlanAnalysis } from '../engine/analysis/types';
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
import { deployReadmeBlocks } from './builders/runbook';
import { deployFiles, forTarget } from './deploy-files';
import { fmtNum, hardwareText, kindDir, otherKindExports, type KindExport } from './fleet-layout';
import { headerLines } from './header';
import { token } from './safe';
import { printHcl } from './printers/hcl';
import { printK6 } from './printers/javascript';
import { printYaml } from './printers/yaml';
import { FPM_INI, printIni, SYSTEMD_INI } from './printers/ini';
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
  const nginx = buildNginxConf(plan, result, opts);
  const files: BundleFile[] = [{ path: 'nginx.conf', format: 'nginx', text: printNginx(nginx.header, nginx.nodes) }];
  let mainUnit = '';
  if (plan.app === 'gunicorn') {
    const conf = buildGunicornConf(plan, result, opts);
    const unit = buildGunicornService(plan, result, opts);
    mainUnit = printIni(SYSTEMD_INI, [], unit.sections);
    files.push(
      { path: 'gunicorn.conf.py', format: 'python', text: printPython(conf.header, conf.lines) },
      { path: 'gunicorn.service', format: 'systemd', text: printIni(SYSTEMD_INI, unit.header, unit.sections) },
    );
  } else {
    const pool = buildFpmPool(plan, result, opts);
    files.push({ path: 'www.conf', format: 'php-fpm-ini', text: printIni(FPM_INI, pool.header, pool.sections) });
  }
  const kinds = otherKindExports(analysis).map((k) => ({ ...k, files: kindAppFiles(k, opts, mainUnit) }));
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
  files.push({ path: 'loadtest.js', format: 'javascript', text: printK6(buildLoadTest(plan, result, opts)) });
  files.push(...deployFiles(analysis, opts));
  files.push({ path: 'README.md', format: 'markdown', text: printMarkdown(buildReadme(plan, result, opts, dynamo && tables.length > 0 ? { result: dynamo, tables } : null, kinds)) });
  const readme = files[files.length - 1];
  if (readme) readme.text += `\n${printMarkdown(deployReadmeBlocks(analysis))}`;
  return forTarget(analysis, files);
}

/**
 * The app config of another server kind, under `kinds/<name>/`: the same builders on that kind's
 * own plan and sizing. Its gunicorn.service only when it differs from the main one (LimitNOFILE
 * follows worker_connections, TimeoutStopSec the graceful timeout).
 */
function kindAppFiles(k: KindExport, opts: ExportOptions, mainUnit: string): BundleFile[] {
  const dir = kindDir(k.group.name);
  const header = (h: string[]) => {
    const [first = '', ...rest] = h;
    return [first, kindHeaderLine(k), ...rest];
  };
  if (k.plan.app === 'gunicorn') {
    const conf = buildGunicornConf(k.plan, k.result, opts);
    const unit = buildGunicornService(k.plan, k.result, opts);
    const files: BundleFile[] = [{ path: `${dir}/gunicorn.conf.py`, format: 'python', text: printPython(header(conf.header), conf.lines) }];
    if (printIni(SYSTEMD_INI, [], unit.sections) !== mainUnit) {
      files.push({ path: `${dir}/gunicorn.service`, format: 'systemd', text: printIni(SYSTEMD_INI, header(unit.header), unit.sections) });
    }
    return files;
  }
  const pool = buildFpmPool(k.plan, k.result, opts);
  return [{ path: `${dir}/www.conf`, format: 'php-fpm-ini', text: printIni(FPM_INI, header(pool.header), pool.sections) }];
}

function kindHeaderLine(k: KindExport): string {
  const g = k.group;
  return (
    `For the ${g.spec.servers} "${g.name}" server${g.spec.servers === 1 ? '' : 's'} only (${hardwareText(g.spec.hardware)}, nginx weight ${g.weights[0] ?? 1}): ` +
    `sized for that hardware at ${fmtNum(Math.round(k.share * 10_000) / 100)}% of the requests per server, with the recommended settings (pins apply to the main servers).`
  );
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
