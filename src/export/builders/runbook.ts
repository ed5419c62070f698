/**
 * RUNBOOK.md (issue 17): how to apply the bundle, reload vs restart each server, what each alert
 * means and the first thing to do, how to scale, and the plan's failure what-ifs in words. Also the
 * bundle README's section on the deployment files (deployReadmeBlocks). Every number is read from
 * the analysis; nothing is sized here.
 */
import type { PlanAnalysis } from '../../engine/analysis/types';
import type { WhatIf } from '../../engine/cluster/failures';
import type { MdBlock } from '../printers/markdown';
import { formatGeneratedAt } from '../header';
import { commentText, kindName, safeUrl, token } from '../safe';
import type { ExportOptions } from '../types';
import { fmtNum } from '../fleet-layout';
import { ALERTS_FILE, buildAlertRules } from './alerts';
import { COMPOSE_FILE, LOCAL_DYNAMODB_PORT, LOCAL_HTTP_PORT } from './compose';
import { deploymentNames, K8S_DIR, NGINX_NAME, NGINX_TLS_SECRET } from './k8s';
import { explainedRows, WHY_HEAD } from './readme';

export const RUNBOOK_FILE = 'RUNBOOK.md';

const wantsVm = (a: PlanAnalysis) => a.plan.deploy.target !== 'k8s';
const wantsK8s = (a: PlanAnalysis) => a.plan.deploy.target !== 'vm';

/** The ConfigMap source of each Deployment: the app config of its server kind. */
export function appConfigFiles(a: PlanAnalysis): string[] {
  const file = a.plan.app === 'gunicorn' ? 'gunicorn.conf.py' : 'www.conf';
  return a.deploy.pods.map((p, i) => (p.primary ? file : `kinds/${kindName(p.kind, `fleet.otherKinds.${i - 1}.name`)}/${file}`));
}

function applyBlocks(a: PlanAnalysis): MdBlock[] {
  const { plan } = a;
  const ns = token(plan.deploy.namespace, 'deploy.namespace');
  const blocks: MdBlock[] = [{ kind: 'h', level: 2, text: 'Apply' }];
  if (wantsVm(a)) {
    const app =
      plan.app === 'gunicorn'
        ? 'sudo install -m 644 gunicorn.conf.py /etc/gunicorn/ && sudo install -m 644 gunicorn.service /etc/systemd/system/ && sudo systemctl daemon-reload && sudo systemctl enable --now gunicorn'
        : `sudo install -m 644 www.conf /etc/php/${plan.phpfpm.version}/fpm/pool.d/ && sudo php-fpm${plan.phpfpm.version} -t && sudo systemctl reload php${plan.phpfpm.version}-fpm`;
    blocks.push(
      { kind: 'h', level: 3, text: 'VMs with systemd' },
      { kind: 'code', lang: 'sh', text: `sudo install -m 644 nginx.conf /etc/nginx/nginx.conf && sudo nginx -t && sudo systemctl reload nginx\n${app}\n` },
    );
  }
  if (wantsK8s(a)) {
    const names = deploymentNames(a.deploy.pods.map((p) => p.kind));
    const files = appConfigFiles(a);
    const cms = names.map((n, i) => `kubectl -n ${ns} create configmap ${n}-config --from-file=${files[i]} --dry-run=client -o yaml | kubectl apply -f -`);
    if (a.deploy.nginx && plan.edge.tls === 'nginx') cms.push(`kubectl -n ${ns} create secret tls ${NGINX_TLS_SECRET} --cert=fullchain.pem --key=privkey.pem`);
    blocks.push(
      { kind: 'h', level: 3, text: 'Kubernetes' },
      {
        kind: 'p',
        text:
          `Set \`deploy.appImage\` (now \`${plan.deploy.appImage}\`) to your image. The app must answer \`GET /healthz\` (readiness, through the ingress too). ` +
          'The ConfigMaps come from the same config files as the VMs (the pod command overrides the bind address and the worker count).' +
          (a.deploy.nginx
            ? ` nginx runs as its own Deployment (\`${K8S_DIR}/${NGINX_NAME}.yaml\`, a LoadBalancer Service in front): its ConfigMap holds the exported nginx.conf with the pod's worker counts and each server kind's Service as the upstream, so apply the Services first (nginx resolves them at start); an init container copies the files nginx serves itself from the app image.`
            : ` nginx is the cluster's ingress-nginx: \`${K8S_DIR}/ingress.yaml\` carries the nginx timeouts and buffers as annotations.`),
      },
      { kind: 'code', lang: 'sh', text: `${cms.join('\n')}\nkubectl apply -f ${K8S_DIR}/\nkubectl -n ${ns} rollout status deployment/${names[0] ?? 'app'}\n` },
    );
  }
  blocks.push(
    { kind: 'h', level: 3, text: 'Locally with docker-compose' },
    {
      kind: 'code',
      lang: 'sh',
      text:
        `docker-compose -f ${COMPOSE_FILE} config -q && docker-compose -f ${COMPOSE_FILE} up -d\ncurl -i http://127.0.0.1:${LOCAL_HTTP_PORT}/healthz\n` +
        (a.dynamodb ? `# DynamoDB Local on 127.0.0.1:${LOCAL_DYNAMODB_PORT}: aws dynamodb create-table --endpoint-url http://127.0.0.1:${LOCAL_DYNAMODB_PORT} --cli-input-json file://create-table.<table>.json\n` : ''),
    },
  );
  return blocks;
}

