/**
 * nginx upstream balancing methods and which open-source versions have them (DOMAIN.md C.5).
 * Pure. The plan may hold any method for any version (changing the version never makes a saved
 * plan unparseable); a method the target lacks is reported as an error finding here instead.
 */
import type { LbMethod, NginxVersion } from '../../plan/schema';
import type { Finding } from '../types';

export interface MethodInfo {
  label: string;
  /** The upstream{} directive, or null for the default (weighted round robin). */
  directive: string | null;
  /** First open-source nginx version that has it. */
  ossSince: string;
  /** What the method does, in one sentence. */
  note: string;
}

export const METHOD_INFO: Record<LbMethod, MethodInfo> = {
  round_robin: { label: 'Round robin (default)', directive: null, ossSince: '0.0.0', note: 'Weighted round robin: each server in turn.' },
  least_conn: { label: 'least_conn', directive: 'least_conn', ossSince: '1.3.1', note: 'The server with the fewest active connections (since 1.3.1/1.2.2).' },
  ip_hash: { label: 'ip_hash', directive: 'ip_hash', ossSince: '1.0.0', note: 'Client IPv4 /24 (or whole IPv6 address) picks the server: session persistence.' },
  hash: { label: 'hash $request_uri consistent', directive: 'hash $request_uri consistent', ossSince: '1.7.2', note: 'A key (here the URI) picks the server; consistent = ketama, little reshuffling when servers change.' },
  random_two: { label: 'random two least_conn', directive: 'random two least_conn', ossSince: '1.15.1', note: 'Two random servers, the one with fewer connections wins (power of two choices).' },
  least_time: { label: 'least_time', directive: 'least_time header', ossSince: '1.31.0', note: 'Lowest average response time and fewest connections.' },
  sticky_cookie: { label: 'sticky cookie', directive: 'sticky cookie srv_id expires=1h', ossSince: '1.29.6', note: 'A cookie binds a client to its server: session persistence.' },
};

/** Full nginx version numbers for the plan's version choices (1.22 = Debian 12, 1.28 stable, 1.30 stable). */
const FULL_VERSION: Record<NginxVersion, string> = { '1.22': '1.22.1', '1.28': '1.28.3', '1.30': '1.30.0' };

function cmp(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Does open-source nginx `version` have `method`? */
export function methodAvailable(method: LbMethod, version: NginxVersion): boolean {
  return cmp(FULL_VERSION[version], METHOD_INFO[method].ossSince) >= 0;
}

/** The rule, named: null when the method exists in the target version. */
export function methodProblem(method: LbMethod, version: NginxVersion): Finding | null {
  if (methodAvailable(method, version)) return null;
  const info = METHOD_INFO[method];
  const rule =
    method === 'least_time'
      ? 'least_time is NGINX Plus only before 1.31.0 (open source since 1.31.0, DOMAIN.md C.5)'
      : 'sticky is NGINX Plus only before 1.29.6 (open source since 1.29.6, DOMAIN.md C.5)';
  return {
    id: 'cluster-method-unavailable',
    severity: 'error',
    layer: 'nginx',
    message: `nginx ${version} has no "${info.directive ?? method}": ${rule}.`,
    fix:
      method === 'least_time'
        ? 'Use least_conn or random two least_conn (the export falls back to least_conn), or target nginx ≥ 1.31.'
        : 'Use ip_hash or hash for session persistence (the export falls back to ip_hash), or target nginx 1.30.',
    source: 'DOMAIN.md C.5',
  };
}

/** The method the export writes: the chosen one, or its open-source fallback when the version lacks it. */
export function exportedMethod(method: LbMethod, version: NginxVersion): LbMethod {
  if (methodAvailable(method, version)) return method;
  return method === 'sticky_cookie' ? 'ip_hash' : 'least_conn';
}

/** A sanity cap on weights (nginx itself parses any int; larger ratios only add rounding). */
export const MAX_WEIGHT = 1000;

/**
 * nginx's weighted round robin shares: weight / Σ weights. Weights are whole numbers ≥ 1 (nginx
 * refuses weight=0 with "invalid parameter"); returns a message instead for bad input.
 */
export function trafficShares(weights: readonly number[]): { shares: number[] } | { problem: string } {
  if (weights.length === 0) return { problem: 'An upstream needs at least one server.' };
  for (const [i, w] of weights.entries()) {
    if (!Number.isInteger(w) || w < 1) {
      return { problem: `Server ${i + 1}: weight ${w} is not allowed: nginx needs a whole number ≥ 1 ("weight=0" is an invalid parameter). To take a server out, mark it "down".` };
    }
    if (w > MAX_WEIGHT) return { problem: `Server ${i + 1}: weight ${w} is above ${MAX_WEIGHT}; keep weights small ratios (e.g. 1–10).` };
  }
  const total = weights.reduce((a, b) => a + b, 0);
  return { shares: weights.map((w) => w / total) };
}

/** Methods whose nginx module refuses the `backup` parameter ("balancing method does not support parameter backup"). */
export const NO_BACKUP_METHODS: ReadonlySet<LbMethod> = new Set<LbMethod>(['ip_hash', 'hash', 'random_two']);
