/**
 * The plan: every input the sizing engine needs, and nothing derived.
 *
 * This zod schema is the single source of truth: TypeScript types come from z.infer, the UI
 * reads each field's limits from here (see ./limits.ts), and anything from outside (URL,
 * localStorage, a pasted file, the CLI) is parsed with it. Defaults make `parsePlan({})` a
 * complete, sensible plan. Bump PLAN_FORMAT_VERSION and add a migration when a field changes
 * meaning.
 */
import { z } from 'zod';

export const PLAN_FORMAT_VERSION = 1 as const;

const int = (min: number, max: number) => z.number().int().min(min).max(max);
const num = (min: number, max: number) => z.number().min(min).max(max);

export const APP_KINDS = z.enum(['gunicorn', 'phpfpm']);
export const WORKER_CLASSES = z.enum(['sync', 'gthread', 'gevent', 'asgi']);
export const FPM_PM_MODES = z.enum(['static', 'dynamic', 'ondemand']);
export const LOAD_MODES = z.enum(['open', 'closed']);
export const SLO_PERCENTILES = z.enum(['p50', 'p95', 'p99']);
/** Versions a planner must tell apart because defaults changed (DOMAIN.md A.2, B.3, C.3). */
export const GUNICORN_VERSIONS = z.enum(['20.1', '23.0', '26.1']);
export const PHP_VERSIONS = z.enum(['8.1', '8.2', '8.3', '8.4']);
export const NGINX_VERSIONS = z.enum(['1.22', '1.28', '1.30']);

export const hardwareSchema = z
  .object({
    /** Preset the numbers came from, or 'custom' once the user edits them. */
    presetId: z.string().max(64).regex(/^[a-z0-9-]+$/).default('i7-8700-64'),
    physicalCores: int(1, 512).default(6),
    /** Hardware threads (SMT). Must be ≥ physical cores; checked in planSchema. */
    hardwareThreads: int(1, 1024).default(12),
    ramGiB: num(0.5, 8192).default(64),
    /** Per-core speed relative to the machine the CPU ms were measured on (1 = same). */
    perCoreSpeed: num(0.1, 10).default(1),
  })
  .prefault({});

export const workloadSchema = z
  .object({
    mode: LOAD_MODES.default('open'),
    /** Open loop: total requests per second arriving at nginx (static + dynamic). */
    arrivalRps: num(0, 1_000_000).default(60),
    /** Closed loop: concurrent users, each waiting thinkTimeMs between responses. */
    concurrentUsers: int(1, 1_000_000).default(300),
    thinkTimeMs: num(0, 3_600_000).default(5_000),
    /** Mean CPU time of one dynamic request on the reference core. */
    cpuMs: num(0.1, 60_000).default(25),
    /** Coefficient of variation of the CPU time (0 = constant, 1 = exponential). */
    cpuCv: num(0, 4).default(0.5),
    /** Mean time a dynamic request waits on I/O (DynamoDB, HTTP calls), not using the CPU. */
    ioWaitMs: num(0, 600_000).default(40),
    ioCv: num(0, 4).default(0.7),
    /** Share of requests that are static files served by nginx without the app. */
    staticShare: num(0, 0.99).default(0.3),
    sloPercentile: SLO_PERCENTILES.default('p95'),
    sloMs: num(1, 600_000).default(250),
    /** Longest legitimate request (uploads, reports): drives timeouts. */
    slowestRequestS: num(1, 3600).default(20),
    /** Mean response body; drives proxy buffers. */
    responseKiB: num(0.1, 102_400).default(24),
  })
  .prefault({});

