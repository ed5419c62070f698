/**
 * Reading renderToString's HTML back for the golden test (src/golden.test.tsx): a small element
 * tree (no DOM in the node test environment), the shown text of an element, and the check that
 * every opened "why" and every explained row without a test id shows one of the analysis's
 * explained values, formatted the way the UI formats it.
 */
import { DASH, formatNumber, formatPercent, formatUsd, formatValue } from '../components/format';
import type { Explained, InputValue } from '../engine/types';

/*
 * How the panels print an explained value and an explanation's input, restated here from the
 * number formatters (src/components/format.ts) rather than imported from the components, so a
 * component that prints them differently fails the golden test.
 */
function formatInput(v: InputValue): string {
  if (typeof v === 'number') return formatValue(v);
  return v === null ? 'none' : String(v);
}

/** ValueRow's value: dollars with cents, shares as % with one decimal, factors as "n×", null as `nullText`. */
function formatExplained(e: Explained<unknown>, nullText = DASH): string {
  const v = e.value;
  if (v === null) return nullText;
  if (typeof v === 'number' && e.unit === 'USD') return formatUsd(v);
  if (typeof v === 'number' && e.unit === 'share') return formatPercent(v, 1);
  if (typeof v === 'number' && e.unit === '×') return `${formatNumber(v)}×`;
  return formatValue(v, e.unit);
}

export interface El {
  tag: string;
  /** data-testid, when the element has one. */
  id: string | null;
  className: string;
  children: (El | string)[];
  parent: El | null;
}

const VOID_TAGS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/** renderToString's HTML escapes back to the text a reader sees. */
export const unescapeHtml = (text: string) =>
  text.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&nbsp;/g, '\u00a0').replace(/&amp;/g, '&');

