/**
 * Chart figures. The heading, the aria-label summary and data attributes live here (entry
 * chunk); the Recharts drawing itself is lazy-loaded, with a fixed-height placeholder so the
 * layout does not jump when it arrives.
 */
import { lazy, Suspense, useMemo } from 'react';
import { AfterFirstPaint } from '../../components/after-first-paint';
import { Section } from '../../components/section';
import type { SloSection } from '../../engine/analysis/types';
import type { PerformanceResult } from '../../engine/types';
import type { Plan } from '../../plan/schema';
import { useMeasuredPoints } from '../../state/measured-points';
import { useAnalysis } from '../../state/use-analysis';
import { formatNumber } from '../../components/format';
import {
  latencyData, latencySummary, latencyXMax, latencyYMax, measuredLatencyData, measuredSummary, measuredThroughputData, throughputData, throughputSummary, type MeasuredLatencyDatum, type MeasuredThroughputDatum,
} from './chart-data';
import { usePaced } from './use-paced';

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

/** What one figure draws: the curves clock's performance and SLO, with the measured points in the same frame. */
interface FigureInput {
  plan: Plan;
  perf: PerformanceResult;
  slo: SloSection;
  measuredLatency: MeasuredLatencyDatum[];
  measuredThroughput: MeasuredThroughputDatum[];
}

/*
 * Each figure (its drawing, its summary and its data attributes together, so a figure never mixes
 * two plans) follows the curves through usePaced: it redraws after the input pauses, one figure
 * per frame (./chart-pacer.ts).
 */
const planOfInput = (input: FigureInput) => input.plan;

function LatencyFigure({ input }: { input: FigureInput }) {
  const { perf, slo, measuredLatency } = usePaced(input, planOfInput);
  const latency = useMemo(() => latencyData(perf.openCurve), [perf.openCurve]);
  const latencyText = latencySummary(perf, slo);
  const capacity = perf.capacityRps.value;
  return (
    <figure className="chart">
      <h3 id="chart-latency-h">Latency against offered load</h3>
      <div className="chart-box" role="img" aria-label={latencyText} data-testid="chart-latency" data-capacity={Number.isFinite(capacity) ? capacity.toFixed(3) : ''} data-points={latency.length} data-measured={measuredLatency.length}>
        <AfterFirstPaint fallback={placeholder}>
          <Suspense fallback={placeholder}>
            <LatencyChart data={latency} plannedRps={perf.plannedRps} sloMs={perf.sloMs} sloMaxRps={perf.sloMaxRps.value} yMax={latencyYMax(perf.sloMs)} xMax={latencyXMax(perf, latency)} measured={measuredLatency} />
          </Suspense>
        </AfterFirstPaint>
      </div>
      <figcaption className="chart-caption">
        {latencyText} Axes clipped at 4 × SLO and just past the knee.
      </figcaption>
    </figure>
  );
}

function ThroughputFigure({ input }: { input: FigureInput }) {
  const { perf, measuredThroughput } = usePaced(input, planOfInput);
  const throughput = useMemo(() => throughputData(perf.closedCurve), [perf.closedCurve]);
  const throughputText = useMemo(() => throughputSummary(perf.closedCurve), [perf.closedCurve]);
  return (
    <figure className="chart">
      <h3 id="chart-closed-h">Throughput against concurrent users</h3>
      <div className="chart-box" role="img" aria-label={throughputText} data-testid="chart-closed" data-points={throughput.length}>
        <AfterFirstPaint fallback={placeholder}>
          <Suspense fallback={placeholder}>
            <ThroughputChart data={throughput} currentUsers={perf.currentClosed ? perf.currentClosed.users : null} measured={measuredThroughput} />
          </Suspense>
        </AfterFirstPaint>
      </div>
      <figcaption className="chart-caption">{throughputText}</figcaption>
    </figure>
  );
}

export function ChartsSection() {
  // The curves follow the plan a beat behind a slider (the curves clock): the headline numbers
  // repaint in the slider's frame, each chart redraws in tasks of its own.
  const plan = useAnalysis('curves', (a) => a.plan);
  const perf = useAnalysis('curves', (a) => a.web.performance);
  const slo = useAnalysis('curves', (a) => a.slo);
  // Points of a calibration imported this session, in the charts' frame (load at nginx).
  const points = useMeasuredPoints((s) => s.points);
  const appShare = useAnalysis('curves', (a) => a.rates.appShare);
  const thinkMs = useAnalysis('curves', (a) => a.plan.workload.thinkTimeMs);
  const measuredLatency = useMemo(() => measuredLatencyData(points, appShare), [points, appShare]);
  const measuredThroughput = useMemo(() => measuredThroughputData(points, appShare, thinkMs), [points, appShare, thinkMs]);
  const input = useMemo(() => ({ plan, perf, slo, measuredLatency, measuredThroughput }), [plan, perf, slo, measuredLatency, measuredThroughput]);
  return (
    <Section id="charts" title="Load curves">
      <LatencyFigure input={input} />
      <ThroughputFigure input={input} />
      {points && measuredLatency.length > 0 ? <MeasuredPointsText summary={measuredSummary(points, measuredLatency, measuredThroughput.length > 0)} rows={measuredLatency} /> : null}
    </Section>
  );
}
