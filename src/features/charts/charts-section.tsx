/**
 * Chart figures. The heading, the aria-label summary and data attributes live here (entry
 * chunk); the Recharts drawing itself is lazy-loaded, with a fixed-height placeholder so the
 * layout does not jump when it arrives.
 */
import { lazy, Suspense, useMemo } from 'react';
import { AfterFirstPaint } from '../../components/after-first-paint';
import { Section } from '../../components/section';
import { useMeasuredPoints } from '../../state/measured-points';
import { useAnalysis } from '../../state/use-analysis';
import { formatNumber } from '../../components/format';
import {
  latencyData, latencySummary, latencyXMax, latencyYMax, measuredLatencyData, measuredSummary, measuredThroughputData, throughputData, throughputSummary, type MeasuredLatencyDatum,
} from './chart-data';

const LatencyChart = lazy(() => import('./recharts-charts').then((m) => ({ default: m.LatencyChart })));
const ThroughputChart = lazy(() => import('./recharts-charts').then((m) => ({ default: m.ThroughputChart })));

// data-pending: the printout waits for the chart (src/components/print-report.tsx).
const placeholder = (
  <div className="chart-placeholder" data-pending="">
    Loading chart…
  </div>
);

/** The measured points as text (issue 14): what the dots show, for screen readers and for reading the values. */
function MeasuredPointsText({ summary, rows }: { summary: string; rows: readonly MeasuredLatencyDatum[] }) {
  return (
    <div className="chart-measured" data-testid="chart-measured">
      <p className="chart-caption">{summary}</p>
      <ul className="chart-caption">
        {rows.map((r) => (
          <li key={r.source}>
            {r.source}: {formatNumber(r.rps)} rps at nginx, mean {formatNumber(r.measuredMean)} ms{r.measuredP95 !== null ? `, p95 ${formatNumber(r.measuredP95)} ms` : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ChartsSection() {
  // The curves follow the plan a beat behind a slider (at most ~150 ms during a drag): the
  // headline numbers repaint in the slider's frame, the Recharts redraw in a task of its own.
  const chartPerf = useAnalysis('curves', (a) => a.web.performance);
  const chartSlo = useAnalysis('curves', (a) => a.slo);
  const latency = useMemo(() => latencyData(chartPerf.openCurve), [chartPerf.openCurve]);
  const throughput = useMemo(() => throughputData(chartPerf.closedCurve), [chartPerf.closedCurve]);
  const latencyText = latencySummary(chartPerf, chartSlo);
  const throughputText = useMemo(() => throughputSummary(chartPerf.closedCurve), [chartPerf.closedCurve]);
  const capacity = chartPerf.capacityRps.value;
  // Points of a calibration imported this session, in the charts' frame (load at nginx).
  const points = useMeasuredPoints((s) => s.points);
  const appShare = useAnalysis('curves', (a) => a.rates.appShare);
  const thinkMs = useAnalysis('curves', (a) => a.plan.workload.thinkTimeMs);
  const measuredLatency = useMemo(() => measuredLatencyData(points, appShare), [points, appShare]);
  const measuredThroughput = useMemo(() => measuredThroughputData(points, appShare, thinkMs), [points, appShare, thinkMs]);
  return (
    <Section id="charts" title="Load curves">
      <figure className="chart">
        <h3 id="chart-latency-h">Latency against offered load</h3>
        <div className="chart-box" role="img" aria-label={latencyText} data-testid="chart-latency" data-capacity={Number.isFinite(capacity) ? capacity.toFixed(3) : ''} data-points={latency.length} data-measured={measuredLatency.length}>
          <AfterFirstPaint fallback={placeholder}>
          <Suspense fallback={placeholder}>
            <LatencyChart data={latency} plannedRps={chartPerf.plannedRps} sloMs={chartPerf.sloMs} sloMaxRps={chartPerf.sloMaxRps.value} yMax={latencyYMax(chartPerf.sloMs)} xMax={latencyXMax(chartPerf, latency)} measured={measuredLatency} />
          </Suspense>
          </AfterFirstPaint>
        </div>
        <figcaption className="chart-caption">
          {latencyText} Axes clipped at 4 × SLO and just past the knee.
        </figcaption>
      </figure>
      <figure className="chart">
        <h3 id="chart-closed-h">Throughput against concurrent users</h3>
        <div className="chart-box" role="img" aria-label={throughputText} data-testid="chart-closed" data-points={throughput.length}>
          <AfterFirstPaint fallback={placeholder}>
          <Suspense fallback={placeholder}>
            <ThroughputChart data={throughput} currentUsers={chartPerf.currentClosed ? chartPerf.currentClosed.users : null} measured={measuredThroughput} />
          </Suspense>
          </AfterFirstPaint>
        </div>
        <figcaption className="chart-caption">{throughputText}</figcaption>
      </figure>
      {points && measuredLatency.length > 0 ? <MeasuredPointsText summary={measuredSummary(points, measuredLatency, measuredThroughput.length > 0)} rows={measuredLatency} /> : null}
    </Section>
  );
}
