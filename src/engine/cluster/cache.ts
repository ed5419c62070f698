/**
 * Microcache arithmetic (DOMAIN.md C.4). Pure.
 *
 * Static files (workload.staticShare) are already served by nginx; of the dynamic requests a share
 * `hitRatio` is answered from the cache, so the app sees dynamic × (1 − hitRatio). With
 * proxy_cache_lock + proxy_cache_use_stale updating, one key costs at most one backend request per
 * TTL per nginx host, which caps how much a hot key can cost. The keys zone holds about 8,000
 * keys per MB; the cached bodies live on disk (keys × average object).
 */
import type { CachePlan } from '../../plan/schema';
import { backendFactor } from '../context';
import { explain, round } from '../explain';
import type { Explained, Finding } from '../types';

/** "One megabyte zone can store about 8 thousand keys" (ngx_http_proxy_module, DOMAIN.md C.4). */
export const KEYS_PER_MB = 8000;

export interface CacheInput {
  cache: CachePlan;
  /** Dynamic requests/s reaching nginx (total × (1 − static share)). */
  dynamicRps: number;
  /** Total requests/s at nginx (static + dynamic). */
  totalRps: number;
  /** nginx hosts that each keep their own cache (1: one load balancer in front, as exported). */
  nginxHosts?: number;
}

export interface CacheResult {
  enabled: boolean;
  /** Share of dynamic requests that reach the app (1 − hit ratio, or 1 when off). */
  backendFactor: number;
  backendWithoutRps: Explained;
  backendWithRps: Explained;
  /** Upper bound on backend requests/s for one hot key (null: no lock/stale or TTL 0). */
  hotKeyMaxRps: Explained<number | null>;
  zoneMiB: Explained;
  diskMiB: Explained;
  findings: Finding[];
}

/** A clear message for a hit ratio outside 0–1, or null. */
export function hitRatioProblem(h: number): string | null {
  if (!Number.isFinite(h) || h < 0 || h > 1) return `A hit ratio is a share between 0 and 1 (0% to 100%); ${h} is not.`;
  return null;
}

export function cacheEffect(input: CacheInput): CacheResult {
  const c = input.cache;
  const problem = hitRatioProblem(c.hitRatio);
  if (problem) throw new RangeError(problem);
  const hosts = Math.max(1, Math.floor(input.nginxHosts ?? 1));
  const enabled = c.microcacheEnabled && c.ttlS > 0;
  // Same factor as the sizing uses (floored at 1%: every key misses at least once per TTL).
  const factor = backendFactor(c);
  const dyn = input.dynamicRps;

  const without = explain(round(dyn, 1), {
    key: 'cache_backend_without_rps',
    label: 'Backend rate without the microcache',
    unit: 'rps',
    formula: 'total × (1 − static share)',
    inputs: { totalRps: round(input.totalRps, 1), dynamicRps: round(dyn, 1) },
    why: 'Static files are served by nginx itself; every dynamic request reaches the app.',
  });
  const withE = explain(round(dyn * factor, 1), {
    key: 'cache_backend_with_rps',
    label: 'Backend rate with the microcache',
    unit: 'rps',
    formula: enabled ? 'dynamic × (1 − hit ratio)' : 'dynamic (microcache off)',
    inputs: { dynamicRps: round(dyn, 1), hitRatio: c.hitRatio, enabled },
    why: enabled
      ? 'Hits are answered by nginx from the cache; only misses and expired entries reach the app.'
      : c.microcacheEnabled
        ? 'A TTL of 0 s caches nothing.'
        : 'The microcache is off.',
  });
  const capped = enabled && c.lock && c.staleWhileUpdating;
  const hot = explain<number | null>(capped ? round(hosts / c.ttlS, 3) : null, {
    key: 'cache_hot_key_rps',
    label: 'Backend requests per hot key (max)',
    unit: 'rps',
    formula: capped ? 'nginx hosts / TTL' : 'unbounded (needs lock + stale-while-updating)',
    inputs: { nginxHosts: hosts, ttlS: c.ttlS, lock: c.lock, staleWhileUpdating: c.staleWhileUpdating },
    why: capped
      ? 'With proxy_cache_lock and proxy_cache_use_stale updating, one request per key per TTL per nginx host refreshes the entry; the others get the cached or stale copy (DOMAIN.md C.4).'
      : 'Without the lock every request that misses while an entry is being filled goes to the app, and without stale-while-updating each expiry causes a burst of misses.',
  });
  const zoneMiB = Math.max(1, Math.ceil(c.keys / KEYS_PER_MB));
  const zone = explain(zoneMiB, {
    key: 'keys_zone',
    label: 'Cache keys zone (shared memory)',
    unit: 'MiB',
    formula: 'max(1, ⌈keys / 8,000⌉)',
    inputs: { keys: c.keys, keysPerMB: KEYS_PER_MB },
    why: '"One megabyte zone can store about 8 thousand keys" (nginx docs, DOMAIN.md C.4). Counted in the nginx memory line when the cache is on.',
  });
  const diskMiB = Math.max(1, Math.ceil((c.keys * c.avgObjectKiB) / 1024));
  const disk = explain(diskMiB, {
    key: 'max_size',
    label: 'Cache on disk (max_size)',
    unit: 'MiB',
    formula: '⌈keys × average object / 1024⌉',
    inputs: { keys: c.keys, avgObjectKiB: c.avgObjectKiB },
    why: 'Cached bodies are files under proxy_cache_path; the page cache keeps the hot ones in RAM.',
  });
  const findings: Finding[] = [];
  if (c.microcacheEnabled && c.ttlS === 0) {
    findings.push({ id: 'cache-ttl-zero', severity: 'warning', layer: 'nginx', message: 'The microcache TTL is 0 s: nothing is cached.', fix: 'Use a TTL of 1 s or more.' });
  }
  if (enabled && !(c.lock && c.staleWhileUpdating)) {
    findings.push({
      id: 'cache-no-lock',
      severity: 'warning',
      layer: 'nginx',
      message: 'Without proxy_cache_lock and proxy_cache_use_stale updating, every expiry of a hot key sends a burst of requests to the app.',
      fix: 'Turn on both (the microcaching pattern, DOMAIN.md C.4).',
    });
  }
  return { enabled, backendFactor: factor, backendWithoutRps: without, backendWithRps: withE, hotKeyMaxRps: hot, zoneMiB: zone, diskMiB: disk, findings };
}
