/**
 * README.md inside the bundle: the plan in brief, why each number, how to install and validate
 * each file, and how to load-test the planned rate.
 */
import type { PlanAnalysis } from '../../engine/analysis/types';
import type { Plan } from '../../plan/schema';
import type { Explained, InputValue, SizingResult } from '../../engine/types';
import { formatGeneratedAt } from '../header';
import type { MdBlock } from '../printers/markdown';
import { commentText, safeUrl, token } from '../safe';
import type { ExportOptions } from '../types';
import { PHP_ASSET_RE, STATIC_EXPIRES } from './nginx-conf';
import { measuredBlocks } from './readme-measured';
import { K6_DURATION, loadPlan, type LoadPlan, type ScopeRates } from './loadtest';
import { NGINX_OVERRIDE_FILE, NGINX_OVERRIDE_TARGET, OPCACHE_FILE, opcacheTarget, SYSCTL_FILE, SYSCTL_TARGET } from './host-files';
import { HEALTHZ_PATH, STUB_STATUS_PATH } from './nginx-edge';
import { FPM_PING_PATH, FPM_STATUS_PATH } from './fpm-pool';
import { gunicornExecutable } from './gunicorn-service';
import { fpmBinary, fpmPmValues } from './fpm-pool';
import type { DynamoUnitsResult } from '../../engine/dynamodb/types';
import { fmtNum, hardwareText, isMultiServer, kindDir, kindShares, placeholderRange, upstreamGroups, type KindExport } from '../fleet-layout';
import {
  createTableFileName,
  DYNAMODB_CFN,
  DYNAMODB_TF,
  KEY_NOTE,
  PREDEFINED_METRIC,
  policyName,
  resourceId,
  SCALABLE_DIMENSION,
  scalingTargets,
  type DdbTableDef,
} from './dynamodb';

/** The DynamoDB part of the bundle, when the plan has enabled tables. */
export interface ReadmeDynamo {
  result: DynamoUnitsResult;
  tables: DdbTableDef[];
}

