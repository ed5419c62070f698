/**
 * The "why" disclosure of an engine number: its formula, the inputs it used, the domain reason
 * and, where known, the server's own default. Every panel shows explanations through this one
 * component. The body is rendered only while open: dozens of rows × their inputs add up on every
 * slider tick.
 */
import { createContext, useContext, useState, type ReactNode, type SyntheticEvent } from 'react';
import type { Explained, InputValue } from '../engine/types';
import { DASH, formatValue } from './format';

function formatInput(v: InputValue): string {
  if (typeof v === 'number') return formatValue(v);
  if (v === null) return 'none';
  return String(v);
}

/**
 * Inside a WhyGroup the "why" disclosures are not Tab stops (issue 15: dozens of them made a
 * keyboard pass 270 stops long): the group has one "Show every why" switch, and a mouse click on
 * a single "why" still opens it.
 */
const WhyGroupContext = createContext<{ all: boolean } | null>(null);

/**
 * Explanation input name → "measured: <file>, <date>" for the plan's calibrated inputs
 * (plan.measured, src/plan/measured.ts measuredInputNotes); the app provides it. An input an
 * explanation used that came from a measurement says so next to its value.
 */
export const MeasuredNotesContext = createContext<Readonly<Record<string, string>>>({});

export function WhyGroup({ label, children }: { label: string; children: ReactNode }) {
  const [all, setAll] = useState(false);
  return (
    <WhyGroupContext.Provider value={{ all }}>
      <button type="button" className="btn why-all" aria-pressed={all} onClick={() => setAll((v) => !v)} data-testid="why-all">
        {all ? 'Hide' : 'Show'} every why ({label})
      </button>
      {children}
    </WhyGroupContext.Provider>
  );
}

/**
 * The open state of one "why" disclosure: opened by a click on it, or by its group's switch; inside
 * a group its summary is out of the Tab order. Every "why" uses it (WhyDetails, the optimizer's).
 */
export function useWhyDisclosure() {
  const group = useContext(WhyGroupContext);
  const [own, setOwn] = useState(false);
  const open = own || (group?.all ?? false);
  return {
    open,
    detailsProps: { className: 'why', open, onToggle: (e: SyntheticEvent<HTMLDetailsElement>) => setOwn(e.currentTarget.open) },
    summaryTabIndex: group ? -1 : undefined,
  };
}

export function WhyDetails({ item }: { item: Explained<unknown> }) {
  const measured = useContext(MeasuredNotesContext);
  const { open, detailsProps, summaryTabIndex } = useWhyDisclosure();
  const inputs = open ? Object.entries(item.inputs) : [];
  return (
    <details {...detailsProps}>
      <summary tabIndex={summaryTabIndex}>why</summary>
      {open ? (
        <dl>
          <dt>Formula</dt>
          <dd>
            <code>{item.formula || DASH}</code>
          </dd>
          {inputs.length > 0 ? (
            <>
              <dt>Inputs</dt>
              <dd>
                <ul className="inputs">
                  {inputs.map(([k, v]) => (
                    <li key={k}>
                      <code>
                        {k} = {formatInput(v)}
                      </code>
                      {measured[k] ? (
                        <span className="why-measured" data-testid="why-measured">
                          {' '}
                          ({measured[k]})
                        </span>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </dd>
            </>
          ) : null}
          <dt>Why</dt>
          <dd>{item.why || DASH}</dd>
          {item.serverDefault !== undefined ? (
            <>
              <dt>Server default</dt>
              <dd>{formatValue(item.serverDefault, item.unit)}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
    </details>
  );
}
