/**
 * Locust `--csv` output (DOMAIN.md H.3; times in ms).
 * - `_stats.csv`: the `Aggregated` row is one point. It has no user count, so it is read as open
 *   loop at its rate.
 * - `_stats_history.csv`: one row per ~second; rows are grouped by `User Count` (a step ramp gives a
 *   sweep). Per level the rate and mean come from the cumulative totals (exact, unlike the
 *   "current" Requests/s), the percentiles are the median of the level's "current" percentiles.
 */
import { cellNumber, readCsv, type CsvRow } from '../csv';
import { fail, parsed, type MeasuredPoint, type ParseOutcome } from '../types';

const PCT_COLUMNS = [['50%', 'p50Ms'], ['90%', 'p90Ms'], ['95%', 'p95Ms'], ['99%', 'p99Ms']] as const;

export const looksLikeLocustStats = (text: string) => /^\uFEFF?Type,Name,Request Count,/.test(text);
export const looksLikeLocustHistory = (text: string) => /^\uFEFF?Timestamp,User Count,/.test(text);

type Nums = Record<string, number | undefined>;
function numbers(row: CsvRow, columns: readonly string[]): Nums | { problem: string } {
  const out: Nums = {};
  for (const c of columns) {
    const v = cellNumber(row, c);
    if (typeof v === 'object') return v;
    out[c] = v;
  }
  return out;
}

export function parseLocustStats(file: string, text: string): ParseOutcome {
  const cols = ['Name', 'Request Count', 'Failure Count', 'Average Response Time', 'Requests/s'];
  const t = readCsv(file, text, cols);
  if (!t.ok) return { ok: false, problems: [t.problem] };
  const row = t.rows.find((r) => r.values.Name === 'Aggregated');
  if (!row) return fail(file, 'no "Aggregated" row (truncated?)', t.rows.length + 1);
  const n = numbers(row, [...cols.slice(1), ...PCT_COLUMNS.map(([c]) => c)]);
  if ('problem' in n) return fail(file, n.problem as string, row.line);
  const rps = n['Requests/s'];
  const meanMs = n['Average Response Time'];
  if (rps === undefined || !(rps > 0) || meanMs === undefined) return fail(file, 'the Aggregated row has no requests', row.line);
  const point: MeasuredPoint = {
    format: 'locust-stats',
    offeredRps: rps,
    throughputRps: rps,
    meanMs,
    errors: n['Failure Count'] ?? 0,
    source: { file, line: row.line },
  };
  if (n['Request Count'] !== undefined) point.requests = n['Request Count'];
  for (const [c, key] of PCT_COLUMNS) if (n[c] !== undefined) point[key] = n[c];
  return parsed(file, 'locust-stats', [point], { notes: ['locust _stats.csv has no user count: read as open loop at its rate (use _stats_history.csv for a sweep)'] });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? undefined : (s[Math.floor((s.length - 1) / 2)] as number);
};

interface HistRow {
  t: number;
  users: number;
  total: number;
  fails: number;
  avg: number;
  pcts: Nums;
  line: number;
}

function levelPoint(file: string, rows: HistRow[]): MeasuredPoint | null {
  const a = rows[0] as HistRow;
  const b = rows[rows.length - 1] as HistRow;
  const dn = b.total - a.total;
  if (rows.length < 2 || dn <= 0 || b.t <= a.t) return null;
  const point: MeasuredPoint = {
    format: 'locust-history',
    concurrency: a.users,
    throughputRps: dn / (b.t - a.t),
    meanMs: (b.avg * b.total - a.avg * a.total) / dn,
    errors: b.fails - a.fails,
    requests: dn,
    durationS: b.t - a.t,
    source: { file, line: a.line },
  };
  for (const [c, key] of PCT_COLUMNS) {
    const m = median(rows.slice(1).map((r) => r.pcts[c]).filter((v): v is number => v !== undefined));
    if (m !== undefined) point[key] = m;
  }
  return point;
}

export function parseLocustHistory(file: string, text: string): ParseOutcome {
  const cols = ['Timestamp', 'User Count', 'Name', 'Total Request Count', 'Total Failure Count', 'Total Average Response Time'];
  const t = readCsv(file, text, cols);
  if (!t.ok) return { ok: false, problems: [t.problem] };
  const levels = new Map<number, HistRow[]>();
  for (const row of t.rows) {
    if (row.values.Name !== 'Aggregated') continue;
    const n = numbers(row, [...cols.filter((c) => c !== 'Name'), 'Requests/s', ...PCT_COLUMNS.map(([c]) => c)]);
    if ('problem' in n) return fail(file, n.problem as string, row.line);
    const users = n['User Count'] ?? 0;
    if (users <= 0 || n.Timestamp === undefined) continue;
    const h: HistRow = { t: n.Timestamp, users, total: n['Total Request Count'] ?? 0, fails: n['Total Failure Count'] ?? 0, avg: n['Total Average Response Time'] ?? 0, pcts: n, line: row.line };
    levels.set(users, [...(levels.get(users) ?? []), h]);
  }
  const points = [...levels.values()].map((rows) => levelPoint(file, rows)).filter((p): p is MeasuredPoint => p !== null);
  if (points.length === 0) return fail(file, 'no user-count level with two or more Aggregated rows and new requests', t.rows.length + 1);
  return parsed(file, 'locust-history', points, { notes: ['locust history: one point per User Count level; think time derived from the response-time law'] });
}