function reloadBlocks(a: PlanAnalysis): MdBlock[] {
  const app =
    a.plan.app === 'gunicorn'
      ? [
          '**Gunicorn**: `systemctl reload gunicorn` (HUP) starts new workers with the new config and stops the old ones gracefully; the bind address, `preload_app` code and the master itself change only with `systemctl restart gunicorn` (in-flight requests get `graceful_timeout`).',
        ]
      : [`**PHP-FPM**: \`systemctl reload php${a.plan.phpfpm.version}-fpm\` (USR2) re-reads the pool files and replaces the children; php.ini extensions need a restart too.`];
  return [
    { kind: 'h', level: 2, text: 'Reload or restart' },
    {
      kind: 'list',
      items: [
        '**nginx**: `nginx -t && systemctl reload nginx` for every change (new workers start, old ones finish their requests); a restart only to change the binary or modules.',
        ...app,
        `**Kubernetes**: a changed ConfigMap reaches the pods only on a new rollout: \`kubectl rollout restart deployment/<name>\` (surge 1, unavailable 0; each pod gets ${a.deploy.pods[0]?.terminationGracePeriodS.value ?? 0} s to stop).`,
      ],
    },
  ];
}

function watchBlocks(a: PlanAnalysis): MdBlock[] {
  const rules = buildAlertRules(a).groups.flatMap((g) => g.rules);
  const firstAction: Record<string, string> = {
    '5xx-responses': 'Check nginx error.log for `upstream prematurely closed` / `connect() failed` (the app is down or timing out) and the app logs; roll back the last deploy if it started then.',
    'latency-above-the-slo': 'Compare the request rate with the plan: above the SLO-max load, add servers (or let the HPA); below it, the per-request CPU or I/O time has grown: re-measure and update the plan.',
    'gunicorn-worker-timeouts': 'A request ran past `timeout`: find it in the access log (slow endpoints), raise `workload.slowestRequestS` if it is legitimate.',
    'php-fpm-max-children-reached': 'The pool is full: check the listen queue and the rate against the plan; more children only if the memory budget allows.',
    'php-fpm-listen-queue': 'Requests wait for a child: scale out, or raise pm.max_children within the memory budget.',
    'memory-above-the-budget': 'Measure worker PSS (`smem` or /proc/<pid>/smaps_rollup), put it in the plan and re-export; recycling (max_requests) bounds slow leaks.',
    'cpu-above-the-hpa-target': 'Check `kubectl get hpa`: at maxReplicas raise it (and the fleet budget); Pending pods mean the cluster has no room.',
  };
  const seen = new Set<string>();
  const blocks: MdBlock[] = [
    { kind: 'h', level: 2, text: 'What to watch' },
    { kind: 'p', text: `The rules are in \`${ALERTS_FILE}\` (check: \`promtool check rules ${ALERTS_FILE}\`).` },
    { kind: 'table', head: ['Alert', 'Fires when', 'Meaning'], rows: rules.map((r) => [r.alert, `\`${r.expr}\` for ${r.for}`, r.annotations.summary]) },
  ];
  for (const r of rules) {
    const anchor = r.annotations.runbook.split('#')[1] ?? '';
    if (seen.has(anchor)) continue;
    seen.add(anchor);
    blocks.push({ kind: 'h', level: 3, text: anchor.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase()) }, { kind: 'p', text: `First action: ${firstAction[anchor] ?? 'see the alert description.'}` });
  }
  return blocks;
}

