/**
 * Chart-ready data for overlaying measured points on the latency and throughput curves: one row per
 * measured point with the measured and the fitted model's values side by side. Closed-loop rows are
 * keyed by clients (the closed-loop chart's x), open-loop rows by offered rate. Rates are app
 * (dynamic) requests per second, the frame the measurements were taken in.
 */
import type { CalibrationFit } from './fit';

export interface OverlayRow {
  x: number;
  measuredRps: number;
  predictedRps: number;
  measuredMeanMs: number;
  predictedMeanMs: number;
  measuredP95Ms: number | null;
  predictedP95Ms: number | null;
  /** "file:line" for the tooltip. */
  source: string;
}

export function overlayPoints(fit: CalibrationFit): { closed: OverlayRow[]; open: OverlayRow[] } {
  const rows = fit.points.map((e) => ({
    loop: e.loop,
    row: {
      x: e.loop === 'closed' ? (e.concurrency ?? 0) : (e.offeredRps ?? e.measured.throughputRps),
      measuredRps: e.measured.throughputRps,
      predictedRps: e.predicted.throughputRps,
      measuredMeanMs: e.measured.meanMs,
      predictedMeanMs: e.predicted.meanMs,
      measuredP95Ms: e.measured.p95Ms ?? null,
      predictedP95Ms: e.predicted.p95Ms ?? null,
      source: `${e.source.file}${e.source.line ? `:${e.source.line}` : ''}`,
    },
  }));
  const pick = (loop: 'closed' | 'open') => rows.filter((r) => r.loop === loop).map((r) => r.row).sort((a, b) => a.x - b.x);
  return { closed: pick('closed'), open: pick('open') };
}
