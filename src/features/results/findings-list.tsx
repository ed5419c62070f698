/** Warnings and errors from the engine's checks, most severe first, each with its fix. */
import { Section } from '../../components/section';
import type { Severity } from '../../engine/types';
import { useSizing } from '../../state/use-sizing';

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const ICON: Record<Severity, string> = { error: '✖', warning: '▲', info: 'ℹ' };

export function FindingsList() {
  const { findings } = useSizing();
  const sorted = [...findings].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  return (
    <Section id="findings" title={`Findings (${findings.length})`}>
      {sorted.length === 0 ? (
        <p className="muted">No problems found.</p>
      ) : (
        <ul className="findings" data-testid="findings">
          {sorted.map((f) => (
            <li key={f.id} className={`finding finding-${f.severity}`}>
              <span className="finding-sev">
                <span aria-hidden="true">{ICON[f.severity]}</span> {f.severity} · {f.layer}
              </span>
              <p className="finding-msg">{f.message}</p>
              {f.fix ? (
                <p className="finding-fix">
                  <strong>Fix:</strong> {f.fix}
                </p>
              ) : null}
              {f.source ? <p className="finding-src muted">Source: {f.source}</p> : null}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
