/**
 * The plan: every input the sizing engine needs, and nothing derived.
 *
 * This zod schema is the single source of truth: TypeScript types come from z.infer, the UI
 * reads each field's limits from here (through numberFieldSpec in ./fields.ts), and anything from outside (URL,
 * localStorage, a pasted file, the CLI) is parsed with it. Defaults make `parsePlan({})` a
 * complete, sensible plan. Bump PLAN_FORMAT_VERSION and add a migration when a field changes
 * meaning.
 */
// zod/mini: the same validation core with tree-shakable functions instead of chained methods. The
// schema is needed before the first numbers paint, and classic zod alone costs ~23 KB gzip there.
import * as z from 'zod/mini';
import { dynamodbSchema } from './dynamodb-schema';
import { edgeSchema } from './edge-schema';
import { measuredSchema } from './measured-schema';
import { freeName, type RuleParams } from './rules';

export const PLAN_FORMAT_VERSION = 1 as const;

const int = (min: number, max: number) => z.int().check(z.minimum(min), z.maximum(max));
const num = (min: number, max: number) => z.number().check(z.minimum(min), z.maximum(max));
/** `schema` with a default value (classic zod's `.default()`). */
const d = <T extends z.ZodMiniType>(schema: T, value: z.output<T>) => z._default(schema, value as never);
/** A pinnable value: null = use the recommendation. */
const pin = (min: number, max: number) => d(z.nullable(int(min, max)), null);
const str = (max: number, re: RegExp, message: string) => z.string().check(z.maxLength(max, `at most ${max} characters`), z.regex(re, message));

export const APP_KINDS = z.enum(['gunicorn', 'phpfpm']);
export const WORKER_CLASSES = z.enum(['sync', 'gthread', 'gevent', 'asgi']);
export const FPM_PM_MODES = z.enum(['static', 'dynamic', 'ondemand']);
export const LOAD_MODES = z.enum(['open', 'closed']);
export const SLO_PERCENTILES = z.enum(['p50', 'p95', 'p99']);
/** Versions a planner must tell apart because defaults changed (DOMAIN.md A.2, B.3, C.3). */
export const GUNICORN_VERSIONS = z.enum(['20.1', '23.0', '26.1']);
export const PHP_VERSIONS = z.enum(['8.1', '8.2', '8.3', '8.4']);
export const NGINX_VERSIONS = z.enum(['1.22', '1.28', '1.30']);
/**
 * nginx upstream balancing methods (DOMAIN.md C.5). least_time and sticky are offered for every
 * version; the engine reports an error finding when the target version lacks them, so changing the
 * version never makes a saved plan unparseable.
 */
/** Where the exported files deploy to (issue 17): VMs with systemd, Kubernetes, or both (the default, so a new user sees every file). */
export const DEPLOY_TARGETS = z.enum(['both', 'vm', 'k8s']);
/** A VerticalPodAutoscaler next to the exported HPA: none, recommendations only (updateMode Off), or Auto (fights an HPA on CPU, DOMAIN.md G.6). */
export const VPA_MODES = z.enum(['none', 'recommend', 'auto']);
/** nginx on Kubernetes: an ingress-nginx Ingress with the nginx sizing as annotations, or its own Deployment running the exported nginx.conf. */
export const K8S_NGINX_MODES = z.enum(['ingress', 'deployment']);
export const LB_METHODS = z.enum(['round_robin', 'least_conn', 'ip_hash', 'hash', 'random_two', 'least_time', 'sticky_cookie']);

