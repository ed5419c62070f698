/**
 * Shared reading of access logs in the common/combined layout (nginx `$time_local`, Gunicorn
 * `%(t)s`): the timestamp, the status, and a per-format duration taken from the end of the line.
 * One file gives one open-loop point: the rate over the whole seconds the log covers and the
 * latency distribution of its requests (split a log per load level to get a sweep).
 */
import { latencySummary } from '../stats';
import { fail, parsed, type MeasuredPoint, type MeasurementFormat, type ParseOutcome } from '../types';

const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };
const TIME_RE = /\[(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})\]/;
const STATUS_RE = /"[^"]*" (\d{3}) /;

/** `[01/Dec/2026:09:04:37 +0000]` → unix seconds (pure arithmetic, no clock). */
export function logTimeS(line: string): number | null {
  const m = TIME_RE.exec(line);
  if (!m) return null;
  const month = MONTHS[m[2] as string];
  if (month === undefined) return null;
  const offsetS = (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 3600 + Number(m[9]) * 60);
  return Date.UTC(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6])) / 1000 - offsetS;
}

/** A line's duration in ms, `'skip'` for a line that is not an app request, or a message saying what is wrong. */
export type DurationReader = (line: string) => number | 'skip' | { problem: string };

interface Sample {
  timeS: number;
  ms: number;
  status: number;
}

export function parseAccessLog(file: string, text: string, format: MeasurementFormat, duration: DurationReader, what: string): ParseOutcome {
  const lines = text.split(/\r?\n/);
  const samples: Sample[] = [];
  let skipped = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const timeS = logTimeS(line);
    const status = STATUS_RE.exec(line);
    if (timeS === null || !status) return fail(file, `not an access log line in the common/combined layout ([time] "request" status …)${i === lines.length - 1 ? ' (truncated?)' : ''}`, i + 1);
    const ms = duration(line);
    if (ms === 'skip') {
      skipped++;
      continue;
    }
    if (typeof ms === 'object') return fail(file, ms.problem, i + 1);
    samples.push({ timeS, ms, status: Number(status[1]) });
  }
  if (samples.length === 0) return fail(file, `no ${what} lines`, 1);
  const first = Math.min(...samples.map((s) => s.timeS));
  const last = Math.max(...samples.map((s) => s.timeS));
  // Timestamps have 1 s resolution: count only the whole seconds strictly inside when there are enough.
  const inner = last - first >= 3 ? samples.filter((s) => s.timeS > first && s.timeS < last) : samples;
  const spanS = last - first >= 3 ? last - first - 1 : last - first + 1;
  const notes = [`${what}: one open-loop point for the whole file (${samples.length} requests over ${last - first + 1} s)`];
  if (last - first < 3) notes.push(`${what}: the log covers under 4 s, so its rate is rough (timestamps have 1 s resolution)`);
  if (skipped > 0) notes.push(`${what}: ${skipped} line(s) without an upstream time (static or cached) left out`);
  const throughputRps = inner.length / spanS;
  const point: MeasuredPoint = {
    format,
    offeredRps: throughputRps,
    throughputRps,
    ...latencySummary(samples.map((s) => s.ms)),
    errors: samples.filter((s) => s.status >= 500).length,
    requests: samples.length,
    durationS: last - first + 1,
    source: { file },
  };
  return parsed(file, format, [point], { notes });
}
