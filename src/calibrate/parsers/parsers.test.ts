import { describe, expect, it } from 'vitest';
import { parseMeasurementFile } from '../detect';
import { fixture } from '../testing/fixtures';
import type { ParseOutcome, ParsedFile } from '../types';
import { parseWrk, parseWrkMetric, parseWrkTimeMs } from './wrk';
import { upstreamMs } from './nginx-log';

const ok = (r: ParseOutcome): ParsedFile => {
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.parsed;
};
const problem = (r: ParseOutcome) => {
  if (r.ok) throw new Error('expected a problem');
  return r.problems[0] as { file: string; line?: number; message: string };
};
const parseFixture = (rel: string) => {
  const { file, text } = fixture(rel);
  return parseMeasurementFile(file, text);
};
const cut = (text: string, share: number) => text.slice(0, Math.floor(text.length * share));

describe('wrk', () => {
  it.each([
    ['850.00us', 0.85],
    ['1.23ms', 1.23],
    ['2.50s', 2500],
    ['1.50m', 90_000],
  ])('time %s = %f ms (DOMAIN.md H.1 units)', (token, ms) => expect(parseWrkTimeMs(token)).toBeCloseTo(ms, 9));
  it('reads k suffixes and refuses bare numbers as times', () => {
    expect(parseWrkMetric('12.50k')).toBe(12_500);
    expect(parseWrkTimeMs('12.5')).toBeNull();
  });
  it('reads a measured wrk --latency file: connections, rate, N/X mean, percentiles', () => {
    const rel = 'measured/gunicorn-gthread-1core-10cpu-0io/c8.txt';
    const p = ok(parseFixture(rel)).points[0];
    const text = fixture(rel).text;
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(text)?.[1]);
    expect(p).toMatchObject({ format: 'wrk', concurrency: 8, throughputRps: rps, errors: 0, thinkMs: 0 });
    // Response-time law for a closed loop without think time; the printed average is kept beside it.
    expect(p?.meanMs).toBeCloseTo((8 / rps) * 1000, 6);
    expect(p?.reportedMeanMs).toBeGreaterThan(0);
    expect(p?.p50Ms).toBeLessThan(p?.p90Ms as number);
    expect(p?.p90Ms).toBeLessThan(p?.p99Ms as number);
    expect(p?.offeredRps).toBeUndefined();
  });
  it('counts socket errors and non-2xx responses', () => {
    const base = fixture('measured/gunicorn-gthread-1core-10cpu-0io/c8.txt').text;
    const text = base.replace(/(Requests\/sec)/, '  Socket errors: connect 1, read 2, write 0, timeout 3\n  Non-2xx or 3xx responses: 4\n$1');
    expect(ok(parseWrk('x.txt', text)).points[0]?.errors).toBe(10);
  });
  it('reads wrk2 as open loop with its HdrHistogram mean and the spectrum p95', () => {
    const p = ok(parseFixture('from-docs/wrk2-r2000.txt')).points[0];
    expect(p).toMatchObject({ format: 'wrk2', offeredRps: 1999.29, throughputRps: 1999.29, meanMs: 1.15, p50Ms: 1.09, p95Ms: 2.23, p99Ms: 3.13 });
  });
  it('names the line of a latency without units', () => {
    const text = fixture('measured/gunicorn-gthread-1core-10cpu-0io/c8.txt').text.replace(/(\n\s+Latency\s+)[\d.]+ms/, '$1 84.01');
    expect(problem(parseWrk('c8.txt', text))).toMatchObject({ file: 'c8.txt', line: 4, message: expect.stringMatching(/no time unit/) });
  });
  it('reports a truncated file at its last line', () => {
    const text = cut(fixture('measured/gunicorn-gthread-1core-10cpu-0io/c8.txt').text, 0.6);
    expect(problem(parseWrk('c8.txt', text)).message).toMatch(/truncated/);
  });
});

