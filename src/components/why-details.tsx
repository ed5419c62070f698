/**
 * The "why" disclosure of an engine number: its formula, the inputs it used, the domain reason
 * and, where known, the server's own default. Every panel shows explanations through this one
 * component. The body is rendered only while open: dozens of rows × their inputs add up on every
 * slider tick.
 */
import { createContext, useContext, useState, type ReactNode, type SyntheticEvent } from 'react';
import type { Explained, InputValue } from '../engine/types';
import { DASH, formatValue } from './format';

/** An explanation input's value as every "why" shows it. */
export function formatInput(v: InputValue): string {
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

/**
 * Every "why" inside is open, groups included (the golden test renders the panels this way to
 * compare each explanation with the analysis).
 */
export function WhyOpenEverywhere({ children }: { children: ReactNode }) {
  return <WhyGroupContext.Provider value={{ all: true }}>{children}</WhyGroupContext.Provider>;
}

export function WhyGroup({ label, children }: { label: string; children: ReactNode }) {
  const outer = useContext(WhyGroupContext);
  const [own, setAll] = useState(false);
  // An enclosing "every why open" (WhyOpenEverywhere) opens this group's too.
  const all = own || (outer?.all ?? false);
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
        <dl data-testid="why">
          <dt>Formula</dt>
          <dd>
            <code data-testid="why-formula">{item.formula || DASH}</code>
          </dd>
          {inputs.length > 0 ? (
            <>
              <dt>Inputs</dt>
              <dd>
                <ul className="inputs">
                  {inputs.map(([k, v]) => (
                    <li key={k}>
                      <code data-testid="why-input">
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
          <dd data-testid="why-text">{item.why || DASH}</dd>
          {item.serverDefault !== undefined ? (
            <>
              <dt>Server default</dt>
              <dd data-testid="why-default">{formatValue(item.serverDefault, item.unit)}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
    </details>
  );
}
