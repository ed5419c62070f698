/**
 * The Recharts drawings. This module is loaded lazily (React.lazy in ./charts-section.tsx) so the
 * first paint does not wait for Recharts (~100 KB gzip). Animations are off so a slider move
 * repaints in one frame.
 */
import { memo, useCallback, useMemo, useRef, useState, type ComponentProps } from 'react';
import { CartesianGrid, DefaultZIndexes, Legend, Line, LineChart, LineDrawShape, Tooltip, usePlotArea, useXAxisScale, useYAxisScale, XAxis, YAxis, ZIndexLayer } from 'recharts';
import { formatNumber } from '../../components/format';
import { fittingTicks, roundTicks, sloLabelSide, tickLabel, yAxisWidthPx, type LatencyDatum, type MeasuredLatencyDatum, type MeasuredThroughputDatum, type ThroughputDatum } from './chart-data';

const tick = tickLabel;
const CHART_STYLE = { width: '100%', height: 280 } as const;
const MARGIN = { top: 8, right: 12, bottom: 4, left: 0 };
const tipFmt = (v: unknown) => (typeof v === 'number' ? formatNumber(v) : '—');

export interface LatencyChartProps {
  data: LatencyDatum[];
  plannedRps: number;
  sloMs: number;
  sloMaxRps: number;
  yMax: number;
  xMax: number;
  /** Measured points of a calibration imported this session (issue 14): dots, no line. */
  measured?: MeasuredLatencyDatum[];
}
/**
 * The chart box's width in px (null until measured), for x ticks whose labels fit (390 px vs 1280 px).
 * Only whole-pixel changes re-render.
 */
function useBoxWidth(): [(el: HTMLDivElement | null) => void, number | null] {
  const [px, setPx] = useState<number | null>(null);
  const observer = useRef<ResizeObserver | null>(null);
  const ref = useCallback((el: HTMLDivElement | null) => {
    observer.current?.disconnect();
    if (!el || typeof ResizeObserver === 'undefined') return;
    observer.current = new ResizeObserver(([entry]) => setPx(entry ? Math.round(entry.contentRect.width) : null));
    observer.current.observe(el);
  }, []);
  return [ref, px];
}
/**
 * Whether the chart's tooltip is mounted: from the first time a pointer enters the chart or the
 * keyboard focuses it, never before. A mounted Recharts <Tooltip> subscribes to a fifth of the
 * chart store's selectors, and every redraw re-runs them in each of its store notifications (and
 * re-renders the tooltip) although nothing shows until a pointer or the keyboard is on the chart.
 * Once mounted it stays.
 */
function useTooltipOnDemand(): [boolean, { onPointerEnter: () => void; onFocus: () => void }] {
  const [wanted, setWanted] = useState(false);
  const handlers = useMemo(() => ({ onPointerEnter: () => setWanted(true), onFocus: () => setWanted(true) }), []);
  return [wanted, handlers];
}

/** The plot's width between the y axes (null while the box is not measured). */
const plotPx = (boxPx: number | null, ...axisPx: number[]) => (boxPx === null ? null : boxPx - MARGIN.left - MARGIN.right - axisPx.reduce((a, b) => a + b, 0));

/** Measured points as dots on their own data (Recharts takes per-series data on a Line). */
const MEASURED_DOT = { r: 4, fill: '#1f2933', stroke: '#fff' };

/**
 * Each curve is Recharts' own line shape, but its path is not handed to Recharts' path ref: Recharts
 * reads that path's getTotalLength() on every redraw (for the entrance animation, which is off
 * here), and the call forces a layout of the whole page in the middle of the redraw task (12–20 ms
 * at 4× CPU throttling per chart, more after the panels' commit). The ref the path gets instead is
 * never read — only while animations are off: LineDrawShape reads pathRef during an animation, and
 * with one shared ref every curve would size its dashes from whichever path attached last.
 */
const UNREAD_PATH_REF = { current: null as unknown as SVGPathElement };
const curveShape = (props: ComponentProps<typeof LineDrawShape>) => <LineDrawShape {...props} pathRef={UNREAD_PATH_REF} />;

/** Max of the finite values of some series: the top of a data-driven axis. */
function seriesMax<T>(data: readonly T[], pick: (d: T) => number | null): number {
  let max = 0;
  for (const d of data) {
    const v = pick(d);
    if (v !== null && Number.isFinite(v) && v > max) max = v;
  }
  return max;
}

