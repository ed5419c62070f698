/**
 * wrk and wrk2 text output (DOMAIN.md H.1). One file is one load level: `-c` connections, closed
 * loop with no think time for wrk; wrk2 (`-R`, recognised by its "HdrHistogram" / "Thread
 * calibration" lines) holds a constant request rate, so its point is open loop at the achieved rate.
 *
 * wrk 4 always applies its coordinated-omission correction before printing (`stats_correct` in
 * src/wrk.c: every latency above runtime/(requests per connection) adds synthetic samples), so one
 * stall of the server moves the printed average a lot. For wrk's closed loop with no think time the
 * mean response time is exactly N/X (response-time law, DOMAIN.md E.4), so that is the point's mean;
 * the printed average is kept as reportedMeanMs. The percentiles are the corrected ones (a note says so).
 */
import { fail, parsed, type MeasuredPoint, type ParseOutcome } from '../types';

// format_time_us: us, ms, s, then the seconds table m, h (DOMAIN.md H.1).
const TIME_UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
// format_metric: k, M, G, T, P (×1000).
const METRIC_SCALE: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15 };

/** "1.23ms" → 1.23; a bare number has no unit and is refused (wrk always prints one). */
export function parseWrkTimeMs(token: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(us|ms|s|m|h)$/.exec(token);
  if (!m) return null;
  return Number(m[1]) * (TIME_UNIT_MS[m[2] as string] as number);
}

export function parseWrkMetric(token: string): number | null {
  const m = /^(\d+(?:\.\d+)?)([kMGTP]?)$/.exec(token);
  if (!m) return null;
  return Number(m[1]) * (METRIC_SCALE[m[2] as string] as number);
}

interface Scan {
  connections?: number;
  meanMs?: number;
  hdrMeanMs?: number;
  percentiles: Map<number, number>;
  requests?: number;
  durationS?: number;
  rps?: number;
  errors: number;
  wrk2: boolean;
}

type LineResult = string | null;

const PCT_LINE = /^\s*(\d+(?:\.\d+)?)%\s+(\S+)\s*$/;
const SPECTRUM_LINE = /^\s*(\d+\.\d+)\s+(\d\.\d+)\s+\d+\s+(?:\d+\.\d+|inf)\s*$/;

function scanLine(line: string, s: Scan): LineResult {
  let m: RegExpExecArray | null;
  if ((m = /^\s*\d+ threads and (\d+) connections/.exec(line))) s.connections = Number(m[1]);
  else if (/Thread calibration:|HdrHistogram|Detailed Percentile spectrum/.test(line)) s.wrk2 = true;
  else if ((m = /^\s*Latency\s+(\S+)\s+(\S+)\s+(\S+)/.exec(line))) {
    const v = parseWrkTimeMs(m[1] as string);
    if (v === null) return `latency "${m[1]}" has no time unit (us, ms, s)`;
    s.meanMs = v;
  } else if ((m = PCT_LINE.exec(line))) {
    const v = parseWrkTimeMs(m[2] as string);
    if (v === null) return `percentile value "${m[2]}" has no time unit (us, ms, s)`;
    s.percentiles.set(Number(m[1]), v);
  } else if ((m = SPECTRUM_LINE.exec(line))) {
    // wrk2's spectrum is in ms (its #[Mean = …] line is ms too); it adds p95, which the summary lacks.
    const q = Number(m[2]) * 100;
    if (!s.percentiles.has(q)) s.percentiles.set(q, Number(m[1]));
  } else if ((m = /^#\[Mean\s*=\s*([\d.]+),/.exec(line))) s.hdrMeanMs = Number(m[1]);
  else if ((m = /^\s*(\d+) requests in (\S+?),/.exec(line))) {
    const d = parseWrkTimeMs(m[2] as string);
    if (d === null) return `duration "${m[2]}" has no time unit`;
    s.requests = Number(m[1]);
    s.durationS = d / 1000;
  } else if ((m = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(line))) {
    s.errors += Number(m[1]) + Number(m[2]) + Number(m[3]) + Number(m[4]);
  } else if ((m = /Non-2xx or 3xx responses: (\d+)/.exec(line))) s.errors += Number(m[1]);
  else if ((m = /^Requests\/sec:\s+(\S+)/.exec(line))) {
    const v = parseWrkMetric(m[1] as string);
    if (v === null) return `Requests/sec "${m[1]}" is not a number`;
    s.rps = v;
  }
  return null;
}

export function looksLikeWrk(text: string): boolean {
  return /^Running \S+ test @ /m.test(text.slice(0, 500));
}

export function parseWrk(file: string, text: string): ParseOutcome {
  if (!looksLikeWrk(text)) return fail(file, 'not wrk output: no "Running … test @ …" line', 1);
  const lines = text.split(/\r?\n/);
  const s: Scan = { percentiles: new Map(), errors: 0, wrk2: false };
  for (let i = 0; i < lines.length; i++) {
    const problem = scanLine(lines[i] as string, s);
    if (problem) return fail(file, problem, i + 1);
  }
  const last = lines.length;
  if (s.connections === undefined) return fail(file, 'no "<n> threads and <c> connections" line', 2);
  if (s.meanMs === undefined) return fail(file, 'truncated: no Latency line', last);
  if (s.rps === undefined || s.requests === undefined) return fail(file, 'truncated: no "requests in" / "Requests/sec" line', last);
  if (s.requests === 0 || s.rps <= 0) return fail(file, 'no request completed: nothing to calibrate on', last);
  const pct = (q: number) => s.percentiles.get(q);
  const point: MeasuredPoint = {
    format: s.wrk2 ? 'wrk2' : 'wrk',
    concurrency: s.connections,
    thinkMs: 0,
    throughputRps: s.rps,
    meanMs: s.wrk2 ? (s.hdrMeanMs ?? s.meanMs) : (1000 * s.connections) / s.rps,
    reportedMeanMs: s.hdrMeanMs ?? s.meanMs,
    errors: s.errors,
    requests: s.requests,
    source: { file },
    ...(s.durationS !== undefined ? { durationS: s.durationS } : {}),
    ...(s.wrk2 ? { offeredRps: s.rps } : {}),
  };
  for (const [q, key] of [[50, 'p50Ms'], [90, 'p90Ms'], [95, 'p95Ms'], [99, 'p99Ms']] as const) {
    const v = pct(q);
    if (v !== undefined) point[key] = v;
  }
  const notes = s.wrk2 ? ['wrk2: constant-rate run, read as open loop at the achieved rate (the -R rate is not printed)'] : [];
  if (!s.wrk2 && s.percentiles.size === 0) notes.push('no latency distribution (run wrk with --latency to fit the tail)');
  if (!s.wrk2) notes.push('wrk: mean = connections / Requests/sec (response-time law); percentiles include wrk\'s coordinated-omission correction');
  return parsed(file, point.format, [point], { notes });
}
