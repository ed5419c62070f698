/**
 * The deployment files of the bundle (issue 17): Kubernetes objects, the compose file, the alerting
 * rules and the runbook, each from the analysis. Kept apart from bundle.ts so the server-config
 * builders there change independently.
 */
import type { PlanAnalysis } from '../engine/analysis/types';
import { ALERTS_FILE, buildAlertRules } from './builders/alerts';
import { buildCompose, COMPOSE_FILE } from './builders/compose';
import { buildK8s, K8S_DIR, NGINX_NAME, NGINX_TLS_SECRET } from './builders/k8s';
import { appConfigFiles, buildRunbook, RUNBOOK_FILE } from './builders/runbook';
import { headerLines } from './header';
import { printMarkdown } from './printers/markdown';
import { printYamlDocs } from './printers/yaml';
import type { BundleFile, ExportOptions } from './types';

export type FileGroup = 'server' | 'k8s' | 'local' | 'alerts' | 'docs';

/** The export panel's groups, in display order. */
export const FILE_GROUPS: readonly { group: FileGroup; label: string }[] = [
  { group: 'server', label: 'Server configs' },
  { group: 'k8s', label: 'Kubernetes' },
  { group: 'local', label: 'Local run' },
  { group: 'alerts', label: 'Alerts' },
  { group: 'docs', label: 'Docs' },
];

export function fileGroup(f: Pick<BundleFile, 'path' | 'format'>): FileGroup {
  if (f.path.startsWith(`${K8S_DIR}/`)) return 'k8s';
  if (f.path === COMPOSE_FILE || f.path === 'loadtest.js') return 'local';
  if (f.path.startsWith('alerts/')) return 'alerts';
  if (f.format === 'markdown') return 'docs';
  return 'server';
}

export function deployFiles(analysis: PlanAnalysis, opts: ExportOptions): BundleFile[] {
  const { plan } = analysis;
  const header = (what: string, check: string) => [...headerLines(plan, opts, what), `Check: ${check}`];
  const files: BundleFile[] = [];
  if (plan.deploy.target !== 'vm') {
    const k8s = buildK8s(analysis, appConfigFiles(analysis), opts);
    for (const k of k8s.perKind) {
      const what = `${K8S_DIR}/${k.name}.yaml (Kubernetes: Deployment, PodDisruptionBudget, HorizontalPodAutoscaler and Service for server kind ${k.kind})`;
      files.push({
        path: `${K8S_DIR}/${k.name}.yaml`,
        format: 'yaml',
        text: printYamlDocs([...header(what, `kubectl apply --dry-run=server -f ${K8S_DIR}/${k.name}.yaml`), `Needs ConfigMap ${k.name}-config from ${k.configFrom} (RUNBOOK.md).`], k.docs),
      });
    }
    if (analysis.deploy.nginx) {
      const path = `${K8S_DIR}/${NGINX_NAME}.yaml`;
      const notes = [...header(`${path} (Kubernetes: nginx ConfigMap, Deployment, PodDisruptionBudget and LoadBalancer Service)`, `kubectl apply --dry-run=server -f ${path}`)];
      if (plan.edge.tls === 'nginx') notes.push(`Needs Secret ${NGINX_TLS_SECRET} (kubectl create secret tls ${NGINX_TLS_SECRET} --cert=... --key=...; RUNBOOK.md).`);
      files.push({ path, format: 'yaml', text: printYamlDocs(notes, k8s.front) });
    } else {
      files.push({ path: `${K8S_DIR}/ingress.yaml`, format: 'yaml', text: printYamlDocs(header(`${K8S_DIR}/ingress.yaml (Kubernetes: ingress-nginx Ingress)`, `kubectl apply --dry-run=server -f ${K8S_DIR}/ingress.yaml`), k8s.front) });
    }
  }
  files.push(
    { path: COMPOSE_FILE, format: 'yaml', text: printYamlDocs(header(`${COMPOSE_FILE} (local run)`, `docker-compose -f ${COMPOSE_FILE} config -q`), [buildCompose(analysis)]) },
    { path: ALERTS_FILE, format: 'yaml', text: printYamlDocs(header(`${ALERTS_FILE} (Prometheus alerting rules)`, `promtool check rules ${ALERTS_FILE}`), [buildAlertRules(analysis)]) },
    { path: RUNBOOK_FILE, format: 'markdown', text: printMarkdown(buildRunbook(analysis, opts)) },
  );
  return files;
}

/** systemd units only when the plan deploys to VMs. */
export function forTarget(analysis: PlanAnalysis, files: BundleFile[]): BundleFile[] {
  return analysis.plan.deploy.target === 'k8s' ? files.filter((f) => f.format !== 'systemd') : files;
}