/** The element tree of rendered HTML (text unescaped; renderToString's `<!-- -->` separators dropped; style and script bodies skipped). */
export function parseHtml(html: string): El {
  const root: El = { tag: '#root', id: null, className: '', children: [], parent: null };
  let cur = root;
  const clean = html.replace(/<!-- -->/g, '');
  for (const m of clean.matchAll(/<(\/?)([a-zA-Z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|([^<]+)/g)) {
    const [, close, tag, attrs, text] = m as unknown as [string, string, string, string, string | undefined];
    if (text !== undefined) {
      if (cur.tag !== 'style' && cur.tag !== 'script') cur.children.push(unescapeHtml(text));
      continue;
    }
    const name = tag.toLowerCase();
    if (close) {
      let at: El | null = cur;
      while (at && at.tag !== name) at = at.parent;
      if (at?.parent) cur = at.parent;
      continue;
    }
    const el: El = { tag: name, id: /data-testid="([^"]+)"/.exec(attrs)?.[1] ?? null, className: /class="([^"]*)"/.exec(attrs)?.[1] ?? '', children: [], parent: cur };
    cur.children.push(el);
    if (!VOID_TAGS.has(name) && !attrs.endsWith('/')) cur = el;
  }
  return root;
}

export function textOf(el: El): string {
  return el.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}

/** Every element under `el` (itself included) that `pred` accepts, in document order. */
export function findAll(el: El, pred: (e: El) => boolean): El[] {
  const out: El[] = pred(el) ? [el] : [];
  for (const c of el.children) if (typeof c !== 'string') out.push(...findAll(c, pred));
  return out;
}

const byId = (el: El, id: string) => findAll(el, (e) => e.id === id);
const hasClass = (e: El, c: string) => e.className.split(/\s+/).includes(c);

function isExplained(v: unknown): v is Explained<unknown> {
  if (v === null || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return typeof o['formula'] === 'string' && typeof o['why'] === 'string' && typeof o['label'] === 'string' && 'value' in o && typeof o['inputs'] === 'object';
}

/**
 * Parts of the analysis that hold no explained value the panels show: the plan and loaded data
 * (the catalog, price tables), each server kind's own plan and nested sizing, the curves and
 * chart series, and the export's edge and deploy sections (no panel here shows them).
 */
const NOT_EXPLAINED = new Set(['plan', 'data', 'catalog', 'serverPlan', 'sizing', 'charts', 'openCurve', 'closedCurve', 'edge', 'deploy']);

/** Every explained value in the analysis (walked once, without the parts above). */
export function explainedIn(root: unknown): Explained<unknown>[] {
  const out: Explained<unknown>[] = [];
  const seen = new Set<object>();
  const walk = (v: unknown) => {
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (isExplained(v)) out.push(v);
    if (Array.isArray(v)) v.forEach(walk);
    else for (const [k, child] of Object.entries(v)) if (!NOT_EXPLAINED.has(k)) walk(child);
  };
  walk(root);
  return out;
}

/** A "why" as the UI prints it: formula, each input `name = value`, the reason, the server default. */
export function whyText(e: Explained<unknown>): string {
  const inputs = Object.entries(e.inputs).map(([k, v]) => `${k} = ${formatInput(v)}`);
  const serverDefault = e.serverDefault !== undefined ? [`default: ${formatValue(e.serverDefault, e.unit)}`] : [];
  return [`formula: ${e.formula || DASH}`, ...inputs, `why: ${e.why || DASH}`, ...serverDefault].join('\n');
}

/** The same read from an opened why (WhyDetails, or the optimizer's, whose formula shows as given). */
function shownWhyText(dl: El): string {
  const one = (id: string) => byId(dl, id).map((e) => textOf(e).trim());
  const formula = one('why-formula')[0] ?? '(none)';
  const serverDefault = one('why-default').map((d) => `default: ${d}`);
  return [`formula: ${formula}`, ...one('why-input'), `why: ${one('why-text')[0] ?? '(none)'}`, ...serverDefault].join('\n');
}

/**
 * The label of the row a WhyDetails belongs to (its setting-label, without the config key) or the
 * why's own label; null when the row's label is the panel's own words (it has a test id, and the
 * golden tables check any number in it).
 */
function rowLabel(dl: El, row: El | null): { text: string | null; el: El | null } {
  const own = byId(dl, 'why-label')[0];
  if (own) return { text: textOf(own).trim(), el: own };
  const label = row ? findAll(row, (e) => hasClass(e, 'setting-label'))[0] : undefined;
  if (!label || label.id !== null) return { text: null, el: null };
  return { text: label.children.map((c) => (typeof c === 'string' ? c : hasClass(c, 'setting-key') ? '' : textOf(c))).join('').trim(), el: label };
}

export interface WhyCheck {
  /** Opened whys compared (each with every number in it). */
  whys: number;
  /** Rows without a test id whose value was compared through their why. */
  rows: number;
  /** What did not match, in words. */
  problems: string[];
  /** Elements whose text was compared whole (the scan for unchecked numbers skips them). */
  checked: Set<El>;
}

/**
 * Every opened why must be the why of an explained value of the analysis with the row's label; a
 * row whose value has no test id must show that value as ValueRow formats it (DynamoDB rows say
 * "never" for null).
 */
export function checkWhys(tree: El, explained: readonly Explained<unknown>[]): WhyCheck {
  const byWhy = new Map<string, Explained<unknown>[]>();
  for (const e of explained) byWhy.set(whyText(e), [...(byWhy.get(whyText(e)) ?? []), e]);
  const result: WhyCheck = { whys: 0, rows: 0, problems: [], checked: new Set() };
  for (const dl of byId(tree, 'why')) {
    let row: El | null = dl.parent;
    while (row && !(row.tag === 'li' && hasClass(row, 'setting'))) row = row.parent;
    const { text: label, el: labelEl } = rowLabel(dl, row);
    const shown = shownWhyText(dl);
    const candidates = (byWhy.get(shown) ?? []).filter((e) => label === null || e.label === label);
    result.checked.add(dl);
    result.whys++;
    if (candidates.length === 0) {
      result.problems.push(`why of "${label}" matches no explained value of the analysis:\n${shown}`);
      continue;
    }
    // The label was compared with the explained value's.
    if (labelEl) result.checked.add(labelEl);
    const valueEl = row && byId(dl, 'why-label').length === 0 ? findAll(row, (e) => hasClass(e, 'setting-value'))[0] : undefined;
    if (!valueEl || valueEl.id !== null) continue;
    const value = textOf(valueEl).trim();
    if (!candidates.some((e) => value === formatExplained(e) || value === formatExplained(e, 'never'))) {
      result.problems.push(`row "${label}" shows "${value}", its explained value is ${candidates.map((e) => formatExplained(e)).join(' or ')}`);
      continue;
    }
    result.rows++;
    result.checked.add(valueEl);
  }
  return result;
}
