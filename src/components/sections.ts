/**
 * The dashboard's sections (issue 15), one open at a time, and their deep links. A section is named in the URL's query
 * (`?s=fleet`), never in the fragment: the fragment is the share link (`#p=…`), and which section
 * is open is UI state that a shared plan must not carry (README "Share links").
 */
import { useSyncExternalStore } from 'react';

export const SECTIONS = [
  { id: 'server', label: 'Server & workload' },
  { id: 'app', label: 'App server' },
  { id: 'nginx', label: 'Nginx' },
  { id: 'fleet', label: 'Fleet & balancing' },
  { id: 'dynamodb', label: 'DynamoDB' },
  { id: 'export', label: 'Export' },
  { id: 'saved', label: 'Saved & compare' },
  { id: 'calibrate', label: 'Calibrate' },
] as const;

export type SectionId = (typeof SECTIONS)[number]['id'];

/** The query parameter that names the section. */
export const SECTION_PARAM = 's';

export const sectionDomId = (id: SectionId) => `sec-${id}`;
export const sectionHeadingId = (id: SectionId) => `sec-${id}-h`;

export function isSectionId(v: string | null): v is SectionId {
  return SECTIONS.some((s) => s.id === v);
}

/** The section the address bar names, if any. */
export function sectionFromUrl(search: string = location.search): SectionId | null {
  const v = new URLSearchParams(search).get(SECTION_PARAM);
  return isSectionId(v) ? v : null;
}

/** The address with the section query removed: what a share link is built from. */
export function withoutSection(href: string): string {
  const url = new URL(href);
  url.searchParams.delete(SECTION_PARAM);
  return url.href;
}

/** The section a page without `?s=` opens on: the first, whose inputs the first screen shows. */
export const DEFAULT_SECTION: SectionId = 'server';

/**
 * Which section is open: one at a time, like tabs (issue 15), so a slider's effect is on the
 * same screen and hidden sections cost nothing. UI state, kept here (not in the plan store) and
 * mirrored in the address bar's query.
 */
let current: SectionId | null = null;
let focusRequested = false;
const listeners = new Set<() => void>();

/** The open section: the address bar's `?s=` when it names one, else the default. */
export function currentSection(): SectionId {
  current ??= (typeof location === 'undefined' ? null : sectionFromUrl()) ?? DEFAULT_SECTION;
  return current;
}

export function subscribeSection(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The open section, for React (the prerender, which has no address bar, gets the default). */
export function useOpenSection(): SectionId {
  return useSyncExternalStore(subscribeSection, currentSection, () => DEFAULT_SECTION);
}

/** Scroll a section's heading to the top (below the sticky band) and focus it, so the next Tab lands in it. */
export function focusSection(id: SectionId): void {
  const heading = document.getElementById(sectionHeadingId(id));
  heading?.scrollIntoView({ block: 'start' });
  heading?.focus({ preventScroll: true });
}

/**
 * Open a section: name it in the query (replaceState keeps the fragment, adds no history entry)
 * and render it in place of the previous one; once it is on screen the dashboard calls
 * `takeFocusRequest` and moves focus to its heading.
 */
export function openSection(id: SectionId): void {
  const url = new URL(location.href);
  url.searchParams.set(SECTION_PARAM, id);
  history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
  if (currentSection() === id) {
    focusSection(id);
    return;
  }
  current = id;
  focusRequested = true;
  for (const l of listeners) l();
}

/** True once after `openSection` switched sections: the caller moves focus (a page load does not). */
export function takeFocusRequest(): boolean {
  const was = focusRequested;
  focusRequested = false;
  return was;
}
