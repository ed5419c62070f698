/**
 * `npm run bench:ui` — a UI benchmark of the production build (issue 16). It prints figures with
 * the issue's targets beside them; it asserts nothing (a benchmark, not a test that can flake).
 *
 * What it does: `vite build` + prerender (skip with --no-build), `vite preview` on a free port
 * (scripts/free-port.mjs), Debian's Chromium (/usr/bin/chromium or $CHROMIUM_PATH) driven by the
 * Playwright library, then per run (--runs N, default 3):
 *  1. a cold load at 1× (fresh context): first contentful paint, when the prerendered numbers
 *     are painted, the largest contentful paint and its element, the JS requested before the
 *     first numbers;
 *  2. every section opened through the nav (the JS of a full session is counted: every script
 *     the page and its workers fetched, each URL once, gzip-compressed as a static host would
 *     send it; a worker's imports are fetched by the worker and count too);
 *  3. at 1× and at 4× CPU throttling (CDP Emulation.setCPUThrottlingRate): single keypresses
 *     → next frame, a 10-step keyboard burst and a 10-move slider drag (long tasks, last input →
 *     final paint), a hardware preset switch and an export tab switch;
 *  4. a cold load at 4×.
 * --keys-only: only step 1 and single keypresses at 1× and 4× on the number field and on its
 * slider (the range input focused), for a quick A/B of the keypress frame.
 * --presets-only: only step 1 and --switches N (default 6) hardware preset switches at 4×, back and
 * forth between two presets, each measured (both directions), for a quick A/B of the preset switch.
 * Beside the session: the JS of the whole build (every script in dist/, each once), the most any
 * session can load — it adds the chunks only an action loads (a Calibrate import's worker and
 * chart, the method comparison's chart, a shared link's decoder, …); --verbose lists them.
 * The medians over runs are printed (keypress figures pool every press of every run). The
 * preview server and the browser are stopped afterwards, also on errors and after --limit-s.
 *
 * "Final paint": the page records every DOM mutation and the frame after it (rAF, then a message,
 * i.e. after that frame's rendering work); an interaction is over when nothing changed and no long
 * task ran for 1 s. "Long task": the main frame's PerformanceObserver('longtask') entries (> 50 ms);
 * work in Web Workers is not a long task of the page.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';
import { dragTenMoves } from './ui-drag';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from '@playwright/test';

interface Options {
  runs: number;
  build: boolean;
  /** No new run starts when the last one would end past this many seconds; a hard stop at twice it. */
  limitS: number;
  presses: number;
  verbose: boolean;
  /** Only the cold loads (first paint, LCP, JS before the numbers): a quick check of the first paint. */
  loadsOnly: boolean;
  /** Write the paths of the session's scripts here (JSON, each run overwrites it), for scripts/bundle-composition.ts. */
  scriptsOut?: string;
  /** Only a cold load at 1× and single keypresses at 1× and 4×, on the number field and on its slider: a quick A/B of the keypress frame. */
  keysOnly: boolean;
  /** Only a cold load at 1× and `switches` preset switches at 4× (back and forth): a quick A/B of the preset switch. */
  presetsOnly: boolean;
  switches: number;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { runs: 3, build: true, limitS: 240, presses: 6, verbose: false, loadsOnly: false, keysOnly: false, presetsOnly: false, switches: 6 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const num = (name: string) => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(argv[i])}`);
      return v;
    };
    if (a === '--runs') o.runs = num('--runs');
    else if (a === '--limit-s') o.limitS = num('--limit-s');
    else if (a === '--presses') o.presses = num('--presses');
    else if (a === '--no-build') o.build = false;
    else if (a === '--verbose') o.verbose = true;
    else if (a === '--loads-only') o.loadsOnly = true;
    else if (a === '--scripts-out') o.scriptsOut = argv[++i];
    else if (a === '--keys-only') o.keysOnly = true;
    else if (a === '--presets-only') o.presetsOnly = true;
    else if (a === '--switches') o.switches = num('--switches');
    else throw new Error(`unknown argument ${a} (use --runs N, --presses N, --limit-s S, --no-build, --verbose, --loads-only, --keys-only, --presets-only, --switches N, --scripts-out FILE)`);
  }
  return o;
}

const ROOT = new URL('..', import.meta.url).pathname;
const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const VIEWPORT = { width: 1280, height: 720 };
const QUIET_MS = 1000;

// ---------------------------------------------------------------------------------------------
// In-page instrumentation (runs before any page script).

interface PageProbe {
  longtasks: { start: number; dur: number }[];
  lcp: { t: number; size: number; el: string; prerendered: boolean }[];
  lastChangeAt: number;
  lastPaintAt: number;
  inputs: number[];
  keyFrames: number[];
  numbersAt?: number;
}

function installProbe() {
  const b: PageProbe = { longtasks: [], lcp: [], lastChangeAt: 0, lastPaintAt: 0, inputs: [], keyFrames: [] };
  (window as unknown as { __bench: PageProbe }).__bench = b;
  const prerendered = new WeakSet<Element>();
  const describe = (el: Element | null) => {
    if (!el) return '(removed)';
    const testid = el.getAttribute('data-testid');
    const cls = el.getAttribute('class');
    const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
    return `${el.tagName.toLowerCase()}${testid ? `[data-testid=${testid}]` : cls ? `.${cls.split(' ')[0]}` : ''} "${text}"`;
  };
  const afterPaint = (fn: () => void) =>
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = fn;
      ch.port2.postMessage(0);
    });
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) b.longtasks.push({ start: e.startTime, dur: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((l) => {
    for (const e of l.getEntries() as (PerformanceEntry & { element: Element | null; size: number })[]) {
      b.lcp.push({ t: e.startTime, size: e.size, el: describe(e.element), prerendered: !!e.element && prerendered.has(e.element) });
    }
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  let pending = false;
  const onChange = () => {
    b.lastChangeAt = performance.now();
    const tile = document.querySelector('[data-testid="out-capacity"]');
    if (b.numbersAt === undefined && tile && /\d/.test(tile.textContent ?? '')) b.numbersAt = performance.now();
    if (pending) return;
    pending = true;
    afterPaint(() => {
      pending = false;
      b.lastPaintAt = performance.now();
    });
  };
  new MutationObserver(onChange).observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
  document.addEventListener('DOMContentLoaded', () => {
    for (const el of document.querySelectorAll('#root[data-prerendered] *')) prerendered.add(el);
  });
  for (const type of ['keydown', 'pointerdown', 'pointermove', 'pointerup', 'change']) {
    window.addEventListener(type, (e) => b.inputs.push(e.timeStamp), { capture: true });
  }
  window.addEventListener(
    'keydown',
    (e) => {
      const t0 = e.timeStamp;
      afterPaint(() => b.keyFrames.push(performance.now() - t0));
    },
    { capture: true },
  );
}

const probe = (page: Page) => page.evaluate(() => (window as unknown as { __bench: PageProbe }).__bench);

/** Wait until nothing changed and no long task ran for QUIET_MS (at most capMs). */
async function settle(page: Page, capMs: number): Promise<void> {
  await page.evaluate(
    ({ quiet, cap }) =>
      new Promise<void>((resolve) => {
        const b = (window as unknown as { __bench: PageProbe }).__bench;
        const start = performance.now();
        const tick = () => {
          const lt = b.longtasks.at(-1);
          const last = Math.max(b.lastChangeAt, b.lastPaintAt, lt ? lt.start + lt.dur : 0);
          const now = performance.now();
          if (now - last >= quiet || now - start >= cap) resolve();
          else setTimeout(tick, 100);
        };
        setTimeout(tick, 100);
      }),
    { quiet: QUIET_MS, cap: capMs },
  );
}

// ---------------------------------------------------------------------------------------------
// One interaction measured: long tasks and last input → final paint.

interface Interaction {
  longTotalMs: number;
  longMaxMs: number;
  longCount: number;
  finalPaintMs: number;
}

async function measure(page: Page, capMs: number, act: () => Promise<void>): Promise<Interaction> {
  await settle(page, capMs);
  const t0 = await page.evaluate(() => performance.now());
  await act();
  await settle(page, capMs);
  return page.evaluate((from) => {
    const b = (window as unknown as { __bench: PageProbe }).__bench;
    const tasks = b.longtasks.filter((t) => t.start >= from);
    const lastInput = Math.max(...b.inputs.filter((t) => t >= from));
    return {
      longTotalMs: tasks.reduce((s, t) => s + t.dur, 0),
      longMaxMs: tasks.reduce((m, t) => Math.max(m, t.dur), 0),
      longCount: tasks.length,
      finalPaintMs: Math.max(0, b.lastPaintAt - lastInput),
    };
  }, t0);
}

const ARRIVAL_FIELD = '[data-testid="field-workload.arrivalRps"]';
const ARRIVAL_SLIDER = '[data-testid="slider-workload.arrivalRps"]';
const PRESET = '[data-testid="field-hardware.presetId"]';
/** The two presets bench:ui switches between: a faster machine, and back to the default plan's. */
const PRESETS = ['ryzen9-7950x-128', 'i7-8700-64'] as const;

/**
 * Open a section through its nav link (with one section shown at a time, its inputs exist only
 * then; on one long page it scrolls there), and wait for it to settle. Not part of any figure.
 */
async function openSection(page: Page, id: string, capMs: number): Promise<void> {
  await page.locator(`[data-testid="nav-${id}"]`).click();
  await settle(page, capMs);
}

/** Single ArrowUp/ArrowDown presses, each after the page settled, on the number field (or another input: its slider). */
async function keypresses(page: Page, n: number, capMs: number, input = ARRIVAL_FIELD): Promise<number[]> {
  const field = page.locator(input);
  await field.focus();
  const before = (await probe(page)).keyFrames.length;
  for (let i = 0; i < n; i++) {
    await settle(page, capMs);
    await page.keyboard.press(i % 2 === 0 ? 'ArrowUp' : 'ArrowDown');
  }
  await settle(page, capMs);
  return (await probe(page)).keyFrames.slice(before);
}

async function burst(page: Page, capMs: number): Promise<Interaction> {
  await page.locator(ARRIVAL_FIELD).focus();
  return measure(page, capMs, async () => {
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('ArrowUp');
      await page.waitForTimeout(40);
    }
  });
}

async function drag(page: Page, capMs: number): Promise<Interaction> {
  const slider = page.locator(ARRIVAL_SLIDER);
  await slider.scrollIntoViewIfNeeded();
  return measure(page, capMs, () => dragTenMoves(page, slider));
}

async function presetSwitch(page: Page, capMs: number, to: string): Promise<Interaction> {
  await page.locator(PRESET).scrollIntoViewIfNeeded();
  return measure(page, capMs, () => page.locator(PRESET).selectOption(to).then(() => undefined));
}

async function exportTabSwitch(page: Page, capMs: number): Promise<Interaction> {
  const tabs = page.locator('[data-testid="section-export"] [role="tab"]');
  await tabs.first().scrollIntoViewIfNeeded();
  const unselected = tabs.and(page.locator('[aria-selected="false"]'));
  return measure(page, capMs, () => unselected.first().click());
}

async function openAllSections(page: Page): Promise<void> {
  const links = page.locator('.section-nav a');
  const n = await links.count();
  for (let i = 0; i < n; i++) {
    await links.nth(i).click();
    await settle(page, 10_000);
  }
  // One section shows at a time: the export section's files prove its chunk (the builders) loaded too.
  await page.locator('[data-testid="nav-export"]').click();
  await page.locator('[data-testid="section-export"] [role="tab"]').first().waitFor({ timeout: 15_000 });
}

// ---------------------------------------------------------------------------------------------
// A cold load.

interface Load {
  fcpMs: number;
  numbersMs: number;
  lcpMs: number;
  lcpEl: string;
  jsBeforeNumbersB: number;
}

/** Every script a context fetched (pages and workers), by URL, with its gzip size. */
function trackScripts(context: BrowserContext): Map<string, number> {
  const sizes = new Map<string, number>();
  context.on('response', (r) => {
    const url = r.url();
    if (!/\.m?js(\?|$)/.test(url) || sizes.has(url)) return;
    sizes.set(url, 0);
    void r.body().then(
      (body) => sizes.set(url, gzipSync(body).length),
      () => sizes.delete(url),
    );
  });
  return sizes;
}

async function coldLoad(browser: Browser, baseURL: string, rate: number): Promise<{ context: BrowserContext; page: Page; cdp: CDPSession; load: Load; scripts: Map<string, number> }> {
  const context = await browser.newContext({ viewport: VIEWPORT, serviceWorkers: 'block' });
  const scripts = trackScripts(context);
  // tsx (esbuild keepNames) wraps named functions in __name(); the page's copies need it too.
  await context.addInitScript({ content: 'window.__name = (f) => f;' });
  await context.addInitScript(installProbe);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  await page.goto(baseURL);
  await page.waitForFunction(() => !document.getElementById('root')?.hasAttribute('data-prerendered'), null, { timeout: 30_000 });
  await settle(page, 15_000);
  const b = await probe(page);
  const timing = await page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    js: performance
      .getEntriesByType('resource')
      .filter((e) => /\.m?js(\?|$)/.test(e.name))
      .map((e) => ({ url: e.name, start: e.startTime })),
  }));
  const numbersMs = Math.max(timing.fcp, b.numbersAt ?? Infinity);
  const lcp = b.lcp.at(-1);
  // JS requested before the numbers were in the page (the first numbers cannot have waited for
  // any later script). Not "before the first paint's timestamp": the prerendered page starts the
  // app in the first frame's rAF, before that frame is presented.
  const jsBefore = timing.js.filter((e) => e.start < (b.numbersAt ?? Infinity));
  const load: Load = {
    fcpMs: timing.fcp,
    numbersMs,
    lcpMs: lcp?.t ?? NaN,
    lcpEl: lcp ? `${lcp.el} (${lcp.prerendered ? 'prerendered' : 'rendered by the app'})` : '(none)',
    jsBeforeNumbersB: jsBefore.reduce((s, e) => s + (scripts.get(e.url) ?? 0), 0),
  };
  return { context, page, cdp, load, scripts };
}

// ---------------------------------------------------------------------------------------------
// One run.

interface AtRate {
  keyFrames: number[];
  burst: Interaction;
  drag: Interaction;
  preset: Interaction;
  exportTab: Interaction;
}

interface Run {
  load1: Load;
  /** Absent with --keys-only. */
  load4?: Load;
  sessionJsB: number;
  /** Absent with --loads-only and --keys-only. */
  at?: Record<1 | 4, AtRate>;
  /** --keys-only: keypress → next frame on the number field and on its slider. */
  keys?: Record<1 | 4, { field: number[]; slider: number[] }>;
  /** --presets-only: each preset switch at 4×, in order (to the second preset, back, …). */
  presets?: Interaction[];
}

async function interactions(page: Page, cdp: CDPSession, rate: 1 | 4, presses: number): Promise<AtRate> {
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  const cap = rate === 1 ? 10_000 : 25_000;
  await openSection(page, 'server', cap);
  const keyFrames = await keypresses(page, presses, cap);
  const b = await burst(page, cap);
  const d = await drag(page, cap);
  const preset = await presetSwitch(page, cap, PRESETS[0]);
  await presetSwitch(page, cap, PRESETS[1]);
  await openSection(page, 'export', cap);
  const exportTab = await exportTabSwitch(page, cap);
  return { keyFrames, burst: b, drag: d, preset, exportTab };
}

async function keysOnlyRun(browser: Browser, baseURL: string, o: Options): Promise<Run> {
  const first = await coldLoad(browser, baseURL, 1);
  const keys = {} as NonNullable<Run['keys']>;
  for (const rate of [1, 4] as const) {
    await first.cdp.send('Emulation.setCPUThrottlingRate', { rate });
    const cap = rate === 1 ? 10_000 : 25_000;
    await openSection(first.page, 'server', cap);
    keys[rate] = { field: await keypresses(first.page, o.presses, cap), slider: await keypresses(first.page, o.presses, cap, ARRIVAL_SLIDER) };
  }
  await first.context.close();
  return { load1: first.load, sessionJsB: NaN, keys };
}

async function presetsOnlyRun(browser: Browser, baseURL: string, o: Options): Promise<Run> {
  const first = await coldLoad(browser, baseURL, 1);
  await openSection(first.page, 'server', 10_000);
  await first.cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const presets: Interaction[] = [];
  for (let i = 0; i < o.switches; i++) presets.push(await presetSwitch(first.page, 25_000, PRESETS[i % 2]!));
  await first.context.close();
  return { load1: first.load, sessionJsB: NaN, presets };
}

async function oneRun(browser: Browser, baseURL: string, o: Options): Promise<Run> {
  if (o.keysOnly) return keysOnlyRun(browser, baseURL, o);
  if (o.presetsOnly) return presetsOnlyRun(browser, baseURL, o);
  const first = await coldLoad(browser, baseURL, 1);
  if (o.loadsOnly) {
    await first.context.close();
    const slow = await coldLoad(browser, baseURL, 4);
    await slow.context.close();
    return { load1: first.load, load4: slow.load, sessionJsB: NaN };
  }
  await openAllSections(first.page);
  const at1 = await interactions(first.page, first.cdp, 1, o.presses);
  const at4 = await interactions(first.page, first.cdp, 4, o.presses);
  await first.cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  await settle(first.page, 10_000);
  // Let pending body reads finish before summing.
  await new Promise((r) => setTimeout(r, 200));
  const sessionJsB = [...first.scripts.values()].reduce((s, v) => s + v, 0);
  if (o.scriptsOut !== undefined) {
    writeFileSync(o.scriptsOut, `${JSON.stringify([...first.scripts.keys()].map((u) => new URL(u).pathname).sort(), null, 1)}\n`);
  }
  if (o.verbose) {
    const list = [...first.scripts].sort((a, b) => b[1] - a[1]).map(([u, v]) => `${new URL(u).pathname} ${kb(v)}`);
    process.stderr.write(`bench:ui: scripts of the session: ${list.join(', ')}\n`);
    const fetched = new Set([...first.scripts.keys()].map((u) => new URL(u).pathname));
    const rest = [...buildScripts()].filter(([path]) => !fetched.has(path)).map(([path, v]) => `${path} ${kb(v)}`);
    process.stderr.write(`bench:ui: scripts of the build the session did not load: ${rest.join(', ') || 'none'}\n`);
  }
  await first.context.close();
  const slow = await coldLoad(browser, baseURL, 4);
  await slow.context.close();
  return { load1: first.load, load4: slow.load, sessionJsB, at: { 1: at1, 4: at4 } };
}

// ---------------------------------------------------------------------------------------------
// Server, browser, table.

function freePort(): number {
  const out = execFileSync(process.execPath, [`${ROOT}scripts/free-port.mjs`], { encoding: 'utf8', timeout: 10_000 });
  const port = Number(out);
  if (!Number.isInteger(port) || port < 1) throw new Error('bench:ui: no free port');
  return port;
}

async function startPreview(port: number): Promise<ChildProcess> {
  const server = spawn(process.execPath, [`${ROOT}node_modules/vite/bin/vite.js`, 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  const url = `http://127.0.0.1:${port}/`;
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    if (server.exitCode !== null) throw new Error(`vite preview exited with ${server.exitCode}`);
    try {
      if ((await fetch(url)).ok) return server;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('vite preview did not answer within 30 s');
}