/** Shell-quote a word (single quotes; table names are tokens, this is defence in depth). */
const sq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function dynamoBlocks(d: ReadmeDynamo): MdBlock[] {
  const blocks: MdBlock[] = [
    { kind: 'h', level: 2, text: 'DynamoDB tables' },
    {
      kind: 'p',
      text:
        `The same tables three ways: \`${DYNAMODB_CFN}\` (CloudFormation: tables, GSIs, auto scaling targets and target-tracking policies), ` +
        `\`${DYNAMODB_TF}\` (Terraform: aws_dynamodb_table, aws_appautoscaling_target and aws_appautoscaling_policy) and one ` +
        '`create-table.<table>.json` per table for `aws dynamodb create-table --cli-input-json` (JSON has no comments, so this README is its header; auto scaling for the CLI route is the `application-autoscaling` commands below). Pick one route.',
    },
    { kind: 'p', text: `**${KEY_NOTE.join(' ')}** Each index is written with the projection it was sized with (the plan's GSI projection): ALL is sized from the whole item, KEYS_ONLY and INCLUDE from the planned index entry size.` },
    { kind: 'list', items: d.tables.flatMap((t) => t.notes) },
  ];
  for (const t of d.tables) {
    const r = d.result.tables[t.n - 1];
    if (!r) continue;
    blocks.push(
      { kind: 'h', level: 3, text: `Table ${t.name}` },
      {
        kind: 'table',
        head: WHY_HEAD,
        rows: explainedRows(
          t.billingMode === 'PROVISIONED'
            ? [r.peakRcu, r.peakWcu, r.provisionedPeakRcu, r.provisionedPeakWcu, r.provisionedAvgRcu, r.provisionedAvgWcu, ...r.gsis.flatMap((g) => [g.peakWcu, g.provisionedPeakWcu]), r.partitions]
            : [r.peakRcu, r.peakWcu, ...r.gsis.map((g) => g.peakWcu), r.partitions],
        ),
      },
    );
    if (t.stream && r.stream) {
      const s = r.stream;
      blocks.push(
        {
          kind: 'p',
          text:
            `**Stream** (${t.stream.viewType}) with a Lambda consumer: an \`AWS::Lambda::EventSourceMapping\` / \`aws_lambda_event_source_mapping\` with the planned settings and an IteratorAge alarm. ` +
            'The function name and the on-failure destination are parameters (CloudFormation) / variables (Terraform): give your own. ' +
            t.stream.notes.join(' '),
        },
        {
          kind: 'table',
          head: WHY_HEAD,
          rows: explainedRows([s.shards, s.hottestShardPerSec, s.effectiveBatchSize, s.fullBatchMs, s.shardCeilingPerSec, s.concurrency, s.maxIteratorAgeS, s.alarmIteratorAgeMs]),
        },
      );
    }
  }
  const cli: string[] = [];
  for (const t of d.tables) {
    cli.push(`aws dynamodb create-table --cli-input-json file://${createTableFileName(t)}`, `aws dynamodb wait table-exists --table-name ${sq(t.name)}`);
    for (const st of scalingTargets(t)) {
      const dim = SCALABLE_DIMENSION[st.index ? 'index' : 'table'][st.scaling.dimension];
      const rid = sq(resourceId(t.name, st.index?.name ?? null));
      cli.push(
        `aws application-autoscaling register-scalable-target --service-namespace dynamodb --resource-id ${rid} --scalable-dimension ${dim} --min-capacity ${st.scaling.min} --max-capacity ${st.scaling.max}`,
        `aws application-autoscaling put-scaling-policy --service-namespace dynamodb --resource-id ${rid} --scalable-dimension ${dim} --policy-name ${sq(policyName(t.name, st.index?.name ?? null, st.scaling.dimension))} --policy-type TargetTrackingScaling ` +
          `--target-tracking-scaling-policy-configuration '{"TargetValue":${st.scaling.targetPct},"PredefinedMetricSpecification":{"PredefinedMetricType":"${PREDEFINED_METRIC[st.scaling.dimension]}"}}'`,
      );
    }
  }
  blocks.push(
    { kind: 'h', level: 3, text: 'Validate and create' },
    {
      kind: 'p',
      text: 'The Headroom tests send every create-table JSON to a DynamoDB-compatible local server (dynalite) through the AWS SDK and, where installed, lint the template with cfn-lint and the Terraform file with `terraform fmt -check`. Try the CLI input against DynamoDB Local first with `--endpoint-url http://localhost:8000`.',
    },
    {
      kind: 'code',
      lang: 'sh',
      text: [
        `cfn-lint ${DYNAMODB_CFN}`,
        `aws cloudformation deploy --template-file ${DYNAMODB_CFN} --stack-name headroom-dynamodb`,
        '# or',
        'terraform fmt -check && terraform init && terraform validate && terraform plan',
        '# or, with the AWS CLI:',
        ...cli,
      ].join('\n'),
    },
  );
  return blocks;
}

export { fmtNum };

function fmtValue(e: Explained<unknown>): string {
  const v = typeof e.value === 'number' ? fmtNum(e.value) : String(e.value);
  return e.unit ? `${v} ${e.unit}` : v;
}

function fmtInputs(inputs: Record<string, InputValue>): string {
  const parts = Object.entries(inputs).map(([k, v]) => `${k} = ${typeof v === 'number' ? fmtNum(v) : String(v)}`);
  return parts.length ? parts.join(', ') : '-';
}

export function explainedRows(items: Explained<unknown>[]): string[][] {
  return items.map((e) => [
    `\`${e.key}\``,
    `${fmtValue(e)}${e.pinned ? ' (pinned)' : ''}`,
    e.formula,
    fmtInputs(e.inputs),
    e.why,
  ]);
}

export const WHY_HEAD = ['Setting', 'Value', 'Formula', 'Inputs', 'Why'];

/** Another server kind and the files the bundle holds for it (under kinds/<name>/). */
export interface ReadmeKind extends KindExport {
  files: readonly { path: string }[];
}

