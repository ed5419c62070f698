/**
 * The service worker's registration (issue 15 item 10). The worker (dist/sw.js, written by
 * scripts/service-worker.ts) precaches the app so it opens offline. It is registered once the page
 * has loaded and is idle, so it never competes with the first numbers or the app's own chunks.
 *
 * Updates: the browser checks /sw.js on each visit (and `watchForUpdates` again when a tab that has
 * been open a long time comes back into view). A new version installs beside the running one and
 * waits; the page is told (`onUpdateReady`) and only the user's "Reload" makes it take over and
 * reloads, so an edit in progress is never lost to an automatic reload.
 */

export const SW_URL = '/sw.js';
/** A tab left open through the day checks for a new version when shown again, at most this often. */
const RECHECK_AFTER_MS = 60 * 60 * 1000;

/** Hands the page the action that swaps in the waiting version and reloads. */
export type UpdateReady = (applyAndReload: () => void) => void;

/** The parts of the browser's service worker API this module uses (a fake stands in for them in tests). */
export interface SwContainer {
  readonly controller: unknown;
  addEventListener(type: 'controllerchange', listener: () => void, options?: { once?: boolean }): void;
}
export interface SwRegistration {
  readonly waiting: { postMessage(message: unknown): void } | null;
  readonly installing: (EventTarget & { readonly state: string; postMessage(message: unknown): void }) | null;
  addEventListener(type: 'updatefound', listener: () => void): void;
  update(): Promise<unknown>;
}

/**
 * Calls `onUpdateReady` when a new version waits. Only an update counts: on the first install no
 * version controls the page yet (`controller` is null) and there is nothing to reload into.
 */
export function watchForUpdates(container: SwContainer, reg: SwRegistration, onUpdateReady: UpdateReady, reload: () => void): void {
  const offer = (waiting: { postMessage(message: unknown): void }) =>
    onUpdateReady(() => {
      // The reload waits until the new version controls the page, so the reloaded page is the new one.
      container.addEventListener('controllerchange', reload, { once: true });
      // Workbox's generated worker calls skipWaiting() on this message (scripts/service-worker.ts).
      waiting.postMessage({ type: 'SKIP_WAITING' });
    });
  if (reg.waiting && container.controller) offer(reg.waiting);
  reg.addEventListener('updatefound', () => {
    const next = reg.installing;
    if (!next) return;
    next.addEventListener('statechange', () => {
      if (next.state === 'installed' && container.controller) offer(next);
    });
  });
}

/** Registers the worker after the page's load event, when idle; only in the production build (dev has no sw.js). */
export function registerServiceWorker(onUpdateReady: UpdateReady): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const container = navigator.serviceWorker;
  const idle = window.requestIdleCallback ?? ((cb: () => void) => window.setTimeout(cb, 0));
  const start = () =>
    idle(() => {
      container.register(SW_URL).then(
        (reg) => {
          watchForUpdates(container, reg, onUpdateReady, () => window.location.reload());
          recheckWhenShown(reg);
        },
        // No worker (a private window, a host without HTTPS): the app works as before, only not offline.
        (err: unknown) => console.warn('service worker not registered:', err),
      );
    });
  if (document.readyState === 'complete') start();
  else window.addEventListener('load', start, { once: true });
}

function recheckWhenShown(reg: SwRegistration) {
  let checkedAt = Date.now();
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState !== 'visible' || Date.now() - checkedAt < RECHECK_AFTER_MS) return;
    checkedAt = Date.now();
    reg.update().catch(() => {}); // offline: the next visit checks again
  });
}
