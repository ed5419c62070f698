/**
 * What the calibration importer reads out of measurement files (issue 14): load points and
 * per-worker memory observations, each traceable to a file and line. Pure data, no I/O.
 */

/** Where a number came from: the file name the user gave and, when it is one line, that line (1-based). */
export interface SourceRef {
  file: string;
  line?: number;
}

/** A problem that stops a file (or a line of it) from being read. */
export interface Problem {
  file: string;
  line?: number;
  message: string;
}

export const formatProblem = (p: Problem): string => `${p.file}:${p.line ?? 0}: ${p.message}`;

/** The tools and logs the importer understands (one parser each in ./parsers). */
export type MeasurementFormat =
  | 'wrk'
  | 'wrk2'
  | 'k6'
  | 'locust-stats'
  | 'locust-history'
  | 'jmeter'
  | 'nginx-log'
  | 'gunicorn-log'
  | 'fpm-status'
  | 'ps-rss'
  | 'bench-meta';

/** The server set-up a sweep ran against, from bench/realserver's meta.json (`npm run measure`). */
export interface BenchSetup {
  server: 'gunicorn' | 'fpm';
  workerClass: 'sync' | 'gthread' | 'gevent' | 'static';
  workers: number;
  threads: number;
  workerConnections: number | null;
  cores: number;
  /** Median over the sweep of the server's CPU time per request (framework included), ms. */
  cpuMsPerRequest: number | null;
  date: string;
  source: SourceRef;
}

/**
 * One steady-state load level. Closed loop (wrk, k6 VUs, Locust users, JMeter threads): `concurrency`
 * clients, each sending its next request `thinkMs` after the last response. Open loop (wrk2 -R,
 * server logs): `offeredRps` arrivals per second. Times are milliseconds of wall-clock latency as the
 * tool saw it.
 */
export interface MeasuredPoint {
  format: MeasurementFormat;
  concurrency?: number;
  offeredRps?: number;
  /** Client think time between a response and the next request (0 for wrk). */
  thinkMs?: number;
  throughputRps: number;
  meanMs: number;
  /** The tool's own average when meanMs is derived instead (wrk: see parsers/wrk.ts). */
  reportedMeanMs?: number;
  p50Ms?: number;
  p90Ms?: number;
  p95Ms?: number;
  p99Ms?: number;
  /** Failed requests (socket errors, timeouts, HTTP ≥ 400 as the tool counts them). */
  errors: number;
  /** Requests the point is based on (for the confidence note). */
  requests?: number;
  durationS?: number;
  source: SourceRef;
}

/** Memory of one worker process (PHP-FPM child or Gunicorn worker), MiB. */
export interface MemorySample {
  pid: number;
  memMiB: number;
  source: SourceRef;
}

/** A k6 threshold as written in the file, with its polarity already resolved. */
export interface ThresholdResult {
  metric: string;
  expression: string;
  passed: boolean;
}

export interface ParsedFile {
  file: string;
  format: MeasurementFormat;
  points: MeasuredPoint[];
  memory: { samples: MemorySample[]; what: string } | null;
  thresholds: ThresholdResult[];
  setup?: BenchSetup;
  /** Things read but worth saying (skipped lines, assumptions). */
  notes: string[];
}

export type ParseOutcome = { ok: true; parsed: ParsedFile } | { ok: false; problems: Problem[] };

export const fail = (file: string, message: string, line?: number): ParseOutcome => ({
  ok: false,
  problems: [line === undefined ? { file, message } : { file, line, message }],
});

export const parsed = (file: string, format: MeasurementFormat, points: MeasuredPoint[], extra: Partial<ParsedFile> = {}): ParseOutcome => ({
  ok: true,
  parsed: { file, format, points, memory: null, thresholds: [], notes: [], ...extra },
});
