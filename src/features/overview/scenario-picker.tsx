/** "Start from a scenario" (issue 15): one select on the first screen; picking one replaces the plan (undoable). */
import { useId, useState } from 'react';
import { SCENARIOS, scenarioPlan } from '../../plan/scenarios';
import { usePlanStore } from '../../state/plan-store';

export function ScenarioPicker() {
  const replacePlan = usePlanStore((s) => s.replacePlan);
  const [chosen, setChosen] = useState('');
  const id = useId();
  const scenario = SCENARIOS.find((s) => s.id === chosen);
  return (
    <div className="scenario-picker">
      <label htmlFor={id}>Start from a scenario</label>
      <select
        id={id}
        className="nf-select"
        value={chosen}
        data-testid="scenario-picker"
        aria-describedby={`${id}-d`}
        onChange={(e) => {
          const plan = scenarioPlan(e.target.value);
          setChosen(e.target.value);
          if (plan) replacePlan(plan);
        }}
      >
        <option value="">Choose…</option>
        {SCENARIOS.map((s) => (
          <option key={s.id} value={s.id}>
            {s.label}
          </option>
        ))}
      </select>
      <span id={`${id}-d`} className="scenario-desc" data-testid="scenario-description">
        {scenario ? scenario.description : 'Django, Flask, FastAPI, a CPU-heavy API, WordPress, a Laravel shop, the reference benchmark.'}
      </span>
    </div>
  );
}
