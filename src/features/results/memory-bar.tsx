/**
 * Memory budget as one stacked bar: each consumer, then the headroom, against the RAM size,
 * with a line at 80 % (the usual "leave room for page cache and spikes" threshold).
 */
import { Section } from '../../components/section';
import { formatMiB, formatPercent } from '../../components/format';
import { useAnalysis } from '../../state/use-analysis';

const PALETTE = ['#3b6fb6', '#7a4fb0', '#2f8f83', '#b5622d', '#8a6d1f', '#5b6b7a', '#a23d6b', '#4b7f2a'];
const STATUS_TEXT = { ok: 'OK', warning: 'Warning: above 80 %', over: 'Over: more than RAM' } as const;

export function MemoryBar() {
  const { memory } = useAnalysis('live', (a) => a.web);
  const total = memory.totalMiB;
  const used = memory.usedMiB.value;
  const headroom = Math.max(0, memory.headroomMiB.value);
  const scale = Math.max(total, used, 1);
  const pct = (mib: number) => `${Math.max(0, (mib / scale) * 100).toFixed(3)}%`;
  const summary = `${formatMiB(used)} of ${formatMiB(total)} used (${formatPercent(memory.usedShare)}), headroom ${formatMiB(memory.headroomMiB.value)}: ${STATUS_TEXT[memory.status]}`;
  return (
    <Section id="memory" title="Memory">
      <p className={`mem-status status-${memory.status}`} data-testid="memory-status">
        <span data-testid="out-mem-used">{formatMiB(used)}</span> of <span data-testid="out-mem-total">{formatMiB(total)}</span> used (
        <span data-testid="out-mem-used-share">{formatPercent(memory.usedShare)}</span>), headroom <span data-testid="out-mem-status-headroom">{formatMiB(memory.headroomMiB.value)}</span>: {STATUS_TEXT[memory.status]}
      </p>
      <div className={`mem-bar mem-${memory.status}`} role="img" aria-label={summary}>
        {memory.items.map((item, i) => (
          <span key={item.label} className="mem-seg" style={{ width: pct(item.mib), background: PALETTE[i % PALETTE.length] }} title={`${item.label}: ${formatMiB(item.mib)}`} />
        ))}
        {headroom > 0 ? <span className="mem-seg mem-headroom" style={{ width: pct(headroom) }} title={`Headroom: ${formatMiB(headroom)}`} /> : null}
        <span className="mem-line" style={{ left: pct(total * 0.8) }} aria-hidden="true" />
        {used > total ? <span className="mem-line mem-line-ram" style={{ left: pct(total) }} aria-hidden="true" /> : null}
      </div>
      <div className="mem-scale" aria-hidden="true">
        <span style={{ left: pct(total * 0.8) }}>80%</span>
      </div>
      <ul className="mem-legend">
        {memory.items.map((item, i) => (
          <li key={item.label}>
            <span className="swatch" style={{ background: PALETTE[i % PALETTE.length] }} aria-hidden="true" />
            <span className="mem-item-label">{item.label}</span>
            <span className="mem-item-value" data-testid={`out-mem-item-${i}`}>
              {formatMiB(item.mib)}
            </span>
            <code className="mem-item-formula" data-testid={`out-mem-item-formula-${i}`}>
              {item.formula}
            </code>
          </li>
        ))}
        <li>
          <span className="swatch swatch-headroom" aria-hidden="true" />
          <span className="mem-item-label">Headroom</span>
          <span className="mem-item-value" data-testid="out-mem-headroom">
            {formatMiB(memory.headroomMiB.value)}
          </span>
          <code className="mem-item-formula" data-testid="out-mem-headroom-formula">
            {memory.headroomMiB.formula}
          </code>
        </li>
      </ul>
    </Section>
  );
}
