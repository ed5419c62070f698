/** The six numbers a reader looks at first. */
import { formatMiB, formatPercent, formatWithUnit, isFiniteNumber } from '../../components/format';
import { usePlanStore } from '../../state/plan-store';
import { useAnalysis } from '../../state/use-analysis';

type Tone = 'ok' | 'warning' | 'over' | 'neutral';

function Tile({ label, value, sub, tone = 'neutral', testId, title }: { label: string; value: string; sub?: string; tone?: Tone; testId: string; title?: string }) {
  return (
    <div className={`tile tile-${tone}`} title={title}>
      <div className="tile-label">{label}</div>
      <div className="tile-value" data-testid={testId}>
        {value}
      </div>
      {sub ? <div className="tile-sub">{sub}</div> : null}
    </div>
  );
}

/** "" for a lone server; otherwise the tiles describe one (main) server, and say so. */
function useScope(): string {
  return usePlanStore((s) => (s.plan.fleet.otherKinds.length > 0 ? 'per main server' : s.plan.fleet.servers > 1 ? 'per server' : ''));
}

export function HeadlineTiles() {
  const { performance: perf, memory } = useAnalysis('live', (a) => a.web);
  const slo = useAnalysis('live', (a) => a.slo);
  const scope = useScope();
  const per = scope ? ` (${scope})` : '';
  const planned = perf.plannedRps;
  const cpu = perf.current.cpuUtil;
  const sloTone: Tone = slo.meets ? 'ok' : 'over';
  const loadTone: Tone = !isFiniteNumber(perf.sloMaxRps.value) ? 'neutral' : planned <= perf.sloMaxRps.value ? 'ok' : 'over';
  const cpuTone: Tone = !isFiniteNumber(cpu) ? 'neutral' : cpu < 0.7 ? 'ok' : cpu < 0.9 ? 'warning' : 'over';
  return (
    <div className="tiles" role="group" aria-label="Headline numbers">
      <Tile label={`Capacity${per}`} value={formatWithUnit(perf.capacityRps.value, 'rps')} sub="before the pool saturates" testId="out-capacity" title={perf.capacityRps.formula} />
      <Tile label={`Max load within SLO${per}`} value={formatWithUnit(perf.sloMaxRps.value, 'rps')} sub={`${perf.sloPercentile} ≤ ${formatWithUnit(perf.sloMs, 'ms')}`} testId="out-slo-max" title={perf.sloMaxRps.formula} />
      <Tile label={`Planned load${per}`} value={formatWithUnit(planned, 'rps')} sub={loadTone === 'over' ? 'above the SLO limit' : 'within the SLO limit'} tone={loadTone} testId="out-planned" />
      <Tile label={`${slo.percentile} at planned load`} value={formatWithUnit(slo.atPlannedMs, 'ms')} sub={`SLO ${perf.sloPercentile} ${formatWithUnit(perf.sloMs, 'ms')}`} tone={sloTone} testId="out-slo-latency" />
      <Tile label="CPU utilisation" value={formatPercent(cpu)} sub="at planned load" tone={cpuTone} testId="out-cpu" />
      <Tile label="Memory headroom" value={formatMiB(memory.headroomMiB.value)} sub={`${formatPercent(memory.usedShare)} of RAM used`} tone={memory.status} testId="out-headroom" title={memory.headroomMiB.formula} />
    </div>
  );
}
