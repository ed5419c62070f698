/**
 * The URL follows the plan: after each change (the first after a pause in the task after its
 * frame, the rest of a burst debounced: see schedule), the fragment is rewritten with
 * history.replaceState — never one history entry per slider tick — to `#p=<code>`, or removed for
 * the default plan. Opening the page (or pasting another link into the address bar) with `#p=…`
 * loads that plan. UI-only state (theme, open tabs) never goes in the link: only the plan does.
 *
 * The codec is loaded on demand: the decoder (native DecompressionStream, no library) before the
 * first render of a linked page, the encoder (fflate's deflate) after the first edit. A page opened
 * without a link loads neither.
 */
import { withoutSection } from '../../components/sections';
import { hasPlanParam } from '../../share/link-format';
import { useHistory } from '../../state/history';
import { browserTimers } from '../../state/lagged';
import { usePlanStore } from '../../state/plan-store';
import { useLinkStatus } from './link-status';

export const URL_SYNC_DELAY_MS = 300;

let timer: ReturnType<typeof setTimeout> | undefined;
/** Cancels a leading-edge write still waiting for the paint (see schedule). */
let cancelLeading: (() => void) | null = null;
/** The fragment this page last wrote or read, to tell our own writes from a pasted link. */
let lastFragment = '';

type Encoder = typeof import('../../share/link-encode');
let encoder: Encoder | undefined;
const loadEncoder = async (): Promise<Encoder> => (encoder ??= await import('../../share/link-encode'));

async function writeFragment(): Promise<string> {
  return writeWith(await loadEncoder());
}

function writeWith({ planFragment }: Encoder): string {
  lastWriteMs = performance.now();
  const fragment = planFragment(usePlanStore.getState().plan);
  if (fragment !== lastFragment || location.hash !== fragment) {
    lastFragment = fragment;
    history.replaceState(history.state, '', `${location.pathname}${location.search}${fragment}`);
  }
  // The address bar may name a section (?s=…): UI state, not part of the shared plan.
  return withoutSection(location.href);
}

/** Write the current plan's link now (cancelling a pending debounced write); resolves to the full URL. */
export function flushUrl(): Promise<string> {
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
  cancelLeading?.();
  cancelLeading = null;
  return writeFragment();
}

/** When this page last wrote the link (performance.now() ms). */
let lastWriteMs = -Infinity;

function schedule() {
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
  // Leading edge: the first change after a quiet spell is written at once — right after the frame
  // that shows it (issue 16: deflate and replaceState took several ms of the keypress's frame), so
  // a reload right after one edit keeps it: a reload goes to the address as it is when the reload
  // starts, and the write lands one frame after the edit. A burst's later changes (a drag,
  // typing) wait for the pause, so a drag rewrites the address twice, not once per tick.
  if (performance.now() - lastWriteMs > URL_SYNC_DELAY_MS) {
    lastWriteMs = performance.now();
    cancelLeading ??= browserTimers.afterPaint(() => {
      cancelLeading = null;
      void writeFragment().catch(() => undefined);
    });
    return;
  }
  timer = setTimeout(() => {
    timer = undefined;
    void writeFragment();
  }, URL_SYNC_DELAY_MS);
}

/**
 * Open a link. On page load it replaces the default plan and starts a fresh history. Pasted into an
 * open tab, it never costs the user's work: when nothing in it can be read the current plan and
 * its undo history stay (the banner says why), and a readable link is applied as ONE undoable step.
 */
async function openFragment(fragment: string, when: 'page-load' | 'pasted'): Promise<void> {
  const { decodeLinkNative } = await import('../../share/link-decode-native');
  const { ok, plan, problems } = await decodeLinkNative(fragment);
  lastFragment = fragment;
  useLinkStatus.getState().report(problems, ok ? 'partial' : when === 'pasted' ? 'kept' : 'defaults');
  if (ok) {
    usePlanStore.getState().replacePlan(plan);
    if (when === 'page-load') useHistory.getState().clear();
  }
  // A damaged link is replaced by the link of what is actually open.
  if (problems.length > 0) schedule();
}

let started = false;

/**
 * Call once before the first render: loads the plan from the URL (if any), then keeps the URL in
 * step with the plan. Never throws (a failed chunk load leaves the default plan and says so).
 */
export async function startUrlSync(): Promise<void> {
  if (started || typeof window === 'undefined') return;
  started = true;
  if (hasPlanParam(location.hash)) {
    try {
      await openFragment(location.hash, 'page-load');
    } catch {
      useLinkStatus.getState().report([{ field: '(link)', message: 'could not load the link reader; opened the default plan' }], 'defaults');
    }
  }
  usePlanStore.subscribe((state, prev) => {
    if (state.plan !== prev.plan) schedule();
  });
  window.addEventListener('hashchange', () => {
    if (location.hash !== lastFragment && hasPlanParam(location.hash)) void openFragment(location.hash, 'pasted').catch(() => undefined);
  });
}
