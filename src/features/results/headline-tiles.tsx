/**
 * The summary band: the seven numbers a reader looks at first (issue 15). Past saturation the
 * latency tile says "overloaded" and by how much (offered vs capacity), not a queueing time of
 * minutes that no client would wait for. The CPU tile is the whole machine's busy share (what top
 * shows, issue 13 item 5); the share of the cores the app's processes can use is its second line.
 */
import type { ReactNode } from 'react';
import { formatMiB, formatPercent, formatUsd, formatWithUnit, isFiniteNumber } from '../../components/format';
import { usePlanStore } from '../../state/plan-store';
import { useAnalysis } from '../../state/use-analysis';

type Tone = 'ok' | 'warning' | 'over' | 'neutral';

function Tile({ label, value, sub, tone = 'neutral', testId, subTestId, title }: { label: string; value: string; sub?: ReactNode; tone?: Tone; testId: string; subTestId?: string; title?: string }) {
  return (
    <div className={`tile tile-${tone}`} title={title}>
      <div className="tile-label">{label}</div>
      <div className="tile-value" data-testid={testId}>
        {value}
      </div>
      {sub ? (
        <div className="tile-sub" data-testid={subTestId}>
          {sub}
        </div>
      ) : null}
    </div>
  );
}

/** "" for a lone server; otherwise the tiles describe one (main) server, and say so. */
function useScope(): string {
  return usePlanStore((s) => (s.plan.fleet.otherKinds.length > 0 ? 'per main server' : s.plan.fleet.servers > 1 ? 'per server' : ''));
}

/** The fleet's monthly cost follows the settled plan: it sums DynamoDB too, which a slider frame should not wait for. */
function CostTile() {
  const total = useAnalysis('settled', (a) => a.fleet.totalMonthlyUsd);
  const servers = useAnalysis('settled', (a) => a.fleet.servers);
  const known = isFiniteNumber(total.value);
  return <Tile label="Monthly cost" value={known ? formatUsd(total.value) : 'no price'} sub={known ? `${servers} server${servers === 1 ? '' : 's'}, DynamoDB if priced` : 'enter an hourly price (Fleet)'} testId="out-monthly" subTestId="out-monthly-servers" title={total.formula} />;
}

/**
 * CPU busy as a share of the machine (cores × SMT gain). The tone follows the pool's share, the
 * one that saturates: four sync workers on 16 cores are overloaded at 25 % of the machine.
 */
function CpuTile() {
  const { machineCpuUtil, current } = useAnalysis('live', (a) => a.web.performance);
  const pool = current.cpuUtil;
  const tone: Tone = !isFiniteNumber(pool) ? 'neutral' : pool < 0.7 ? 'ok' : pool < 0.9 ? 'warning' : 'over';
  const sub = `${formatPercent(pool)} of the cores the app can use`;
  const title = `${machineCpuUtil.formula}. ${machineCpuUtil.why}`;
  return <Tile label="CPU busy (whole machine)" value={formatPercent(machineCpuUtil.value)} sub={sub} tone={tone} testId="out-cpu" subTestId="out-cpu-pool" title={title} />;
}

export function HeadlineTiles() {
  const { performance: perf, memory } = useAnalysis('live', (a) => a.web);
  const slo = useAnalysis('live', (a) => a.slo);
  const scope = useScope();
  const per = scope ? ` (${scope})` : '';
  const planned = perf.plannedRps;
  const overloaded = slo.offeredOverCapacity > 1;
  const sloTone: Tone = slo.meets ? 'ok' : 'over';
  const loadTone: Tone = !isFiniteNumber(perf.sloMaxRps.value) ? 'neutral' : planned <= perf.sloMaxRps.value ? 'ok' : 'over';
  const loadSub = overloaded ? `overloaded: ${formatPercent(slo.offeredOverCapacity)} of capacity` : loadTone === 'over' ? 'above the SLO limit' : 'within the SLO limit';
  return (
    <div className="tiles" role="group" aria-label="Headline numbers">
      <Tile label={`Capacity${per}`} value={formatWithUnit(perf.capacityRps.value, 'rps')} sub="before the pool saturates" testId="out-capacity" title={perf.capacityRps.formula} />
      <Tile label={`Max load within SLO${per}`} value={formatWithUnit(perf.sloMaxRps.value, 'rps')} sub={<>{perf.sloPercentile} ≤ <span data-testid="out-slo-max-target">{formatWithUnit(perf.sloMs, 'ms')}</span></>} testId="out-slo-max" title={perf.sloMaxRps.formula} />
      <Tile label={`Planned load${per}`} value={formatWithUnit(planned, 'rps')} sub={loadSub} tone={loadTone} testId="out-planned" subTestId="out-planned-over-capacity" />
      <Tile
        label={`${slo.percentile} at planned load`}
        value={overloaded ? 'overloaded' : formatWithUnit(slo.atPlannedMs, 'ms')}
        sub={
          overloaded ? (
            <>
              offered <span data-testid="out-slo-latency-offered">{formatWithUnit(planned, 'rps')}</span> vs capacity <span data-testid="out-slo-latency-capacity">{formatWithUnit(perf.capacityRps.value, 'rps')}</span>
            </>
          ) : (
            <>
              SLO {perf.sloPercentile} <span data-testid="out-slo-latency-target">{formatWithUnit(perf.sloMs, 'ms')}</span>
            </>
          )
        }
        tone={sloTone}
        testId="out-slo-latency"
      />
      <CpuTile />
      <Tile label="Memory headroom" value={formatMiB(memory.headroomMiB.value)} sub={`${formatPercent(memory.usedShare)} of RAM used`} tone={memory.status} testId="out-headroom" subTestId="out-ram-used" title={memory.headroomMiB.formula} />
      <CostTile />
    </div>
  );
}
