/**
 * Readable names of plan inputs for the comparison ("Hardware · Physical cores", not
 * `hardware.physicalCores`). The fields the dashboard shows use the dashboard's own label; the
 * rest (plan-file and CLI inputs) are named from their key with the unit spelt out.
 */

const GROUPS: Record<string, string> = {
  name: 'Plan',
  app: 'App server',
  hardware: 'Hardware',
  workload: 'Workload',
  gunicorn: 'Gunicorn',
  phpfpm: 'PHP-FPM',
  nginx: 'Nginx',
  memory: 'Memory',
  system: 'System',
  deploy: 'Deployment',
  dynamodb: 'DynamoDB',
  fleet: 'Fleet',
  cache: 'Microcache',
  edge: 'Edge / TLS',
  pins: 'Pinned setting',
};

/** The dashboard's labels (the `label` of each field), by dotted plan path. */
const LABELS: Record<string, string> = {
  name: 'Name',
  app: 'Application server',
  'hardware.presetId': 'Hardware',
  'hardware.catalogId': 'Catalog entry',
  'hardware.physicalCores': 'Physical cores',
  'hardware.hardwareThreads': 'Hardware threads',
  'hardware.ramGiB': 'RAM (GiB)',
  'hardware.perCoreSpeed': 'Per-core speed (× reference)',
  'hardware.smtGain': 'SMT gain',
  'workload.mode': 'Load model',
  'workload.arrivalRps': 'Arrival rate (rps)',
  'workload.concurrentUsers': 'Concurrent users',
  'workload.thinkTimeMs': 'Think time (ms)',
  'workload.cpuMs': 'CPU ms',
  'workload.frameworkOverheadMsRef': 'Framework overhead (ms, reference core)',
  'workload.idleWakeCpuMsRef': 'CPU after an idle gap (ms, reference core)',
  'workload.cpuCv': 'CPU CV',
  'workload.ioWaitMs': 'I/O wait (ms)',
  'workload.ioCv': 'I/O CV',
  'workload.staticShare': 'Static share',
  'workload.sloPercentile': 'SLO percentile',
  'workload.sloMs': 'SLO (ms)',
  'workload.slowestRequestS': 'Slowest request (s)',
  'workload.responseKiB': 'Response size (KiB)',
  'gunicorn.version': 'Version',
  'gunicorn.workerClass': 'Worker class',
  'gunicorn.workerMemMiB': 'Worker PSS (MiB)',
  'gunicorn.masterMemMiB': 'Master (MiB)',
  'gunicorn.preload': '--preload (load the app before forking)',
  'gunicorn.preloadSharedShare': 'Shared after preload',
  'gunicorn.perConnectionMemKiB': 'Memory per thread / connection (KiB)',
  'gunicorn.workerBootS': 'Worker boot time (s)',
  'phpfpm.version': 'Version',
  'phpfpm.pm': 'Process manager (pm)',
  'phpfpm.childMemMiB': 'Child PSS (MiB)',
  'phpfpm.masterMemMiB': 'Master (MiB)',
  'phpfpm.opcacheMiB': 'OPcache (MiB)',
  'nginx.version': 'Version',
  'nginx.workerMemMiB': 'Worker memory (MiB)',
  'nginx.clientKeepaliveS': 'Client keep-alive idle (s)',
  'nginx.connectionsPerClient': 'Connections per client',
  'memory.osReserveMiB': 'OS reserve (MiB)',
  'memory.otherProcessesMiB': 'Other processes (MiB)',
  'system.somaxconn': 'net.core.somaxconn',
  'system.nofileSoftLimit': 'nofile soft limit',
  'deploy.target': 'Target',
  'deploy.vpa': 'VerticalPodAutoscaler on the app pods',
  'deploy.k8sNginx': 'nginx on Kubernetes',
  'deploy.serverName': 'Server name',
  'deploy.listenPort': 'HTTP port',
  'deploy.appModule': 'WSGI / ASGI app',
  'deploy.appDir': 'App folder',
  'deploy.appTransport': 'nginx reaches Gunicorn by',
  'deploy.appSocketPath': 'Gunicorn socket',
  'deploy.appPort': 'Gunicorn port',
  'deploy.staticRoot': 'Static files folder',
  'deploy.staticUrlPrefix': 'Static URL prefix',
  'deploy.phpRoot': 'PHP document root',
  'deploy.fpmSocketPath': 'PHP-FPM socket',
  'deploy.fpmPort': 'PHP-FPM port',
  'deploy.fpmPoolName': 'PHP-FPM pool name',
  'deploy.user': 'Unix user',
  'deploy.group': 'Unix group',
  'deploy.namespace': 'Kubernetes namespace',
  'deploy.appImage': 'App container image',
  'edge.tls': 'TLS',
  'edge.httpsPort': 'HTTPS port',
  'edge.certPath': 'Certificate chain file',
  'edge.keyPath': 'Private key file',
  'edge.ocspStapling': 'OCSP stapling',
  'edge.chainPath': 'Issuer chain file (OCSP)',
  'edge.behindLoadBalancer': 'Behind a load balancer',
  'edge.frontLbAddress': 'Load balancer address',
  'edge.maxUploadMiB': 'Largest upload (MiB)',
  'edge.rateLimitRps': 'Per-client rate limit (rps)',
  'edge.connLimitPerClient': 'Per-client connections',
  'edge.websocket': 'WebSocket upgrade through nginx',
  'dynamodb.lambdaAccountConcurrency': 'Lambda concurrency of the account',
  'fleet.servers': 'Servers',
  'fleet.spare': 'N+1: meet the target with one server down',
  'fleet.optimizerSpare': 'N+1: every optimizer pick meets the SLO with one server down',
  'fleet.headroomShare': 'Headroom',
  'fleet.hourlyPriceUsd': 'Price per server (USD/h)',
  'fleet.lbMethod': 'Balancing method',
  'fleet.maxFails': 'max_fails',
  'fleet.failTimeoutS': 'fail_timeout (s)',
  'fleet.zones': 'Zones',
  'fleet.backupServers': 'Backup servers',
  'fleet.maxConns': 'max_conns per server',
  'fleet.weights': 'Server weights',
  'fleet.sessionS': 'Session length (s)',
  'fleet.otherKinds': 'Other server kinds',
  'cache.microcacheEnabled': 'Microcache dynamic responses',
  'cache.ttlS': 'Cache TTL (s)',
  'cache.hitRatio': 'Hit ratio',
  'cache.keys': 'Cache keys',
  'cache.avgObjectKiB': 'Average object (KiB)',
  'dynamodb.enabled': 'Plan DynamoDB',
  'dynamodb.tables': 'Tables',
};

