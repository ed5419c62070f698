/**
 * On a phone the inputs come first and the headline tiles are a long scroll away, so a slim bar of
 * the key numbers sticks to the top while the user moves sliders (shown below 900 px only, by CSS).
 * It repeats tiles, so it is hidden from assistive technology: the tiles are the accessible copy.
 */
import { formatWithUnit } from '../../components/format';
import { useAnalysis } from '../../state/use-analysis';

export function MiniSummary() {
  const { performance: perf, gunicorn, phpfpm, memory } = useAnalysis('live', (a) => a.web);
  const slo = useAnalysis('live', (a) => a.slo);
  const pool = gunicorn ? `${gunicorn.workers.value} workers` : phpfpm ? `${phpfpm.maxChildren.value} children` : '';
  const over = !slo.meets;
  return (
    <div className="mini-summary" aria-hidden="true">
      {/* Scrolls instead of linking to #outputs: the fragment holds the share link. */}
      <button type="button" tabIndex={-1} onClick={() => document.getElementById('outputs')?.scrollIntoView({ block: 'start' })}>
        <span>{pool}</span>
        <span>cap {formatWithUnit(perf.capacityRps.value, 'rps')}</span>
        <span className={over ? 'mini-over' : undefined}>{slo.percentile} {formatWithUnit(slo.atPlannedMs, 'ms')}</span>
        <span className={memory.status !== 'ok' ? 'mini-over' : undefined}>mem {Math.round(memory.usedShare * 100)}%</span>
      </button>
    </div>
  );
}