/**
 * The planned-load label sits at the top of its line, on the line's wider side (right of a line in
 * the left half: "insideTopLeft" of a vertical line is to its right), so it never runs into the y
 * axis' tick labels. The SLO label is at the far end of the SLO line, which is in the bottom quarter
 * (the y axis runs to at least 4 × SLO): the two cannot meet.
 */
const plannedLabelPosition = (sloSide: 'left' | 'right') => (sloSide === 'right' ? 'insideTopLeft' : 'insideTopRight');

/*
 * Every object, array and function handed to Recharts keeps its identity while its value is the
 * same. Recharts 3 registers axes, lines and tooltips in its own store from effects keyed on these
 * props: a fresh `domain={[0, max]}` on each render re-registers them, and every selector of the
 * chart (scales, points, ticks) recomputes and redraws the lines even when only the planned-load
 * line moved.
 */
const RPS_TITLE = { value: 'offered load (rps)', position: 'insideBottom', offset: -2, fontSize: 12 } as const;
const USERS_TITLE = { value: 'concurrent users', position: 'insideBottom', offset: -2, fontSize: 12 } as const;
const MS_TITLE_LEFT = { value: 'ms', angle: -90, position: 'insideLeft', fontSize: 12 } as const;
const MS_TITLE_RIGHT = { value: 'ms', angle: 90, position: 'insideRight', fontSize: 12 } as const;
const RPS_TITLE_LEFT = { value: 'rps', angle: -90, position: 'insideLeft', fontSize: 12 } as const;
const rpsTip = (v: unknown) => `${tick(v)} rps`;
const usersTip = (v: unknown) => `${tick(v)} users`;

/**
 * Round ticks from 0 to at least `max`, and the domain they span (`fallback` without ticks). With
 * `fitPx` (an x axis' plot width), as many ticks as their labels fit in it.
 */
function useAxis(max: number, fallback: number | 'auto' | 'dataMax' = max, fitPx: number | null = null) {
  return useMemo(() => {
    const ticks = fitPx === null ? roundTicks(max) : fittingTicks(max, fitPx);
    return { ticks, domain: [0, ticks.at(-1) ?? fallback] as [number, number | 'auto' | 'dataMax'] };
  }, [max, fallback, fitPx]);
}

/**
 * The planned-load line: a dashed vertical line with its label at the top, drawn from the chart's x
 * scale instead of as a Recharts <ReferenceLine>. A reference line registers itself in the chart's
 * store from an effect on every render (remove, then add), and each registration recomputes every
 * selector of the chart; the planned load moves with every step of the most used slider, so this
 * line is the only part of the chart that redraws then. Drawn like a ReferenceLine with an
 * "insideTopLeft/Right" label (5 px offset, Recharts' default label grey); hidden outside the axis.
 */
function PlannedLine({ x, side }: { x: number; side: 'left' | 'right' }) {
  const scale = useXAxisScale();
  const area = usePlotArea();
  const px = scale?.(x);
  if (!area || px === undefined || !Number.isFinite(px) || px < area.x - 0.5 || px > area.x + area.width + 0.5) return null;
  const labelRight = plannedLabelPosition(side) === 'insideTopLeft';
  return (
    <g className="recharts-reference-line chart-planned" data-testid="chart-planned">
      <line x1={px} y1={area.y} x2={px} y2={area.y + area.height} stroke="#1f2933" strokeDasharray="3 3" strokeWidth={1} fill="none" />
      <text x={labelRight ? px + 5 : px - 5} y={area.y + 5} textAnchor={labelRight ? 'start' : 'end'} fontSize={12} fill="#808080" className="recharts-text recharts-label">
        <tspan x={labelRight ? px + 5 : px - 5} dy="0.71em">
          planned
        </tspan>
      </text>
    </g>
  );
}

/** A pixel position inside the plot area's extent [from, from + size] (half a pixel of slack), or null. */
const inPlot = (px: number | undefined, from: number, size: number): number | null => (px !== undefined && Number.isFinite(px) && px >= from - 0.5 && px <= from + size + 0.5 ? px : null);