function stopPreview(server: ChildProcess | undefined) {
  if (server?.pid === undefined || server.exitCode !== null) return;
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

const median = (xs: number[]) => {
  const s = [...xs].filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]! : NaN;
};
const ms = (x: number) => (Number.isFinite(x) ? `${x.toFixed(0)} ms` : 'n/a');
const kb = (bytes: number) => (Number.isFinite(bytes) ? `${(bytes / 1000).toFixed(1)} KB` : 'n/a');
/** Median with the range over runs, e.g. "120 ms (110–140)". */
const spread = (xs: number[], fmt: (x: number) => string) =>
  !xs.some(Number.isFinite) ? 'n/a' : xs.length > 1 ? `${fmt(median(xs))} (${fmt(Math.min(...xs)).replace(/ .*/, '')}–${fmt(Math.max(...xs))})` : fmt(median(xs));

/** Every script of the build (dist/, recursively) by path under dist/, with its gzip size. */
function buildScripts(): Map<string, number> {
  const dist = `${ROOT}dist/`;
  const files = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((f) => /\.m?js$/.test(f));
  return new Map(files.map((f) => [`/${f}`, gzipSync(readFileSync(dist + f)).length]));
}

function table(runs: Run[], buildJsB: number): string {
  const rows: [string, string, string][] = [];
  const add = (what: string, value: string, target: string) => rows.push([what, value, target]);
  const loads = (rate: 1 | 4) => runs.flatMap((r) => (rate === 1 ? [r.load1] : r.load4 ? [r.load4] : []));
  for (const rate of [1, 4] as const) {
    const l = loads(rate);
    if (l.length === 0) continue;
    add(`Load ${rate}×: first contentful paint`, spread(l.map((x) => x.fcpMs), ms), '');
    add(`Load ${rate}×: first numbers painted`, spread(l.map((x) => x.numbersMs), ms), 'as today or sooner');
    add(`Load ${rate}×: LCP`, spread(l.map((x) => x.lcpMs), ms), rate === 1 ? 'within 50 ms of FCP' : '');
    add(`Load ${rate}×: LCP − FCP`, spread(l.map((x) => x.lcpMs - x.fcpMs), ms), rate === 1 ? '≤ 50 ms' : '');
    add(`Load ${rate}×: LCP element`, [...new Set(l.map((x) => x.lcpEl))].join('; '), 'same element in both paints');
  }
  add('JS before the first numbers (gzip)', spread(runs.map((r) => r.load1.jsBeforeNumbersB), kb), '≤ 120 KB (today 0)');
  add('JS for a full session, all sections opened (gzip)', spread(runs.map((r) => r.sessionJsB), kb), '≤ 250 KB');
  add('JS of the whole build, every script once (gzip): the most a session can load', kb(buildJsB), '');
  const keyed = runs.filter((r) => r.keys !== undefined);
  for (const rate of keyed.length > 0 ? ([1, 4] as const) : []) {
    for (const which of ['field', 'slider'] as const) {
      const keys = keyed.flatMap((r) => r.keys![rate][which]);
      add(`${rate}×: keypress → next frame on the ${which === 'field' ? 'number field' : 'slider'}, median / p95 (${keys.length} presses)`, `${ms(median(keys))} / ${ms(quantile(keys, 0.95))}`, rate === 1 ? '≤ 16 ms median' : '≤ 50 ms median');
    }
  }
  const switches = runs.flatMap((r) => r.presets ?? []);
  if (switches.length > 0) {
    const label = `4×: preset switch (${switches.length} switches, both ways)`;
    add(`${label}: long tasks, total (count)`, `${spread(switches.map((x) => x.longTotalMs), ms)} (${median(switches.map((x) => x.longCount))})`, '');
    add(`${label}: largest long task`, spread(switches.map((x) => x.longMaxMs), ms), '');
    add(`${label}: last input → final paint`, spread(switches.map((x) => x.finalPaintMs), ms), '');
    for (const [i, to] of PRESETS.entries()) {
      const xs = switches.filter((_, k) => k % 2 === i);
      add(`4×: preset switch to ${to}: largest long task / final paint`, `${ms(median(xs.map((x) => x.longMaxMs)))} / ${ms(median(xs.map((x) => x.finalPaintMs)))}`, '');
    }
  }
  const full = runs.filter((r) => r.at !== undefined) as (Run & { at: Record<1 | 4, AtRate> })[];
  for (const rate of full.length > 0 ? ([1, 4] as const) : []) {
    const keys = full.flatMap((r) => r.at[rate].keyFrames);
    add(`${rate}×: keypress → next frame, median / p95 (${keys.length} presses)`, `${ms(median(keys))} / ${ms(quantile(keys, 0.95))}`, rate === 1 ? '≤ 16 ms median' : '≤ 50 ms median');
    const kinds: [string, keyof AtRate][] = [
      ['10-step keyboard burst', 'burst'],
      ['10-move slider drag', 'drag'],
      ['preset switch', 'preset'],
      ['export tab switch', 'exportTab'],
    ];
    for (const [label, key] of kinds) {
      const xs = full.map((r) => r.at[rate][key] as Interaction);
      const burstLike = key === 'burst' || key === 'drag';
      add(`${rate}×: ${label}: long tasks, total (count)`, `${spread(xs.map((x) => x.longTotalMs), ms)} (${median(xs.map((x) => x.longCount))})`, burstLike && rate === 4 ? '≤ 200 ms' : '');
      add(`${rate}×: ${label}: largest long task`, spread(xs.map((x) => x.longMaxMs), ms), burstLike ? (rate === 4 ? '≤ 100 ms' : '≤ 50 ms') : '');
      add(`${rate}×: ${label}: last input → final paint`, spread(xs.map((x) => x.finalPaintMs), ms), burstLike && rate === 4 ? '≤ 300 ms' : '');
    }
  }
  const out = ['| Figure | Median (min–max) | Target |', '|---|---|---|'];
  for (const [a, b, c] of rows) out.push(`| ${a} | ${b} | ${c} |`);
  return out.join('\n');
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error(`bench:ui: no Chromium at ${executablePath} (set CHROMIUM_PATH)`);
  const load0 = loadavg();
  const started = Date.now();
  if (o.build) execFileSync('npm', ['run', '--silent', 'build:e2e'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], timeout: 240_000 });
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  const cleanup = () => stopPreview(server);
  process.on('exit', cleanup);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(130));
  const limit = setTimeout(() => {
    console.error(`bench:ui: stopped after ${2 * o.limitS} s (twice --limit-s)`);
    process.exit(2);
  }, 2 * o.limitS * 1000);
  try {
    const port = freePort();
    server = await startPreview(port);
    browser = await chromium.launch({ executablePath, args: CHROMIUM_FLAGS });
    const runs: Run[] = [];
    let longestRunMs = 0;
    for (let i = 0; i < o.runs; i++) {
      if (i > 0 && Date.now() + longestRunMs - started > o.limitS * 1000) {
        process.stderr.write(`bench:ui: stopping after ${i} of ${o.runs} runs: another would end past --limit-s ${o.limitS}\n`);
        break;
      }
      const runStart = Date.now();
      runs.push(await oneRun(browser, `http://127.0.0.1:${port}/`, o));
      longestRunMs = Math.max(longestRunMs, Date.now() - runStart);
      process.stderr.write(`bench:ui: run ${i + 1}/${o.runs} done (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
    }
    const load1 = loadavg();
    const fmt = (l: number[]) => l.map((x) => x.toFixed(2)).join(', ');
    console.log(`bench:ui — ${runs.length} runs, ${new Date().toISOString()}, Chromium ${browser.version()}, viewport ${VIEWPORT.width}×${VIEWPORT.height}`);
    console.log(`load average (1, 5, 15 min): before ${fmt(load0)}; after ${fmt(load1)}\n`);
    console.log(table(runs, [...buildScripts().values()].reduce((a, b) => a + b, 0)));
  } finally {
    clearTimeout(limit);
    await browser?.close().catch(() => undefined);
    cleanup();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
