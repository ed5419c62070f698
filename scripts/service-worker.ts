/**
 * The last build step (issue 15 item 10): Workbox writes dist/sw.js, a service worker that
 * precaches the whole app — the prerendered page, every file under assets/ (the JS chunks, the
 * analysis worker scripts, the stylesheets), the catalog and prices from public/, the icons and the
 * web app manifest — so the app opens and works offline and installs.
 *
 * It runs after scripts/prerender.tsx, not inside `vite build` (as vite-plugin-pwa would): the
 * prerender rewrites dist/index.html after Vite is done, and the precache manifest must carry the
 * revision of the page that is served. A change that only moves the prerendered numbers (a new
 * catalog price, say) then still reaches an installed app.
 *
 * The worker never takes over by itself (no skipWaiting): a new version waits until the page asks
 * it to (the "new version ready — reload" notice, src/features/offline/update-notice.tsx).
 */
import { generateSW } from 'workbox-build';

/** What the worker precaches, relative to dist/. assets/** is every hashed file Vite writes, whatever its name. */
export const PRECACHE_GLOBS = [
  'index.html',
  'assets/**/*',
  'catalog/*.json',
  'prices/*.json',
  'favicon.svg',
  'icons/*',
  'manifest.webmanifest',
];

const distDir = new URL('../dist/', import.meta.url).pathname;

const { count, size, warnings } = await generateSW({
  globDirectory: distDir,
  globPatterns: PRECACHE_GLOBS,
  swDest: `${distDir}sw.js`,
  // One file, no workbox-*.js beside it and nothing fetched from elsewhere.
  inlineWorkboxRuntime: true,
  sourcemap: false,
  mode: 'production',
  // Hashed names change with their content: no revision query needed to bust a stale copy.
  dontCacheBustURLsMatching: /^assets\//,
  // A JS chunk is ≈ 100–300 KB; the default 2 MiB cap would drop a large one silently, so fail loudly instead (below).
  maximumFileSizeToCacheInBytes: 5 * 1024 * 1024,
  // Any page address (`/?s=fleet#p=…`) is the one app: offline it is served from the precached page.
  navigateFallback: '/index.html',
  navigateFallbackDenylist: [/^\/sw\.js$/, /\.[a-z0-9]+$/i],
  // The first install controls the open page at once (nothing older to clash with); an update waits for the user.
  clientsClaim: true,
  skipWaiting: false,
  cleanupOutdatedCaches: true,
});

if (warnings.length > 0) {
  console.error(`service worker: ${warnings.join('\n')}`);
  process.exit(1);
}
console.log(`service worker: dist/sw.js precaches ${count} files, ${(size / 1024).toFixed(0)} KiB`);