export const hardwareSchema = z.prefault(
  z.object({
    /** Preset the numbers came from, or 'custom' once the user edits them. */
    presetId: d(str(64, /^[a-z0-9-]+$/, 'a preset id: lowercase letters, digits and -'), 'i7-8700-64'),
    physicalCores: d(int(1, 512), 6),
    /** Hardware threads (SMT). Must be ≥ physical cores; checked in planSchema. */
    hardwareThreads: d(int(1, 1024), 12),
    ramGiB: d(num(0.5, 8192), 64),
    /** Per-core speed relative to the machine the CPU ms were measured on (1 = same). */
    perCoreSpeed: d(num(0.1, 10), 1),
    /**
     * Hardware catalog entry (public/catalog/hardware.json) the numbers came from, or null for
     * custom hardware. The numbers above stay in the plan, so a link still opens when the catalog
     * changes or drops the entry.
     */
    catalogId: d(z.nullable(str(64, /^[a-z0-9][a-z0-9-]*$/, 'a catalog id: lowercase letters, digits and -')), null),
    /** Throughput a second hardware thread adds to a busy core, as a share of a core (SMT gain). */
    smtGain: d(num(0, 1), 0.25),
  }),
  {},
);

/** N identical servers behind nginx load balancing (issue 6). */
export const MAX_FLEET_SERVERS = 10_000;
/** Other server kinds in the same upstream (issue 7), besides the plan's own hardware. */
export const MAX_OTHER_KINDS = 8;
/** The kind name of the plan's own hardware in lists and exported file names. */
export const PRIMARY_KIND_NAME = 'main';
/** A server kind's name is a token of at most this many characters (it names exported files). */
const KIND_NAME_MAX_LENGTH = 32;
/** nginx's server weight range used here (nginx itself accepts larger; 1000 is plenty for mixed hardware). */
export const MAX_SERVER_WEIGHT = 1000;

/**
 * Another kind of server behind the same nginx upstream, e.g. "2 old servers": its own hardware,
 * count and nginx weight. The app settings of each kind are sized for its own hardware and its share
 * of the traffic (weight / Σ weights). The name ends up in exported file names, so it is a token.
 */
export const serverKindSchema = z.object({
  name: d(str(KIND_NAME_MAX_LENGTH, /^[A-Za-z0-9_-]+$/, 'use letters, digits, _ and - only').check(z.minLength(1, 'is required')), 'other'),
  servers: d(int(1, MAX_FLEET_SERVERS), 1),
  physicalCores: d(int(1, 512), 4),
  /** ≥ physical cores; checked in planSchema. */
  hardwareThreads: d(int(1, 1024), 8),
  ramGiB: d(num(0.5, 8192), 32),
  perCoreSpeed: d(num(0.1, 10), 1),
  weight: d(int(1, MAX_SERVER_WEIGHT), 1),
  /** USD per server-hour; null = unknown. */
  hourlyPriceUsd: d(z.nullable(num(0, 10_000)), null),
});
export const fleetSchema = z.prefault(
  z.object({
    servers: d(int(1, MAX_FLEET_SERVERS), 1),
    /** N+1: size so the fleet still meets the target with one server down. */
    spare: d(z.boolean(), false),
    /** The optimizer's picks keep one spare server (meet the SLO with one server down) unless turned off (issue 15). */
    optimizerSpare: d(z.boolean(), true),
    /** Share of capacity kept free at the target load (0.3 = plan for ≤ 70% of capacity). */
    headroomShare: d(num(0, 0.9), 0.3),
    /** Price of one server for custom hardware (USD per hour); null = unknown (catalog prices apply to catalog entries). */
    hourlyPriceUsd: d(z.nullable(num(0, 10_000)), null),
    /** Upstream balancing method (issue 7, DOMAIN.md C.5). */
    lbMethod: d(LB_METHODS, 'round_robin'),
    /** Passive health check: failures within fail_timeout that mark a server down (0 = never). nginx default 1. */
    maxFails: d(int(0, 100), 1),
    /** nginx default 10 s. */
    failTimeoutS: d(int(1, 3600), 10),
    /** Availability zones the servers are spread over evenly (for the "one zone down" what-if). */
    zones: d(int(1, 10), 1),
    /** Extra servers marked `backup`: used only when every primary server is down; not counted as serving. */
    backupServers: d(int(0, 100), 0),
    /** max_conns per server (nginx ≥ 1.11.5 open source); null = unlimited. */
    maxConns: d(z.nullable(int(1, 100_000)), null),
    /** nginx server weights, one per (primary) server, for mixed hardware; null = all 1. Length checked in planSchema. */
    weights: d(z.nullable(z.array(z.int()).check(z.maxLength(MAX_FLEET_SERVERS))), null),
    /** Longest client session (s), e.g. a websocket or long poll: drives the draining time. */
    sessionS: d(int(0, 86_400), 0),
    /** Other server kinds in the upstream (mixed hardware); [] = every server has the plan's hardware. */
    otherKinds: d(z.array(serverKindSchema).check(z.maxLength(MAX_OTHER_KINDS)), []),
  }),
  {},
);