/** The app's pool size on one server: Gunicorn workers or PHP-FPM pm.max_children. */
function poolSizeText(r: SizingResult): string {
  if (r.gunicorn) return `${r.gunicorn.workers.value} workers`;
  return r.phpfpm ? `pm.max_children ${fpmPmValues(r.phpfpm).maxChildren}` : '-';
}

/**
 * Several server kinds (issue 7): which app config goes on which servers, with each kind's
 * hardware, weight, share and pool size. Nothing for a fleet of one kind.
 */
function kindsBlocks(plan: Plan, result: SizingResult, kinds: readonly ReadmeKind[]): MdBlock[] {
  const { groups, backupFirst } = upstreamGroups(plan);
  if (groups.length < 2) return [];
  const file = plan.app === 'gunicorn' ? 'gunicorn.conf.py' : 'www.conf';
  const shares = kindShares(plan);
  const rows = groups.map((g, i) => {
    const other = kinds.find((k) => k.group.name === g.name);
    return [
      g.name,
      String(g.spec.servers),
      hardwareText(g.spec.hardware),
      String(g.weights[0] ?? 1),
      `${fmtNum(Math.round((shares[i] ?? 0) * 10_000) / 100)}%`,
      placeholderRange(g.first, g.spec.servers),
      g.spec.primary ? `\`${file}\`` : `\`${kindDir(g.name)}/${file}\``,
      poolSizeText(other ? other.result : result),
    ];
  });
  const backups = plan.fleet.backupServers;
  return [
    { kind: 'h', level: 2, text: 'Server kinds' },
    {
      kind: 'p',
      text:
        `nginx.conf's upstream lists ${backupFirst} app servers of ${groups.length} kinds, in this order. Each kind's app config is sized for its own hardware at its busiest server's share of the requests ` +
        `(weight / sum of weights); the other kinds use the recommended settings (pins apply to the main servers). Install each kind's file as \`${file}\` on its servers` +
        (backups > 0 ? `; the ${backups} backup server(s) after them (${placeholderRange(backupFirst, backups)}) take the file of the hardware they have.` : '.'),
    },
    { kind: 'table', head: ['Kind', 'Servers', 'Hardware', 'Weight', 'Share per server', 'Addresses in nginx.conf', 'App config', 'Pool per server'], rows },
  ];
}

/** Title and how the bundle was made. */
function titleBlocks(plan: Plan, opts: ExportOptions): MdBlock[] {
  const url = safeUrl(opts.planUrl);
  return [
    { kind: 'h', level: 1, text: `Headroom export: ${commentText(plan.name)}` },
    {
      kind: 'p',
      text:
        `Generated by Headroom on ${formatGeneratedAt(opts.generatedAt)}` +
        (url ? ` from the plan at <${url}>.` : '.') +
        ' Every number in these files comes from the plan; the tables below show the formula, its inputs and the reason. Regenerate the bundle after changing the plan rather than editing numbers by hand.',
    },
  ];
}

