/**
 * Works offline and installs (issue 15 item 10): the service worker (dist/sw.js, written by
 * scripts/service-worker.ts) precaches the app; once it controls the page, the app reloads and
 * works with the network gone — the first numbers, a section's chunk and the hardware catalog.
 *
 * The other specs run with service workers blocked (playwright.config.ts): page.route does not see
 * the requests a service worker answers. This one allows them.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { openSection } from './sections';

test.use({ serviceWorkers: 'allow' });

test('once the service worker controls the page, the app reloads and works offline', async ({ page, context, baseURL }) => {
  test.setTimeout(90_000);
  const origin = new URL(baseURL!).origin;
  const foreign: string[] = [];
  context.on('request', (r) => {
    if (!r.url().startsWith(origin)) foreign.push(r.url());
  });
  await page.goto('/');
  await expect(page.getByTestId('out-capacity')).toContainText(/\d/);
  // Registered after the load event; it controls the page once it has precached everything (clientsClaim on the first install).
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });

  await context.setOffline(true);
  const failed: string[] = [];
  page.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText ?? ''}`));
  const fromWorker: string[] = [];
  page.on('response', (r) => {
    if (r.fromServiceWorker()) fromWorker.push(new URL(r.url()).pathname);
  });
  await page.reload();

  // The first numbers: the prerendered page, from the cache.
  await expect(page.getByTestId('out-capacity')).toContainText(/\d/);
  expect(fromWorker).toContain('/');
  // A section whose chunk was not needed on the first screen, and the catalog (public/catalog) it reads.
  await openSection(page, 'fleet');
  await expect(page.getByTestId('catalog-error')).toHaveCount(0);
  await expect(page.getByTestId('catalog-loading')).toHaveCount(0, { timeout: 15_000 });
  await expect(page.getByTestId('section-fleet').locator('table').first()).toBeVisible();
  expect(fromWorker).toContain('/catalog/hardware.json');
  expect(fromWorker.some((p) => p.startsWith('/assets/') && p.endsWith('.js'))).toBe(true);
  // Offline still: a deep link (another address of the same app) opens from the cached page too.
  await page.goto('/?s=dynamodb');
  await expect(page.getByTestId('out-capacity')).toContainText(/\d/);
  await expect(page.getByTestId('ddb-prices-error')).toHaveCount(0);
  expect(failed).toEqual([]);
  expect(foreign).toEqual([]);
});

test('the service worker precaches every built asset, the catalog, the prices and the manifest; the manifest names the app and its icons', async ({ request }) => {
  const sw = await (await request.get('/sw.js')).text();
  // Every file the build wrote under dist/assets (JS chunks, worker scripts, CSS), whatever its name.
  const assetsDir = new URL('../dist/assets/', import.meta.url).pathname;
  const assets = readdirSync(assetsDir, { recursive: true, encoding: 'utf8' })
    .filter((p) => statSync(join(assetsDir, p)).isFile())
    .map((p) => `assets/${p}`);
  expect(assets.length).toBeGreaterThan(10);
  expect(assets.filter((a) => !sw.includes(`"${a}"`))).toEqual([]);
  for (const f of ['index.html', 'catalog/hardware.json', 'prices/dynamodb.json', 'prices/lambda.json', 'manifest.webmanifest', 'icons/icon-192.png']) expect(sw).toContain(`"${f}"`);
  // The Workbox runtime is inlined (no importScripts) and every precached address is on this origin.
  expect(sw).not.toContain('importScripts(');
  const urls = [...sw.matchAll(/\{url:"([^"]+)",revision:/g)].map((m) => m[1]!);
  expect(urls.length).toBeGreaterThan(assets.length);
  expect(urls.filter((u) => /^[a-z]+:|^\/\//i.test(u))).toEqual([]);

  const manifest = (await (await request.get('/manifest.webmanifest')).json()) as { name: string; start_url: string; display: string; icons: { src: string; sizes: string; type: string }[] };
  expect(manifest.name).toMatch(/Headroom/);
  expect(manifest.display).toBe('standalone');
  for (const icon of manifest.icons) {
    const res = await request.get(icon.src);
    expect(res.status(), icon.src).toBe(200);
    expect(res.headers()['content-type'], icon.src).toContain(icon.type);
  }
  expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
});

test('a new version says so and waits: only "Reload" swaps it in', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('/');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
  await expect(page.getByTestId('update-notice')).toBeEmpty();
  // A new deploy: sw.js differs by a byte on the server (vite preview reads dist/ on each request).
  const swPath = new URL('../dist/sw.js', import.meta.url).pathname;
  const original = readFileSync(swPath, 'utf8');
  try {
    writeFileSync(swPath, `${original}\n// a new version (e2e/offline.spec.ts)\n`);
    // The next visit finds it; it installs beside the running version and waits.
    await page.reload();
    const notice = page.getByTestId('update-notice');
    await expect(notice).toContainText('A new version of Headroom is ready', { timeout: 60_000 });
    await expect(notice).toHaveAttribute('role', 'status');
    // It never reloads by itself: a marker on this page survives a while.
    await page.evaluate(() => ((window as unknown as { __samePage: boolean }).__samePage = true));
    await page.waitForTimeout(1500);
    expect(await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting !== null)).toBe(true);

    await notice.getByRole('button', { name: 'Reload' }).click();
    // A new page, controlled by the new version: nothing waits any more.
    await page.waitForFunction(() => (window as unknown as { __samePage?: boolean }).__samePage === undefined, null, { timeout: 30_000 });
    await expect(page.getByTestId('out-capacity')).toContainText(/\d/);
    await page.waitForFunction(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      return reg?.waiting === null && navigator.serviceWorker.controller !== null;
    });
    await expect(page.getByTestId('update-notice')).toBeEmpty();
  } finally {
    writeFileSync(swPath, original);
  }
});
