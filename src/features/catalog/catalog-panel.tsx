/**
 * Hardware catalog (issue 6): a picker with search and filters (cores, RAM, price), the entries
 * the catalog file dropped and why, and the optimizer — the cheapest fleets that meet the SLO,
 * each with its reasoning and an "Apply" button.
 *
 * Choosing an entry copies its numbers (and price) into the plan with its id; the Hardware panel
 * stays the place for custom numbers. While the catalog loads or after it fails, the rest of the
 * app keeps working; the error shows its message and a retry button.
 */
import { memo, useId, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { DASH, formatNumber, formatUsd } from '../../components/format';
import { Section } from '../../components/section';
import { formatInput, useWhyDisclosure } from '../../components/why-details';
import { CheckboxField } from '../../fields/choice-field';
import type { CatalogSection } from '../../engine/analysis/types';
import type { CatalogEntry } from '../../engine/catalog/schema';
import type { OptimizerChoice } from '../../engine/fleet/optimizer';
import type { Explained } from '../../engine/types';
import { parseNumberText } from '../../plan/fields';
import { chooseCatalogEntry } from '../../state/catalog-actions';
import { getCatalogQueryOptions } from '../../state/data-queries';
import { usePlanStore } from '../../state/plan-store';
import { useAnalysis } from '../../state/use-analysis';
import './catalog-panel.css';

const TOP = 5;
const usd = (n: number | null) => formatUsd(n);

function Why({ items }: { items: Explained<unknown>[] }) {
  const { open, detailsProps, summaryTabIndex } = useWhyDisclosure();
  return (
    <details {...detailsProps}>
      <summary tabIndex={summaryTabIndex}>why</summary>
      {(open ? items : []).map((item) => (
        <dl key={item.key} data-testid="why">
          <dt data-testid="why-label">{item.label}</dt>
          <dd>
            <code data-testid="why-formula">{item.formula}</code>
          </dd>
          <dd>
            <ul className="inputs">
              {Object.entries(item.inputs).map(([k, v]) => (
                <li key={k}>
                  <code data-testid="why-input">
                    {k} = {formatInput(v)}
                  </code>
                </li>
              ))}
            </ul>
          </dd>
          <dd data-testid="why-text">{item.why}</dd>
        </dl>
      ))}
    </details>
  );
}

interface Filters {
  text: string;
  kind: 'all' | 'dedicated' | 'cloud';
  minCores: string;
  minRamGiB: string;
  maxMonthlyUsd: string;
}
const NO_FILTERS: Filters = { text: '', kind: 'all', minCores: '', minRamGiB: '', maxMonthlyUsd: '' };

/** A filter box's number (the app's one number syntax), or null when empty, not a number or negative (then the filter is off). */
const numOrNull = (s: string): number | null => {
  const n = parseNumberText(s);
  return n !== null && n >= 0 ? n : null;
};

function matches(e: CatalogEntry, f: Filters, monthlyUsd: number | null): boolean {
  if (f.kind !== 'all' && e.kind !== f.kind) return false;
  const text = f.text.trim().toLowerCase();
  if (text && !`${e.label} ${e.cpu} ${e.id} ${e.family ?? ''}`.toLowerCase().includes(text)) return false;
  const minCores = numOrNull(f.minCores);
  if (minCores !== null && e.physicalCores < minCores) return false;
  const minRam = numOrNull(f.minRamGiB);
  if (minRam !== null && e.ramGiB < minRam) return false;
  const maxPrice = numOrNull(f.maxMonthlyUsd);
  if (maxPrice !== null) {
    if (monthlyUsd === null || monthlyUsd > maxPrice) return false;
  }
  return true;
}

function FilterInput({ label, value, onChange, testId, placeholder, text = false }: { label: string; value: string; onChange: (v: string) => void; testId: string; placeholder?: string; text?: boolean }) {
  const id = useId();
  // A number box that is not empty but holds no usable number says so; the filter is off meanwhile.
  // The search box is text: "7950X" is a search, not a bad number.
  const bad = !text && value.trim() !== '' && numOrNull(value) === null;
  return (
    <div className="nf-row">
      <label htmlFor={id} className="nf-label">
        {label}
      </label>
      <input id={id} className={text ? 'nf-input nf-input-wide' : 'nf-input'} type={text ? 'search' : 'text'} inputMode={text ? 'search' : 'decimal'} autoComplete="off" value={value} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} aria-invalid={bad} aria-describedby={bad ? `${id}-err` : undefined} data-testid={testId} />
      {bad ? (
        <span id={`${id}-err`} className="nf-error" role="alert">
          {label}: enter a number ≥ 0 (filter off until then)
        </span>
      ) : null}
    </div>
  );
}

