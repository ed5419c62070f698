/**
 * Saved plans: name and save the current plan, then list, open, rename, duplicate, delete; export
 * the current plan as a JSON file and import one (validated: bad fields are named, and the valid
 * part is loaded only when the user confirms).
 */
import { useEffect, useId, useRef, useState } from 'react';
import { Section } from '../../components/section';
import { restorePlanFromText, type PlanProblem } from '../../plan/restore';
import type { Plan } from '../../plan/schema';
import { planOfEntry, type SavedPlan } from '../../share/saved-plans';
import { TextField } from '../../fields/text-field';
import { usePlanStore } from '../../state/plan-store';
import { useSavedPlans } from '../../state/saved-plans-store';
import './saved-plans.css';

/** Import reads at most this much: a plan is a few KB. */
const MAX_IMPORT_BYTES = 1024 * 1024;

function ProblemList({ problems }: { problems: PlanProblem[] }) {
  return (
    <ul>
      {problems.slice(0, 20).map((p, i) => (
        <li key={i}>
          <code>{p.field}</code>: {p.message}
        </li>
      ))}
      {problems.length > 20 ? <li>…and {problems.length - 20} more</li> : null}
    </ul>
  );
}

function fileNameFor(name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'plan';
  return `${slug}.headroom.json`;
}