/**
 * The SLO line (dashed, red, its label at one end) and the marker where the SLO percentile crosses
 * it, drawn from the chart's scales like PlannedLine rather than as a Recharts <ReferenceLine> and
 * <ReferenceDot>: those register in the chart's store from effects (remove, then add, on every
 * change of their props), and each registration re-runs every selector of the chart; a preset
 * switch moved both, so a latency redraw paid four extra store notifications. Drawn as Recharts
 * draws them, in the same z-index layers (the line over the curves, the dot over the axes, the
 * label over everything), each element hidden outside the axes (the old line's "extendDomain" never
 * applied: the y axis has an explicit domain to at least 4 × SLO, chart-data.ts latencyYMax).
 */
function SloMarks({ sloMs, yMax, markerRps, side }: { sloMs: number; yMax: number; markerRps: number | null; side: 'left' | 'right' }) {
  const xScale = useXAxisScale();
  const yScale = useYAxisScale();
  const area = usePlotArea();
  if (!area) return null;
  const y = inPlot(yScale?.(sloMs), area.y, area.height);
  const dotX = markerRps === null ? null : inPlot(xScale?.(markerRps), area.x, area.width);
  const dotY = markerRps === null ? null : inPlot(yScale?.(Math.min(sloMs, yMax)), area.y, area.height);
  const labelRight = side === 'right';
  const labelX = labelRight ? area.x + area.width - 5 : area.x + 5;
  return (
    <>
      <ZIndexLayer zIndex={DefaultZIndexes.line}>
        {y !== null ? (
          <g className="recharts-layer recharts-reference-line">
            <line x1={area.x} y1={y} x2={area.x + area.width} y2={y} stroke="#b42318" strokeDasharray="6 4" fill="none" fillOpacity={1} strokeWidth={1} className="recharts-reference-line-line" />
          </g>
        ) : null}
      </ZIndexLayer>
      {/* Always mounted, so the marker appearing or going does not add or remove a z-index layer (a store update). */}
      <ZIndexLayer zIndex={DefaultZIndexes.scatter}>
        {dotX !== null && dotY !== null ? (
          <g className="recharts-layer recharts-reference-dot">
            <circle cx={dotX} cy={dotY} r={5} fill="#b42318" stroke="#fff" fillOpacity={1} strokeWidth={1} className="recharts-dot recharts-reference-dot-dot" />
          </g>
        ) : null}
      </ZIndexLayer>
      <ZIndexLayer zIndex={DefaultZIndexes.label}>
        {y !== null ? (
          <text x={labelX} y={y + 5} textAnchor={labelRight ? 'end' : 'start'} fontSize={12} fill="#b42318" className="recharts-text recharts-label">
            <tspan x={labelX} dy="0.71em">
              {`SLO ${formatNumber(sloMs)} ms`}
            </tspan>
          </text>
        ) : null}
      </ZIndexLayer>
    </>
  );
}

export const LatencyChart = memo(function LatencyChart({ data, plannedRps, sloMs, sloMaxRps, yMax, xMax, measured }: LatencyChartProps) {
  const showMarker = Number.isFinite(sloMaxRps) && sloMaxRps > 0;
  // Axes from 0 to a round tick (xMax and yMax are already round: chart-data.ts).
  const [boxRef, boxPx] = useBoxWidth();
  const [tooltip, tooltipTriggers] = useTooltipOnDemand();
  const y = useAxis(yMax);
  const x = useAxis(xMax, xMax, plotPx(boxPx, yAxisWidthPx(y.ticks)));
  // The SLO label sits at the end of its line away from the planned-load line (no collision at 390 px).
  const sloSide = sloLabelSide(plannedRps, xMax);
  // Everything but the planned-load line, as one element: it is the same element (and React skips
  // it) while only the planned load moves.
  const body = useMemo(
    () => (
      <>
        <CartesianGrid stroke="#e3e6ea" />
        <XAxis dataKey="rps" type="number" domain={x.domain} ticks={x.ticks} allowDataOverflow tickFormatter={tick} label={RPS_TITLE} height={40} />
        <YAxis type="number" domain={y.domain} ticks={y.ticks} allowDataOverflow tickFormatter={tick} width={yAxisWidthPx(y.ticks)} label={MS_TITLE_LEFT} />
        {tooltip ? <Tooltip formatter={tipFmt} labelFormatter={rpsTip} isAnimationActive={false} /> : null}
        <Legend verticalAlign="top" height={24} />
        <Line type="linear" dataKey="mean" name="mean" stroke="#5b6b7a" dot={false} shape={curveShape} isAnimationActive={false} connectNulls={false} />
        <Line type="linear" dataKey="p50" name="p50" stroke="#2f8f83" dot={false} shape={curveShape} isAnimationActive={false} connectNulls={false} />
        <Line type="linear" dataKey="p95" name="p95" stroke="#3b6fb6" strokeWidth={2} dot={false} shape={curveShape} isAnimationActive={false} connectNulls={false} />
        <Line type="linear" dataKey="p99" name="p99" stroke="#a23d6b" dot={false} shape={curveShape} isAnimationActive={false} connectNulls={false} />
        {measured && measured.length > 0 ? <Line data={measured} dataKey="measuredMean" name="measured mean" stroke="none" legendType="circle" dot={MEASURED_DOT} shape={curveShape} isAnimationActive={false} /> : null}
      </>
    ),
    [x, y, measured, tooltip],
  );
  return (
    <div ref={boxRef} {...tooltipTriggers}>
      <LineChart responsive style={CHART_STYLE} data={data} margin={MARGIN}>
        {body}
        <SloMarks sloMs={sloMs} yMax={yMax} markerRps={showMarker ? sloMaxRps : null} side={sloSide} />
        {Number.isFinite(plannedRps) ? <PlannedLine x={plannedRps} side={sloSide} /> : null}
      </LineChart>
    </div>
  );
});

