/**
 * Chart figures. The heading, the aria-label summary and data attributes live here (entry
 * chunk); the Recharts drawing itself is lazy-loaded, with a fixed-height placeholder so the
 * layout does not jump when it arrives.
 */
import { lazy, startTransition, Suspense, useEffect, useMemo, useState } from 'react';
import { AfterFirstPaint } from '../../components/after-first-paint';
import { Section } from '../../components/section';
import { useSizing } from '../../state/use-sizing';
import { latencyData, latencySummary, latencyXMax, latencyYMax, throughputData, throughputSummary } from './chart-data';

const LatencyChart = lazy(() => import('./recharts-charts').then((m) => ({ default: m.LatencyChart })));
const ThroughputChart = lazy(() => import('./recharts-charts').then((m) => ({ default: m.ThroughputChart })));

/**
 * The value, but updated only after the browser has painted the current frame: the slider and
 * the numbers repaint first, and the Recharts redraw (~15–30 ms for two charts) runs in the next
 * task, as a transition. Moves that come faster than the charts can draw are coalesced.
 */
function useAfterPaint<T>(value: T): T {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    if (Object.is(shown, value)) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const raf = requestAnimationFrame(() => {
      timer = setTimeout(() => startTransition(() => setShown(value)), 0);
    });
    return () => {
      cancelAnimationFrame(raf);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [value, shown]);
  return shown;
}

const placeholder = <div className="chart-placeholder">Loading chart…</div>;

export function ChartsSection() {
  const { performance: perf } = useSizing();
  const chartPerf = useAfterPaint(perf);
  const latency = useMemo(() => latencyData(chartPerf.openCurve), [chartPerf.openCurve]);
  const throughput = useMemo(() => throughputData(chartPerf.closedCurve), [chartPerf.closedCurve]);
  const latencyText = latencySummary(chartPerf);
  const throughputText = useMemo(() => throughputSummary(chartPerf.closedCurve), [chartPerf.closedCurve]);
  const capacity = chartPerf.capacityRps.value;
  return (
    <Section id="charts" title="Load curves">
      <figure className="chart">
        <h3 id="chart-latency-h">Latency against offered load</h3>
        <div className="chart-box" role="img" aria-label={latencyText} data-testid="chart-latency" data-capacity={Number.isFinite(capacity) ? capacity.toFixed(3) : ''} data-points={latency.length}>
          <AfterFirstPaint fallback={placeholder}>
          <Suspense fallback={placeholder}>
            <LatencyChart data={latency} plannedRps={chartPerf.plannedRps} sloMs={chartPerf.sloMs} sloMaxRps={chartPerf.sloMaxRps.value} yMax={latencyYMax(chartPerf.sloMs)} xMax={latencyXMax(chartPerf, latency)} />
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
            <ThroughputChart data={throughput} currentUsers={chartPerf.currentClosed ? chartPerf.currentClosed.users : null} />
          </Suspense>
          </AfterFirstPaint>
        </div>
        <figcaption className="chart-caption">{throughputText}</figcaption>
      </figure>
    </Section>
  );
}
