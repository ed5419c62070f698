import { test, expect } from '@playwright/test';

/** The app loads from the preview server and never talks to any other host (browser-only tool). */
test('loads, is titled Headroom, and stays on 127.0.0.1', async ({ page, baseURL }) => {
  const origin = new URL(baseURL ?? 'http://127.0.0.1:4173');
  const foreign: string[] = [];
  const pageErrors: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol === 'data:' || url.protocol === 'blob:' || url.protocol === 'about:') return;
    if (url.hostname !== origin.hostname) foreign.push(request.url());
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));

  await page.goto('/');
  await expect(page).toHaveTitle(/Headroom/);
  await expect(page.locator('#root')).not.toBeEmpty();
  await page.waitForLoadState('networkidle');

  expect(foreign, 'requests to hosts other than 127.0.0.1').toEqual([]);
  expect(pageErrors, 'uncaught errors on the page').toEqual([]);
});
