/**
 * Compare two plans — the current one or saved ones — side by side: inputs (with their dashboard
 * labels) and key outputs with changed values highlighted, both p95 latency curves on one chart
 * (Recharts, lazy), and a line diff of every exported file.
 */
import { lazy, Suspense, useEffect, useId, useState } from 'react';
import { Section } from '../../components/section';
import type { Plan } from '../../plan/schema';
import { useSavedPlans } from '../../state/saved-plans-store';
import { useAnalysis } from '../../state/use-analysis';
import { CompareFiles } from './compare-files';
import { inputRows, outputRows, p95Curve, type CompareRow } from './compare-data';
import './compare.css';

const CompareChart = lazy(() => import('./compare-chart'));
const CURRENT = 'current';

function Rows({ rows, testId }: { rows: CompareRow[]; testId: string }) {
  return (
    <tbody data-testid={testId}>
      {rows.map((r) => (
        <tr key={r.key} className={r.changed ? 'changed' : undefined} data-changed={r.changed ? 'true' : undefined} data-key={r.key}>
          <th scope="row">{r.label}</th>
          <td>{r.a}</td>
          <td>{r.b}</td>
        </tr>
      ))}
    </tbody>
  );
}

function PlanPicker({ label, value, onChange, options, testId }: { label: string; value: string; onChange: (v: string) => void; options: { id: string; name: string }[]; testId: string }) {
  const id = useId();
  return (
    <span className="compare-pick">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        <option value={CURRENT}>Current plan</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
    </span>
  );
}

export default function ComparePanel() {
  // The comparison (and its chart) follows a slider a beat behind, never delaying its frame.
  const current = useAnalysis('settled', (x) => x.plan);
  const saved = useSavedPlans((s) => s.plans);
  const loaded = useSavedPlans((s) => s.loaded);
  const load = useSavedPlans((s) => s.load);
  useEffect(() => {
    if (!loaded) load();
  }, [loaded, load]);
  const [aId, setA] = useState(CURRENT);
  const [bId, setB] = useState<string | null>(null);
  const [showAll, setShowAll] = useState(false);
  const pick = (id: string | null): { plan: Plan; name: string } | null => {
    if (id === CURRENT) return { plan: current, name: 'Current plan' };
    const s = saved.find((p) => p.id === id);
    return s ? { plan: s.plan, name: s.name } : null;
  };
  const a = pick(aId) ?? { plan: current, name: 'Current plan' };
  const b = pick(bId ?? saved[saved.length - 1]?.id ?? null);
  const inputs = b ? inputRows(a.plan, b.plan) : [];
  const analysisA = useAnalysis({ plan: a.plan }, (x) => x);
  const analysisB = useAnalysis({ plan: (b ?? a).plan }, (x) => x);
  const outputs = b ? outputRows(analysisA, analysisB) : [];
  const changedInputs = inputs.filter((r) => r.changed).length;
  const options = saved.map((p) => ({ id: p.id, name: p.name }));

  return (
    <Section id="compare" title="Compare plans">
      {saved.length === 0 ? (
        <p className="hint" data-testid="compare-empty">
          Save a plan (above) to compare the current plan with it.
        </p>
      ) : (
        <>
          <div className="compare-pickers">
            <PlanPicker label="A" value={aId} onChange={setA} options={options} testId="compare-a" />
            <span aria-hidden="true">vs</span>
            <PlanPicker label="B" value={bId ?? saved[saved.length - 1]?.id ?? CURRENT} onChange={setB} options={options} testId="compare-b" />
          </div>
          {b ? (
            <>
              <p className="hint" data-testid="compare-summary">
                {changedInputs === 0 ? 'The inputs are identical.' : `${changedInputs} input${changedInputs === 1 ? '' : 's'} differ.`}
              </p>
              <table className="compare-table" data-testid="compare-table">
                <caption className="visually-hidden">Outputs of plan A and plan B; changed values are highlighted</caption>
                <thead>
                  <tr>
                    <th scope="col">Output</th>
                    <th scope="col">A: {a.name}</th>
                    <th scope="col">B: {b.name}</th>
                  </tr>
                </thead>
                <Rows rows={outputs} testId="compare-outputs" />
              </table>
              <label className="compare-toggle">
                <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} /> Show unchanged inputs
              </label>
              <table className="compare-table">
                <caption className="visually-hidden">Inputs of plan A and plan B</caption>
                <thead>
                  <tr>
                    <th scope="col">Input</th>
                    <th scope="col">A</th>
                    <th scope="col">B</th>
                  </tr>
                </thead>
                <Rows rows={showAll ? inputs : inputs.filter((r) => r.changed)} testId="compare-inputs" />
              </table>
              <figure className="chart">
                <h3>p95 latency against offered load</h3>
                <div className="chart-box" role="img" aria-label={`p95 latency curves of ${a.name} and ${b.name}`} data-testid="compare-chart">
                  <Suspense
                    fallback={
                      <div className="chart-placeholder" data-pending="">
                        Loading chart…
                      </div>
                    }
                  >
                    <CompareChart
                      a={{ label: a.name, points: p95Curve(analysisA.web), sloMs: a.plan.workload.sloMs }}
                      b={{ label: b.name, points: p95Curve(analysisB.web), sloMs: b.plan.workload.sloMs }}
                    />
                  </Suspense>
                </div>
              </figure>
              <CompareFiles a={analysisA} b={analysisB} />
            </>
          ) : null}
        </>
      )}
    </Section>
  );
}
