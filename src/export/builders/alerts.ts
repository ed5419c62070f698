/**
 * Prometheus alerting rules (issue 17, DOMAIN.md G.8) with the thresholds of PlanAnalysis.deploy:
 * the SLO, the pods' memory budget and limit, the HPA's CPU target. Metric names are those of the
 * exporters the README names (pinned, because names differ by exporter, DOMAIN.md G.8):
 * martin-helmich/prometheus-nginxlog-exporter (namespace `nginx`), hipages/php-fpm_exporter,
 * prometheus/statsd_exporter fed by Gunicorn's statsd logger, cAdvisor (kubelet) and node_exporter.
 */
import type { PlanAnalysis } from '../../engine/analysis/types';
import { MEMORY_TARGET_SHARE } from '../../engine/context';
import type { Plan } from '../../plan/schema';
import { token, UnsafeValueError } from '../safe';
import { deploymentNames } from './k8s';

export const ALERTS_FILE = 'alerts/headroom-rules.yaml';

export type AlertRule = {
  alert: string;
  expr: string;
  for: string;
  labels: { severity: 'page' | 'ticket' };
  annotations: { summary: string; description: string; runbook: string };
};

export type RuleGroup = {
  name: string;
  rules: AlertRule[];
};

const ALERT_NAME = /^[A-Za-z_:][A-Za-z0-9_:]*$/;
/** A value inside a PromQL label matcher's double quotes (and its regex): DNS-style names only. */
function labelValue(value: string, field: string): string {
  token(value, field);
  if (!/^[a-z0-9-]{1,63}$/.test(value)) throw new UnsafeValueError(field, value, 'a label value here is lowercase letters, digits and -');
  return value;
}

const rule = (r: AlertRule): AlertRule => {
  if (!ALERT_NAME.test(r.alert)) throw new Error(`not a Prometheus alert name: ${r.alert}`);
  return r;
};
const runbook = (anchor: string) => `RUNBOOK.md#${anchor}`;
const mib = (n: number) => n * 1024 * 1024;

function nginxGroup(analysis: PlanAnalysis): RuleGroup {
  const t = analysis.deploy.alerts;
  const sloS = t.upstreamLatencyMs.value / 1000;
  return {
    name: 'headroom-nginx',
    rules: [
      rule({
        alert: 'HeadroomHigh5xxRatio',
        expr: `sum(rate(nginx_http_response_count_total{status=~"5.."}[5m])) / sum(rate(nginx_http_response_count_total[5m])) > ${t.errorRatio.value}`,
        for: '5m',
        labels: { severity: 'page' },
        annotations: { summary: 'More than 1% of responses are 5xx', description: '5xx share is {{ $value | humanizePercentage }} over 5 minutes.', runbook: runbook('5xx-responses') },
      }),
      rule({
        alert: 'HeadroomUpstreamLatencyAboveSlo',
        expr: `histogram_quantile(${t.quantile}, sum by (le) (rate(nginx_http_upstream_time_seconds_hist_bucket[5m]))) > ${sloS}`,
        for: '10m',
        labels: { severity: 'page' },
        annotations: {
          summary: `Upstream ${analysis.plan.workload.sloPercentile} above the ${t.upstreamLatencyMs.value} ms SLO`,
          description: `The app's ${analysis.plan.workload.sloPercentile} is {{ $value | humanizeDuration }}; the plan promises ${sloS} s.`,
          runbook: runbook('latency-above-the-slo'),
        },
      }),
    ],
  };
}

function appGroup(plan: Plan): RuleGroup {
  if (plan.app === 'gunicorn') {
    return {
      name: 'headroom-gunicorn',
      rules: [
        rule({
          // Gunicorn logs "WORKER TIMEOUT" at critical level; its statsd logger counts critical lines.
          alert: 'HeadroomGunicornWorkerTimeouts',
          expr: 'increase(gunicorn_log_critical[10m]) > 0',
          for: '0m',
          labels: { severity: 'ticket' },
          annotations: { summary: 'Gunicorn killed workers (WORKER TIMEOUT)', description: '{{ $value }} critical log lines in 10 minutes on {{ $labels.instance }}.', runbook: runbook('gunicorn-worker-timeouts') },
        }),
      ],
    };
  }
  return {
    name: 'headroom-php-fpm',
    rules: [
      rule({
        alert: 'HeadroomPhpFpmMaxChildrenReached',
        expr: 'increase(phpfpm_max_children_reached[10m]) > 0',
        for: '0m',
        labels: { severity: 'ticket' },
        annotations: { summary: 'PHP-FPM reached pm.max_children', description: 'Pool {{ $labels.pool }} on {{ $labels.instance }} ran out of children.', runbook: runbook('php-fpm-max-children-reached') },
      }),
      rule({
        // A listen queue that stays above 0 means requests wait for a child (DOMAIN.md F.1).
        alert: 'HeadroomPhpFpmListenQueue',
        expr: 'phpfpm_listen_queue > 0',
        for: '1m',
        labels: { severity: 'page' },
        annotations: { summary: 'Requests are queueing for PHP-FPM', description: '{{ $value }} connections in the listen queue of pool {{ $labels.pool }}.', runbook: runbook('php-fpm-listen-queue') },
      }),
    ],
  };
}

