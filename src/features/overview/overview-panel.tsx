/**
 * The first thing under the summary (issue 15): the bottleneck verdict in one sentence and the
 * stack as a picture, both read from the engine (analysis.bottleneck, analysis.topology). They follow
 * the settled plan: the verdict re-analyses the plan with each limit lifted, which a slider frame
 * should not wait for.
 */
import { openSection, SECTIONS, type SectionId } from '../../components/sections';
import type { LimitKind, TopologyNodeId } from '../../engine/analysis/types';
import { useAnalysis } from '../../state/use-analysis';
import { ScenarioPicker } from './scenario-picker';
import { TopologyDiagram } from './topology-diagram';
import './overview.css';

/** Where each limit is changed. */
const SECTION_OF_LIMIT: Record<LimitKind, SectionId> = {
  cpu: 'server',
  memory: 'server',
  'request-time': 'server',
  slots: 'app',
  fds: 'nginx',
  connections: 'nginx',
  upstream: 'fleet',
  'ddb-partition': 'dynamodb',
  'ddb-quota': 'dynamodb', 'ddb-stream': 'dynamodb',
};

export const SECTION_OF_NODE: Record<TopologyNodeId, SectionId> = { clients: 'server', nginx: 'nginx', app: 'app', dynamodb: 'dynamodb' };

const labelOf = (id: SectionId) => SECTIONS.find((s) => s.id === id)?.label ?? id;

export function Verdict() {
  const b = useAnalysis('settled', (a) => a.bottleneck);
  const target = SECTION_OF_LIMIT[b.binding];
  return (
    <div className="verdict" data-testid="verdict" data-limit={b.binding}>
      <p className="verdict-text">
        <strong>Bottleneck.</strong> <span data-testid="out-verdict-sentence">{b.sentence}</span>
      </p>
      <a
        href={`?s=${target}`}
        className="verdict-go"
        data-testid="verdict-go"
        onClick={(e) => {
          e.preventDefault();
          openSection(target);
        }}
      >
        Change it in {labelOf(target)}
      </a>
    </div>
  );
}

export default function OverviewPanel() {
  const topology = useAnalysis('settled', (a) => a.topology);
  return (
    <div className="overview panel">
      <ScenarioPicker />
      <Verdict />
      <TopologyDiagram topology={topology} onOpen={(node) => openSection(SECTION_OF_NODE[node])} />
    </div>
  );
}