function scaleBlocks(a: PlanAnalysis): MdBlock[] {
  const f = a.fleet;
  const pods = a.deploy.pods;
  const items = [
    `The plan: ${a.plan.fleet.servers + a.plan.fleet.otherKinds.reduce((n, k) => n + k.servers, 0)} server(s) of every kind, ${fmtNum(f.serving.value)} serving, ${fmtNum(f.usableRps.value)} requests/s usable at ${fmtNum(f.targetRps.value)} requests/s target; ${f.serversNeeded.value === null ? 'one server cannot meet the SLO at any load' : `${f.serversNeeded.value} needed`}.`,
    `Scale up before the load passes ${fmtNum(f.usableRps.value)} requests/s: add servers to the upstream (VMs) or raise maxReplicas (Kubernetes); per-server settings stay as exported.`,
    `Scale down only while the rest still carry the target with the N+1 spare (${a.plan.fleet.spare ? 'on' : 'off'}); drain a server first (about ${fmtNum(a.cluster.drainS.value)} s: \`down\` in the upstream, reload nginx).`,
    ...(wantsK8s(a)
      ? pods.map((p) => `Kubernetes, ${p.kind}: HPA ${p.minReplicas.value}–${p.maxReplicas.value} pods at ${p.hpaCpuTargetPct.value}% CPU; PDB keeps ${p.pdbMinAvailable.value} available.`)
      : []),
  ];
  return [{ kind: 'h', level: 2, text: 'Scale up and down' }, { kind: 'list', items }];
}

const VERDICT_TEXT: Record<WhatIf['verdict'], string> = {
  meets: 'still meets the SLO',
  'misses-slo': 'still serves every request but misses the SLO',
  overloaded: 'is overloaded: requests are rejected or time out',
};

function whatIfBlocks(a: PlanAnalysis): MdBlock[] {
  const c = a.cluster;
  const line = (label: string, w: WhatIf) =>
    `**${label}** (${w.lost} lost, ${w.serving} serving): each survivor carries ${fmtNum(w.perServerBackendRps.value)} app requests/s and the fleet ${VERDICT_TEXT[w.verdict]}${w.backupsTookOver ? ' (the backup servers took over)' : ''}.`;
  return [
    { kind: 'h', level: 2, text: 'Failure what-ifs' },
    { kind: 'list', items: [line('All up', c.normal), line('One server down', c.oneServerDown), line('One zone down', c.oneZoneDown)] },
  ];
}