/** Microcache in front of the app (issue 7, DOMAIN.md C.4). */
export const cacheSchema = z.prefault(
  z.object({
    microcacheEnabled: d(z.boolean(), false),
    /** proxy_cache_valid for 200 responses, seconds. */
    ttlS: d(int(0, 3600), 1),
    /** Share of dynamic requests answered from the cache. */
    hitRatio: d(num(0, 1), 0.5),
    /** Distinct cache keys (URLs) kept. */
    keys: d(int(1, 1_000_000_000), 10_000),
    avgObjectKiB: d(num(0.1, 102_400), 24),
    /** proxy_cache_lock on: one request per key fills the cache, the others wait. */
    lock: d(z.boolean(), true),
    /** proxy_cache_use_stale updating: serve the stale copy while one request refreshes it. */
    staleWhileUpdating: d(z.boolean(), true),
  }),
  {},
);

export const workloadSchema = z.prefault(
  z.object({
    mode: d(LOAD_MODES, 'open'),
    /** Open loop: total requests per second arriving at nginx (static + dynamic). */
    arrivalRps: d(num(0, 1_000_000), 60),
    /** Closed loop: concurrent users, each waiting thinkTimeMs between responses. */
    concurrentUsers: d(int(1, 1_000_000), 300),
    thinkTimeMs: d(num(0, 3_600_000), 5_000),
    /** Mean CPU time of one dynamic request on the reference core. */
    cpuMs: d(num(0.1, 60_000), 25),
    /**
     * CPU the server itself spends per request on the reference core, beyond the app's cpuMs
     * (parsing, WSGI/FastCGI, logging). 0 = already included in cpuMs. Measured here on empty apps
     * (bench/realserver overhead-* sweeps): Gunicorn 20.1 ≈ 0.10–0.16 ms (sync, gthread, gevent),
     * PHP-FPM 8.2 ≈ 0.05 ms plus ≈ 0.04 ms in nginx for FastCGI.
     */
    frameworkOverheadMsRef: d(num(0, 1000), 0),
    /**
     * Extra CPU per request on the reference core when the core sat idle before it (cold caches and
     * the wake-up path after an idle gap; it builds up over ~5 ms of idling and is not paid while
     * the cores stay busy, so it changes no capacity). 0 = off: cpuMs is what a request costs at
     * any load. Measured here with the empty apps and wrk pausing 30 ms between requests
     * (bench/realserver/wake-cost.sh): IDLE_WAKE_MEASURED_MS in ./measured-costs.ts (Gunicorn 20.1
     * 0.62–0.93 ms by worker class, PHP-FPM 8.2 + nginx 0.48 ms).
     */
    idleWakeCpuMsRef: d(num(0, 100), 0),
    /** Coefficient of variation of the CPU time (0 = constant, 1 = exponential). */
    cpuCv: d(num(0, 4), 0.5),
    /** Mean time a dynamic request waits on I/O (DynamoDB, HTTP calls), not using the CPU. */
    ioWaitMs: d(num(0, 600_000), 40),
    ioCv: d(num(0, 4), 0.7),
    /** Share of requests that are static files served by nginx without the app. */
    staticShare: d(num(0, 0.99), 0.3),
    sloPercentile: d(SLO_PERCENTILES, 'p95'),
    sloMs: d(num(1, 600_000), 250),
    /** Longest legitimate request (uploads, reports): drives timeouts. */
    slowestRequestS: d(num(1, 3600), 20),
    /** Mean response body; drives proxy buffers. */
    responseKiB: d(num(0.1, 102_400), 24),
  }),
  {},
);

