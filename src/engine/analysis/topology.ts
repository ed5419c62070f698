/**
 * The stack as a picture (issue 15): clients → nginx → app workers → DynamoDB, each box with its
 * load and utilisation, each arrow with its rate, the binding limit's box marked. Only numbers the
 * analysis already has, put side by side; the dashboard draws them (and lists them as text).
 */
import type { LimitKind, PlanAnalysis, TopologyEdge, TopologyNode, TopologyNodeId, TopologySection } from './types';

/** Which box holds each limit. */
export const NODE_OF_LIMIT: Record<LimitKind, TopologyNodeId> = {
  cpu: 'app',
  slots: 'app',
  memory: 'app',
  'request-time': 'app',
  fds: 'nginx',
  connections: 'nginx',
  upstream: 'nginx',
  'ddb-partition': 'dynamodb',
  'ddb-quota': 'dynamodb', 'ddb-stream': 'dynamodb',
};

const safeShare = (n: number) => (Number.isFinite(n) && n >= 0 ? n : null);

function appNode(a: PlanAnalysis): TopologyNode {
  const perf = a.web.performance;
  const pool = a.web.gunicorn ? `${a.web.gunicorn.workers.value} ${a.web.gunicorn.workerClass.value} workers` : a.web.phpfpm ? `${a.web.phpfpm.maxChildren.value} PHP-FPM children` : 'app';
  const slots = (a.web.gunicorn ?? a.web.phpfpm)?.concurrencySlots.value ?? 0;
  return {
    id: 'app',
    label: a.plan.app === 'gunicorn' ? 'Gunicorn' : 'PHP-FPM',
    servers: a.fleet.servers,
    detail: `${pool}, ${slots.toLocaleString('en-US')} slots`,
    utilisation: safeShare(perf.current.cpuUtil),
    utilisationOf: 'CPU',
    queue: safeShare(perf.current.queuedRequests),
    overloaded: a.slo.offeredOverCapacity > 1,
  };
}

function nginxNode(a: PlanAnalysis): TopologyNode {
  const n = a.web.nginx;
  const held = n.workerProcesses.value * Math.min(n.workerConnections.value, n.workerRlimitNofile.value);
  return {
    id: 'nginx',
    label: 'nginx',
    servers: a.fleet.servers,
    detail: `${n.workerProcesses.value} × ${n.workerConnections.value.toLocaleString('en-US')} connections`,
    utilisation: held > 0 ? safeShare(n.peakConnections.value / held) : null,
    utilisationOf: 'connections',
    queue: null,
    overloaded: held > 0 && n.peakConnections.value > held,
  };
}

function dynamoNode(a: PlanAnalysis): TopologyNode | null {
  const d = a.dynamodb;
  if (!d || d.units.tables.length === 0) return null;
  const hottest = Math.max(...d.units.tables.map((t) => t.hottestPartitionLoad.value));
  return {
    id: 'dynamodb',
    label: 'DynamoDB',
    servers: d.units.tables.length,
    detail: `${d.units.tables.length} table${d.units.tables.length === 1 ? '' : 's'}`,
    utilisation: safeShare(hottest),
    utilisationOf: 'partition',
    queue: null,
    overloaded: hottest > 1,
  };
}

export function topologyOf(a: PlanAnalysis): TopologySection {
  const clients: TopologyNode = { id: 'clients', label: 'Clients', servers: 1, detail: a.plan.workload.mode === 'closed' ? `${a.plan.workload.concurrentUsers} users` : 'open arrivals', utilisation: null, utilisationOf: null, queue: null, overloaded: false };
  const ddb = dynamoNode(a);
  const nodes = [clients, nginxNode(a), appNode(a), ...(ddb ? [ddb] : [])];
  const ddbOps = a.dynamodb ? a.dynamodb.units.tables.reduce((s, t) => s + t.readOpsPerSec.value + t.writeOpsPerSec.value, 0) : 0;
  const edges: TopologyEdge[] = [
    { from: 'clients', to: 'nginx', rps: a.fleet.targetRps.value, unit: 'rps' },
    { from: 'nginx', to: 'app', rps: a.rates.dynamicRps, unit: 'rps' },
    ...(ddb ? [{ from: 'app' as const, to: 'dynamodb' as const, rps: ddbOps, unit: 'ops/s' as const }] : []),
  ];
  return { nodes, edges, binding: NODE_OF_LIMIT[a.bottleneck.binding] };
}
