// First: no `new Function` under the page's CSP (see ./zod-jitless.ts).
import './zod-jitless';
import { StrictMode, useEffect, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { startUrlSync } from './features/share/url-sync';
import { loadAnalyzer } from './state/use-analysis';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');

/**
 * The production build prerenders the default plan's outputs into #root (scripts/prerender.tsx)
 * so numbers paint before the JS runs. createRoot replaces that markup on its first commit; after
 * it, the marker that hides stale prerendered numbers (when a share link is open) goes away.
 */
function Live({ children }: { children: ReactNode }) {
  useEffect(() => {
    root?.removeAttribute('data-prerendered');
    document.documentElement.classList.remove('prerender-stale');
  }, []);
  return children;
}

// A share link (#p=…) is decoded before the first render, so its plan is the first one painted.
// A promise rather than top-level await: TLA makes the bundler split the entry into many chunks (+3 KB gzip).
// The analysis chunk loads meanwhile (see src/state/use-analysis.ts).
void Promise.all([startUrlSync(), loadAnalyzer()]).then(() =>
  createRoot(root).render(
    <StrictMode>
      <Live>
        <App />
      </Live>
    </StrictMode>,
  ),
);