/** "The plan": hardware, load, request, SLO, stack, capacity, fleet and memory in one table. */
function planBlocks(analysis: PlanAnalysis): MdBlock[] {
  const { plan, web: result } = analysis;
  const gunicorn = plan.app === 'gunicorn';
  const perf = result.performance;
  const w = plan.workload;
  return [
    { kind: 'h', level: 2, text: 'The plan' },
    {
      kind: 'table',
      head: ['', ''],
      rows: [
        ['Hardware', `${plan.hardware.physicalCores} cores / ${plan.hardware.hardwareThreads} threads, ${fmtNum(plan.hardware.ramGiB)} GiB RAM, per-core speed x${fmtNum(plan.hardware.perCoreSpeed)}`],
        [
          'Load',
          w.mode === 'open'
            ? `${fmtNum(w.arrivalRps)} requests/s (open loop), ${fmtNum(w.staticShare * 100)}% static`
            : `${w.concurrentUsers} users, ${fmtNum(w.thinkTimeMs)} ms think time (closed loop) = ${fmtNum(perf.plannedRps)} requests/s planned`,
        ],
        ['Dynamic request', `${fmtNum(w.cpuMs)} ms CPU + ${fmtNum(w.ioWaitMs)} ms I/O wait; slowest legitimate request ${fmtNum(w.slowestRequestS)} s`],
        ['SLO', `${w.sloPercentile} <= ${fmtNum(w.sloMs)} ms`],
        [
          'Stack',
          gunicorn
            ? `nginx ${plan.nginx.version} -> Gunicorn ${plan.gunicorn.version} (${result.gunicorn?.workerClass.value ?? '?'} workers)`
            : `nginx ${plan.nginx.version} -> PHP-FPM ${plan.phpfpm.version} (pm = ${result.phpfpm?.pm.value ?? '?'})`,
        ],
        [isMultiServer(plan) ? 'Capacity per server' : 'Capacity (one server: the whole fleet)', `${fmtValue(perf.capacityRps)} before the pool saturates; ${fmtValue(perf.sloMaxRps)} within the SLO`],
        ...(isMultiServer(plan)
          ? [['Fleet', `${fmtValue(analysis.fleet.targetRps)} planned on ${analysis.fleet.serving.value} serving servers (${fmtValue(analysis.fleet.perServerLoadRps)} each); ${fmtValue(analysis.fleet.sloMaxRps)} within the SLO for the fleet`]]
          : []),
        ['Memory', `${fmtNum(result.memory.usedMiB.value)} of ${fmtNum(result.memory.totalMiB)} MiB used (${fmtNum(result.memory.usedShare * 100)}%, ${result.memory.status})`],
      ],
    },
  ];
}

/** Findings worth acting on (warnings and errors); nothing when there are none. */
function findingsBlocks(analysis: PlanAnalysis): MdBlock[] {
  const findings = analysis.findings.filter((f) => f.severity !== 'info');
  if (findings.length === 0) return [];
  return [
    { kind: 'h', level: 2, text: 'Findings to act on' },
    { kind: 'list', items: findings.map((f) => `**${f.severity}** (${f.layer}): ${f.message} Fix: ${f.fix}`) },
  ];
}

