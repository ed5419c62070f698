/**
 * `npx tsx scripts/profile-ui.ts [--rate 4] [--case burst|drag|preset|keys|key|slider-key] [--trace] [--min-ms 50] [--port N] [--top N] [--warmup N] [--interval-us N] [--after-ms 2500] [--no-samples]`:
 * what the main thread does in each long task of one interaction (issue 16), from a Chrome trace
 * with the V8 sampling profiler taken through Playwright's CDP session against `dist/` (build it
 * first; `vite build --minify false` keeps the names readable). Per long task it prints the trace's
 * top-level breakdown (script, style, layout, paint, GC, message decoding) and the functions with
 * the most inclusive and self time. A diagnostic, not a benchmark: the figures are one run's.
 * `--case key` (the number field) and `--case slider-key` (the range input) press ArrowUp/Down 11
 * times, each after a pause; with --trace each press is broken down from its keydown to the end of
 * the next frame's paint. --min-ms lists shorter tasks than the long ones (> 50 ms). --css '<rules>'
 * adds a stylesheet (CSP bypassed), to try a containment rule before writing it. --no-samples
 * leaves the V8 sampler out of the trace: the sampler at 200 µs slows the page's script, so the
 * per-press times are then closer to an untraced page's (the function lists are empty).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dragTenMoves } from './ui-drag';
import { chromium, type CDPSession, type Page } from '@playwright/test';

interface Options {
  rate: number;
  kase: string;
  port: number;
  top: number;
  out: string | null;
  /** 'trace': a Chrome trace (layout, paint, GC as well; heavier); 'profiler': the V8 sampling profiler alone (lighter). */
  mode: 'trace' | 'profiler';
  /** Tasks (trace) or busy stretches (profiler) shorter than this are not listed; 50 = long tasks. */
  minMs: number;
  /** CSS rules added to the page (CSP bypassed): try a containment rule before writing it. */
  css: string | null;
  /** Interactions run (unrecorded) before the recorded one, so it meets warm code as bench:ui's does. */
  warmup: number;
  /** The sampling profiler's interval in µs: finer shows more, but slows the page more (at 4×, 200 µs doubles some tasks). */
  intervalUs: number;
  /** How long the recording goes on after the interaction (a preset's charts at 4× can take longer than the default). */
  afterMs: number;
  /** With --trace: record the V8 sampler's profile too (the function lists). */
  samples: boolean;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { rate: 4, kase: 'burst', port: 4504, top: 12, out: null, mode: 'profiler', minMs: 50, css: null, warmup: 0, intervalUs: 200, afterMs: 2500, samples: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--rate') o.rate = Number(argv[++i]);
    else if (a === '--case') o.kase = argv[++i]!;
    else if (a === '--port') o.port = Number(argv[++i]);
    else if (a === '--top') o.top = Number(argv[++i]);
    else if (a === '--out') o.out = argv[++i]!;
    else if (a === '--trace') o.mode = 'trace';
    else if (a === '--min-ms') o.minMs = Number(argv[++i]);
    else if (a === '--css') o.css = argv[++i]!;
    else if (a === '--warmup') o.warmup = Number(argv[++i]);
    else if (a === '--interval-us') o.intervalUs = Number(argv[++i]);
    else if (a === '--after-ms') o.afterMs = Number(argv[++i]);
    else if (a === '--no-samples') o.samples = false;
    else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

const ROOT = new URL('..', import.meta.url).pathname;
const ARRIVAL_FIELD = '[data-testid="field-workload.arrivalRps"]';
const ARRIVAL_SLIDER = '[data-testid="slider-workload.arrivalRps"]';
const PRESET = '[data-testid="field-hardware.presetId"]';

async function startPreview(port: number): Promise<ChildProcess> {
  const server = spawn(process.execPath, [`${ROOT}node_modules/vite/bin/vite.js`, 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/`)).ok) return server;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('vite preview did not answer');
}

const quiet = (page: Page, ms = 1500) => page.waitForTimeout(ms);

async function act(page: Page, kase: string): Promise<void> {
  if (kase === 'burst' || kase === 'keys') {
    await page.locator(ARRIVAL_FIELD).focus();
    for (let i = 0; i < (kase === 'burst' ? 10 : 3); i++) {
      await page.keyboard.press('ArrowUp');
      await page.waitForTimeout(kase === 'burst' ? 40 : 600);
    }
  } else if (kase === 'key' || kase === 'slider-key') {
    // Single presses, each after a quiet pause (as bench:ui's "keypress → next frame").
    await page.locator(kase === 'key' ? ARRIVAL_FIELD : ARRIVAL_SLIDER).focus();
    for (let i = 0; i < 11; i++) {
      await page.keyboard.press(i % 2 === 0 ? 'ArrowUp' : 'ArrowDown');
      await page.waitForTimeout(1000);
    }
  } else if (kase === 'drag') {
    await dragTenMoves(page, page.locator(ARRIVAL_SLIDER));
  } else if (kase === 'preset') {
    // Back and forth between two presets (as bench:ui), so a warm-up switch leaves something to switch.
    const current = await page.locator(PRESET).inputValue();
    await page.locator(PRESET).selectOption(current === 'ryzen9-7950x-128' ? 'i7-8700-64' : 'ryzen9-7950x-128');
  } else throw new Error(`unknown case ${kase}`);
}

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of a complete event, µs: unlike dur, not stretched by other processes on a busy host. */
  tdur?: number;
  pid: number;
  tid: number;
  id?: string;
  args?: Record<string, unknown>;
}

const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'blink', 'toplevel'];

async function trace(cdp: CDPSession, run: () => Promise<void>, samples: boolean): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => {
    events.push(...(e.value as unknown as TraceEvent[]));
  });
  const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: {
      includedCategories: samples ? [...TRACE_CATEGORIES, 'disabled-by-default-v8.cpu_profiler'] : TRACE_CATEGORIES,
    },
  });
  await run();
  await cdp.send('Tracing.end');
  await done;
  return events;
}

/** The page's renderer main thread: the CrRendererMain that dispatched input events (the sampler's profile may be absent). */
function rendererMain(events: TraceEvent[]): TraceEvent | undefined {
  const dispatched = new Set(events.filter((e) => e.name === 'EventDispatch').map((e) => `${e.pid}:${e.tid}`));
  return events.find((e) => e.name === 'thread_name' && (e.args as { name?: string }).name === 'CrRendererMain' && dispatched.has(`${e.pid}:${e.tid}`));
}

interface Node {
  id: number;
  callFrame: { functionName: string; url?: string; lineNumber?: number };
  parent?: number;
}

/** The main thread's samples: [time µs, leaf node id] and the node tree. */
function samplesOf(events: TraceEvent[], pid: number, tid: number) {
  const nodes = new Map<number, Node>();
  const samples: { ts: number; node: number }[] = [];
  const profileIds = new Set(events.filter((e) => e.name === 'Profile' && e.pid === pid && e.tid === tid).map((e) => e.id));
  let t = 0;
  for (const e of events) {
    if (e.name === 'Profile' && profileIds.has(e.id)) t = (e.args!.data as { startTime: number }).startTime;
  }
  for (const e of events.filter((x) => x.name === 'ProfileChunk' && profileIds.has(x.id))) {
    const data = e.args!.data as { cpuProfile?: { nodes?: Node[]; samples?: number[] }; timeDeltas?: number[] };
    for (const n of data.cpuProfile?.nodes ?? []) nodes.set(n.id, n);
    const s = data.cpuProfile?.samples ?? [];
    const d = data.timeDeltas ?? [];
    for (let i = 0; i < s.length; i++) {
      t += d[i] ?? 0;
      samples.push({ ts: t, node: s[i]! });
    }
  }
  return { nodes, samples };
}

const label = (n: Node) => {
  const file = (n.callFrame.url ?? '').replace(/^.*\//, '');
  return `${n.callFrame.functionName || '(anon)'}${file ? ` ${file}:${(n.callFrame.lineNumber ?? 0) + 1}` : ''}`;
};

/** Inclusive (each function once per sample) and self time of samples [from, to), as printable top lists. */
function attribute(nodes: Map<number, Node>, samples: readonly { ts: number; node: number }[], from: number, to: number, end: number, top: number, hide: RegExp): string {
  const inc = new Map<string, number>();
  const self = new Map<string, number>();
  for (let i = from; i < to; i++) {
    const dt = (samples[i + 1]?.ts ?? end) - samples[i]!.ts;
    let n = nodes.get(samples[i]!.node);
    if (n) self.set(label(n), (self.get(label(n)) ?? 0) + dt);
    const seen = new Set<string>();
    while (n) {
      const l = label(n);
      if (!seen.has(l)) {
        seen.add(l);
        inc.set(l, (inc.get(l) ?? 0) + dt);
      }
      n = n.parent !== undefined ? nodes.get(n.parent) : undefined;
    }
  }
  const fmt = (m: Map<string, number>) =>
    [...m]
      .filter(([l]) => !hide.test(l))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([l, d]) => `    ${(d / 1000).toFixed(1).padStart(6)}  ${l}`)
      .join('\n');
  return `  inclusive:\n${fmt(inc)}\n  self:\n${fmt(self)}`;
}

function analyse(events: TraceEvent[], top: number, minMs: number): string {
  const main = rendererMain(events);
  if (!main) return 'no renderer main thread in the trace';
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid);
  const all = onMain.filter((e) => e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && (e.dur ?? 0) > minMs * 1000);
  // The two task events nest: keep the outermost.
  const tasks = all.filter((t) => !all.some((o) => o !== t && o.ts <= t.ts && o.ts + o.dur! >= t.ts + t.dur! && (o.ts < t.ts || o.dur! > t.dur! || all.indexOf(o) < all.indexOf(t))));
  const { nodes, samples } = samplesOf(events, main.pid, main.tid);
  const cpu = (t: TraceEvent) => ((t.tdur ?? NaN) / 1000).toFixed(0);
  const out: string[] = [`${tasks.length} tasks over ${minMs} ms, ${(tasks.reduce((s, t) => s + t.dur!, 0) / 1000).toFixed(0)} ms in all (thread time ${(tasks.reduce((s, t) => s + (t.tdur ?? NaN), 0) / 1000).toFixed(0)} ms; largest ${(Math.max(0, ...tasks.map((t) => t.dur!)) / 1000).toFixed(0)} ms, thread time ${(Math.max(0, ...tasks.map((t) => t.tdur ?? NaN)) / 1000).toFixed(0)} ms)`];
  for (const task of tasks) {
    const end = task.ts + task.dur!;
    // Top-level breakdown by trace event (direct children of the task and notable nested ones).
    const inside = onMain.filter((e) => e.ph === 'X' && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= end && e !== task);
    const byName = new Map<string, number>();
    for (const e of inside) {
      if (!['FunctionCall', 'EventDispatch', 'UpdateLayoutTree', 'Layout', 'Paint', 'PrePaint', 'Layerize', 'MinorGC', 'MajorGC', 'V8.GC_SCAVENGER', 'TimerFire', 'FireAnimationFrame', 'HitTest', 'ParseHTML', 'v8.run', 'V8.DeserializeContext', 'ScheduleStyleRecalculation', 'UpdateLayer', 'RunMicrotasks', 'v8.callFunction', 'HandlePostMessage', 'V8.GCFinalizeMC', 'BlinkGC.AtomicPhase', 'ThreadState::CompleteSweep', 'V8.GCCompactor', 'V8.GC_MC_MARK', 'MajorGC', 'V8.ExternalCallback'].includes(e.name)) continue;
      byName.set(e.name, (byName.get(e.name) ?? 0) + (e.dur ?? 0));
    }
    const breakdown = [...byName].sort((a, b) => b[1] - a[1]).map(([n, d]) => `${n} ${(d / 1000).toFixed(0)}`).join(', ');
    const inTask = samples.filter((x) => x.ts >= task.ts && x.ts <= end);
    out.push(`\n== task at +${((task.ts - tasks[0]!.ts) / 1000).toFixed(0)} ms: ${(task.dur! / 1000).toFixed(0)} ms, thread time ${cpu(task)} ms (${inTask.length} samples)\n  trace: ${breakdown}`);
    out.push(attribute(nodes, inTask, 0, inTask.length, end, top, /^\((root|program)\)$/));
    out.push(componentsRendered(nodes, inTask, end, top));
  }
  return out.join('\n');
}

/**
 * The React components a task rendered (the innermost frame called by renderWithHooks, with its
 * callees), so a long task names the panels or chart parts it re-rendered.
 */
function componentsRendered(nodes: Map<number, Node>, samples: readonly { ts: number; node: number }[], end: number, top: number): string {
  const comp = new Map<string, number>();
  for (let i = 0; i < samples.length; i++) {
    const dt = (samples[i + 1]?.ts ?? end) - samples[i]!.ts;
    let child: Node | undefined;
    for (let node = nodes.get(samples[i]!.node); node; node = node.parent !== undefined ? nodes.get(node.parent) : undefined) {
      if (child && /^renderWithHooks/.test(node.callFrame.functionName)) {
        comp.set(label(child), (comp.get(label(child)) ?? 0) + dt);
        break;
      }
      child = node;
    }
  }
  const rows = [...comp].sort((a, b) => b[1] - a[1]).slice(0, top);
  return `  components rendered (innermost, self+callees):\n${rows.map(([l, d]) => `    ${(d / 1000).toFixed(1).padStart(6)}  ${l}`).join('\n')}`;
}

/**
 * Per keydown: from its dispatch to the end of the next frame's paint (what bench:ui's "keypress →
 * next frame" spans), the trace events by name (inclusive of what they contain; an event nested in
 * one of its own name is not counted again) and the functions sampled.
 */
function analyseKeys(events: TraceEvent[], top: number): string {
  const main = rendererMain(events);
  if (!main) return 'no renderer main thread in the trace';
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X').sort((a, b) => a.ts - b.ts);
  const keys = onMain.filter((e) => e.name === 'EventDispatch' && (e.args?.data as { type?: string } | undefined)?.type === 'keydown');
  const { nodes, samples } = samplesOf(events, main.pid, main.tid);
  const out: string[] = [];
  const byNameAll = new Map<string, number>();
  const window: { ts: number; node: number }[] = [];
  let spanAll = 0;
  for (const [i, key] of keys.entries()) {
    const paint = onMain.find((e) => e.name === 'Paint' && e.ts > key.ts + key.dur!);
    const end = paint ? paint.ts + paint.dur! : key.ts + key.dur!;
    const byName = new Map<string, number>();
    // An event inside one of the same name is counted once, in the outer one: Paint nests per
    // paint layer (#document > HTML > each layer), and summing them counted a layer twice or more.
    const openUntil = new Map<string, number>();
    for (const e of onMain) {
      if (e.ts < key.ts || e.ts + (e.dur ?? 0) > end) continue;
      if (e.ts < (openUntil.get(e.name) ?? -Infinity)) continue;
      openUntil.set(e.name, e.ts + (e.dur ?? 0));
      if (!['EventDispatch', 'FunctionCall', 'TimerFire', 'FireAnimationFrame', 'UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'RunMicrotasks', 'MinorGC', 'MajorGC', 'HandlePostMessage', 'ParseHTML', 'HitTest'].includes(e.name)) continue;
      const n = e.name === 'EventDispatch' ? `EventDispatch(${(e.args?.data as { type?: string }).type})` : e.name;
      byName.set(n, (byName.get(n) ?? 0) + (e.dur ?? 0));
      // The first press warms the code (JIT, lazy chunks): the summary leaves it out.
      if (i > 0) byNameAll.set(n, (byNameAll.get(n) ?? 0) + (e.dur ?? 0));
    }
    if (i > 0) {
      spanAll += end - key.ts;
      window.push(...samples.filter((x) => x.ts >= key.ts && x.ts <= end));
    }
    const breakdown = [...byName].sort((a, b) => b[1] - a[1]).map(([n, d]) => `${n} ${(d / 1000).toFixed(1)}`).join(', ');
    out.push(`press ${i + 1}: keydown → paint end ${((end - key.ts) / 1000).toFixed(1)} ms (keydown dispatch ${(key.dur! / 1000).toFixed(1)} ms): ${breakdown}`);
  }
  const n = Math.max(1, keys.length - 1);
  const per = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).map(([k, d]) => `${k} ${(d / 1000 / n).toFixed(1)}`).join(', ');
  out.push(`\n== presses 2–${keys.length}, mean per press: keydown → paint end ${(spanAll / 1000 / n).toFixed(1)} ms\n  trace: ${per(byNameAll)}`);
  // Samples of different presses are not adjacent: attributeMean caps each sample's time.
  out.push(attributeMean(nodes, window, n, top));
  return `${keys.length} keydowns\n${out.join('\n')}`;
}

/** Inclusive / self times (ms per press) of scattered samples, and the React components rendered (the callee of renderWithHooks). */
function attributeMean(nodes: Map<number, Node>, samples: readonly { ts: number; node: number }[], n: number, top: number): string {
  const inc = new Map<string, number>();
  const self = new Map<string, number>();
  const comp = new Map<string, number>();
  for (let i = 0; i < samples.length; i++) {
    const dt = Math.min(1000, Math.max(0, (samples[i + 1]?.ts ?? samples[i]!.ts) - samples[i]!.ts));
    let node = nodes.get(samples[i]!.node);
    if (!node) continue;
    self.set(label(node), (self.get(label(node)) ?? 0) + dt);
    const seen = new Set<string>();
    let child: Node | undefined;
    let counted = false;
    while (node) {
      const l = label(node);
      if (!seen.has(l)) {
        seen.add(l);
        inc.set(l, (inc.get(l) ?? 0) + dt);
      }
      // Innermost component: the frame called by renderWithHooks (or a class render).
      if (!counted && child && /^renderWithHooks/.test(node.callFrame.functionName)) {
        counted = true;
        comp.set(label(child), (comp.get(label(child)) ?? 0) + dt);
      }
      child = node;
      node = node.parent !== undefined ? nodes.get(node.parent) : undefined;
    }
  }
  const fmt = (m: Map<string, number>) =>
    [...m]
      .filter(([l]) => !/^\((root|program|idle)\)$/.test(l))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([l, d]) => `    ${(d / 1000 / n).toFixed(2).padStart(6)}  ${l}`)
      .join('\n');
  return `  inclusive (ms per press):\n${fmt(inc)}\n  self:\n${fmt(self)}\n  components rendered (innermost, self+callees):\n${fmt(comp)}`;
}

interface Profile {
  nodes: Node[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Busy stretches (no idle sample) longer than minMs: the long tasks, as the profiler saw them. */
function analyseProfile(p: Profile, top: number, minMs: number): string {
  const nodes = new Map(p.nodes.map((n) => [n.id, n]));
  for (const n of p.nodes) for (const c of (n as Node & { children?: number[] }).children ?? []) nodes.get(c)!.parent = n.id;
  const idle = new Set(p.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  let t = p.startTime;
  const samples = p.samples.map((node, i) => ({ node, ts: (t += p.timeDeltas[i] ?? 0) }));
  const stretches: { from: number; to: number }[] = [];
  let from: number | null = null;
  for (let i = 0; i < samples.length; i++) {
    const busy = !idle.has(samples[i]!.node);
    if (busy && from === null) from = i;
    if ((!busy || i === samples.length - 1) && from !== null) {
      if (samples[i]!.ts - samples[from]!.ts > minMs * 1000) stretches.push({ from, to: i });
      from = null;
    }
  }
  const out = [`${stretches.length} busy stretches over ${minMs} ms, ${(stretches.reduce((s, x) => s + samples[x.to]!.ts - samples[x.from]!.ts, 0) / 1000).toFixed(0)} ms in all`];
  for (const st of stretches) {
    const dur = samples[st.to]!.ts - samples[st.from]!.ts;
    out.push(`\n== at +${((samples[st.from]!.ts - p.startTime) / 1000).toFixed(0)} ms: ${(dur / 1000).toFixed(0)} ms\n${attribute(nodes, samples, st.from, st.to, samples[st.to]!.ts, top, /^\(root\)$/)}`);
    out.push(componentsRendered(nodes, samples.slice(st.from, st.to), samples[st.to]!.ts, top));
  }
  return out.join('\n');
}

async function profile(cdp: CDPSession, run: () => Promise<void>, intervalUs: number): Promise<Profile> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: intervalUs });
  await cdp.send('Profiler.start');
  await run();
  const { profile: p } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  return p;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const server = await startPreview(o.port);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, serviceWorkers: 'block', bypassCSP: o.css !== null });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await page.goto(`http://127.0.0.1:${o.port}/?s=server`);
    await page.waitForFunction(() => !document.getElementById('root')?.hasAttribute('data-prerendered'));
    await page.locator(ARRIVAL_FIELD).waitFor();
    if (o.css) await page.addStyleTag({ content: o.css });
    await quiet(page, 5000);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: o.rate });
    await quiet(page, 2000);
    for (let i = 0; i < o.warmup; i++) {
      await act(page, o.kase);
      await quiet(page, 2500);
    }
    const run = async () => {
      await act(page, o.kase);
      await quiet(page, o.afterMs);
    };
    if (o.mode === 'trace') {
      const events = await trace(cdp, run, o.samples);
      if (o.out) writeFileSync(o.out, JSON.stringify({ traceEvents: events }));
      console.log(o.kase.endsWith('key') ? analyseKeys(events, o.top) : analyse(events, o.top, o.minMs));
    } else {
      const p = await profile(cdp, run, o.intervalUs);
      if (o.out) writeFileSync(o.out, JSON.stringify(p));
      console.log(analyseProfile(p, o.top, o.minMs));
    }
  } finally {
    await browser.close();
    if (server.pid) process.kill(-server.pid, 'SIGTERM');
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
