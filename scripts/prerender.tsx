/**
 * Build step after `vite build`: render the app shell for the DEFAULT plan into dist/index.html,
 * so the first paint already carries real engine output (the headline numbers) before any
 * JavaScript has run. When the JS arrives, React renders the live app over it
 * (createRoot replaces the container's content on its first commit).
 *
 * If the page opens with a share link (#p=…), the prerendered numbers belong to another plan: an
 * inline script marks the document before first paint and CSS hides the prerendered outputs
 * until the app has rendered the linked plan, so no wrong number is ever shown.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { renderToString } from 'react-dom/server';
import { FirstPaintShell } from '../src/app';
import { loadAnalyzer } from '../src/state/use-analysis';
import { nginxCspDirective, withCsp } from './csp';

const htmlPath = new URL('../dist/index.html', import.meta.url);

const html = readFileSync(htmlPath, 'utf8');
if (!html.includes('<div id="root"></div>')) {
  console.error('prerender: dist/index.html has no empty <div id="root"></div> (already prerendered?)');
  process.exit(1);
}

await loadAnalyzer();
const markup = renderToString(<FirstPaintShell />);
if (!/data-testid="out-capacity"/.test(markup)) {
  console.error('prerender: the rendered shell has no capacity tile; refusing to write a shell without numbers');
  process.exit(1);
}

// Before first paint: a link means the prerendered (default-plan) outputs must stay hidden.
const guard = `<script>if(/(^#|&)p=/.test(location.hash))document.documentElement.classList.add('prerender-stale')</script>`;
// Inline the entry stylesheet (≈ 2.5 KB gzip): a render-blocking request would otherwise hold
// the first paint back by a round trip.
let page = html;
const cssLink = /<link rel="stylesheet" crossorigin href="\/(assets\/index-[^"]+\.css)">/.exec(page);
if (cssLink) {
  const css = readFileSync(new URL(`../dist/${cssLink[1]}`, import.meta.url), 'utf8');
  page = page.replace(cssLink[0], () => `<style>${css}</style>`);
}
// Start the app after the first paint is on screen. Executing ~300 KB of modules takes a few
// hundred ms on a slow machine, and even fetching and compiling them (modulepreload) competes with
// the parser and the first paint on a 2-core machine. So the page paints the prerendered numbers
// first, and only then adds the module script and the preloads of its static imports (no
// waterfall). "Painted" is the first-contentful-paint entry, reported once the frame is presented:
// a trace on this machine (software raster) showed the frame's raster taking 150 ms after its
// main-thread work, and the JS parse started at rAF + 0 ms (the earlier trigger) ran on the same
// two cores and pushed the first contentful paint from ~250 to ~340 ms. Where paint timing is not
// supported the trigger stays rAF + 0 ms. It starts at once in a hidden tab (no paint until
// shown) and for a share link (its prerendered default-plan numbers are hidden as stale: the
// link's own numbers wait for the JS anyway), but never before the document is parsed: an async
// module script from a warm cache could otherwise run before #root exists. The timeout, set
// first so nothing below can skip it, starts the app whatever happens (3 s: only a browser that
// reports no paint ever needs it).
const entry = /<script type="module" crossorigin src="(\/assets\/index-[^"]+\.js)"><\/script>/.exec(page);
if (!entry) {
  console.error('prerender: entry <script type="module"> not found in dist/index.html');
  process.exit(1);
}
const preloads = [...page.matchAll(/\s*<link rel="modulepreload" crossorigin href="([^"]+)">/g)];
for (const p of preloads) page = page.replace(p[0], '');
const urls = [entry[1], ...preloads.map((p) => p[1])];
page = page.replace(
  entry[0],
  () =>
    `<script>(function(){var go=function(){if(!go)return;go=null;var u=${JSON.stringify(urls)};` +
    `for(var i=1;i<u.length;i++){var l=document.createElement('link');l.rel='modulepreload';l.crossOrigin='';l.href=u[i];document.head.appendChild(l)}` +
    `var s=document.createElement('script');s.type='module';s.crossOrigin='';s.src=u[0];document.head.appendChild(s)};` +
    `var start=function(){if(!go)return;if(document.readyState==='loading')document.addEventListener('DOMContentLoaded',go);else go()};` +
    `setTimeout(start,3000);` +
    `var soon=function(){setTimeout(start,0)};` +
    `if(document.visibilityState==='hidden'||/(^#|&)p=/.test(location.hash))start();` +
    `else if(window.PerformanceObserver&&(PerformanceObserver.supportedEntryTypes||[]).indexOf('paint')>=0)` +
    `new PerformanceObserver(function(l,o){if(l.getEntriesByName('first-contentful-paint').length){o.disconnect();soon()}}).observe({type:'paint',buffered:true});` +
    `else requestAnimationFrame(soon)})()</script>`,
);
const withShell = page
  .replace('</head>', `    ${guard}\n  </head>`)
  .replace('<div id="root"></div>', `<div id="root" data-prerendered="">${markup}</div>`);
const { out, policy } = withCsp(withShell);
writeFileSync(htmlPath, out);
// The same policy for a static host to send as a header (README "Hosting the app"):
// `include …/csp.nginx.conf;` inside the server block.
writeFileSync(new URL('../dist/csp.nginx.conf', import.meta.url), nginxCspDirective(policy));
console.log(`prerender: Content-Security-Policy: ${policy}`);
console.log(`prerender: wrote ${(markup.length / 1024).toFixed(1)} KiB of default-plan markup into dist/index.html`);
