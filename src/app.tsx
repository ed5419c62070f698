/**
 * Layout (issue 15): a summary band with the headline numbers and the section nav stays in view;
 * under it the bottleneck verdict and the stack diagram, then one section per part of the stack,
 * each with its inputs beside its outputs (stacked below 900 px, the summary first). Features do
 * not import each other; this file composes them.
 */
import { Component, lazy, Suspense, useEffect, useMemo, type ErrorInfo, type ReactNode } from 'react';
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
import { AfterFirstPaint } from './components/after-first-paint';
import { MeasuredNotesContext } from './components/why-details';
import { measuredInputNotes } from './plan/measured';
import { SectionNav } from './components/section-nav';
import { followSectionFromUrl, sectionDomId, sectionHeadingId, SECTIONS, type SectionId } from './components/sections';
import { usePlanStore } from './state/plan-store';

// The input panels (with the field and slider components) and the share toolbar render after the
// first paint anyway; as their own chunks they stay out of the JS needed for the first numbers.
const HardwarePanel = lazy(() => import('./features/hardware/hardware-panel').then((m) => ({ default: m.HardwarePanel })));
const WorkloadPanel = lazy(() => import('./features/workload/workload-panel').then((m) => ({ default: m.WorkloadPanel })));
const AppServerInputs = lazy(() => import('./features/app-tier/app-tier-panel').then((m) => ({ default: m.AppServerInputs })));
const NginxInputs = lazy(() => import('./features/app-tier/app-tier-panel').then((m) => ({ default: m.NginxInputs })));
const SystemInputs = lazy(() => import('./features/app-tier/app-tier-panel').then((m) => ({ default: m.SystemInputs })));
const ShareToolbar = lazy(() => import('./features/share/share-toolbar').then((m) => ({ default: m.ShareToolbar })));
// The settings lists (≈30 explained rows with pins): lazy, so the entry chunk stays within the
// 120 KB gzip budget for the first numbers.
const SettingsGroups = lazy(() => import('./features/results/settings-groups').then((m) => ({ default: m.SettingsGroups })));
// DynamoDB (with its price query client) sits below the web tier; it is not needed for the first numbers.
const DynamoSection = lazy(() => import('./features/dynamodb/dynamo-section'));
// The export panel (config printers and the zip library) loads after the first paint.
const ExportPanel = lazy(() => import('./features/export/export-panel'));
// Saved plans and the comparison (with its own lazy Recharts chart).
const SavedPlansPanel = lazy(() => import('./features/saved-plans/saved-plans-panel'));
const ComparePanel = lazy(() => import('./features/compare/compare-panel'));
// Fleet totals and the hardware catalog (with its query client and the optimizer) are not needed for the first numbers.
const FleetPanel = lazy(() => import('./features/fleet/fleet-panel'));
const CatalogSection = lazy(() => import('./features/catalog/catalog-section'));
// Multi-server: balancing method, microcache, failure what-ifs and the method simulation (issue 7).
const ClusterPanel = lazy(() => import('./features/cluster/cluster-panel'));
// Calibration from measurement files (issue 14): the parsers and the fit load only with this panel.
const CalibratePanel = lazy(() => import('./features/calibrate/calibrate-panel'));

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
  const fallback = <div className={`panel ${className}`}>Loading {what}…</div>;
  return (
    <AfterFirstPaint fallback={fallback}>
      <Suspense fallback={fallback}>{children}</Suspense>
    </AfterFirstPaint>
  );
}

const LABEL: Record<SectionId, string> = Object.fromEntries(SECTIONS.map((s) => [s.id, s.label])) as Record<SectionId, string>;

/** One section: a heading the nav moves focus to, then its inputs beside its outputs (or one wide column). */
function DashSection({ id, inputs, outputs, wide }: { id: SectionId; inputs?: ReactNode; outputs?: ReactNode; wide?: ReactNode }) {
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

/**
 * The whole page. The build prerenders it (scripts/prerender.tsx) for the default plan: on the
 * server every AfterFirstPaint shows its placeholder, exactly as the live app's first commit
 * does, so the two cannot drift apart. The first paint carries the header, the summary band, the
 * verdict and diagram, the findings and placeholders; the panels follow a frame later.
 */
function Dashboard() {
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
        <SectionNav />
      </div>
      <main id="sections">
        <ResettingBoundary>
          <OverviewPanel />
        </ResettingBoundary>
        <DashSection
          id="server"
          inputs={
            <Later what="inputs" className="inputs-placeholder">
              <HardwarePanel />
              <WorkloadPanel />
            </Later>
          }
          outputs={
            <ResettingBoundary>
              <FindingsList />
              <AfterFirstPaint fallback={<div className="panel settings-placeholder">Loading memory and curves…</div>}>
                <MemoryBar />
                <ChartsSection />
              </AfterFirstPaint>
            </ResettingBoundary>
          }
        />
        <DashSection
          id="app"
          inputs={
            <Later what="the app server inputs" className="inputs-placeholder">
              <AppServerInputs />
              <SystemInputs />
            </Later>
          }
          outputs={
            <ResettingBoundary>
              <Later what="recommended settings">
                <SettingsGroups layer="app" />
              </Later>
            </ResettingBoundary>
          }
        />
        <DashSection
          id="nginx"
          inputs={
            <Later what="the nginx inputs" className="inputs-placeholder">
              <NginxInputs />
            </Later>
          }
          outputs={
            <ResettingBoundary>
              <Later what="nginx settings">
                <SettingsGroups layer="nginx" />
              </Later>
            </ResettingBoundary>
          }
        />
        <DashSection
          id="fleet"
          inputs={
            <Later what="the fleet panel">
              <FleetPanel />
            </Later>
          }
          outputs={
            <Later what="the cluster panel">
              <ClusterPanel />
            </Later>
          }
          wide={
            <Later what="the hardware catalog">
              <CatalogSection />
            </Later>
          }
        />
        <DashSection
          id="dynamodb"
          wide={
            <Later what="the DynamoDB planner">
              <DynamoSection />
            </Later>
          }
        />
        <DashSection
          id="export"
          wide={
            <ResettingBoundary>
              {/* Config files follow the plan a beat behind a slider (the panel reads the settled analysis). */}
              <Later what="the export panel">
                <ExportPanel />
              </Later>
            </ResettingBoundary>
          }
        />
        <DashSection
          id="saved"
          wide={
            <Later what="saved plans">
              <SavedPlansPanel />
              <ComparePanel />
            </Later>
          }
        />
        <DashSection
          id="calibrate"
          wide={
            <ResettingBoundary>
              <Later what="the calibration panel">
                <CalibratePanel />
              </Later>
            </ResettingBoundary>
          }
        />
      </main>
    </MeasuredNotes>
  );
}

/** What the build prerenders into index.html (scripts/prerender.tsx): the page as the live app first commits it. */
export function FirstPaintShell() {
  return <Dashboard />;
}

/** On paper every "why" and every "more inputs" is open: the printout is the plan report. */
function usePrintOpensDetails() {
  useEffect(() => {
    const open = () => document.querySelectorAll('details').forEach((d) => (d.open = true));
    window.addEventListener('beforeprint', open);
    return () => window.removeEventListener('beforeprint', open);
  }, []);
}

export function App() {
  useAnalysisDataLoading();
  usePrintOpensDetails();
  useEffect(() => followSectionFromUrl(), []);
  return <Dashboard />;
}