const EntryRow = memo(function EntryRow({ entry, monthly, current, onUse }: { entry: CatalogEntry; monthly: number | null; current: boolean; onUse: (e: CatalogEntry) => void }) {
  return (
    <tr className={current ? 'catalog-current' : undefined} data-testid={`catalog-entry-${entry.id}`} aria-current={current ? 'true' : undefined}>
      <td>
        <span data-testid={`catalog-label-${entry.id}`}>{entry.label}</span>
        {entry.gpu ? (
          <span className="nf-hint" data-testid={`catalog-gpu-${entry.id}`}>
            {' '}
            · {entry.gpu}
          </span>
        ) : null}
      </td>
      <td className="num" data-testid={`catalog-cores-${entry.id}`}>
        {entry.physicalCores}
      </td>
      <td className="num" data-testid={`catalog-threads-${entry.id}`}>
        {entry.hardwareThreads}
      </td>
      <td className="num" data-testid={`catalog-ram-${entry.id}`}>
        {formatNumber(entry.ramGiB)}
      </td>
      <td className="num" title={entry.speedNote} data-testid={`catalog-speed-${entry.id}`}>
        {entry.perCoreSpeed.toFixed(2)}
        {entry.speedBasis === 'estimate' ? <abbr title={entry.speedNote}> est.</abbr> : null}
      </td>
      <td className="num" title={entry.price ? `${entry.price.per === 'hour' ? `$${entry.price.usd}/h` : ''} ${entry.price.region ?? ''} · ${entry.price.confidence} · as of ${entry.price.asOf}` : 'no price in the catalog'}>
        <span data-testid={`catalog-monthly-${entry.id}`}>{monthly === null ? DASH : usd(monthly)}</span>
        {entry.price && entry.price.confidence !== 'primary' ? <span className="nf-hint"> ({entry.price.confidence})</span> : null}
      </td>
      <td>
        <button type="button" className="btn" onClick={() => onUse(entry)} data-testid={`catalog-use-${entry.id}`} aria-label={`Use ${entry.label}`}>
          {current ? 'In use' : 'Use'}
        </button>
      </td>
    </tr>
  );
});

function Picker({ section }: { section: CatalogSection }) {
  const { catalog, monthlyUsdById } = section;
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const catalogId = usePlanStore((s) => s.plan.hardware.catalogId);
  const set = (k: keyof Filters) => (v: string) => setFilters((f) => ({ ...f, [k]: v }));
  const shown = useMemo(() => catalog.entries.filter((e) => matches(e, filters, monthlyUsdById[e.id] ?? null)), [catalog, monthlyUsdById, filters]);
  const onUse = (entry: CatalogEntry) => {
    chooseCatalogEntry(entry, catalog.hoursPerMonth);
  };
  const kindId = useId();
  return (
    <div className="catalog-picker">
      <div className="catalog-filters">
        <FilterInput label="Search" value={filters.text} onChange={set('text')} testId="catalog-search" placeholder="e.g. 7950X, m7i, EPYC" text />
        <div className="nf-row">
          <label htmlFor={kindId} className="nf-label">
            Kind
          </label>
          <select id={kindId} className="nf-select" value={filters.kind} onChange={(e) => set('kind')(e.target.value)} data-testid="catalog-kind">
            <option value="all">All</option>
            <option value="dedicated">Dedicated servers</option>
            <option value="cloud">Cloud instances</option>
          </select>
        </div>
        <FilterInput label="Min cores" value={filters.minCores} onChange={set('minCores')} testId="catalog-min-cores" />
        <FilterInput label="Min RAM (GiB)" value={filters.minRamGiB} onChange={set('minRamGiB')} testId="catalog-min-ram" />
        <FilterInput label="Max $/month" value={filters.maxMonthlyUsd} onChange={set('maxMonthlyUsd')} testId="catalog-max-price" />
      </div>
      <p className="nf-hint" data-testid="catalog-count">
        <span data-testid="catalog-shown-count">{shown.length}</span> of <span data-testid="catalog-entry-count">{catalog.entries.length}</span> entries · catalog as of{' '}
        <span data-testid="catalog-as-of">{catalog.asOf}</span>. Speed is per core relative to the <span data-testid="catalog-speed-reference">{catalog.speedReference.cpu}</span> (“est.” = an estimate,
        hover for how it was made). Dedicated servers have no price: the reference list publishes none.
      </p>
      <div className="catalog-table-wrap">
        <table className="catalog-table">
          <thead>
            <tr>
              <th scope="col">Server</th>
              <th scope="col">Cores</th>
              <th scope="col">Threads</th>
              <th scope="col">RAM GiB</th>
              <th scope="col">Speed ×</th>
              <th scope="col">$/month</th>
              <th scope="col">
                <span className="visually-hidden">Choose</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((e) => (
              <EntryRow key={e.id} entry={e} monthly={monthlyUsdById[e.id] ?? null} current={e.id === catalogId} onUse={onUse} />
            ))}
          </tbody>
        </table>
        {shown.length === 0 ? (
          <p className="muted" role="status" data-testid="catalog-no-matches">
            No matches: loosen the search or the filters.
          </p>
        ) : null}
      </div>
    </div>
  );
}

