/**
 * The "why" disclosure of an engine number: its formula, the inputs it used, the domain reason
 * and, where known, the server's own default. Every panel shows explanations through this one
 * component. The body is rendered only while open: dozens of rows × their inputs add up on every
 * slider tick.
 */
import { useState } from 'react';
import type { Explained, InputValue } from '../engine/types';
import { DASH, formatValue } from './format';

function formatInput(v: InputValue): string {
  if (typeof v === 'number') return formatValue(v);
  if (v === null) return 'none';
  return String(v);
}

export function WhyDetails({ item }: { item: Explained<unknown> }) {
  const [open, setOpen] = useState(false);
  const inputs = open ? Object.entries(item.inputs) : [];
  return (
    <details className="why" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>why</summary>
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
