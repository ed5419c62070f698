/**
 * The live topology: clients → nginx → app workers → DynamoDB. Rates on the arrows, utilisation
 * and queue in each box, the box holding the binding limit outlined; a click opens its section.
 * The drawing is hidden from assistive technology and the same facts follow as a list (the
 * section nav and the verdict's link are the keyboard's way to the sections, so the boxes add no
 * Tab stops). Narrow screens stack the boxes vertically.
 */
import { useSyncExternalStore } from 'react';
import { formatPercent, formatWithUnit } from '../../components/format';
import type { TopologyEdge, TopologyNode, TopologyNodeId, TopologySection } from '../../engine/analysis/types';

const NARROW = '(max-width: 599px)';
function useNarrow(): boolean {
  return useSyncExternalStore(
    (cb) => {
      const mq = matchMedia(NARROW);
      mq.addEventListener('change', cb);
      return () => mq.removeEventListener('change', cb);
    },
    () => matchMedia(NARROW).matches,
    () => false,
  );
}

interface Geometry {
  w: number;
  h: number;
  boxW: number;
  boxH: number;
  /** Top-left corner of box i. */
  at: (i: number) => { x: number; y: number };
  vertical: boolean;
}

function geometry(count: number, vertical: boolean): Geometry {
  if (vertical) {
    const boxW = 300;
    const boxH = 62;
    const gap = 34;
    return { w: 340, h: count * boxH + (count - 1) * gap + 8, boxW, boxH, at: (i) => ({ x: 20, y: 4 + i * (boxH + gap) }), vertical };
  }
  const boxW = 170;
  const boxH = 92;
  const gap = 70;
  return { w: count * boxW + (count - 1) * gap + 20, h: boxH + 20, boxW, boxH, at: (i) => ({ x: 10 + i * (boxW + gap), y: 10 }), vertical };
}

function usageText(n: TopologyNode): string {
  if (n.utilisation === null || n.utilisationOf === null) return n.detail;
  const over = n.overloaded ? ' (over its limit)' : '';
  return `${n.utilisationOf} ${formatPercent(n.utilisation)}${over}`;
}

function queueText(n: TopologyNode): string {
  return n.queue === null ? '' : `queue ${formatWithUnit(n.queue, '')}`;
}

const countText = (n: TopologyNode) => (n.id === 'clients' ? '' : n.id === 'dynamodb' ? '' : n.servers > 1 ? ` × ${n.servers}` : '');

function Box({ node, g, i, binding, onOpen }: { node: TopologyNode; g: Geometry; i: number; binding: boolean; onOpen: (id: TopologyNodeId) => void }) {
  const { x, y } = g.at(i);
  const cls = `topo-box${binding ? ' topo-binding' : ''}${node.overloaded ? ' topo-over' : ''}`;
  // Each line's test id says which analysis field it shows (the golden test reads them).
  const usageId = node.utilisation === null || node.utilisationOf === null ? 'detail' : 'util';
  const second = queueText(node) ? { text: queueText(node), id: 'queue' } : { text: node.utilisation !== null ? node.detail : '', id: 'detail' };
  const lines = [{ text: usageText(node), id: usageId }, second].filter((l) => l.text);
  return (
    <g className={cls} onClick={() => onOpen(node.id)} data-testid={`topo-${node.id}`} data-binding={binding ? 'true' : undefined}>
      {node.servers > 1 && node.id !== 'clients' ? <rect x={x + 6} y={y - 5} width={g.boxW} height={g.boxH} rx={8} className="topo-stack" /> : null}
      <rect x={x} y={y} width={g.boxW} height={g.boxH} rx={8} />
      <text x={x + 10} y={y + 20} className="topo-title">
        {node.label}
        <tspan data-testid={`out-topo-servers-${node.id}`}>{countText(node)}</tspan>
        {binding ? ' — limit' : ''}
      </text>
      {lines.map((line, k) => (
        <text key={k} x={x + 10} y={y + 20 + (k + 1) * (g.vertical ? 16 : 20)} className="topo-line" data-testid={`out-topo-${line.id}-${node.id}`}>
          {line.text.length > 30 ? `${line.text.slice(0, 29)}…` : line.text}
        </text>
      ))}
    </g>
  );
}

function Arrow({ edge, g, i }: { edge: TopologyEdge; g: Geometry; i: number }) {
  const a = g.at(i);
  const b = g.at(i + 1);
  const label = formatWithUnit(edge.rps, edge.unit);
  if (g.vertical) {
    const x = a.x + 40;
    return (
      <g className="topo-edge">
        <line x1={x} y1={a.y + g.boxH} x2={x} y2={b.y - 4} markerEnd="url(#topo-arrow)" />
        <text x={x + 12} y={(a.y + g.boxH + b.y) / 2 + 4} data-testid={`out-topo-edge-${edge.from}`}>
          {label}
        </text>
      </g>
    );
  }
  const y = a.y + g.boxH / 2;
  return (
    <g className="topo-edge">
      <line x1={a.x + g.boxW} y1={y} x2={b.x - 4} y2={y} markerEnd="url(#topo-arrow)" />
      <text x={(a.x + g.boxW + b.x) / 2} y={y - 8} textAnchor="middle" data-testid={`out-topo-edge-${edge.from}`}>
        {label}
      </text>
    </g>
  );
}

export function TopologyDiagram({ topology, onOpen }: { topology: TopologySection; onOpen: (id: TopologyNodeId) => void }) {
  const narrow = useNarrow();
  const g = geometry(topology.nodes.length, narrow);
  const index = (id: TopologyNodeId) => topology.nodes.findIndex((n) => n.id === id);
  return (
    <figure className="topology" data-testid="topology">
      <svg viewBox={`0 0 ${g.w} ${g.h}`} width="100%" aria-hidden="true" className={narrow ? 'topo-vertical' : 'topo-horizontal'} style={{ maxWidth: `${g.w}px` }}>
        <defs>
          <marker id="topo-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" />
          </marker>
        </defs>
        {topology.edges.map((e) => (
          <Arrow key={`${e.from}-${e.to}`} edge={e} g={g} i={index(e.from)} />
        ))}
        {topology.nodes.map((n, i) => (
          <Box key={n.id} node={n} g={g} i={i} binding={n.id === topology.binding} onOpen={onOpen} />
        ))}
      </svg>
      <figcaption className="visually-hidden">
        <span>The stack at the planned load:</span>
        <ul data-testid="topology-text">
          {topology.nodes.map((n) => (
            <li key={n.id}>
              {n.label}
              <span data-testid={`out-topo-cap-servers-${n.id}`}>{countText(n)}</span>: <span data-testid={`out-topo-cap-detail-${n.id}`}>{n.detail}</span>
              {n.utilisation !== null && n.utilisationOf ? (
                <>
                  ; <span data-testid={`out-topo-cap-util-${n.id}`}>{usageText(n)}</span>
                </>
              ) : null}
              {n.queue !== null ? (
                <>
                  ; <span data-testid={`out-topo-cap-queue-${n.id}`}>{queueText(n)}</span>
                </>
              ) : null}
              {n.id === topology.binding ? '; this is the binding limit' : ''}.
            </li>
          ))}
          {topology.edges.map((e) => (
            <li key={`${e.from}-${e.to}`}>
              {topology.nodes[index(e.from)]?.label} to {topology.nodes[index(e.to)]?.label}: <span data-testid={`out-topo-cap-edge-${e.from}`}>{formatWithUnit(e.rps, e.unit)}</span>.
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
