/**
 * Layout (issue 15): a summary band with the headline numbers and the section nav stays in view;
 * under it the bottleneck verdict and the stack diagram, then the open section (one at a time, like
 * tabs; `?s=` names it), with its inputs beside its outputs (stacked below 900 px, the summary
 * first). Features do not import each other; this file composes them.
 */
import { Component, lazy, Suspense, useEffect, useMemo, type ComponentType, type ErrorInfo, type ReactNode } from 'react';
import { ChartsSection } from './features/charts/charts-section';
import { PlanHeader } from './features/plan-header/plan-header';
import { FindingsList } from './features/results/findings-list';
import { HeadlineTiles } from './features/results/headline-tiles';
import { MemoryBar } from './features/results/memory-bar';
import { MiniSummary } from './features/results/mini-summary';
// In the first paint (issue 16): the verdict and the findings are the page's largest text, so the
// prerendered page must carry them too, or the largest contentful paint waits for the app.
import OverviewPanel from './features/overview/overview-panel';
import type { Plan } from './plan/schema';
import { AfterFirstPaint, PaintedContext } from './components/after-first-paint';
import { IncompletePrintNote, PrintContext, PrintReportPanel, usePrinting } from './components/print-report';
import { MeasuredNotesContext } from './components/why-details';
import { measuredInputNotes } from './plan/measured';
import { SectionNav } from './components/section-nav';
import { DEFAULT_SECTION, focusSection, sectionDomId, sectionHeadingId, SECTIONS, takeFocusRequest, useOpenSection, type SectionId } from './components/sections';
import { usePlanStore } from './state/plan-store';

// Every panel is its own chunk: the entry stays the JS needed for the first numbers, and a section's
// panels load when it opens (prefetched once the page is idle, so switching sections does not wait).
const CHUNKS = {
  // The input panels (with the field and slider components) and the share toolbar render after the first paint anyway.
  hardware: () => import('./features/hardware/hardware-panel'),
  workload: () => import('./features/workload/workload-panel'),
  appTier: () => import('./features/app-tier/app-tier-panel'),
  share: () => import('./features/share/share-toolbar'),
  // The settings lists (≈30 explained rows with pins).
  settings: () => import('./features/results/settings-groups'),
  // DynamoDB (with its price query client).
  dynamo: () => import('./features/dynamodb/dynamo-section'),
  // The export panel (config printers and the zip library).
  export: () => import('./features/export/export-panel'),
  // Saved plans and the comparison (with its own lazy Recharts chart and the file diff).
  saved: () => import('./features/saved-plans/saved-plans-panel'),
  compare: () => import('./features/compare/compare-panel'),
  // Fleet totals and the hardware catalog (with its query client and the optimizer).
  fleet: () => import('./features/fleet/fleet-panel'),
  catalog: () => import('./features/catalog/catalog-section'),
  // Multi-server: balancing method, microcache, failure what-ifs and the method simulation (issue 7).
  cluster: () => import('./features/cluster/cluster-panel'),
  // Calibration from measurement files (issue 14): the parsers and the fit.
  calibrate: () => import('./features/calibrate/calibrate-panel'),
  // The service worker's registration and its "new version ready" notice (issue 15 item 10).
  offline: () => import('./features/offline/update-notice'),
};

/** Chunks already loaded (by the idle prefetch or an earlier render), by loader. */
const loadedChunks = new Map<() => Promise<unknown>, unknown>();

/**
 * A lazy panel from a chunk. Once the chunk is loaded, the factory hands React an already-settled
 * thenable, so the panel renders in the same commit instead of suspending for a tick: the
 * printout (all sections, rendered synchronously on `beforeprint`) never shows a placeholder.
 */
function lazyPanel<M, P extends object>(chunk: () => Promise<M>, pick: (m: M) => ComponentType<P>) {
  return lazy(() => {
    if (loadedChunks.has(chunk)) {
      const mod = loadedChunks.get(chunk) as M;
      const settled = { then: (ok: (v: { default: ComponentType<P> }) => void) => ok({ default: pick(mod) }) };
      return settled as unknown as Promise<{ default: ComponentType<P> }>;
    }
    return chunk().then((mod) => {
      loadedChunks.set(chunk, mod);
      return { default: pick(mod) };
    });
  });
}