/** "Files": where each file goes and the command that checks it, then the server kinds. */
function filesBlocks(analysis: PlanAnalysis, dynamo: ReadmeDynamo | null, kinds: readonly ReadmeKind[]): MdBlock[] {
  const { plan, web: result } = analysis;
  const gunicorn = plan.app === 'gunicorn';
  const dep = plan.deploy;
  const multi = isMultiServer(plan);
  // With several kinds each app config names its servers; with one kind every app server gets the same files.
  const where = (servers: string) => (multi ? ` on ${servers}` : '');
  const mainServers = kinds.length > 0 ? `the ${plan.fleet.servers} main server(s)` : 'every app server';
  const onKind = (k: ReadmeKind) => `on the ${k.group.spec.servers} ${k.group.name} server(s)`;
  const rows: string[][] = [['`nginx.conf`', `\`/etc/nginx/nginx.conf\`${where('the nginx host')}`, '`sudo nginx -t`']];
  if (gunicorn) {
    const appDir = token(dep.appDir, 'deploy.appDir');
    const conf = [`\`${appDir}/gunicorn.conf.py\``, `\`cd ${appDir} && ${gunicornExecutable(plan)} --check-config -c gunicorn.conf.py\``] as const;
    const unit = ['`/etc/systemd/system/gunicorn.service`', '`systemd-analyze verify /etc/systemd/system/gunicorn.service`'] as const;
    const ownUnit = kinds.filter((k) => k.files.some((f) => f.path.endsWith('/gunicorn.service')));
    rows.push(
      ['`gunicorn.conf.py`', `${conf[0]}${where(mainServers)}`, conf[1]],
      ['`gunicorn.service`', `${unit[0]}${where(ownUnit.length > 0 ? 'the other app servers' : 'every app server')}`, unit[1]],
      ...kinds.flatMap((k) =>
        k.files.map((f) => {
          const [target, check] = f.path.endsWith('/gunicorn.service') ? unit : conf;
          return [`\`${f.path}\``, `${target} ${onKind(k)}`, check];
        }),
      ),
    );
  } else {
    const pool = `/etc/php/${plan.phpfpm.version}/fpm/pool.d/www.conf`;
    const check = `\`sudo ${fpmBinary(plan)} -t\``;
    const replaces = multi
      ? `(replaces the stock pool; listens on TCP port ${dep.fpmPort} for nginx: REPLACE listen.allowed_clients with the nginx host's address)`
      : '(replaces the stock pool, which uses the same socket)';
    rows.push(
      ['`www.conf`', `\`${pool}\`${where(mainServers)} ${replaces}`, check],
      ...kinds.flatMap((k) => k.files.map((f) => [`\`${f.path}\``, `\`${pool}\` ${onKind(k)}, the same way`, check])),
    );
  }
  if (dynamo) {
    rows.push(
      [`\`${DYNAMODB_CFN}\``, 'a CloudFormation stack', `\`cfn-lint ${DYNAMODB_CFN}\``],
      [`\`${DYNAMODB_TF}\``, 'a Terraform working directory', '`terraform fmt -check && terraform validate`'],
      ...dynamo.tables.map((t) => [`\`${createTableFileName(t)}\``, `\`aws dynamodb create-table --cli-input-json file://${createTableFileName(t)}\``, 'DynamoDB Local: add `--endpoint-url http://localhost:8000`']),
    );
  }
  rows.push(
    [`\`${SYSCTL_FILE}\``, `\`${SYSCTL_TARGET}\`${where('the nginx host and every app server')}`, '`sudo sysctl --system` (prints each value it sets)'],
    [`\`${NGINX_OVERRIDE_FILE}\``, `\`${NGINX_OVERRIDE_TARGET}\`${where('the nginx host')}`, '`systemctl show nginx -p LimitNOFILE` after `daemon-reload`'],
    ...(gunicorn ? [] : [[`\`${OPCACHE_FILE}\``, `\`${opcacheTarget(plan)}\`${where(mainServers)}`, `\`${fpmBinary(plan)} -i | grep opcache.memory_consumption\``]]),
    ['`loadtest.js`', 'the load-generating machine (k6)', '`k6 inspect loadtest.js`'],
  );
  return [{ kind: 'h', level: 2, text: 'Files' }, { kind: 'table', head: ['File', 'Install as', 'Check with'], rows }, ...kindsBlocks(plan, result, kinds)];
}

/** The app server's explained settings: Gunicorn's, or PHP-FPM's with the pins brought into range. */
function appWhyBlocks(plan: Plan, result: SizingResult): MdBlock[] {
  const blocks: MdBlock[] = [];
  if (result.gunicorn) {
    const g = result.gunicorn;
    blocks.push(
      { kind: 'h', level: 3, text: `Gunicorn ${plan.gunicorn.version}` },
      {
        kind: 'table',
        head: WHY_HEAD,
        rows: explainedRows([
          g.workerClass, g.workers, g.threads, g.workerConnections, g.timeoutS, g.gracefulTimeoutS, g.keepaliveS, g.maxRequests,
          g.maxRequestsJitter, g.backlog, g.preload, g.concurrencySlots, g.restartsPerMin,
        ]),
      },
    );
  }
  if (result.phpfpm) {
    const f = result.phpfpm;
    const adj = fpmPmValues(f).adjustments;
    blocks.push(
      { kind: 'h', level: 3, text: `PHP-FPM ${plan.phpfpm.version}` },
      {
        kind: 'table',
        head: WHY_HEAD,
        rows: explainedRows([
          f.pm, f.maxChildren, f.startServers, f.minSpareServers, f.maxSpareServers, f.maxRequests, f.requestTerminateTimeoutS,
          f.processIdleTimeoutS, f.listenBacklog, f.concurrencySlots,
        ]),
      },
    );
    if (f.pm.value === 'dynamic' && adj.length > 0) {
      blocks.push({ kind: 'p', text: 'Pinned values php-fpm would refuse were brought into range in www.conf:' }, { kind: 'list', items: adj });
    }
  }
  return blocks;
}

