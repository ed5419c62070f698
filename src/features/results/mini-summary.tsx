/**
 * On a phone the inputs come first and the headline tiles are a long scroll away, so a slim bar of
 * the key numbers sticks to the top while the user moves sliders (shown below 900 px only, by CSS).
 * It repeats tiles, so it is hidden from assistive technology: the tiles are the accessible copy.
 */
import { formatWithUnit } from '../../components/format';
import { useSizing } from '../../state/use-sizing';

export function MiniSummary() {
  const { performance: perf, gunicorn, phpfpm, memory } = useSizing();
  const pool = gunicorn ? `${gunicorn.workers.value} workers` : phpfpm ? `${phpfpm.maxChildren.value} children` : '';
  const over = perf.current.p95Ms > perf.sloMs;
  return (
    <div className="mini-summary" aria-hidden="true">
      {/* Scrolls instead of linking to #outputs: the fragment holds the share link. */}
      <button type="button" tabIndex={-1} onClick={() => document.getElementById('outputs')?.scrollIntoView({ block: 'start' })}>
        <span>{pool}</span>
        <span>cap {formatWithUnit(perf.capacityRps.value, 'rps')}</span>
        <span className={over ? 'mini-over' : undefined}>p95 {formatWithUnit(perf.current.p95Ms, 'ms')}</span>
        <span className={memory.status !== 'ok' ? 'mini-over' : undefined}>mem {Math.round(memory.usedShare * 100)}%</span>
      </button>
    </div>
  );
}