export function buildRunbook(a: PlanAnalysis, opts: ExportOptions): MdBlock[] {
  const url = safeUrl(opts.planUrl);
  return [
    { kind: 'h', level: 1, text: `Runbook: ${commentText(a.plan.name)}` },
    {
      kind: 'p',
      text:
        `Generated by Headroom on ${formatGeneratedAt(opts.generatedAt)} with the other files of this bundle${url ? ` (plan link: ${url})` : ''}; ` +
        'every number is the plan\'s (README.md explains each one).',
    },
    ...applyBlocks(a),
    ...reloadBlocks(a),
    ...watchBlocks(a),
    ...scaleBlocks(a),
    ...whatIfBlocks(a),
  ];
}

/** The bundle README's section on the deployment files, with every derived number explained. */
export function deployReadmeBlocks(a: PlanAnalysis): MdBlock[] {
  const blocks: MdBlock[] = [
    { kind: 'h', level: 2, text: 'Kubernetes, local run, alerts and runbook' },
    {
      kind: 'list',
      items: [
        ...(wantsK8s(a)
          ? [
              `\`${K8S_DIR}/\`: per server kind a Deployment, PodDisruptionBudget, HPA and its own Service; ` +
                (a.deploy.nginx
                  ? `nginx as a Deployment (\`${NGINX_NAME}.yaml\`: the nginx.conf ConfigMap, the Deployment, a PodDisruptionBudget and a LoadBalancer Service), its upstream weighting each kind's Service.`
                  : `an ingress-nginx Ingress (\`ingress.yaml\`) with the nginx timeouts and buffers as annotations${a.deploy.pods.length > 1 ? ', over a Service of every kind\'s pods' : ''}.`) +
                ` Check: \`kubectl apply --dry-run=server -f ${K8S_DIR}/\`.`,
            ]
          : []),
        `\`${COMPOSE_FILE}\`: nginx and the app with this bundle's configs${a.dynamodb ? ' and DynamoDB Local' : ''}, for a local run (one app server; with a multi-server plan point nginx.conf's upstream at 127.0.0.1). Check: \`docker-compose -f ${COMPOSE_FILE} config -q\`.`,
        `\`${ALERTS_FILE}\`: Prometheus alerting rules with the plan's thresholds (exporters: prometheus-nginxlog-exporter, ${a.plan.app === 'gunicorn' ? 'statsd_exporter with Gunicorn\'s `statsd_host`' : 'hipages php-fpm_exporter'}, cAdvisor, node_exporter). Check: \`promtool check rules ${ALERTS_FILE}\`.`,
        '`RUNBOOK.md`: apply, reload or restart, what each alert means, scaling, the failure what-ifs.',
      ],
    },
  ];
  if (wantsK8s(a)) {
    const n = a.deploy.nginx;
    if (n) {
      blocks.push(
        { kind: 'h', level: 3, text: 'nginx pods' },
        {
          kind: 'table',
          head: WHY_HEAD,
          rows: explainedRows([
            n.replicas,
            n.pdbMinAvailable,
            n.cpuMillicores,
            n.workerProcesses,
            n.workerConnections,
            n.workerRlimitNofile,
            n.memoryRequestMiB,
            n.memoryLimitMiB,
            n.readiness.timeoutS,
            n.preStopSleepS,
            n.terminationGracePeriodS,
            ...(n.serviceWeights.length > 1 ? n.serviceWeights : []),
          ]),
        },
      );
    }
    for (const p of a.deploy.pods) {
      blocks.push(
        { kind: 'h', level: 3, text: `Pods of server kind ${p.kind}` },
        {
          kind: 'table',
          head: WHY_HEAD,
          rows: explainedRows([
            p.memoryRequestMiB,
            p.memoryLimitMiB,
            p.cpuMillicores,
            p.workers,
            p.hpaCpuTargetPct,
            p.minReplicas,
            p.maxReplicas,
            p.pdbMinAvailable,
            p.readiness.timeoutS,
            p.liveness.failureThreshold,
            p.preStopSleepS,
            p.terminationGracePeriodS,
          ]),
        },
      );
    }
  }
  return blocks;
}