/** "Why each number": every explained value the files write, by layer. */
function whyBlocks(analysis: PlanAnalysis): MdBlock[] {
  const { plan, web: result } = analysis;
  const n = result.nginx;
  const perf = result.performance;
  return [
    { kind: 'h', level: 2, text: 'Why each number' },
    { kind: 'h', level: 3, text: `nginx ${plan.nginx.version}` },
    {
      kind: 'table',
      head: WHY_HEAD,
      rows: explainedRows([
        n.workerProcesses, n.workerConnections, n.workerRlimitNofile, n.keepaliveTimeoutS, n.keepaliveRequests, n.upstreamKeepalive,
        n.proxyConnectTimeoutS, n.proxyReadTimeoutS, n.proxySendTimeoutS, n.proxyBufferSizeKiB, n.proxyBuffersCount,
        n.proxyBuffersSizeKiB, n.clientBodyBufferSizeKiB, n.peakConnections,
      ]),
    },
    ...appWhyBlocks(plan, result),
    { kind: 'h', level: 3, text: 'Performance at the planned load' },
    { kind: 'table', head: WHY_HEAD, rows: explainedRows([perf.capacityRps, perf.sloMaxRps, perf.inFlight, perf.cpuServers]) },
    { kind: 'h', level: 3, text: 'Edge, limits and host' },
    { kind: 'table', head: WHY_HEAD, rows: explainedRows(edgeItems(analysis)) },
  ];
}

/** Choices the files make that are not capacity numbers. */
function fixedChoicesBlocks(plan: Plan): MdBlock[] {
  const gunicorn = plan.app === 'gunicorn';
  const dep = plan.deploy;
  return [
    { kind: 'h', level: 3, text: 'Fixed choices (not capacity numbers)' },
    {
      kind: 'list',
      items: [
        gunicorn
          ? `Static files under \`${token(dep.staticUrlPrefix, 'deploy.staticUrlPrefix')}\` are served by nginx from \`${token(dep.staticRoot, 'deploy.staticRoot')}\` with \`expires ${STATIC_EXPIRES}\`.`
          : `Static assets (\`location ~* ${PHP_ASSET_RE}\`) are served by nginx from the document root \`${token(dep.phpRoot, 'deploy.phpRoot')}\` with \`expires ${STATIC_EXPIRES}\`; PHP never sees them.`,
        'Security headers on every response (`always`): X-Content-Type-Options nosniff, Referrer-Policy strict-origin-when-cross-origin, X-Frame-Options SAMEORIGIN and CSP frame-ancestors \'self\', Permissions-Policy denying camera, microphone, geolocation and payment; `server_tokens off`; dotfiles (except /.well-known) are denied.',
        `Probes: \`${HEALTHZ_PATH}\` answers 200 from nginx itself; \`${STUB_STATUS_PATH}\` (stub_status)${gunicorn ? '' : ` and PHP-FPM's \`${FPM_STATUS_PATH}\` / \`${FPM_PING_PATH}\``} answer localhost only. The access log (format \`timed\`) adds rt= uct= uht= urt= ua= us=: request time, upstream connect, first header and response time, server and status.`,
        'gzip at level 5 for text types of 1 KiB or more: most of the size gain of level 9 at a fraction of the CPU.',
        'Error pages 500/502/503/504 keep their status code and carry a short plain-text body that needs no file.',
        ...(gunicorn ? ['`worker_tmp_dir = "/dev/shm"`: the workers\' heartbeat files on tmpfs (gunicorn FAQ).'] : []),
      ],
    },
  ];
}

