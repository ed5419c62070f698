/**
 * The printed plan report (issue 15 item 9): on paper every section is rendered and every "why"
 * and "more inputs" is open.
 *
 * A part that is not ready yet — a chunk still loading, the catalog or prices on their way, the
 * export files being built in the worker — carries `data-pending` (its placeholder does). Printing
 * waits for none to remain:
 * - "Print report" (and Ctrl/⌘+P, which it takes over) renders every section, waits until nothing
 *   is pending (each section's chunk loaded and its analysis drawn), then opens the print dialog;
 * - the browser's own Print menu fires `beforeprint`, which cannot wait: every section renders at
 *   once (chunks already fetched render in the same commit, see src/app.tsx), and whatever is
 *   still pending prints as a note that names the sections missing and how to print them in full.
 */
import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';

/** How long "Print report" waits for the parts still loading before printing what there is (each then says so). */
const PRINT_WAIT_MS = 20_000;
const POLL_MS = 50;

/** The headings of the sections that hold a part not ready yet, in page order. */
function sectionsPending(): string[] {
  const names = new Set<string>();
  document.querySelectorAll('[data-pending]').forEach((el) => {
    const heading = el.closest('.dash-section')?.querySelector('.dash-section-h')?.textContent;
    names.add(heading ?? 'the summary');
  });
  return [...names];
}

const nextFrame = () => new Promise<void>((ok) => requestAnimationFrame(() => ok()));

/** Resolves once no part is pending and two frames have been drawn after that (a chart sizes itself a frame after it mounts), or after `timeoutMs`. */
async function untilNothingPending(timeoutMs: number): Promise<void> {
  const end = performance.now() + timeoutMs;
  for (;;) {
    if (!document.querySelector('[data-pending]')) {
      await nextFrame();
      await nextFrame();
      if (!document.querySelector('[data-pending]')) return;
    }
    if (performance.now() > end) return;
    await new Promise((ok) => setTimeout(ok, POLL_MS));
  }
}

function openAllDetails() {
  document.querySelectorAll('details').forEach((d) => (d.open = true));
}

export interface Printing {
  /** True while the page is laid out for paper: every section rendered. */
  printing: boolean;
  /** The sections that were not complete when printing began (empty when the printout is whole). */
  missing: string[];
  /** True between "Print report" and its print dialog. */
  preparing: boolean;
  printReport: () => void;
}

export function usePrinting(): Printing {
  const [printing, setPrinting] = useState(false);
  const [missing, setMissing] = useState<string[]>([]);
  const [preparing, setPreparing] = useState(false);
  const busy = useRef(false);

  const printReport = useCallback(() => {
    if (busy.current) return;
    busy.current = true;
    setPreparing(true);
    setPrinting(true);
    void untilNothingPending(PRINT_WAIT_MS).then(() => {
      openAllDetails();
      setPreparing(false);
      busy.current = false;
      window.print();
    });
  }, []);

  useEffect(() => {
    const before = () => {
      flushSync(() => setPrinting(true));
      openAllDetails();
      const pending = sectionsPending();
      flushSync(() => setMissing(pending));
    };
    // Chrome fires beforeprint again for each print preview; afterprint puts the open section back.
    const after = () => {
      setPrinting(false);
      setMissing([]);
    };
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'p') {
        e.preventDefault();
        printReport();
      }
    };
    window.addEventListener('beforeprint', before);
    window.addEventListener('afterprint', after);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('beforeprint', before);
      window.removeEventListener('afterprint', after);
      window.removeEventListener('keydown', onKey);
    };
  }, [printReport]);

  return { printing, missing, preparing, printReport };
}

const HOW_TO_PRINT_IN_FULL = 'Print with “Print report” (in the Export section) or Ctrl+P (⌘P) to print every section in full.';

/** Printed at the top of an incomplete printout (the Print menu, before every chunk had loaded). */
export function IncompletePrintNote({ missing }: { missing: string[] }) {
  if (missing.length === 0) return null;
  return (
    <p className="print-only print-incomplete" data-testid="print-incomplete">
      This printout is incomplete: {missing.join(', ')} had not finished loading. {HOW_TO_PRINT_IN_FULL}
    </p>
  );
}

/** What the "Print report" button needs from the app's usePrinting (provided by src/app.tsx). */
export const PrintContext = createContext<Pick<Printing, 'preparing' | 'printReport'>>({ preparing: false, printReport: () => window.print() });

/** The "Print report" action, at the end of the Export section (hidden on paper). */
export function PrintReportPanel() {
  const { preparing, printReport } = useContext(PrintContext);
  return (
    <div className="panel print-report no-print">
      <h3>Printed report</h3>
      <p>
        The summary, the diagram and the verdict, then every section with its settings, their “why” and the findings: something to attach to a change
        request. “Print report” (or Ctrl+P) loads every section first.
      </p>
      <button type="button" className="btn" onClick={printReport} disabled={preparing} data-testid="print-report">
        Print report
      </button>
      <span role="status" className="muted">
        {preparing ? ' Loading every section…' : ''}
      </span>
    </div>
  );
}