function Dropped({ catalog }: { catalog: CatalogSection["catalog"] }) {
  if (catalog.dropped.length === 0) return null;
  return (
    <div className="finding finding-warning" role="status" data-testid="catalog-dropped">
      <p className="finding-msg">
        {catalog.dropped.length} catalog {catalog.dropped.length === 1 ? 'entry was' : 'entries were'} dropped (invalid); the other {catalog.entries.length} are usable:
      </p>
      <ul>
        {catalog.dropped.map((d) => (
          <li key={d.index}>
            <code>{d.id ?? `#${d.index + 1}`}</code>: {d.reasons.join('; ')}
          </li>
        ))}
      </ul>
    </div>
  );
}

const ChoiceRow = memo(function ChoiceRow({ choice, rank, onApply }: { choice: OptimizerChoice; rank: number; onApply: (c: OptimizerChoice) => void }) {
  return (
    <li className="setting" data-testid={`optimizer-choice-${rank}`}>
      <div className="setting-main">
        <span className="setting-label" data-testid={`optimizer-label-${rank}`}>
          {rank + 1}. {choice.entry.label}
        </span>
        <span className="setting-value" data-testid={`optimizer-summary-${rank}`}>
          <span data-testid={`optimizer-servers-${rank}`}>{choice.servers}</span> × <span data-testid={`optimizer-per-server-usd-${rank}`}>{usd(choice.perServerMonthlyUsd)}</span> ={' '}
          <span data-testid={`optimizer-monthly-${rank}`}>{usd(choice.monthlyUsd)}</span>/month
        </span>
        <button type="button" className="btn" onClick={() => onApply(choice)} data-testid={`optimizer-apply-${rank}`} aria-label={`Apply ${choice.servers} × ${choice.entry.label}`}>
          Apply
        </button>
      </div>
      <p className="nf-hint">
        <span data-testid={`optimizer-slo-max-${rank}`}>{formatNumber(choice.perServerSloMaxRps)} rps</span> per server within the SLO ·{' '}
        <span data-testid={`optimizer-serving-${rank}`}>{choice.serving}</span> serving{choice.servers > choice.serving ? ' + 1 spare' : ''}
      </p>
      <Why items={[choice.serversWhy, choice.costWhy]} />
    </li>
  );
});

