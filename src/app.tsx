/**
 * Layout: inputs on the left, outputs on the right (one column below 900 px). Features do not
 * import each other; this file composes them.
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { AppTierPanel } from './features/app-tier/app-tier-panel';
import { ChartsSection } from './features/charts/charts-section';
import { HardwarePanel } from './features/hardware/hardware-panel';
import { PlanHeader } from './features/plan-header/plan-header';
import { ResultsSettings, ResultsSummary } from './features/results/results-panel';
import { WorkloadPanel } from './features/workload/workload-panel';

/** If the engine throws on some plan, say so instead of a blank page; inputs stay usable. */
class OutputBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };
  static getDerivedStateFromError(error: Error) {
    return { error };
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
          <button type="button" className="btn" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
        </div>
      );
    }
    return this.props.children;
  }
}

export function App() {
  return (
    <>
      <a className="skip-link" href="#outputs">
        Skip to results
      </a>
      <PlanHeader />
      <main className="layout">
        <div className="col-inputs" aria-label="Inputs" role="region">
          <HardwarePanel />
          <WorkloadPanel />
          <AppTierPanel />
        </div>
        <div className="col-outputs" id="outputs" aria-label="Results" role="region" tabIndex={-1}>
          <OutputBoundary>
            <ResultsSummary />
            <ChartsSection />
            <ResultsSettings />
          </OutputBoundary>
        </div>
      </main>
    </>
  );
}
