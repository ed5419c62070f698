/** Warnings and errors from the engine's checks, most severe first, each with its fix. */
import { Section } from '../../components/section';
import { FindingItems } from '../../components/finding-items';
import { useAnalysis } from '../../state/use-analysis';

export function FindingsList() {
  const { findings } = useAnalysis('live', (a) => a.web);
  return (
    <Section id="findings" title={`Findings (${findings.length})`}>
      {findings.length === 0 ? (
        <p className="muted">No problems found.</p>
      ) : (
        <FindingItems findings={findings} testId="findings" />
      )}
    </Section>
  );
}