export const gunicornSchema = z.prefault(
  z.object({
    version: d(GUNICORN_VERSIONS, '23.0'),
    /** null = let the engine recommend from the I/O share. */
    workerClass: d(z.nullable(WORKER_CLASSES), null),
    /** PSS of one worker after warm-up (DOMAIN.md F.4: PSS, not RSS). */
    workerMemMiB: d(num(5, 65_536), 150),
    masterMemMiB: d(num(5, 65_536), 60),
    preload: d(z.boolean(), true),
    /** With --preload: share of a worker's memory that stays shared copy-on-write. */
    preloadSharedShare: d(num(0, 0.9), 0.3),
    /** Extra memory per thread / greenlet / in-flight request. */
    perConnectionMemKiB: d(num(0, 65_536), 256),
    /** Seconds a new worker needs to boot (recycling cost). */
    workerBootS: d(num(0, 600), 2),
    /**
     * Keep-alive stickiness (gthread/gevent/ASGI): each client connection stays on the worker that
     * accepted it, and one worker accepts up to worker_connections of them, so few persistent
     * connections leave the other workers idle. Off = requests spread over every worker.
     */
    keepAliveSticky: d(z.boolean(), false),
    /** Persistent connections reaching Gunicorn when sticky; null = closed loop: one per user; open loop: nginx's upstream keep-alive pool (32 per nginx worker). */
    persistentConnections: d(z.nullable(int(1, 1_000_000)), null),
  }),
  {},
);

export const phpFpmSchema = z.prefault(
  z.object({
    version: d(PHP_VERSIONS, '8.2'),
    pm: d(z.nullable(FPM_PM_MODES), null),
    /** PSS of one child (DOMAIN.md B.6: measure PSS, not RSS). */
    childMemMiB: d(num(5, 65_536), 60),
    masterMemMiB: d(num(5, 65_536), 30),
    /** opcache.memory_consumption: shared memory counted once (DOMAIN.md B.5). */
    opcacheMiB: d(num(0, 65_536), 128),
  }),
  {},
);

export const nginxSchema = z.prefault(
  z.object({
    version: d(NGINX_VERSIONS, '1.22'),
    workerMemMiB: d(num(1, 4096), 16),
    /** Client keep-alive idle timeout; clients hold an idle connection this long. */
    clientKeepaliveS: d(int(0, 3600), 65),
    /** Browser-style parallel connections per active client. */
    connectionsPerClient: d(num(1, 16), 2),
  }),
  {},
);

export const memorySchema = z.prefault(
  z.object({
    osReserveMiB: d(num(0, 1_048_576), 1024),
    otherProcessesMiB: d(num(0, 8_388_608), 512),
  }),
  {},
);

export const systemSchema = z.prefault(
  z.object({
    /** net.core.somaxconn: 4096 on Linux ≥ 5.4, 128 before (DOMAIN.md F.1). */
    somaxconn: d(int(1, 1_048_576), 4096),
    /** Soft RLIMIT_NOFILE the services start with (systemd LimitNOFILE). */
    nofileSoftLimit: d(int(64, 16_777_216), 1024),
  }),
  {},
);

/**
 * Names and paths that reach the exported config files. Each is validated for its target syntax so
 * that no input can inject a directive (no newlines, ';', braces, quotes, '#', '$', backslashes or
 * non-ASCII can pass these patterns).
 */
