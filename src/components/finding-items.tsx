/**
 * A list of engine findings, most severe first, each with its fix and source. Every panel
 * (web tier, DynamoDB, fleet, cluster) shows findings through this one component.
 */
import type { Severity } from '../engine/types';

interface FindingLike {
  id: string;
  severity: Severity;
  layer: string;
  message: string;
  fix?: string;
  source?: string;
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const ICON: Record<Severity, string> = { error: '✖', warning: '▲', info: 'ℹ' };

export function FindingItems({ findings, testId }: { findings: readonly FindingLike[]; testId: string }) {
  const sorted = [...findings].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  return (
    <ul className="findings" data-testid={testId}>
      {sorted.map((f) => (
        <li key={f.id} className={`finding finding-${f.severity}`}>
          <span className="finding-sev">
            <span aria-hidden="true">{ICON[f.severity]}</span> {f.severity} · {f.layer}
          </span>
          <p className="finding-msg" data-testid={`${testId}-msg-${f.id}`}>
            {f.message}
          </p>
          {f.fix ? (
            <p className="finding-fix">
              <strong>Fix:</strong> <span data-testid={`${testId}-fix-${f.id}`}>{f.fix}</span>
            </p>
          ) : null}
          {f.source ? (
            <p className="finding-src muted">
              Source: <span data-testid={`${testId}-src-${f.id}`}>{f.source}</span>
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