/** "Validate and apply": each file's check, then the reloads. */
function validateBlocks(plan: Plan): MdBlock[] {
  const gunicorn = plan.app === 'gunicorn';
  const dep = plan.deploy;
  const checks = ['sudo nginx -t'];
  if (gunicorn) checks.push(`cd ${token(dep.appDir, 'deploy.appDir')} && ${gunicornExecutable(plan)} --check-config -c gunicorn.conf.py`, 'systemd-analyze verify /etc/systemd/system/gunicorn.service');
  else checks.push(`sudo ${fpmBinary(plan)} -t`);
  checks.push('sudo sysctl --system   # applies sysctl.d, prints each value');
  const reload = gunicorn
    ? ['sudo systemctl daemon-reload', 'sudo systemctl enable --now gunicorn', 'sudo systemctl reload gunicorn   # graceful: HUP', 'sudo systemctl restart nginx   # once, for the LimitNOFILE drop-in; later: reload']
    : ['sudo systemctl daemon-reload', `sudo systemctl reload ${fpmBinary(plan)}   # also after every deploy: opcache does not re-check files`, 'sudo systemctl restart nginx   # once, for the LimitNOFILE drop-in; later: reload'];
  return [
    { kind: 'h', level: 2, text: 'Validate and apply' },
    { kind: 'p', text: 'Each tool exits non-zero and names the line when it rejects a file. Headroom checks every bundle it can with nginx 1.22, Gunicorn 20.1 and PHP-FPM 8.2 (Debian 12).' },
    { kind: 'code', lang: 'sh', text: [...checks, ...reload].join('\n') },
  ];
}

export function buildReadme(analysis: PlanAnalysis, opts: ExportOptions, dynamo: ReadmeDynamo | null = null, kinds: readonly ReadmeKind[] = []): MdBlock[] {
  const { plan } = analysis;
  return [
    ...titleBlocks(plan, opts),
    ...planBlocks(analysis),
    ...measuredBlocks(plan),
    ...findingsBlocks(analysis),
    ...filesBlocks(analysis, dynamo, kinds),
    ...whyBlocks(analysis),
    ...fixedChoicesBlocks(plan),
    ...validateBlocks(plan),
    ...tlsBlocks(plan),
    ...loadTestBlocks(loadPlan(analysis), plan, kinds.length > 0),
    ...(dynamo ? dynamoBlocks(dynamo) : []),
  ];
}

/** Every engine number of analysis.edge the files write (README "Edge, limits and host"). */
export function edgeItems(analysis: PlanAnalysis): Explained<unknown>[] {
  const e = analysis.edge;
  return [
    e.clientMaxBodyMiB,
    ...(e.php ? [e.php.uploadMaxMiB, e.php.postMaxMiB, e.php.memoryLimitMiB, e.php.opcacheMemoryMiB, e.php.opcacheInternedStringsMiB, e.php.opcacheMaxFiles, e.php.slowlogTimeoutS] : []),
    ...(e.gunicornUnit ? [e.gunicornUnit.limitNofile, e.gunicornUnit.timeoutStopS, e.gunicornUnit.memoryHighMiB, e.gunicornUnit.memoryMaxMiB] : []),
    e.workerShutdownTimeoutS,
    ...(e.upstreamZoneKiB ? [e.upstreamZoneKiB] : []),
    ...(e.nextUpstreamTries ? [e.nextUpstreamTries] : []),
    ...(e.limitReq ? [e.limitReq.rps, e.limitReq.burst] : []),
    ...(e.limitConn ? [e.limitConn] : []),
    ...(e.openFileCacheMax ? [e.openFileCacheMax] : []),
    ...(analysis.plan.edge.tls !== 'off' ? [e.hstsMaxAgeS] : []),
    e.somaxconn,
    e.tcpMaxSynBacklog,
    e.ipLocalPortRange,
    e.nginxLimitNofile,
  ];
}

