/**
 * The dashboard's sections (issue 15) and their deep links. A section is named in the URL's query
 * (`?s=fleet`), never in the fragment: the fragment is the share link (`#p=…`), and which section
 * is open is UI state that a shared plan must not carry (README "Share links").
 */
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

/**
 * Go to a section: name it in the query (replaceState keeps the fragment, adds no history entry),
 * scroll it to the top and move focus to its heading so the next Tab lands in it.
 */
export function openSection(id: SectionId): void {
  const url = new URL(location.href);
  url.searchParams.set(SECTION_PARAM, id);
  history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
  const heading = document.getElementById(sectionHeadingId(id));
  heading?.scrollIntoView({ block: 'start' });
  heading?.focus({ preventScroll: true });
}

/**
 * Opening the page with `?s=…`: the sections above fill in as their chunks load, so the target is
 * scrolled back into view on each layout change until the user scrolls or 4 s pass.
 */
export function followSectionFromUrl(): () => void {
  const id = sectionFromUrl();
  if (!id) return () => {};
  const root = document.getElementById('root') ?? document.body;
  const align = () => document.getElementById(sectionHeadingId(id))?.scrollIntoView({ block: 'start' });
  const observer = new ResizeObserver(align);
  observer.observe(root);
  const stop = () => {
    observer.disconnect();
    window.removeEventListener('wheel', stop);
    window.removeEventListener('keydown', stop);
    window.removeEventListener('pointerdown', stop);
    window.removeEventListener('touchstart', stop);
  };
  window.addEventListener('wheel', stop, { passive: true });
  window.addEventListener('keydown', stop);
  window.addEventListener('pointerdown', stop);
  window.addEventListener('touchstart', stop, { passive: true });
  const timer = setTimeout(stop, 4000);
  align();
  return () => {
    clearTimeout(timer);
    stop();
  };
}