/** Unit suffixes of plan keys, spelt out in the label. */
const UNITS: [RegExp, string][] = [
  [/MiB$/, 'MiB'],
  [/KiB$/, 'KiB'],
  [/GiB$/, 'GiB'],
  [/GB$/, 'GB'],
  [/MB$/, 'MB'],
  [/Rps$/, 'rps'],
  [/Usd$/, 'USD'],
  [/MsRef$/, 'ms, reference core'],
  [/Ms$/, 'ms'],
  [/S$/, 's'],
];

/** Words the key spells in camelCase that read as acronyms. */
const ACRONYMS: Record<string, string> = { tls: 'TLS', ocsp: 'OCSP', fpm: 'FPM', php: 'PHP', rcu: 'RCU', wcu: 'WCU', gb: 'GB', lb: 'LB', url: 'URL', pct: '%', gsis: 'GSIs', cv: 'CV', io: 'I/O' };

/** `nginxProxyReadTimeoutS` → "Nginx proxy read timeout (s)". */
export function humanizeKey(key: string): string {
  let base = key;
  let unit = '';
  for (const [re, u] of UNITS) {
    if (re.test(base) && base.replace(re, '') !== '') {
      base = base.replace(re, '');
      unit = u;
      break;
    }
  }
  const words = base
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(' ')
    .map((w) => ACRONYMS[w] ?? w)
    .join(' ');
  const text = words.charAt(0).toUpperCase() + words.slice(1);
  return unit ? `${text} (${unit})` : text;
}

/**
 * The label of a compared input. `path` is the dotted plan path; a DynamoDB table's field is
 * `dynamodb.tables[<name>].<field…>`, named "DynamoDB · table <name> · <field>".
 */
export function inputLabel(path: string): string {
  const table = /^dynamodb\.tables\[(.*?)\]\.(.+)$/.exec(path);
  if (table) {
    const rest = (table[2] as string).split('.').map(humanizeKey).join(' · ');
    return `DynamoDB · table ${table[1] as string} · ${rest}`;
  }
  const [group = path, ...rest] = path.split('.');
  const groupLabel = GROUPS[group] ?? humanizeKey(group);
  const own = LABELS[path] ?? rest.map(humanizeKey).join(' · ');
  if (rest.length === 0) return LABELS[path] ?? groupLabel;
  return `${groupLabel} · ${own}`;
}