/** Where TLS terminates and which certificate files nginx expects (the placeholders to replace). */
function tlsBlocks(plan: Plan): MdBlock[] {
  const e = plan.edge;
  if (e.tls === 'off') {
    return [{ kind: 'h', level: 2, text: 'TLS' }, { kind: 'p', text: '**TLS is off in the plan**: nginx serves plain HTTP. Use this only on a private network; switch the plan to TLS at nginx or at a front load balancer otherwise.' }];
  }
  if (e.tls === 'front-lb') {
    return [
      { kind: 'h', level: 2, text: 'TLS at the front load balancer' },
      {
        kind: 'p',
        text:
          `The load balancer terminates TLS and sends plain HTTP to nginx on port ${plan.deploy.listenPort}. **REPLACE \`${token(e.frontLbAddress, 'edge.frontLbAddress')}\`** in nginx.conf (\`set_real_ip_from\` and the \`geo\` block) with its address: only requests from it may set X-Forwarded-For and X-Forwarded-Proto, ` +
          'so logs, limits and ip_hash see the client, the app sees https, and HSTS is sent. Keep port ' + String(plan.deploy.listenPort) + ' closed to everything but the balancer.',
      },
    ];
  }
  const [cert, key] = [token(e.certPath, 'edge.certPath'), token(e.keyPath, 'edge.keyPath')];
  return [
    { kind: 'h', level: 2, text: 'TLS certificate' },
    {
      kind: 'p',
      text:
        `nginx serves HTTPS on port ${e.httpsPort} (HTTP/2, TLS 1.2 and 1.3, Mozilla intermediate ciphers) and redirects port ${plan.deploy.listenPort} to it, except ACME challenges under /.well-known/acme-challenge/ (root /var/www/acme). ` +
        `**Place the certificate chain at \`${cert}\` and its key at \`${key}\`** (placeholders: edit both paths in nginx.conf or in the plan). \`nginx -t\` fails until they exist.` +
        (e.ocspStapling ? ` OCSP stapling is on: put the issuer chain at \`${token(e.chainPath, 'edge.chainPath')}\` and set \`resolver\` to your DNS resolver.` : ' OCSP stapling is off (Let\'s Encrypt stopped OCSP in 2025); switch it on in the plan for a CA that still runs it.'),
    },
    { kind: 'code', lang: 'sh', text: [`sudo certbot certonly --webroot -w /var/www/acme -d ${plan.deploy.serverName === '_' ? 'example.com' : token(plan.deploy.serverName, 'deploy.serverName')}`, `# then link or copy fullchain.pem to ${cert} and privkey.pem to ${key}`].join('\n') },
  ];
}

function loadTestBlocks(lp: LoadPlan, plan: Plan, mixed: boolean): MdBlock[] {
  const w = plan.workload;
  const f = lp.rates.fleet;
  const s = lp.rates.server;
  const wrk = (r: ScopeRates, tag: string) => [
    `wrk -t${lp.threads} -c${lp.connections} -d${K6_DURATION} -R${r.dynamic} --latency ${lp.baseUrl}${lp.dynamicPath} &   # dynamic${tag}`,
    ...(r.static > 0 ? [`wrk -t${lp.threads} -c${lp.connections} -d${K6_DURATION} -R${r.static} --latency ${lp.baseUrl}${lp.staticPath}   # static${tag}`] : []),
  ];
  return [
    { kind: 'h', level: 2, text: 'Load-test the planned rate' },
    {
      kind: 'p',
      text:
        `The plan is sized for ${f.total} requests/s at the front door${lp.multi ? ` (all servers; one server takes ${s.total}/s${mixed ? ' on the main hardware' : ''})` : ''}: ` +
        `${f.static}/s static files and ${f.dynamic}/s dynamic requests (${fmtNum(w.staticShare * 100)}% static). Test both at once, each at its own rate, with a real static file and a typical dynamic URL, from another machine; ` +
        `compare the ${w.sloPercentile} with the SLO (${fmtNum(w.sloMs)} ms). wrk2 (\`-R\`) holds a constant rate without coordinated omission:`,
    },
    { kind: 'code', lang: 'sh', text: wrk(f, '').join('\n') },
    { kind: 'p', text: 'Plain wrk has no `-R`; it runs closed-loop and measures the maximum throughput instead.' },
    {
      kind: 'p',
      text:
        `With k6, \`loadtest.js\` runs the two scenarios (constant-arrival-rate) for ${K6_DURATION} and fails when ${w.sloPercentile} exceeds ${fmtNum(w.sloMs)} ms or more than 1% of requests fail` +
        (lp.multi ? `; \`-e SCOPE=server\` aims one server's share (${s.static} + ${s.dynamic} requests/s) at a single server's nginx instead of the front door:` : ':'),
    },
    { kind: 'code', lang: 'sh', text: `k6 run -e BASE_URL=${lp.baseUrl} -e STATIC_PATH=${lp.staticPath} -e DYNAMIC_PATH=${lp.dynamicPath} loadtest.js` },
  ];
}
