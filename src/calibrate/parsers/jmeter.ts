/**
 * JMeter JTL results in CSV (DOMAIN.md H.4): one row per sample, `timeStamp` epoch ms, `elapsed` ms.
 * Columns are found by header name (setups add `URL` and others). Rows are grouped by
 * `allThreads` (active threads in all groups), so a stepped thread group gives a sweep; the rate
 * of a level is its samples over the span from its first start to its last end.
 */
import { cellNumber, readCsv } from '../csv';
import { latencySummary } from '../stats';
import { fail, parsed, type MeasuredPoint, type ParseOutcome } from '../types';

export const looksLikeJmeter = (text: string) => /^\uFEFF?timeStamp,/.test(text) && /\belapsed\b/.test(text.slice(0, 300));

interface Level {
  elapsed: number[];
  start: number;
  end: number;
  errors: number;
  line: number;
}

export function parseJmeter(file: string, text: string): ParseOutcome {
  const t = readCsv(file, text, ['timeStamp', 'elapsed', 'success', 'allThreads']);
  if (!t.ok) return { ok: false, problems: [t.problem] };
  const levels = new Map<number, Level>();
  for (const row of t.rows) {
    const ts = cellNumber(row, 'timeStamp');
    const el = cellNumber(row, 'elapsed');
    const th = cellNumber(row, 'allThreads');
    for (const v of [ts, el, th]) if (typeof v === 'object') return fail(file, v.problem, row.line);
    if (typeof ts !== 'number' || typeof el !== 'number' || typeof th !== 'number') {
      return fail(file, 'timeStamp, elapsed and allThreads must all be set (truncated row?)', row.line);
    }
    const lv = levels.get(th) ?? { elapsed: [], start: ts, end: ts + el, errors: 0, line: row.line };
    lv.elapsed.push(el);
    lv.start = Math.min(lv.start, ts);
    lv.end = Math.max(lv.end, ts + el);
    if ((row.values.success ?? '').trim() !== 'true') lv.errors++;
    levels.set(th, lv);
  }
  const points: MeasuredPoint[] = [];
  for (const [threads, lv] of levels) {
    const spanS = (lv.end - lv.start) / 1000;
    if (lv.elapsed.length < 2 || spanS <= 0) continue;
    points.push({
      format: 'jmeter',
      concurrency: threads,
      throughputRps: lv.elapsed.length / spanS,
      ...latencySummary(lv.elapsed),
      errors: lv.errors,
      requests: lv.elapsed.length,
      durationS: spanS,
      source: { file, line: lv.line },
    });
  }
  if (points.length === 0) return fail(file, 'no thread level with two or more samples', t.rows.length + 1);
  return parsed(file, 'jmeter', points, { notes: ['jmeter: one point per allThreads level; think time derived from the response-time law'] });
}