describe('k6', () => {
  it('--summary-export: flat values, threshold true = failed', () => {
    const f = ok(parseFixture('from-docs/k6-summary-export.json'));
    expect(f.points[0]).toMatchObject({ format: 'k6', concurrency: 10, throughputRps: 59.975, meanMs: 144.56, p50Ms: 110.47, p90Ms: 203.54, p95Ms: 215.95, p99Ms: 480.1, errors: 10, requests: 1800 });
    expect(f.thresholds).toContainEqual({ metric: 'http_req_duration', expression: 'p(95)<200', passed: false });
    expect(f.thresholds).toContainEqual({ metric: 'http_req_failed', expression: 'rate<0.01', passed: true });
  });
  it('handleSummary data: typed metrics, threshold {ok} = passed', () => {
    const f = ok(parseFixture('from-docs/k6-handle-summary.json'));
    expect(f.points[0]).toMatchObject({ throughputRps: 190.99, meanMs: 52.3, p95Ms: 96.8, errors: 0, concurrency: 10 });
    expect(f.thresholds).toContainEqual({ metric: 'http_req_duration', expression: 'p(95)<100', passed: true });
  });
  it('truncated JSON names a line and says truncated', () => {
    const { text } = fixture('from-docs/k6-summary-export.json');
    const p = problem(parseMeasurementFile('k6.json', cut(text, 0.5)));
    expect(p.message).toMatch(/truncated JSON/);
    expect(p.line).toBeGreaterThan(1);
  });
  it('a metric of the wrong type names its path and line', () => {
    const { text } = fixture('from-docs/k6-handle-summary.json');
    const p = problem(parseMeasurementFile('k6.json', text.replace('"avg": 52.3', '"avg": "52.3ms"')));
    expect(p.message).toMatch(/k6 summary: metrics\.http_req_duration/);
    expect(p.line).toBe(text.split('\n').findIndex((l) => l.includes('"http_req_duration"')) + 1);
  });
});

describe('Locust CSV', () => {
  it('_stats.csv: the Aggregated row, open loop', () => {
    const p = ok(parseFixture('from-docs/locust_stats.csv')).points[0];
    expect(p).toMatchObject({ format: 'locust-stats', errors: 3, requests: 1200, source: { line: 3 } });
    expect(p?.offeredRps).toBe(p?.throughputRps);
    expect(p?.p99Ms).toBeGreaterThan(p?.p50Ms as number);
  });
  it('_stats_history.csv: one point per user level, rates and means from the cumulative totals', () => {
    const pts = ok(parseFixture('from-docs/locust_stats_history.csv')).points;
    expect(pts.map((p) => p.concurrency)).toEqual([5, 10, 20]);
    // The generator wrote 100, 180 and 200 requests per second of the level.
    expect(pts.map((p) => Math.round(p.throughputRps))).toEqual([100, 180, 200]);
    expect(pts[2]?.meanMs).toBeGreaterThan(pts[0]?.meanMs as number);
  });
  it('a non-number cell names its line', () => {
    const { text } = fixture('from-docs/locust_stats_history.csv');
    const lines = text.split('\n');
    lines[5] = (lines[5] as string).replace(/,Aggregated,[\d.]+,/, ',Aggregated,fast,');
    const p = problem(parseMeasurementFile('h.csv', lines.join('\n')));
    expect(p).toMatchObject({ line: 6, message: expect.stringMatching(/Requests\/s.*not a number/) });
  });
});

describe('JMeter JTL', () => {
  it('groups samples by allThreads', () => {
    const pts = ok(parseFixture('from-docs/jmeter-results.jtl')).points;
    expect(pts.map((p) => p.concurrency)).toEqual([1, 2, 4]);
    expect(pts.reduce((a, p) => a + (p.requests ?? 0), 0)).toBe(fixture('from-docs/jmeter-results.jtl').text.trim().split('\n').length - 1);
    expect(pts.every((p) => p.p95Ms !== undefined && p.meanMs > 0)).toBe(true);
  });
  it('a truncated row is reported with its line', () => {
    const { text } = fixture('from-docs/jmeter-results.jtl');
    const lines = text.split('\n').slice(0, 40);
    lines[39] = (lines[39] as string).slice(0, 20);
    expect(problem(parseMeasurementFile('r.jtl', lines.join('\n')))).toMatchObject({ line: 40, message: expect.stringMatching(/truncated/) });
  });
  it('a missing column is named', () => {
    const { text } = fixture('from-docs/jmeter-results.jtl');
    expect(problem(parseMeasurementFile('r.jtl', text.replace(',allThreads,', ',threads,'))).message).toMatch(/"allThreads"/);
  });
});

