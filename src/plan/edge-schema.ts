/**
 * The public edge of the plan (issue 12): where TLS terminates, the largest request body, the
 * front load balancer's address, and the optional per-client limits. Defaults keep every saved
 * plan opening (a plan without `edge` gets TLS at nginx, 10 MiB uploads and no rate limit).
 */
import * as z from 'zod/mini';

const d = <T extends z.ZodMiniType>(schema: T, value: z.output<T>) => z._default(schema, value as never);
const int = (min: number, max: number, what: string, unit = '') =>
  z.int().check(z.minimum(min, `${what} must be at least ${min}${unit}`), z.maximum(max, `${what} must be at most ${max}${unit}`));

/**
 * nginx: nginx holds the certificate (443 block, HTTP→HTTPS redirect, HSTS).
 * front-lb: a load balancer in front terminates TLS and sends plain HTTP with X-Forwarded-Proto.
 * off: plain HTTP only (a private network or a test); the README says it is not for the internet.
 */
export const TLS_MODES = z.enum(['nginx', 'front-lb', 'off']);
export type TlsMode = z.infer<typeof TLS_MODES>;

/** An IPv4 address or CIDR block (what set_real_ip_from, geo and forwarded_allow_ips accept). */
const IPV4_CIDR = /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\/(?:3[0-2]|[12]?\d))?$/;
/** Segments without an optional slash inside the repetition: linear time on any input (no backtracking blow-up). */
const ABS_PATH = /^(?:\/[A-Za-z0-9._-]+)+$/;
const noDotDot = (p: string) => !p.split('/').includes('..');
const path = (dflt: string) =>
  d(
    z.string().check(z.maxLength(200, 'at most 200 characters'), z.regex(ABS_PATH, 'an absolute file path of letters, digits and . _ - / only'), z.refine(noDotDot, 'must not contain ..')),
    dflt,
  );

/** TEST-NET-2 (RFC 5737): never a real host, and not one of the 10.0.0.x app-server placeholders. */
export const FRONT_LB_PLACEHOLDER = '198.51.100.0/24';
/** Largest request body nginx accepts (client_max_body_size); nginx's own default is 1 MiB. */
export const MAX_UPLOAD_MIB = 4096;

export const edgeSchema = z.prefault(
  z.object({
    tls: d(TLS_MODES, 'nginx'),
    /** Port of the TLS server block (deploy.listenPort stays the plain-HTTP port that redirects). */
    httpsPort: d(int(1, 65535, 'the HTTPS port'), 443),
    /** Certificate chain and key nginx loads (placeholders named in the bundle README). */
    certPath: path('/etc/ssl/headroom/fullchain.pem'),
    keyPath: path('/etc/ssl/headroom/privkey.pem'),
    /**
     * OCSP stapling: only for a CA that runs an OCSP responder (Let's Encrypt stopped in 2025);
     * needs the issuer chain (chainPath) and a resolver.
     */
    ocspStapling: d(z.boolean(), false),
    chainPath: path('/etc/ssl/headroom/chain.pem'),
    /** The front load balancer's address or CIDR: trusted for X-Forwarded-For / -Proto (a placeholder to replace). */
    frontLbAddress: d(z.string().check(z.regex(IPV4_CIDR, 'an IPv4 address or CIDR block such as 10.0.0.0/8')), FRONT_LB_PLACEHOLDER),
    /** Is there a front load balancer (also with TLS at nginx, e.g. a TCP balancer)? front-lb implies it. */
    behindLoadBalancer: d(z.boolean(), false),
    /** Largest upload (request body) a client legitimately sends, MiB. */
    maxUploadMiB: d(int(1, MAX_UPLOAD_MIB, 'the largest upload', ' MiB'), 10),
    /** Per-client request rate limit (limit_req), requests/s; null = no limit. */
    rateLimitRps: d(z.nullable(int(1, 100_000, 'the per-client rate limit', '/s')), null),
    /** Per-client open connections (limit_conn, which nginx caps below 65536); null = no limit. */
    connLimitPerClient: d(z.nullable(int(1, 65_535, 'the per-client connection limit')), null),
    /** WebSocket upgrade through nginx (Gunicorn ASGI / gevent apps). */
    websocket: d(z.boolean(), false),
  }),
  {},
);

export type EdgePlan = z.infer<typeof edgeSchema>;