const HOSTNAME = /^(?:_|(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*)$/;
// Segments are separated by one mandatory '/', with an optional trailing one: an optional slash
// inside a repeated group (`(?:seg\/?)*`) backtracks exponentially on a bad character: 0.6 s in Node
// for "/" + 24 letters + "!", doubling with each letter, and the store validates on every keypress.
const ABS_PATH = /^\/(?:[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*\/?)?$/;
const noDotDot = (p: string) => !p.split('/').includes('..');
/** Python 3 keywords cannot be module or attribute names: gunicorn would fail to import the app (the export's own guard uses the same list). */
export const PYTHON_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '),
);
const absPath = (max: number, dflt: string) =>
  d(str(max, ABS_PATH, 'an absolute path of letters, digits and . _ - / only').check(z.refine(noDotDot, 'must not contain ..')), dflt);

export const deploySchema = z.prefault(
  z.object({
    serverName: d(str(253, HOSTNAME, 'a lowercase host name such as api.example.com, or _'), '_'),
    listenPort: d(int(1, 65535), 80),
    /** How nginx reaches the app: a loopback TCP port or a unix socket. */
    appTransport: d(z.enum(['tcp', 'unix']), 'tcp'),
    appPort: d(int(1024, 65535), 8000),
    /** Unix socket paths are limited to 107 bytes by sockaddr_un. */
    appSocketPath: absPath(107, '/run/gunicorn/app.sock'),
    /** WSGI/ASGI entry point, module:callable. */
    appModule: d(
      str(200, /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*:[A-Za-z_][A-Za-z0-9_]*$/, 'a Python module:callable such as app.wsgi:application').check(
        z.refine((m) => !m.split(/[.:]/).some((part) => PYTHON_KEYWORDS.has(part)), 'must not use a Python keyword (e.g. class, import) as a name'),
      ),
      'app.wsgi:application',
    ),
    appDir: absPath(200, '/srv/app'),
    staticRoot: absPath(200, '/srv/app/static'),
    /** URL prefix of static files served by nginx. */
    staticUrlPrefix: d(
      str(100, /^\/(?:[A-Za-z0-9._-]+\/)*$/, 'a URL path starting and ending with /, such as /static/').check(z.refine(noDotDot, 'must not contain ..')),
      '/static/',
    ),
    phpRoot: absPath(200, '/srv/app/public'),
    fpmSocketPath: absPath(107, '/run/php/php8.2-fpm.sock'),
    /** PHP-FPM's TCP port when nginx reaches several app servers (a multi-server upstream); one server uses fpmSocketPath. */
    fpmPort: d(int(1024, 65535), 9000),
    // "global" (any case) is php-fpm's own section name: a pool called that is refused.
    fpmPoolName: d(
      str(32, /^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only').check(z.refine((n) => n.toLowerCase() !== 'global', 'must not be "global" (php-fpm\'s own section)')),
      'www',
    ),
    user: d(str(32, /^[a-z_][a-z0-9_-]*$/, 'a Unix user name: lowercase letters, digits, _ and -'), 'www-data'),
    group: d(str(32, /^[a-z_][a-z0-9_-]*$/, 'a Unix group name: lowercase letters, digits, _ and -'), 'www-data'),
    /** Which deployment files the export writes (systemd units and server configs, Kubernetes objects, or both). */
    target: d(DEPLOY_TARGETS, 'both'),
    /** Kubernetes namespace of the exported objects (a DNS-1123 label). */
    namespace: d(str(63, /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'a Kubernetes namespace: lowercase letters, digits and -, starting and ending with a letter or digit'), 'default'),
    /** Container image of the app (placeholder until you set it): registry/name:tag. */
    appImage: d(
      str(200, /^[a-z0-9][a-z0-9._/-]*(?::[A-Za-z0-9._-]{1,128})?$/, 'an image reference such as registry.example.com/app:1.2').check(z.refine(noDotDot, 'must not contain ..')),
      'registry.example.com/app:latest',
    ),
    /** A VerticalPodAutoscaler on the same pods, if you run one. */
    vpa: d(VPA_MODES, 'none'),
    /** How Kubernetes runs nginx (only read when the target includes Kubernetes). */
    k8sNginx: d(K8S_NGINX_MODES, 'ingress'),
  }),
  {},
);

/**
 * What-if pins: any recommended setting the user fixes. null = use the recommendation.
 * Everything downstream (memory, performance, checks, exports) uses the pinned value.
 */
export const pinsSchema = z.prefault(
  z.object({
    gunicornWorkers: pin(1, 4096),
    gunicornThreads: pin(1, 1024),
    gunicornWorkerConnections: pin(1, 100_000),
    gunicornTimeoutS: pin(0, 86_400),
    gunicornGracefulTimeoutS: pin(0, 86_400),
    gunicornKeepaliveS: pin(0, 3600),
    gunicornMaxRequests: pin(0, 10_000_000),
    gunicornMaxRequestsJitter: pin(0, 10_000_000),
    gunicornBacklog: pin(1, 1_048_576),
    fpmMaxChildren: pin(1, 100_000),
    fpmStartServers: pin(1, 100_000),
    fpmMinSpareServers: pin(1, 100_000),
    fpmMaxSpareServers: pin(1, 100_000),
    fpmMaxRequests: pin(0, 10_000_000),
    fpmRequestTerminateTimeoutS: pin(0, 86_400),
    nginxWorkerProcesses: pin(1, 1024),
    nginxWorkerConnections: pin(16, 1_048_576),
    nginxRlimitNofile: pin(64, 16_777_216),
    nginxProxyReadTimeoutS: pin(1, 86_400),
    nginxKeepaliveTimeoutS: pin(0, 3600),
  }),
  {},
);

/** The plan's sections; every rule that reads one section only lives in that section's schema. */
const planObjectSchema = z.object({
  version: d(z.literal(PLAN_FORMAT_VERSION), PLAN_FORMAT_VERSION),
  // A visible name: it heads every exported file and the saved-plans list (issue 11 item 7).
  name: d(
    str(80, /^[\p{L}\p{N} ._()\-+/]*$/u, 'letters, digits, spaces and . _ ( ) - + / only').check(z.refine((n) => n.trim().length > 0, 'is required: 1–80 characters, not only spaces')),
    'My plan',
  ),
  hardware: hardwareSchema,
  workload: workloadSchema,
  app: d(APP_KINDS, 'gunicorn'),
  gunicorn: gunicornSchema,
  phpfpm: phpFpmSchema,
  nginx: nginxSchema,
  memory: memorySchema,
  system: systemSchema,
  deploy: deploySchema,
  dynamodb: dynamodbSchema,
  fleet: fleetSchema,
  cache: cacheSchema,
  edge: edgeSchema,
  pins: pinsSchema,
  /** Provenance of calibrated inputs (issue 14): which fields were measured, from which files, when. */
  measured: measuredSchema,
});

export interface PlanIssue {
  path: (string | number)[];
  message: string;
  /** The fields whose defaults make the rule hold (src/plan/rules.ts); restorePlan resets them. */
  params?: RuleParams;
}

/** Threads below cores: the pair goes back to its defaults (the defaults hold the rule). */
const THREADS_PAIR = { resets: [['physicalCores'], ['hardwareThreads']] };

/**
 * The rules that read more than one section (threads ≥ cores, one weight per server, …), in the
 * order the schema reports them. The plan store checks an edit with the edited sections' schemas
 * and these (src/state/plan-store.ts), which is what planSchema checks, without re-parsing the
 * sections that did not change.
 */
export function planCrossFieldIssues(plan: z.output<typeof planObjectSchema>): PlanIssue[] {
  const issues: PlanIssue[] = [];
  if (plan.hardware.hardwareThreads < plan.hardware.physicalCores) {
    issues.push({ path: ['hardware', 'hardwareThreads'], message: `must be ≥ physical cores (${plan.hardware.physicalCores})`, params: THREADS_PAIR });
  }
  const wts = plan.fleet.weights;
  if (wts !== null && (wts.length !== plan.fleet.servers || wts.some((w) => !Number.isInteger(w) || w < 1 || w > MAX_SERVER_WEIGHT))) {
    issues.push({ path: ['fleet', 'weights'], message: `weights: one per server, 1–${MAX_SERVER_WEIGHT} (nginx's server weight)` });
  }
  const kinds = plan.fleet.otherKinds;
  const names = new Set<string>();
  // Every name in the plan, so a replacement for a duplicate cannot take a later kind's name.
  const taken = new Set([PRIMARY_KIND_NAME, ...kinds.map((k) => k.name.toLowerCase())]);
  kinds.forEach((k, i) => {
    if (k.hardwareThreads < k.physicalCores) {
      issues.push({ path: ['fleet', 'otherKinds', i, 'hardwareThreads'], message: `must be ≥ physical cores (${k.physicalCores})`, params: THREADS_PAIR });
    }
    let name = k.name;
    if (names.has(name.toLowerCase()) || name.toLowerCase() === PRIMARY_KIND_NAME) {
      name = freeName(name, taken, KIND_NAME_MAX_LENGTH);
      taken.add(name.toLowerCase());
      issues.push({ path: ['fleet', 'otherKinds', i, 'name'], message: `must be unique (and not "${PRIMARY_KIND_NAME}", the plan's own hardware)`, params: { replaceWith: name } });
    }
    names.add(name.toLowerCase());
  });
  const total = plan.fleet.servers + kinds.reduce((a, k) => a + k.servers, 0);
  if (total > MAX_FLEET_SERVERS) {
    issues.push({ path: ['fleet', 'otherKinds'], message: `servers of all kinds must total at most ${MAX_FLEET_SERVERS.toLocaleString('en-US')} (now ${total.toLocaleString('en-US')})` });
  }
  const p = plan.pins;
  if (p.fpmMinSpareServers !== null && p.fpmMaxSpareServers !== null && p.fpmMinSpareServers > p.fpmMaxSpareServers) {
    issues.push({ path: ['pins', 'fpmMaxSpareServers'], message: `must be ≥ pm.min_spare_servers (${p.fpmMinSpareServers}) — php-fpm refuses to start otherwise` });
  }
  return issues;
}

/** Each top-level section's schema, by key (the plan store validates an edited section alone). */
export const PLAN_SECTION_SCHEMAS: Readonly<Record<string, z.ZodMiniType>> = planObjectSchema.shape;

export const planSchema = planObjectSchema.check(
  z.superRefine((plan, ctx) => {
    for (const issue of planCrossFieldIssues(plan)) ctx.addIssue({ code: 'custom', ...issue });
  }),
);

export type Plan = z.infer<typeof planSchema>;
export type PlanInput = z.input<typeof planSchema>;
export type AppKind = z.infer<typeof APP_KINDS>;
export type WorkerClass = z.infer<typeof WORKER_CLASSES>;
export type FpmPm = z.infer<typeof FPM_PM_MODES>;
export type SloPercentile = z.infer<typeof SLO_PERCENTILES>;
export type GunicornVersion = z.infer<typeof GUNICORN_VERSIONS>;
export type PhpVersion = z.infer<typeof PHP_VERSIONS>;
export type NginxVersion = z.infer<typeof NGINX_VERSIONS>;
export type Pins = Plan['pins'];
export type Fleet = Plan['fleet'];
export type Hardware = Plan['hardware'];
export type LbMethod = z.infer<typeof LB_METHODS>;
export type DeployTarget = z.infer<typeof DEPLOY_TARGETS>;
export type K8sNginxMode = z.infer<typeof K8S_NGINX_MODES>;
export type CachePlan = Plan['cache'];
export type ServerKind = z.infer<typeof serverKindSchema>;

/** The default plan: what a new user sees. */
export const defaultPlan = (): Plan => planSchema.parse({});