const HardwarePanel = lazyPanel(CHUNKS.hardware, (m) => m.HardwarePanel);
const WorkloadPanel = lazyPanel(CHUNKS.workload, (m) => m.WorkloadPanel);
const AppServerInputs = lazyPanel(CHUNKS.appTier, (m) => m.AppServerInputs);
const NginxInputs = lazyPanel(CHUNKS.appTier, (m) => m.NginxInputs);
const SystemInputs = lazyPanel(CHUNKS.appTier, (m) => m.SystemInputs);
const ShareToolbar = lazyPanel(CHUNKS.share, (m) => m.ShareToolbar);
const SettingsGroups = lazyPanel(CHUNKS.settings, (m) => m.SettingsGroups);
const DynamoSection = lazyPanel(CHUNKS.dynamo, (m) => m.default);
const ExportPanel = lazyPanel(CHUNKS.export, (m) => m.default);
const SavedPlansPanel = lazyPanel(CHUNKS.saved, (m) => m.default);
const ComparePanel = lazyPanel(CHUNKS.compare, (m) => m.default);
const FleetPanel = lazyPanel(CHUNKS.fleet, (m) => m.default);
const CatalogSection = lazyPanel(CHUNKS.catalog, (m) => m.default);
const ClusterPanel = lazyPanel(CHUNKS.cluster, (m) => m.default);
const CalibratePanel = lazyPanel(CHUNKS.calibrate, (m) => m.default);
const UpdateNotice = lazyPanel(CHUNKS.offline, (m) => m.UpdateNotice);