export const gunicornSchema = z
  .object({
    version: GUNICORN_VERSIONS.default('23.0'),
    /** null = let the engine recommend from the I/O share. */
    workerClass: WORKER_CLASSES.nullable().default(null),
    /** PSS of one worker after warm-up (DOMAIN.md F.4: PSS, not RSS). */
    workerMemMiB: num(5, 65_536).default(150),
    masterMemMiB: num(5, 65_536).default(60),
    preload: z.boolean().default(true),
    /** With --preload: share of a worker's memory that stays shared copy-on-write. */
    preloadSharedShare: num(0, 0.9).default(0.3),
    /** Extra memory per thread / greenlet / in-flight request. */
    perConnectionMemKiB: num(0, 65_536).default(256),
    /** Seconds a new worker needs to boot (recycling cost). */
    workerBootS: num(0, 600).default(2),
  })
  .prefault({});

export const phpFpmSchema = z
  .object({
    version: PHP_VERSIONS.default('8.2'),
    pm: FPM_PM_MODES.nullable().default(null),
    /** PSS of one child (DOMAIN.md B.6: measure PSS, not RSS). */
    childMemMiB: num(5, 65_536).default(60),
    masterMemMiB: num(5, 65_536).default(30),
    /** opcache.memory_consumption: shared memory counted once (DOMAIN.md B.5). */
    opcacheMiB: num(0, 65_536).default(128),
  })
  .prefault({});

export const nginxSchema = z
  .object({
    version: NGINX_VERSIONS.default('1.22'),
    workerMemMiB: num(1, 4096).default(16),
    /** Client keep-alive idle timeout; clients hold an idle connection this long. */
    clientKeepaliveS: int(0, 3600).default(65),
    /** Browser-style parallel connections per active client. */
    connectionsPerClient: num(1, 16).default(2),
  })
  .prefault({});

export const memorySchema = z
  .object({
    osReserveMiB: num(0, 1_048_576).default(1024),
    otherProcessesMiB: num(0, 8_388_608).default(512),
  })
  .prefault({});

export const systemSchema = z
  .object({
    /** net.core.somaxconn: 4096 on Linux ≥ 5.4, 128 before (DOMAIN.md F.1). */
    somaxconn: int(1, 1_048_576).default(4096),
    /** Soft RLIMIT_NOFILE the services start with (systemd LimitNOFILE). */
    nofileSoftLimit: int(64, 16_777_216).default(1024),
  })
  .prefault({});

/**
 * Names and paths that reach the exported config files. Each is validated for its target syntax so
 * that no input can inject a directive (no newlines, ';', braces, quotes, '#', '$', backslashes or
 * non-ASCII can pass these patterns).
 */