function Optimizer({ section }: { section: CatalogSection }) {
  // Ranking follows the plan a beat behind a slider; per-entry results are cached in the engine.
  const plan = useAnalysis('settled', (a) => a.plan);
  const result = useAnalysis('settled', (a) => a.optimizer);
  const dynamoMonthlyUsd = useAnalysis('settled', (a) => a.dynamodb?.monthlyUsd ?? null);
  if (!result) return null;
  // The pick's spare comes with it: the fleet panel then says N+1 and sizes for N − 1 serving.
  const onApply = (c: OptimizerChoice) => chooseCatalogEntry(c.entry, section.catalog.hoursPerMonth, c.servers, result.spare);
  const top = result.choices.slice(0, TOP);
  const unpriced = result.unpricedCount;
  const other = result.skipped.filter((s) => s.cause !== 'no-price');
  return (
    <div className="optimizer" data-testid="optimizer">
      <h3>Cheapest fleets that meet the SLO</h3>
      <p className="nf-hint">
        Target <span data-testid="optimizer-target-rps">{formatNumber(result.targetRps)} rps</span> at {plan.workload.sloPercentile} ≤{' '}
        <span data-testid="optimizer-slo-ms">{formatNumber(plan.workload.sloMs)} ms</span>, <span data-testid="optimizer-headroom">{Math.round(plan.fleet.headroomShare * 100)}%</span> headroom
        {result.spare ? ', N+1 (one spare server in every pick)' : ', no spare server'}; each entry with the recommended settings (your pins are not applied here). Monthly on-demand cost
        {dynamoMonthlyUsd !== null ? ' (DynamoDB adds the same to each)' : ''}.
        {plan.fleet.otherKinds.length > 0
          ? (
            <>
              {' '}
              Each fleet carries the whole load on its own: applying one replaces the main servers and keeps your{' '}
              <span data-testid="optimizer-other-kinds">{plan.fleet.otherKinds.length}</span> other server kind{plan.fleet.otherKinds.length === 1 ? '' : 's'} in the upstream
              (remove them in the Cluster panel if the new fleet replaces them).
            </>
          )
          : null}
      </p>
      {plan.fleet.spare ? null : <CheckboxField field="fleet.optimizerSpare" label="N+1: every pick meets the SLO with one server down" />}
      {top.length === 0 ? (
        <p data-testid="optimizer-empty">No priced catalog entry meets the SLO at this load.</p>
      ) : (
        <ol className="settings optimizer-list">
          {top.map((c, i) => (
            <ChoiceRow key={c.entry.id} choice={c} rank={i} onApply={onApply} />
          ))}
        </ol>
      )}
      <p className="nf-hint" data-testid="optimizer-skipped">
        {unpriced > 0 ? (
          <>
            <span data-testid="optimizer-unpriced">{unpriced}</span> entries skipped: no price (dedicated servers; enter your own price in the Fleet panel to cost them).{' '}
          </>
        ) : null}
        {other.length > 0 ? (
          <>
            <span data-testid="optimizer-other-skipped">{other.length}</span> skipped:{' '}
            {other.map((s, i) => (
              <span key={s.id}>
                {i > 0 ? '; ' : ''}
                <span data-testid={`optimizer-skip-label-${s.id}`}>{s.label}</span> (<span data-testid={`optimizer-skip-reason-${s.id}`}>{s.reason}</span>)
              </span>
            ))}
            .
          </>
        ) : null}
      </p>
    </div>
  );
}

export default function CatalogPanel() {
  // The query says whether the file loaded; its contents reach the panel through the analysis.
  const q = useQuery(getCatalogQueryOptions());
  const section = useAnalysis('settled', (a) => a.catalog);
  return (
    <Section id="catalog" title="Hardware catalog" whyGroup>
      {q.isPending ? (
        <p role="status" data-testid="catalog-loading" data-pending="">
          Loading the hardware catalog…
        </p>
      ) : q.isError ? (
        <div className="finding finding-error" role="alert" data-testid="catalog-error">
          <p className="finding-msg">Could not load the hardware catalog: {q.error.message}</p>
          <p className="finding-fix">The rest of the planner works without it; custom hardware stays available in the Hardware panel.</p>
          <button type="button" className="btn" onClick={() => void q.refetch()} data-testid="catalog-retry">
            Retry
          </button>
        </div>
      ) : section ? (
        <>
          <Dropped catalog={section.catalog} />
          <Picker section={section} />
          <Optimizer section={section} />
        </>
      ) : (
        <p role="status" data-pending="">
          Loading the hardware catalog…
        </p>
      )}
    </Section>
  );
}
