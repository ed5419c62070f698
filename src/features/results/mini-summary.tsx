/**
 * On a phone the inputs come first and the headline tiles are a long scroll away, so a slim bar of
 * the key numbers sticks to the top while the user moves sliders (shown below 900 px only, by CSS).
 * It repeats tiles, so it is hidden from assistive technology: the tiles are the accessible copy.
 */
import { formatPercent, formatWithUnit } from '../../components/format';
import { useAnalysis } from '../../state/use-analysis';

/** "1 worker", "13 workers". */
export function poolText(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function MiniSummary() {
  const { performance: perf, gunicorn, phpfpm, memory } = useAnalysis('live', (a) => a.web);
  const slo = useAnalysis('live', (a) => a.slo);
  const pool = gunicorn ? poolText(gunicorn.workers.value, 'worker', 'workers') : phpfpm ? poolText(phpfpm.maxChildren.value, 'child', 'children') : '';
  const over = !slo.meets;
  // Past capacity the latency grows without bound: say overloaded and by how much, as the tile does.
  const latency =
    slo.offeredOverCapacity > 1 ? (
      <>
        overloaded <span data-testid="out-mini-over-capacity">{formatPercent(slo.offeredOverCapacity)}</span>
      </>
    ) : (
      <>
        {slo.percentile} <span data-testid="out-mini-latency">{formatWithUnit(slo.atPlannedMs, 'ms')}</span>
      </>
    );
  return (
    <div className="mini-summary" aria-hidden="true">
      {/* Scrolls instead of linking to #outputs: the fragment holds the share link. */}
      <button type="button" tabIndex={-1} onClick={() => document.getElementById('outputs')?.scrollIntoView({ block: 'start' })}>
        <span data-testid="out-mini-pool">{pool}</span>
        <span>
          cap <span data-testid="out-mini-capacity">{formatWithUnit(perf.capacityRps.value, 'rps')}</span>
        </span>
        <span className={over ? 'mini-over' : undefined}>{latency}</span>
        <span className={memory.status !== 'ok' ? 'mini-over' : undefined}>
          mem <span data-testid="out-mini-mem">{Math.round(memory.usedShare * 100)}%</span>
        </span>
      </button>
    </div>
  );
}
