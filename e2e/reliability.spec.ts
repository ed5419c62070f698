/**
 * Never lose a user's work, never run what the page did not ship (issue 11), in the production build:
 * - a save that fails on the storage quota is reported, and the list is unchanged, also after a reload;
 * - a damaged link pasted into an open tab keeps the plan and its undo history; a partly readable
 *   one is applied as one undoable step;
 * - the page's Content-Security-Policy is in force, and the main journeys (load, slider, export
 *   and download, share link, saved plans, DynamoDB, cluster compare-methods in a Web Worker)
 *   raise no `securitypolicyviolation`.
 */
import { deflateRawSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { openSection, sectionLoaded } from './sections';

const linkFor = (json: string) => `#p=${deflateRawSync(Buffer.from(json)).toString('base64url')}`;

async function waitForNumbers(page: Page) {
  await expect(page.getByTestId('out-capacity')).toHaveText(/\d/);
  await expect(page.getByTestId('out-slo-max')).toHaveText(/\d/);
}

async function bumpCores(page: Page, presses: number) {
  const slider = page.getByTestId('slider-hardware.physicalCores');
  await slider.focus();
  for (let i = 0; i < presses; i++) await slider.press('ArrowRight');
}

test('a save that hits the storage quota is reported, and the list is unchanged after a reload', async ({ page }) => {
  await page.goto('/?s=saved');
  await sectionLoaded(page, 'saved');
  await page.getByTestId('save-name').fill('Before');
  await page.getByTestId('save-plan').click();
  await expect(page.getByTestId('saved-name')).toHaveText(['Before']);

  // Fill this origin's localStorage to the last character it accepts.
  const filled = await page.evaluate(() => {
    let n = 0;
    for (let size = 1 << 20; size >= 1; size = Math.floor(size / 2)) {
      for (;;) {
        try {
          localStorage.setItem(`filler-${n}`, 'x'.repeat(size));
          n++;
        } catch {
          break;
        }
      }
    }
    return n;
  });
  expect(filled).toBeGreaterThan(0);
  const storedBefore = await page.evaluate(() => localStorage.getItem('headroom.saved.v1'));

  await page.getByTestId('save-name').fill('After');
  await page.getByTestId('save-plan').click();
  await expect(page.getByTestId('saved-write-error')).toContainText(/could not save.*nothing was changed/);
  await expect(page.getByTestId('saved-name')).toHaveText(['Before']);
  expect(await page.evaluate(() => localStorage.getItem('headroom.saved.v1'))).toBe(storedBefore);

  await page.reload();
  await sectionLoaded(page, 'saved');
  await expect(page.getByTestId('saved-name')).toHaveText(['Before']);
});

test('a damaged link pasted into an open tab keeps the edited plan and its undo history', async ({ page }) => {
  await page.goto('/');
  await waitForNumbers(page);
  await bumpCores(page, 1);
  await page.getByTestId('field-workload.cpuMs').fill('40');
  await expect(page.getByTestId('field-hardware.physicalCores')).toHaveValue('7');
  await expect.poll(() => page.url()).toContain('#p=');

  await page.evaluate(() => {
    location.hash = '#p=Zm9vYmFyIGlzIG5vdCBhIHBsYW4';
  });
  const banner = page.getByTestId('link-banner');
  await expect(banner).toContainText('Nothing in the link could be used. The plan you had is still open');
  await expect(banner).toContainText('damaged');
  await expect(page.getByTestId('field-hardware.physicalCores')).toHaveValue('7');
  await expect(page.getByTestId('field-workload.cpuMs')).toHaveValue('40');
  // The address bar goes back to the open plan's link, so a reload keeps the work too.
  await expect.poll(() => page.url()).not.toContain('Zm9vYmFy');

  await page.getByTestId('undo').click();
  await expect(page.getByTestId('field-workload.cpuMs')).toHaveValue('25');
  await expect(page.getByTestId('field-hardware.physicalCores')).toHaveValue('7');
});

test('a partly readable link pasted into an open tab is one undoable step', async ({ page }) => {
  await page.goto('/');
  await waitForNumbers(page);
  await bumpCores(page, 1);
  await expect(page.getByTestId('field-hardware.physicalCores')).toHaveValue('7');
  await expect.poll(() => page.url()).toContain('#p=');

  const link = linkFor('{"v":1,"p":{"hardware":{"physicalCores":10,"hardwareThreads":20},"workload":{"cpuMs":-5,"sloMs":300}}}');
  await page.evaluate((hash) => {
    location.hash = hash;
  }, link);
  await expect(page.getByTestId('link-banner')).toContainText('What could be read is loaded');
  await expect(page.getByTestId('field-hardware.physicalCores')).toHaveValue('10');
  await expect(page.getByTestId('field-workload.sloMs')).toHaveValue('300');

  await page.getByTestId('undo').click();
  await expect(page.getByTestId('field-hardware.physicalCores')).toHaveValue('7');
  await expect(page.getByTestId('field-workload.sloMs')).toHaveValue('250');
});

test.describe('Content-Security-Policy', () => {
  test.beforeEach(async ({ page }) => {
    await page.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`));
    });
  });
  const violations = (page: Page) => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);

  test('the page sets a policy that blocks an injected inline script', async ({ page }) => {
    await page.goto('/');
    await waitForNumbers(page);
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    for (const directive of ["script-src 'self'", "worker-src 'self'", "connect-src 'self'", "img-src 'self'", "object-src 'none'"]) expect(policy).toContain(directive);
    expect(policy).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
    expect(await violations(page)).toEqual([]);
    const ran = await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true';
      document.head.append(s);
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran).toBe(false);
    await expect.poll(() => violations(page)).toEqual([expect.stringMatching(/^script-src-elem blocked inline/)]);
  });

  test('the main journeys raise no violation', async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto('/');
    await waitForNumbers(page);
    // Not vacuous: the policy is there to be violated.
    await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveCount(1);
    await bumpCores(page, 2);
    await expect(page.getByTestId('field-hardware.physicalCores')).toHaveValue('8');

    // Export: preview a file and download the zip.
    await openSection(page, 'export');
    const tablist = page.getByRole('tablist', { name: 'Generated files' });
    await expect(tablist).toBeVisible({ timeout: 15_000 });
    await tablist.getByRole('tab', { name: 'nginx.conf', exact: true }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download all (.zip)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.zip$/);

    // Share link, opened in the same tab's browser context.
    await page.getByTestId('copy-link').click();
    const link = await page.getByTestId('share-link').inputValue();
    expect(link).toContain('#p=');

    // Saved plans: save, and read back after a reload of the link.
    await openSection(page, 'saved');
    await page.getByTestId('save-name').fill('CSP');
    await page.getByTestId('save-plan').click();
    await expect(page.getByTestId('saved-name')).toHaveText(['CSP']);
    await page.goto(link);
    await waitForNumbers(page);
    await expect(page.getByTestId('field-hardware.physicalCores')).toHaveValue('8');
    await openSection(page, 'saved');
    await expect(page.getByTestId('saved-name')).toHaveText(['CSP']);

    // DynamoDB sizing.
    await openSection(page, 'dynamodb');
    await page.getByTestId('ddb-field-itemSizeBytes').fill('8192');
    await expect(page.getByTestId('ddb-rcu')).toHaveText(/\d/);

    // Cluster: compare balancing methods (a Web Worker).
    await openSection(page, 'fleet');
    await page.getByTestId('fleet-servers').fill('4');
    await page.getByTestId('cluster-compare').click();
    await expect(page.getByTestId('cluster-sim-results')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('cluster-sim-results')).toContainText('Simulated');

    expect(await violations(page)).toEqual([]);
  });
});

test('importing a plan file lists the unknown fields it leaves out before loading the rest', async ({ page }) => {
  await page.goto('/?s=saved');
  await sectionLoaded(page, 'saved');
  const file = { name: 'typo.json', mimeType: 'application/json', buffer: Buffer.from('{"hardware":{"physicalcores":64,"ramGiB":32},"workloadd":{"arrivalRps":5000}}') };
  await page.getByTestId('import-json').setInputFiles(file);
  const status = page.getByTestId('import-status');
  await expect(status).toContainText('typo.json has fields this planner cannot use');
  await expect(status).toContainText('hardware.physicalcores: unknown field');
  await expect(status).toContainText('workloadd: unknown field');
  await page.getByTestId('import-confirm').click();
  await openSection(page, 'server');
  await expect(page.getByTestId('field-hardware.ramGiB')).toHaveValue('32');
});