const HOSTNAME = /^(?:_|(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*)$/;
const ABS_PATH = /^\/(?:[A-Za-z0-9._-]+\/?)*$/;
const noDotDot = (p: string) => !p.split('/').includes('..');
const absPath = (max: number, dflt: string) =>
  z
    .string()
    .max(max)
    .regex(ABS_PATH, 'an absolute path of letters, digits and . _ - / only')
    .refine(noDotDot, 'must not contain ..')
    .default(dflt);

export const deploySchema = z
  .object({
    serverName: z.string().max(253).regex(HOSTNAME, "a lowercase host name such as api.example.com, or _").default('_'),
    listenPort: int(1, 65535).default(80),
    /** How nginx reaches the app: a loopback TCP port or a unix socket. */
    appTransport: z.enum(['tcp', 'unix']).default('tcp'),
    appPort: int(1024, 65535).default(8000),
    /** Unix socket paths are limited to 107 bytes by sockaddr_un. */
    appSocketPath: absPath(107, '/run/gunicorn/app.sock'),
    /** WSGI/ASGI entry point, module:callable. */
    appModule: z
      .string()
      .max(200)
      .regex(/^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*:[A-Za-z_][A-Za-z0-9_]*$/, 'a Python module:callable such as app.wsgi:application')
      .default('app.wsgi:application'),
    appDir: absPath(200, '/srv/app'),
    staticRoot: absPath(200, '/srv/app/static'),
    /** URL prefix of static files served by nginx. */
    staticUrlPrefix: z.string().max(100).regex(/^\/(?:[A-Za-z0-9._-]+\/)*$/, 'a URL path starting and ending with /, such as /static/').default('/static/'),
    phpRoot: absPath(200, '/srv/app/public'),
    fpmSocketPath: absPath(107, '/run/php/php8.2-fpm.sock'),
    fpmPoolName: z.string().max(32).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only').default('www'),
    user: z.string().max(32).regex(/^[a-z_][a-z0-9_-]*$/, 'a Unix user name: lowercase letters, digits, _ and -').default('www-data'),
    group: z.string().max(32).regex(/^[a-z_][a-z0-9_-]*$/, 'a Unix group name: lowercase letters, digits, _ and -').default('www-data'),
  })
  .prefault({});

/**
 * What-if pins: any recommended setting the user fixes. null = use the recommendation.
 * Everything downstream (memory, performance, checks, exports) uses the pinned value.
 */
export const pinsSchema = z
  .object({
    gunicornWorkers: int(1, 4096).nullable().default(null),
    gunicornThreads: int(1, 1024).nullable().default(null),
    gunicornWorkerConnections: int(1, 100_000).nullable().default(null),
    gunicornTimeoutS: int(0, 86_400).nullable().default(null),
    gunicornGracefulTimeoutS: int(0, 86_400).nullable().default(null),
    gunicornKeepaliveS: int(0, 3600).nullable().default(null),
    gunicornMaxRequests: int(0, 10_000_000).nullable().default(null),
    gunicornMaxRequestsJitter: int(0, 10_000_000).nullable().default(null),
    gunicornBacklog: int(1, 1_048_576).nullable().default(null),
    fpmMaxChildren: int(1, 100_000).nullable().default(null),
    fpmStartServers: int(1, 100_000).nullable().default(null),
    fpmMinSpareServers: int(1, 100_000).nullable().default(null),
    fpmMaxSpareServers: int(1, 100_000).nullable().default(null),
    fpmMaxRequests: int(0, 10_000_000).nullable().default(null),
    fpmRequestTerminateTimeoutS: int(0, 86_400).nullable().default(null),
    nginxWorkerProcesses: int(1, 1024).nullable().default(null),
    nginxWorkerConnections: int(16, 1_048_576).nullable().default(null),
    nginxRlimitNofile: int(64, 16_777_216).nullable().default(null),
    nginxProxyReadTimeoutS: int(1, 86_400).nullable().default(null),
    nginxKeepaliveTimeoutS: int(0, 3600).nullable().default(null),
  })
  .prefault({});

export const planSchema = z
  .object({
    version: z.literal(PLAN_FORMAT_VERSION).default(PLAN_FORMAT_VERSION),
    name: z
      .string()
      .max(80)
      .regex(/^[\p{L}\p{N} ._()\-+/]*$/u, 'letters, digits, spaces and . _ ( ) - + / only')
      .default('My plan'),
    hardware: hardwareSchema,
    workload: workloadSchema,
    app: APP_KINDS.default('gunicorn'),
    gunicorn: gunicornSchema,
    phpfpm: phpFpmSchema,
    nginx: nginxSchema,
    memory: memorySchema,
    system: systemSchema,
    deploy: deploySchema,
    pins: pinsSchema,
  })
  .superRefine((plan, ctx) => {
    if (plan.hardware.hardwareThreads < plan.hardware.physicalCores) {
      ctx.addIssue({
        code: 'custom',
        path: ['hardware', 'hardwareThreads'],
        message: `must be ≥ physical cores (${plan.hardware.physicalCores})`,
      });
    }
    const p = plan.pins;
    if (p.fpmMinSpareServers !== null && p.fpmMaxSpareServers !== null && p.fpmMinSpareServers > p.fpmMaxSpareServers) {
      ctx.addIssue({
        code: 'custom',
        path: ['pins', 'fpmMaxSpareServers'],
        message: `must be ≥ pm.min_spare_servers (${p.fpmMinSpareServers}) — php-fpm refuses to start otherwise`,
      });
    }
  });

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

/** The default plan: what a new user sees. */
export const defaultPlan = (): Plan => planSchema.parse({});