export interface ThroughputChartProps {
  data: ThroughputDatum[];
  currentUsers: number | null;
  measured?: MeasuredThroughputDatum[];
}

export const ThroughputChart = memo(function ThroughputChart({ data, currentUsers, measured }: ThroughputChartProps) {
  const max = useMemo(() => ({ users: seriesMax(data, (d) => d.users), rps: seriesMax(data, (d) => d.throughput), ms: seriesMax(data, (d) => d.mean) }), [data]);
  const [boxRef, boxPx] = useBoxWidth();
  const [tooltip, tooltipTriggers] = useTooltipOnDemand();
  const rps = useAxis(max.rps, 'auto');
  const ms = useAxis(max.ms, 'auto');
  const users = useAxis(max.users, 'dataMax', plotPx(boxPx, yAxisWidthPx(rps.ticks), yAxisWidthPx(ms.ticks)));
  const body = useMemo(
    () => (
      <>
        <CartesianGrid stroke="#e3e6ea" />
        <XAxis dataKey="users" type="number" domain={users.domain} ticks={users.ticks} tickFormatter={tick} label={USERS_TITLE} height={40} />
        <YAxis yAxisId="rps" type="number" domain={rps.domain} ticks={rps.ticks} tickFormatter={tick} width={yAxisWidthPx(rps.ticks)} label={RPS_TITLE_LEFT} />
        {/* The width leaves room for the rotated title beside the tick labels: it never overlaps them. */}
        <YAxis yAxisId="ms" orientation="right" type="number" domain={ms.domain} ticks={ms.ticks} tickFormatter={tick} width={yAxisWidthPx(ms.ticks)} label={MS_TITLE_RIGHT} />
        {tooltip ? <Tooltip formatter={tipFmt} labelFormatter={usersTip} isAnimationActive={false} /> : null}
        <Legend verticalAlign="top" height={24} />
        <Line yAxisId="rps" type="linear" dataKey="throughput" name="throughput (rps)" stroke="#3b6fb6" strokeWidth={2} dot={false} shape={curveShape} isAnimationActive={false} />
        <Line yAxisId="ms" type="linear" dataKey="mean" name="mean latency (ms)" stroke="#b5622d" dot={false} shape={curveShape} isAnimationActive={false} />
        {measured && measured.length > 0 ? <Line yAxisId="rps" data={measured} dataKey="measuredThroughput" name="measured throughput" stroke="none" legendType="circle" dot={MEASURED_DOT} shape={curveShape} isAnimationActive={false} /> : null}
      </>
    ),
    [users, rps, ms, measured, tooltip],
  );
  return (
    <div ref={boxRef} {...tooltipTriggers}>
      <LineChart responsive style={CHART_STYLE} data={data} margin={MARGIN}>
        {body}
        {currentUsers !== null && Number.isFinite(currentUsers) ? <PlannedLine x={currentUsers} side={sloLabelSide(currentUsers, users.ticks.at(-1) ?? 0)} /> : null}
      </LineChart>
    </div>
  );
});
