/**
 * Layout: inputs on the left, outputs on the right (one column below 900 px). Features do not
 * import each other; this file composes them.
 */
import { Component, lazy, Suspense, useEffect, type ErrorInfo, type ReactNode } from 'react';
import { ChartsSection } from './features/charts/charts-section';
import { PlanHeader } from './features/plan-header/plan-header';
import { ResultsSummary } from './features/results/results-panel';
import { HeadlineTiles } from './features/results/headline-tiles';
import { MiniSummary } from './features/results/mini-summary';
import type { Plan } from './plan/schema';
import { AfterFirstPaint } from './components/after-first-paint';
import { usePlanStore } from './state/plan-store';

// The input panels (with the field and slider components) and the share toolbar render after the
// first paint anyway; as their own chunks they stay out of the JS needed for the first numbers.
const HardwarePanel = lazy(() => import('./features/hardware/hardware-panel').then((m) => ({ default: m.HardwarePanel })));
const WorkloadPanel = lazy(() => import('./features/workload/workload-panel').then((m) => ({ default: m.WorkloadPanel })));
const AppTierPanel = lazy(() => import('./features/app-tier/app-tier-panel').then((m) => ({ default: m.AppTierPanel })));
const ShareToolbar = lazy(() => import('./features/share/share-toolbar').then((m) => ({ default: m.ShareToolbar })));
// The settings lists (≈30 explained rows with pins) sit below the tiles and charts: loading them
// lazily keeps the entry chunk within the 120 KB gzip budget for the first numbers.
const SettingsGroups = lazy(() => import('./features/results/settings-groups').then((m) => ({ default: m.SettingsGroups })));
// DynamoDB (with its price query client) sits below the web tier; it is not needed for the first numbers.
const DynamoSection = lazy(() => import('./features/dynamodb/dynamo-section'));
// The export panel (config printers and the zip library) loads after the first paint.
const ExportPanel = lazy(() => import('./features/export/export-panel'));
// Saved plans and the comparison (with its own lazy Recharts chart) sit at the bottom of the page.
const SavedPlansPanel = lazy(() => import('./features/saved-plans/saved-plans-panel'));
const ComparePanel = lazy(() => import('./features/compare/compare-panel'));
// Fleet totals and the hardware catalog (with its query client and the optimizer) are not needed for the first numbers.
const FleetPanel = lazy(() => import('./features/fleet/fleet-panel'));
const CatalogSection = lazy(() => import('./features/catalog/catalog-section'));
// Multi-server: balancing method, microcache, failure what-ifs and the method simulation (issue 7).
const ClusterPanel = lazy(() => import('./features/cluster/cluster-panel'));

/** Config files follow the plan a beat behind a slider (the panel reads the settled analysis). */
function ExportSection() {
  return (
    <Suspense fallback={<div className="panel settings-placeholder">Loading the export panel…</div>}>
      <ExportPanel />
    </Suspense>
  );
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

/**
 * What the build prerenders into index.html (scripts/prerender.tsx): the header and the headline
 * numbers of the default plan, with placeholders for the rest. Kept this small on purpose: the
 * first paint of a page full of text costs a software-rendered Chromium ~150 ms more than the
 * numbers alone. The live app replaces it on its first commit.
 */
export function FirstPaintShell() {
  return (
    <>
      <PlanHeader />
      <main className="layout">
        <div className="col-inputs" aria-label="Inputs" role="region">
          <div className="panel inputs-placeholder">Loading inputs…</div>
        </div>
        <div className="col-outputs" id="outputs" aria-label="Results" role="region">
          <HeadlineTiles />
          <div className="panel settings-placeholder">Loading findings, memory and curves…</div>
        </div>
      </main>
    </>
  );
}

export function App() {
  useAnalysisDataLoading();
  return (
    <>
      {/* Moves focus without putting #outputs in the address bar, whose fragment holds the share link. */}
      <a
        className="skip-link"
        href="#outputs"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('outputs')?.focus();
        }}
      >
        Skip to results
      </a>
      <PlanHeader />
      <AfterFirstPaint>
        <Suspense fallback={null}>
          <ShareToolbar />
        </Suspense>
      </AfterFirstPaint>
      <ResettingBoundary>
        <MiniSummary />
      </ResettingBoundary>
      <main className="layout">
        <div className="col-inputs" aria-label="Inputs" role="region">
          <AfterFirstPaint fallback={<div className="panel inputs-placeholder">Loading inputs…</div>}>
            <Suspense fallback={<div className="panel inputs-placeholder">Loading inputs…</div>}>
              <HardwarePanel />
              <WorkloadPanel />
              <AppTierPanel />
            </Suspense>
            <Suspense fallback={<div className="panel settings-placeholder">Loading the fleet panel…</div>}>
              <FleetPanel />
            </Suspense>
            <Suspense fallback={<div className="panel settings-placeholder">Loading the cluster panel…</div>}>
              <ClusterPanel />
            </Suspense>
          </AfterFirstPaint>
        </div>
        <div className="col-outputs" id="outputs" aria-label="Results" role="region" tabIndex={-1}>
          <ResettingBoundary>
            <ResultsSummary />
            <ChartsSection />
            <AfterFirstPaint fallback={<div className="panel settings-placeholder">Loading recommended settings…</div>}>
              <Suspense fallback={<div className="panel settings-placeholder">Loading recommended settings…</div>}>
                <SettingsGroups />
              </Suspense>
              <ExportSection />
            </AfterFirstPaint>
          </ResettingBoundary>
        </div>
      </main>
      <section className="layout-wide" aria-label="Hardware catalog">
        <AfterFirstPaint>
          <Suspense fallback={<div className="panel settings-placeholder">Loading the hardware catalog…</div>}>
            <CatalogSection />
          </Suspense>
        </AfterFirstPaint>
      </section>
      <section className="layout-wide" aria-label="DynamoDB">
        <AfterFirstPaint>
          <Suspense fallback={<div className="panel settings-placeholder">Loading the DynamoDB planner…</div>}>
            <DynamoSection />
          </Suspense>
        </AfterFirstPaint>
      </section>
      <section className="layout-wide" aria-label="Saved plans and comparison">
        <AfterFirstPaint>
          <Suspense fallback={<div className="panel settings-placeholder">Loading saved plans…</div>}>
            <SavedPlansPanel />
            <ComparePanel />
          </Suspense>
        </AfterFirstPaint>
      </section>
    </>
  );
}
