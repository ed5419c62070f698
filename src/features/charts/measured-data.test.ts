/** The session's measured points in the main charts' frame (issue 14). */
import { describe, expect, it } from 'vitest';
import type { OverlayRow } from '../../calibrate/overlay';
import { measuredLatencyData, measuredSummary, measuredThroughputData } from './chart-data';

const row = (x: number, rps: number, mean: number, source: string): OverlayRow => ({ x, measuredRps: rps, predictedRps: rps, measuredMeanMs: mean, predictedMeanMs: mean, measuredP95Ms: mean * 2, predictedP95Ms: null, source });
const points = { files: ['c1.txt', 'c4.txt', 'c16.txt', 'meta.json'], closed: [row(16, 400, 40, 'c16.txt:1'), row(1, 90, 11, 'c1.txt:1')], open: [] };

describe('measured points on the load curves', () => {
  it('latency chart: at the load at nginx that sends the measured app rate (÷ app share), sorted', () => {
    expect(measuredLatencyData(points, 0.5)).toEqual([
      { rps: 180, measuredMean: 11, measuredP95: 22, source: 'c1.txt:1' },
      { rps: 800, measuredMean: 40, measuredP95: 80, source: 'c16.txt:1' },
    ]);
    expect(measuredLatencyData(null, 0.5)).toEqual([]);
    expect(measuredLatencyData(points, 0)).toEqual([]);
  });

  it('throughput chart: only when the plan’s users do not think (as the load generator’s clients)', () => {
    expect(measuredThroughputData(points, 0.5, 0)).toEqual([
      { users: 16, measuredThroughput: 800, source: 'c16.txt:1' },
      { users: 1, measuredThroughput: 180, source: 'c1.txt:1' },
    ]);
    expect(measuredThroughputData(points, 0.5, 5000)).toEqual([]);
  });

  it('says in words where the dots are', () => {
    expect(measuredSummary(points, measuredLatencyData(points, 1), false)).toBe(
      "Measured points from c1.txt, c4.txt and 2 more: 2 drawn as dots on the latency chart (the throughput chart's users think between requests, the load generator's did not).",
    );
  });
});
