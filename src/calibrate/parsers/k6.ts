/**
 * k6 end-of-test summaries (DOMAIN.md H.2), both JSON shapes:
 * - `--summary-export` (legacy): metric fields flat (`avg`, `p(95)`, `count`, `rate`, `passes`);
 *   a threshold's boolean is true when the threshold FAILED (grafana/k6 #1498).
 * - the `handleSummary(data)` object: `{type, contains, values: {…}, thresholds: {expr: {ok}}}`;
 *   `ok` is true when it PASSED.
 * One file is one load level; the VU count is the concurrency (closed loop; the think time is
 * derived from the response-time law by the fit, since k6 scripts usually sleep).
 */
import * as z from 'zod/mini';
import { lineOfPath, parseJsonWith } from '../json-text';
import { fail, parsed, type MeasuredPoint, type ParseOutcome, type ThresholdResult } from '../types';

const num = z.number();
const flatMetric = z.record(z.string(), z.union([num, z.boolean(), z.record(z.string(), z.boolean())]));
const typedMetric = z.object({
  type: z.string(),
  contains: z.optional(z.string()),
  values: z.record(z.string(), num),
  thresholds: z.optional(z.record(z.string(), z.object({ ok: z.boolean() }))),
});
const summarySchema = z.object({
  metrics: z.record(z.string(), z.union([typedMetric, flatMetric])),
  state: z.optional(z.object({ testRunDurationMs: z.optional(num) })),
});
type Metric = z.infer<typeof typedMetric> | z.infer<typeof flatMetric>;

const isTyped = (m: Metric): m is z.infer<typeof typedMetric> => typeof (m as { values?: unknown }).values === 'object';

function values(m: Metric | undefined): Record<string, number> {
  if (!m) return {};
  if (isTyped(m)) return m.values;
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(m)) if (typeof v === 'number') out[k] = v;
  return out;
}

function thresholdsOf(name: string, m: Metric): ThresholdResult[] {
  if (isTyped(m)) return Object.entries(m.thresholds ?? {}).map(([expression, t]) => ({ metric: name, expression, passed: t.ok }));
  const t = m.thresholds;
  if (typeof t !== 'object' || t === null) return [];
  // --summary-export: true means the threshold was crossed (failed).
  return Object.entries(t).map(([expression, failed]) => ({ metric: name, expression, passed: !failed }));
}

export function looksLikeK6(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'metrics' in value && 'http_req_duration' in ((value as { metrics: object }).metrics ?? {});
}

export function parseK6(file: string, text: string): ParseOutcome {
  const r = parseJsonWith(file, text, summarySchema, 'a k6 summary');
  if (!r.ok) return r;
  const metrics = r.data.metrics;
  const dur = metrics.http_req_duration;
  if (!dur) return fail(file, 'k6 summary without http_req_duration (not an HTTP test?)', lineOfPath(text, ['metrics']));
  const d = values(dur);
  const reqs = values(metrics.http_reqs);
  if (d.avg === undefined) return fail(file, 'http_req_duration has no avg (add "avg" to summaryTrendStats)', lineOfPath(text, ['http_req_duration']));
  if (reqs.rate === undefined || !(reqs.rate > 0)) return fail(file, 'http_reqs has no positive rate', lineOfPath(text, ['http_reqs']));
  const vus = values(metrics.vus_max ?? metrics.vus);
  const failed = values(metrics.http_req_failed);
  const point: MeasuredPoint = {
    format: 'k6',
    throughputRps: reqs.rate,
    meanMs: d.avg,
    // http_req_failed is a Rate of "failed" = true, so its `passes` count the failed requests.
    errors: failed.passes ?? 0,
    source: { file, line: lineOfPath(text, ['http_req_duration']) },
  };
  const vu = vus.max ?? vus.value;
  if (vu !== undefined && vu > 0) point.concurrency = vu;
  if (reqs.count !== undefined) point.requests = reqs.count;
  const ms = r.data.state?.testRunDurationMs;
  if (ms !== undefined) point.durationS = ms / 1000;
  for (const [key, field] of [['med', 'p50Ms'], ['p(50)', 'p50Ms'], ['p(90)', 'p90Ms'], ['p(95)', 'p95Ms'], ['p(99)', 'p99Ms']] as const) {
    const v = d[key];
    if (v !== undefined && point[field] === undefined) point[field] = v;
  }
  const thresholds = Object.entries(metrics).flatMap(([name, m]) => thresholdsOf(name, m));
  const notes = point.concurrency === undefined ? ['no vus / vus_max metric: read as open loop at the achieved rate'] : [];
  if (point.concurrency === undefined) point.offeredRps = point.throughputRps;
  return parsed(file, 'k6', [point], { thresholds, notes });
}