/** After the open section has had its turn (3 s), fetch the other sections' chunks when the page is idle, so opening one renders at once. */
const PREFETCH_DELAY_MS = 3000;
function usePrefetchSections() {
  useEffect(() => {
    const idle = window.requestIdleCallback ?? ((cb: () => void) => window.setTimeout(cb, 0));
    const run = () => {
      for (const load of Object.values(CHUNKS) as (() => Promise<unknown>)[]) {
        load().then(
          (mod) => loadedChunks.set(load, mod),
          () => {},
        );
      }
    };
    const timer = window.setTimeout(() => idle(run), PREFETCH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, []);
}

/**
 * The catalog and the DynamoDB prices load once the page is up, whichever panel is open: the fleet
 * total and the optimizer read them from the analysis, not from a panel (react-query loads with them).
 */
function useAnalysisDataLoading() {
  useEffect(() => {
    void import('./state/data-queries').then((m) => m.startAnalysisData());
  }, []);
}

/** If the engine throws on some plan, say so instead of a blank page; inputs stay usable. */
interface BoundaryProps {
  plan: Plan;
  children: ReactNode;
}
interface BoundaryState {
  error: Error | null;
  errorPlan: Plan | null;
}
class OutputBoundary extends Component<BoundaryProps, BoundaryState> {
  override state: BoundaryState = { error: null, errorPlan: null };
  static getDerivedStateFromError(error: Error): Partial<BoundaryState> {
    return { error };
  }
  /** Retry as soon as the plan changes: the next edit may well fix it. */
  static getDerivedStateFromProps(props: BoundaryProps, state: BoundaryState): Partial<BoundaryState> | null {
    if (state.error && state.errorPlan === null) return { errorPlan: props.plan };
    if (state.error && state.errorPlan !== props.plan) return { error: null, errorPlan: null };
    return null;
  }
  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('sizing failed', error, info.componentStack);
  }
  override render() {
    if (this.state.error) {
      return (
        <div className="panel output-error" role="alert">
          <h2>Could not size this plan</h2>
          <p>{this.state.error.message}</p>
          <p>Change an input to try again.</p>
        </div>
      );
    }
    return this.props.children;
  }
}

/** Subscribes to the plan so the boundary can reset; `children` are stable elements, so they skip this render. */
function ResettingBoundary({ children }: { children: ReactNode }) {
  const plan = usePlanStore((s) => s.plan);
  return <OutputBoundary plan={plan}>{children}</OutputBoundary>;
}

/** Every "why" names the inputs that came from a measurement (plan.measured); recomputed only when that section changes. */
function MeasuredNotes({ children }: { children: ReactNode }) {
  const measured = usePlanStore((s) => s.plan.measured);
  const notes = useMemo(() => measuredInputNotes(measured), [measured]);
  return <MeasuredNotesContext.Provider value={notes}>{children}</MeasuredNotesContext.Provider>;
}

/** A placeholder of a lazy part (the same in the prerendered page and the live app's first commit). */
function Later({ what, children, className = 'settings-placeholder' }: { what: string; children: ReactNode; className?: string }) {
  // data-pending: the printout waits for it, or names its section as missing (src/components/print-report.tsx).
  const fallback = (
    <div className={`panel ${className}`} data-pending="">
      Loading {what}…
    </div>
  );
  return (
    <AfterFirstPaint fallback={fallback}>
      <Suspense fallback={fallback}>{children}</Suspense>
    </AfterFirstPaint>
  );
}

const LABEL: Record<SectionId, string> = Object.fromEntries(SECTIONS.map((s) => [s.id, s.label])) as Record<SectionId, string>;

interface SectionParts {
  inputs?: ReactNode;
  outputs?: ReactNode;
  wide?: ReactNode;
}

/** One section: a heading the nav moves focus to, then its inputs beside its outputs (or one wide column). */
function DashSection({ id, parts: { inputs, outputs, wide } }: { id: SectionId; parts: SectionParts }) {
  return (
    // Named "<label> section": the panels inside are regions too, and one of them may share the label ("Nginx").
    <section id={sectionDomId(id)} className="dash-section" aria-label={`${LABEL[id]} section`} data-testid={`section-${id}`}>
      <h2 id={sectionHeadingId(id)} className="dash-section-h" tabIndex={-1}>
        {LABEL[id]}
      </h2>
      {inputs || outputs ? (
        <div className="layout">
          <div className="col-inputs">{inputs}</div>
          <div className="col-outputs">{outputs}</div>
        </div>
      ) : null}
      {wide ? <div className="layout-wide">{wide}</div> : null}
    </section>
  );
}

/** What each section shows: its inputs on the left, what they move on the right. */
const SECTION_PARTS: Record<SectionId, () => SectionParts> = {
  server: () => ({
    inputs: (
      <Later what="inputs" className="inputs-placeholder">
        <HardwarePanel />
        <WorkloadPanel />
      </Later>
    ),
    outputs: (
      <ResettingBoundary>
        <FindingsList />
        <AfterFirstPaint
          fallback={
            <div className="panel settings-placeholder" data-pending="">
              Loading memory and curves…
            </div>
          }
        >
          <MemoryBar />
          <ChartsSection />
        </AfterFirstPaint>
      </ResettingBoundary>
    ),
  }),
  app: () => ({
    inputs: (
      <Later what="the app server inputs" className="inputs-placeholder">
        <AppServerInputs />
        <SystemInputs />
      </Later>
    ),
    outputs: (
      <ResettingBoundary>
        <Later what="recommended settings">
          <SettingsGroups layer="app" />
        </Later>
      </ResettingBoundary>
    ),
  }),
  nginx: () => ({
    inputs: (
      <Later what="the nginx inputs" className="inputs-placeholder">
        <NginxInputs />
      </Later>
    ),
    outputs: (
      <ResettingBoundary>
        <Later what="nginx settings">
          <SettingsGroups layer="nginx" />
        </Later>
      </ResettingBoundary>
    ),
  }),
  fleet: () => ({
    inputs: (
      <Later what="the fleet panel">
        <FleetPanel />
      </Later>
    ),
    outputs: (
      <Later what="the cluster panel">
        <ClusterPanel />
      </Later>
    ),
    wide: (
      <Later what="the hardware catalog">
        <CatalogSection />
      </Later>
    ),
  }),
  dynamodb: () => ({
    wide: (
      <Later what="the DynamoDB planner">
        <DynamoSection />
      </Later>
    ),
  }),
  export: () => ({
    wide: (
      <>
        <ResettingBoundary>
          {/* Config files follow the plan a beat behind a slider (the panel reads the settled analysis). */}
          <Later what="the export panel">
            <ExportPanel />
          </Later>
        </ResettingBoundary>
        <PrintReportPanel />
      </>
    ),
  }),
  saved: () => ({
    wide: (
      <Later what="saved plans">
        <SavedPlansPanel />
        <ComparePanel />
      </Later>
    ),
  }),
  calibrate: () => ({
    wide: (
      <ResettingBoundary>
        <Later what="the calibration panel">
          <CalibratePanel />
        </Later>
      </ResettingBoundary>
    ),
  }),
};

/**
 * The whole page. The build prerenders it (scripts/prerender.tsx) for the default plan and the
 * default section: on the server every AfterFirstPaint shows its placeholder, exactly as the
 * live app's first commit does, so the two cannot drift apart. The first paint carries the
 * header, the summary band, the verdict and diagram, the findings and placeholders; the panels
 * follow a frame later. Only the open
 * section is rendered (all of them on paper: `shown`).
 */
function Dashboard({ open, shown, missing = [] }: { open: SectionId; shown: readonly SectionId[]; missing?: string[] }) {
  return (
    <MeasuredNotes>
      <a className="skip-link" href="#sections" onClick={(e) => {
        // Moves focus without putting #sections in the address bar, whose fragment holds the share link.
        e.preventDefault();
        document.querySelector<HTMLElement>('.section-nav a')?.focus();
      }}>
        Skip to the section links
      </a>
      <PlanHeader>
        <AfterFirstPaint>
          <Suspense fallback={null}>
            <ShareToolbar />
          </Suspense>
        </AfterFirstPaint>
      </PlanHeader>
      <ResettingBoundary>
        <MiniSummary />
      </ResettingBoundary>
      <div className="summary-band" role="region" aria-label="Summary" id="outputs" tabIndex={-1}>
        <ResettingBoundary>
          <HeadlineTiles />
        </ResettingBoundary>
        <SectionNav current={open} />
      </div>
      <main id="sections">
        {/* Fixed at the window's foot; inside main so its status line is in a landmark. */}
        <AfterFirstPaint>
          <Suspense fallback={null}>
            <UpdateNotice />
          </Suspense>
        </AfterFirstPaint>
        <IncompletePrintNote missing={missing} />
        <ResettingBoundary>
          <OverviewPanel />
        </ResettingBoundary>
        {shown.map((id) => (
          <DashSection key={id} id={id} parts={SECTION_PARTS[id]()} />
        ))}
      </main>
    </MeasuredNotes>
  );
}

/** What the build prerenders into index.html (scripts/prerender.tsx): the page as the live app first commits it. */
export function FirstPaintShell() {
  return <Dashboard open={DEFAULT_SECTION} shown={[DEFAULT_SECTION]} />;
}

const ALL_SECTIONS: readonly SectionId[] = SECTIONS.map((s) => s.id);

/** After the nav (or the verdict, or the diagram) switched sections: focus the new one's heading. */
function useFocusOpenedSection(open: SectionId) {
  useEffect(() => {
    if (takeFocusRequest()) focusSection(open);
  }, [open]);
}

export function App() {
  useAnalysisDataLoading();
  usePrefetchSections();
  const open = useOpenSection();
  useFocusOpenedSection(open);
  const { printing, missing, preparing, printReport } = usePrinting();
  const print = useMemo(() => ({ preparing, printReport }), [preparing, printReport]);
  return (
    <PaintedContext.Provider value={printing}>
      <PrintContext.Provider value={print}>
        <Dashboard open={open} shown={printing ? ALL_SECTIONS : [open]} missing={missing} />
      </PrintContext.Provider>
    </PaintedContext.Provider>
  );
}