function k8sGroup(analysis: PlanAnalysis): RuleGroup {
  const ns = labelValue(analysis.plan.deploy.namespace, 'deploy.namespace');
  const pods = analysis.deploy.pods;
  const names = deploymentNames(pods.map((p) => p.kind));
  const forCpu = `${analysis.deploy.alerts.cpuAboveTargetForMin.value}m`;
  const rules = pods.flatMap((pod, i) => {
    const name = labelValue(names[i] ?? 'app', 'deployment name');
    const Name = name.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
    // Pods of a Deployment are <name>-<template hash>-<5 characters>; PromQL regexes are anchored.
    const sel = `namespace="${ns}", pod=~"${name}-[a-z0-9]{1,10}-[a-z0-9]{5}", container="app"`;
    const cores = pod.cpuMillicores.value / 1000;
    return [
      rule({
        alert: `Headroom${Name}MemoryAboveBudget`,
        expr: `max(container_memory_working_set_bytes{${sel}}) > ${mib(pod.memoryRequestMiB.value)}`,
        for: '10m',
        labels: { severity: 'ticket' },
        annotations: {
          summary: `${name}: a pod uses more memory than its budget (${pod.memoryRequestMiB.value} MiB)`,
          description: 'The workers are larger than the plan says: measure PSS and update the plan before the limit OOM-kills pods.',
          runbook: runbook('memory-above-the-budget'),
        },
      }),
      rule({
        alert: `Headroom${Name}MemoryNearLimit`,
        expr: `max(container_memory_working_set_bytes{${sel}}) > ${Math.round(mib(pod.memoryLimitMiB.value) * 0.9)}`,
        for: '5m',
        labels: { severity: 'page' },
        annotations: { summary: `${name}: a pod is within 10% of its ${pod.memoryLimitMiB.value} MiB limit`, description: 'Next: OOM kill.', runbook: runbook('memory-above-the-budget') },
      }),
      rule({
        alert: `Headroom${Name}CpuAboveHpaTarget`,
        expr: `sum(rate(container_cpu_usage_seconds_total{${sel}}[5m])) / (count(container_cpu_usage_seconds_total{${sel}}) * ${cores}) > ${pod.hpaCpuTargetPct.value / 100}`,
        for: forCpu,
        labels: { severity: 'page' },
        annotations: {
          summary: `${name}: CPU above the HPA target (${pod.hpaCpuTargetPct.value}%) for ${forCpu}`,
          description: `The HPA should have added pods; it is at maxReplicas (${pod.maxReplicas.value}) or pods cannot be scheduled. Above this the SLO is missed.`,
          runbook: runbook('cpu-above-the-hpa-target'),
        },
      }),
    ];
  });
  return { name: 'headroom-kubernetes', rules };
}

function vmGroup(analysis: PlanAnalysis): RuleGroup {
  return {
    name: 'headroom-vm',
    rules: [
      rule({
        alert: 'HeadroomServerMemoryAboveBudget',
        expr: `1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes > ${MEMORY_TARGET_SHARE}`,
        for: '10m',
        labels: { severity: 'ticket' },
        annotations: {
          summary: `A server uses more than ${MEMORY_TARGET_SHARE * 100}% of its RAM`,
          description: `The plan budgets ${Math.round(analysis.web.memory.usedShare * 100)}% on the main servers; {{ $labels.instance }} is at {{ $value | humanizePercentage }}.`,
          runbook: runbook('memory-above-the-budget'),
        },
      }),
    ],
  };
}

export function buildAlertRules(analysis: PlanAnalysis): { groups: RuleGroup[] } {
  const target = analysis.plan.deploy.target;
  const groups = [nginxGroup(analysis), appGroup(analysis.plan)];
  if (target !== 'vm') groups.push(k8sGroup(analysis));
  if (target !== 'k8s') groups.push(vmGroup(analysis));
  return { groups };
}