function download(plan: Plan) {
  const blob = new Blob([`${JSON.stringify(plan, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileNameFor(plan.name);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function SavedRow({ entry }: { entry: SavedPlan }) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(entry.name);
  const { rename, duplicate, remove } = useSavedPlans.getState();
  const replacePlan = usePlanStore((s) => s.replacePlan);
  const id = useId();
  const date = entry.savedAt.slice(0, 16).replace('T', ' ');
  return (
    <li className="saved-row" data-testid="saved-row">
      {editing ? (
        <form
          className="saved-rename"
          onSubmit={(e) => {
            e.preventDefault();
            rename(entry.id, name);
            setEditing(false);
          }}
        >
          <label htmlFor={id} className="visually-hidden">
            New name for {entry.name}
          </label>
          <input id={id} type="text" value={name} maxLength={80} onChange={(e) => setName(e.target.value)} autoFocus data-testid="saved-rename-field" />
          <button type="submit" className="btn">
            OK
          </button>
          <button type="button" className="btn" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <span className="saved-name">
          <strong data-testid="saved-name">{entry.name}</strong> <span className="hint">{date}</span>
        </span>
      )}
      <span className="saved-actions">
        <button type="button" className="btn" onClick={() => replacePlan(planOfEntry(entry))} aria-label={`Open ${entry.name}`}>
          Open
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => {
            setName(entry.name);
            setEditing(true);
          }}
          aria-label={`Rename ${entry.name}`}
        >
          Rename
        </button>
        <button type="button" className="btn" onClick={() => duplicate(entry.id)} aria-label={`Duplicate ${entry.name}`}>
          Duplicate
        </button>
        <button type="button" className="btn" onClick={() => download(entry.plan)} aria-label={`Export ${entry.name} as JSON`}>
          Export
        </button>
        <button type="button" className="btn" onClick={() => remove(entry.id)} aria-label={`Delete ${entry.name}`}>
          Delete
        </button>
      </span>
    </li>
  );
}

type ImportState = null | { kind: 'done'; message: string } | { kind: 'confirm'; plan: Plan; problems: PlanProblem[]; file: string } | { kind: 'error'; problems: PlanProblem[]; file: string };

function ImportExport() {
  const replacePlan = usePlanStore((s) => s.replacePlan);
  const [state, setState] = useState<ImportState>(null);
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > MAX_IMPORT_BYTES) {
      setState({ kind: 'error', file: file.name, problems: [{ field: '(file)', message: `too large (${file.size.toLocaleString('en-US')} bytes; a plan is a few KB)` }] });
      return;
    }
    const restored = restorePlanFromText(await file.text());
    if (input.current) input.current.value = '';
    if (!restored.ok) setState({ kind: 'error', file: file.name, problems: restored.problems });
    else if (restored.problems.length > 0) setState({ kind: 'confirm', file: file.name, plan: restored.plan, problems: restored.problems });
    else {
      replacePlan(restored.plan);
      setState({ kind: 'done', message: `Opened "${restored.plan.name}" from ${file.name}.` });
    }
  };
  return (
    <div className="saved-io">
      <button type="button" className="btn" onClick={() => download(usePlanStore.getState().plan)} data-testid="export-json">
        Export current plan (JSON)
      </button>
      <label htmlFor={id} className="btn">
        Import a plan (JSON)…
      </label>
      <input id={id} ref={input} type="file" accept="application/json,.json" className="visually-hidden" onChange={(e) => void onFile(e.target.files?.[0])} data-testid="import-json" />
      {state?.kind === 'done' ? (
        <p role="status" data-testid="import-status">
          {state.message}
        </p>
      ) : null}
      {state?.kind === 'error' ? (
        <div role="alert" className="link-banner" data-testid="import-status">
          <p>
            <strong>{state.file} could not be opened:</strong>
          </p>
          <ProblemList problems={state.problems} />
          <button type="button" className="btn" onClick={() => setState(null)}>
            Dismiss
          </button>
        </div>
      ) : null}
      {state?.kind === 'confirm' ? (
        <div role="alert" className="link-banner" data-testid="import-status">
          <p>
            <strong>{state.file} has fields this planner cannot use.</strong> Load the rest? Unknown fields are left out and invalid ones reset to
            their defaults.
          </p>
          <ProblemList problems={state.problems} />
          <button
            type="button"
            className="btn"
            onClick={() => {
              replacePlan(state.plan);
              setState({ kind: 'done', message: `Opened the valid part of ${state.file}.` });
            }}
            data-testid="import-confirm"
          >
            Load the valid part
          </button>{' '}
          <button type="button" className="btn" onClick={() => setState(null)}>
            Cancel
          </button>
        </div>
      ) : null}
    </div>
  );
}

export default function SavedPlansPanel() {
  const plans = useSavedPlans((s) => s.plans);
  const loaded = useSavedPlans((s) => s.loaded);
  const loadProblems = useSavedPlans((s) => s.loadProblems);
  const writeError = useSavedPlans((s) => s.writeError);
  const notice = useSavedPlans((s) => s.notice);
  useEffect(() => {
    if (!loaded) useSavedPlans.getState().load();
  }, [loaded]);
  // One plan name: the name field here is the plan's own (the header's), so the entry is saved under it.
  const save = () => {
    const plan = usePlanStore.getState().plan;
    useSavedPlans.getState().save(plan.name, plan);
  };
  return (
    <Section id="saved-plans" title="Saved plans">
      {loadProblems.length > 0 ? (
        <div role="alert" className="link-banner" data-testid="saved-problems">
          <p>
            <strong>Some saved data could not be used here.</strong> Nothing is deleted: what this build cannot read stays in storage.
          </p>
          <ProblemList problems={loadProblems} />
          <button type="button" className="btn" onClick={() => useSavedPlans.getState().dismissProblems()}>
            Dismiss
          </button>
        </div>
      ) : null}
      <form
        className="saved-save"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <TextField field="name" label="Name" testId="save-name" />
        <button type="submit" className="btn" data-testid="save-plan">
          Save current plan
        </button>
      </form>
      {writeError ? (
        <p role="alert" className="nf-error" data-testid="saved-write-error">
          {writeError}
        </p>
      ) : null}
      {notice ? (
        <p role="status" className="hint" data-testid="saved-notice">
          {notice}
        </p>
      ) : null}
      {plans.length === 0 ? (
        <p className="hint">No saved plans yet. Plans are kept in this browser only.</p>
      ) : (
        <ul className="saved-list" data-testid="saved-list">
          {plans.map((p) => (
            <SavedRow key={p.id} entry={p} />
          ))}
        </ul>
      )}
      <ImportExport />
    </Section>
  );
}