describe('server logs (recorded here)', () => {
  it('Gunicorn %(D)s log agrees with the wrk run it served', () => {
    const p = ok(parseFixture('logs/gunicorn-access.log')).points[0];
    const wrk = ok(parseFixture('logs/gunicorn-gthread-1core-5cpu-10io/c4.txt')).points[0];
    expect(p?.format).toBe('gunicorn-log');
    expect(p?.requests).toBe(fixture('logs/gunicorn-access.log').text.trim().split('\n').length);
    expect(Math.abs((p?.throughputRps as number) / (wrk?.throughputRps as number) - 1)).toBeLessThan(0.15);
    // %(D)s is the worker's time only: at most wrk's (which adds the wait for a thread and the network).
    expect(p?.meanMs).toBeLessThanOrEqual((wrk?.meanMs as number) * 1.05);
    expect(p?.meanMs).toBeGreaterThan(10); // 5 ms CPU + 10 ms sleep per request
  });
  it('Gunicorn: a decimal last field is refused as units missing', () => {
    const { text } = fixture('logs/gunicorn-access.log');
    const lines = text.split('\n');
    lines[2] = (lines[2] as string).replace(/ \d+$/, ' 0.021');
    expect(problem(parseMeasurementFile('g.log', lines.join('\n')))).toMatchObject({ line: 3, message: expect.stringMatching(/units missing/) });
  });
  it('nginx $request_time $upstream_response_time log agrees with wrk', () => {
    const p = ok(parseFixture('logs/nginx-access.log')).points[0];
    const wrk = ok(parseFixture('logs/fpm-static-1core-5cpu-10io/c8.txt')).points[0];
    expect(p?.format).toBe('nginx-log');
    expect(Math.abs((p?.throughputRps as number) / (wrk?.throughputRps as number) - 1)).toBeLessThan(0.15);
    expect(Math.abs((p?.meanMs as number) / (wrk?.meanMs as number) - 1)).toBeLessThan(0.15);
  });
  it('sums several upstream times and skips lines that never reached the app', () => {
    expect(upstreamMs('0.010, 0.020 : 0.005')).toBeCloseTo(35, 9);
    expect(upstreamMs('-')).toBeNull();
    const line = (t: string) => `127.0.0.1 - - [01/Dec/2026:09:12:08 +0000] "GET / HTTP/1.1" 200 13 "-" "curl" ${t}`;
    const f = ok(parseMeasurementFile('n.log', [line('0.040 0.010, 0.020'), line('0.001 -'), line('0.030 0.030')].join('\n')));
    expect(f.points[0]).toMatchObject({ requests: 2, meanMs: 30 });
    expect(f.notes.join(' ')).toMatch(/1 line\(s\) without an upstream time/);
  });
  it('PHP-FPM status ?json&full: idle children only, µs durations, memory in bytes', () => {
    const f = ok(parseFixture('logs/fpm-status.after.json'));
    const status = JSON.parse(fixture('logs/fpm-status.after.json').text) as { processes: { state: string; 'request duration': number; 'request uri': string }[] };
    const idle = status.processes.filter((p) => p.state === 'Idle' && !p['request uri'].startsWith('/status'));
    expect(f.points[0]?.meanMs).toBeCloseTo(idle.reduce((a, p) => a + p['request duration'], 0) / idle.length / 1000, 6);
    expect(f.memory?.samples.length).toBe(idle.length);
    expect(f.memory?.samples.every((s) => s.memMiB === 2)).toBe(true); // 2097152 bytes each
  });
  it('PHP-FPM status without ?full says how to fetch it', () => {
    const text = JSON.stringify({ ...JSON.parse(fixture('logs/fpm-status.after.json').text), processes: undefined });
    expect(problem(parseMeasurementFile('s.json', text)).message).toMatch(/processes.*\?json&full/);
  });
  it.each([
    ['logs/ps-php-fpm.txt', 4],
    ['logs/ps-gunicorn.txt', 2],
  ])('ps RSS list %s: masters left out', (rel, workers) => {
    const f = ok(parseFixture(rel));
    expect(f.memory?.samples.length).toBe(workers);
    expect(f.memory?.samples.every((s) => s.memMiB > 5 && s.memMiB < 100)).toBe(true);
  });
});

describe('format detection', () => {
  it('names the file and line 1 for an unknown format', () => {
    expect(problem(parseMeasurementFile('notes.txt', 'hello world\n'))).toMatchObject({ file: 'notes.txt', line: 1, message: expect.stringMatching(/unknown format/) });
  });
  it('refuses an empty file and JSON of another shape', () => {
    expect(problem(parseMeasurementFile('e.txt', '  \n')).message).toMatch(/empty/);
    expect(problem(parseMeasurementFile('p.json', '{"workload": {}}')).message).toMatch(/unknown shape/);
  });
  it('never throws on garbage', () => {
    for (const text of ['{', 'Running x test @ y', 'Type,Name,Request Count,\n"', 'timeStamp,elapsed\n1,2', '[01/Dec/2026:09:12:08 +0000]', '  PID RSS\nx y']) {
      expect(() => parseMeasurementFile('g', text)).not.toThrow();
    }
  });
});
