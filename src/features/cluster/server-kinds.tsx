/**
 * Mixed hardware (issue 7): other server kinds in the same upstream (editor), and the server list
 * with each kind's weight, share of the traffic and utilisation at the target load.
 */
import { useId, useState } from 'react';
import { formatNumber, formatPercent, formatWithUnit } from '../../components/format';
import { NumberField } from '../../fields/number-field';
import { useEditedText } from '../../components/use-edited-text';
import { WhyDetails } from '../../components/why-details';
import type { KindsResult } from '../../engine/fleet/kinds';
import { MAX_OTHER_KINDS, type Plan, type ServerKind } from '../../plan/schema';
import { usePlanStore } from '../../state/plan-store';

/** A kind's name: a token (it names exported files); the schema's message is shown as typed. */
function KindName({ index, name }: { index: number; name: string }) {
  const setField = usePlanStore((s) => s.setField);
  const { text, error, onChange } = useEditedText(name, (raw) => {
    const r = setField(['fleet', 'otherKinds', String(index), 'name'], raw);
    return r.ok ? { ok: true, value: raw } : { ok: false, message: `Name: ${r.message}` };
  });
  const id = useId();
  return (
    <div className="nf">
      <div className="nf-row">
        <label htmlFor={id} className="nf-label">
          Name
        </label>
        <input
          id={id}
          className="nf-input"
          type="text"
          value={text}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={error !== null}
          aria-describedby={error ? `${id}-err` : undefined}
          data-testid={`field-fleet.otherKinds.${index}.name`}
        />
      </div>
      {error ? (
        <p className="nf-error" role="alert" id={`${id}-err`} data-testid={`error-fleet.otherKinds.${index}.name`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

function newKind(existing: readonly ServerKind[], plan: Plan): ServerKind {
  let n = existing.length + 1;
  while (existing.some((k) => k.name === `kind-${n}`)) n++;
  // Start from the main hardware at half the cores: the usual "older servers" case, edited from there.
  const cores = Math.max(1, Math.floor(plan.hardware.physicalCores / 2));
  return {
    name: `kind-${n}`,
    servers: 1,
    physicalCores: cores,
    hardwareThreads: Math.max(cores, Math.floor(plan.hardware.hardwareThreads / 2)),
    ramGiB: Math.max(0.5, plan.hardware.ramGiB / 2),
    perCoreSpeed: plan.hardware.perCoreSpeed,
    weight: 1,
    hourlyPriceUsd: null,
  };
}

/** Focus an element once React has committed it (the store update renders at the end of the event). */
function focusSoon(selector: string) {
  setTimeout(() => document.querySelector<HTMLElement>(selector)?.focus(), 0);
}

export function ServerKindsEditor() {
  const kinds = usePlanStore((s) => s.plan.fleet.otherKinds);
  const setField = usePlanStore((s) => s.setField);
  const [error, setError] = useState<string | null>(null);
  const add = () => {
    const { plan } = usePlanStore.getState();
    const r = setField(['fleet', 'otherKinds'], [...kinds, newKind(kinds, plan)]);
    setError(r.ok ? null : `${r.path}: ${r.message}`);
    // Keyboard users land on the new kind's first field.
    if (r.ok) focusSoon(`[data-testid="field-fleet.otherKinds.${kinds.length}.name"]`);
  };
  const remove = (i: number) => {
    setField(['fleet', 'otherKinds'], kinds.filter((_, j) => j !== i));
    setError(null);
    // The removed fieldset took the focus with it: move it to the add button.
    focusSoon('[data-testid="server-kind-add"]');
  };
  return (
    <div className="server-kinds" data-testid="server-kinds">
      <p className="nf-hint">
        The servers above have the plan's hardware ("main"). Add other kinds (e.g. 2 older servers) to mix hardware in the same upstream: each kind is sized for its own
        hardware with the recommended settings, at its share of the traffic.
      </p>
      {kinds.map((k, i) => (
        <fieldset key={i} className="server-kind" data-testid={`server-kind-${i}`}>
          <legend>{k.name}</legend>
          <KindName index={i} name={k.name} />
          <NumberField field={`fleet.otherKinds.${i}.servers`} label="Servers" />
          <NumberField field={`fleet.otherKinds.${i}.physicalCores`} label="Physical cores" />
          <NumberField field={`fleet.otherKinds.${i}.hardwareThreads`} label="Hardware threads" />
          <NumberField field={`fleet.otherKinds.${i}.ramGiB`} label="RAM" unit="GiB" />
          <NumberField field={`fleet.otherKinds.${i}.perCoreSpeed`} label="Per-core speed" hint="Relative to the machine the CPU ms were measured on." />
          <NumberField field={`fleet.otherKinds.${i}.weight`} label="nginx weight" hint="Every server of this kind gets this weight (1–1000)." />
          <NumberField field={`fleet.otherKinds.${i}.hourlyPriceUsd`} label="Price per server" unit="USD/h" hint="Empty = unknown." />
          <button type="button" className="btn" onClick={() => remove(i)} data-testid={`server-kind-remove-${i}`}>
            Remove {k.name}
          </button>
        </fieldset>
      ))}
      {kinds.length < MAX_OTHER_KINDS ? (
        <button type="button" className="btn" onClick={add} data-testid="server-kind-add">
          Add a server kind
        </button>
      ) : (
        <p className="nf-hint">At most {MAX_OTHER_KINDS} other kinds.</p>
      )}
      {error ? (
        <p className="nf-error" role="alert" data-testid="server-kinds-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The fleet view: one row per kind (count, hardware, weight, share, load and utilisation per server). */
export function ServerList({ kinds, percentile }: { kinds: KindsResult; percentile: string }) {
  return (
    <div className="server-list" data-testid="server-list">
      {/* Focusable so keyboard users can scroll it sideways on a narrow screen. */}
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Servers by kind (scrolls sideways)">
        <table className="cluster-sim-table">
          <caption className="visually-hidden">Servers by kind at the target load</caption>
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Servers</th>
              <th scope="col">Weight</th>
              <th scope="col">Suggested weight</th>
              <th scope="col">Share each</th>
              <th scope="col">rps each</th>
              <th scope="col">Of SLO limit</th>
              <th scope="col">CPU</th>
              <th scope="col">{percentile}</th>
              <th scope="col">Hardware</th>
            </tr>
          </thead>
          <tbody>
            {kinds.rows.map((r) => (
              <tr key={r.name} data-testid={`server-row-${r.name}`} className={r.sloUse.value > 1 ? 'row-over' : undefined}>
                <th scope="row" data-testid={`server-name-${r.name}`}>
                  {r.name}
                </th>
                <td data-testid={`server-count-${r.name}`}>{formatNumber(r.servers)}</td>
                <td data-testid={`server-weight-${r.name}`}>{r.weightText}</td>
                <td data-testid={`server-suggested-${r.name}`}>{r.suggestedWeight.value}</td>
                <td data-testid={`server-share-${r.name}`}>{formatNumber(r.sharePct.value)}%</td>
                <td data-testid={`server-rps-${r.name}`}>{formatNumber(r.loadRps.value)}</td>
                <td data-testid={`server-use-${r.name}`}>{formatPercent(Math.min(r.sloUse.value, 9.99))}</td>
                <td data-testid={`server-cpu-${r.name}`}>{formatPercent(r.cpuUtil)}</td>
                <td data-testid={`server-latency-${r.name}`}>{formatWithUnit(Math.round(r.latencyMs), 'ms')}</td>
                <td>
                  <span data-testid={`server-cores-${r.name}`}>{r.hardware.physicalCores}c</span>/<span data-testid={`server-threads-${r.name}`}>{r.hardware.hardwareThreads}t</span>,{' '}
                  <span data-testid={`server-ram-${r.name}`}>{formatNumber(r.hardware.ramGiB)} GiB</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className="settings">
        {kinds.rows.length > 1 ? (
          <li className="setting">
            <div className="setting-main">
              <span className="setting-label" data-testid="server-list-suggested-label">
                Suggested weights (∝ what each server carries within the SLO)
              </span>
              <span className="setting-value" data-testid="server-list-suggested">
                {kinds.rows.map((r, i) => (
                  <span key={r.name}>
                    {i > 0 ? ', ' : ''}
                    <span data-testid={`server-list-suggested-name-${r.name}`}>{r.name}</span> <span data-testid={`server-list-suggested-${r.name}`}>{r.suggestedWeight.value}</span>
                  </span>
                ))}
              </span>
            </div>
            <WhyDetails item={kinds.rows[0]!.suggestedWeight} />
          </li>
        ) : null}
        <li className="setting">
          <div className="setting-main">
            <span className="setting-label" data-testid="server-list-slo-max-label">
              {kinds.fleetSloMaxRps.label}
            </span>
            <span className="setting-value" data-testid="server-list-slo-max">
              {formatWithUnit(kinds.fleetSloMaxRps.value, 'rps')}
            </span>
          </div>
          <WhyDetails item={kinds.fleetSloMaxRps} />
        </li>
        {kinds.rows.map((r) => (
          <li className="setting" key={r.name}>
            <div className="setting-main">
              <span className="setting-label" data-testid={`server-slo-use-label-${r.name}`}>
                {r.sloUse.label}
              </span>
              <span className="setting-value" data-testid={`server-slo-use-${r.name}`}>
                {formatPercent(Math.min(r.sloUse.value, 9.99))}
              </span>
            </div>
            <WhyDetails item={r.sloUse} />
          </li>
        ))}
      </ul>
    </div>
  );
}
