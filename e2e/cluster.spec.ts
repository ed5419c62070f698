import { expect, test } from '@playwright/test';
import { openSection } from './sections';

/**
 * Multi-server (issue 7): with 2 servers, the "one server down" what-if shows its verdict; the
 * method comparison runs in a Web Worker with a progress indicator and shows p95 per method;
 * a method the nginx version lacks gets a message naming the rule.
 */
test.describe('cluster', () => {
  test('two servers, toggle "one down", see the verdict', async ({ page }) => {
    await page.goto('/');
    await page.getByTestId('field-workload.arrivalRps').fill('500');
    await openSection(page, 'fleet');
    await page.getByTestId('fleet-servers').fill('2');
    const verdict = page.getByTestId('cluster-verdict');
    await expect(verdict).toHaveText('2 serving: meets the SLO');
    await page.getByTestId('cluster-toggle-one-down').check();
    // 500 rps on one default server (capacity ≈ 426 rps): overloaded.
    await expect(verdict).toHaveText('1 serving: overloaded');
    await expect(page.getByTestId('cluster-verdict-rps')).toContainText('350');
    await page.getByTestId('cluster-toggle-one-down').uncheck();
    await expect(verdict).toHaveText('2 serving: meets the SLO');
  });

  test('the microcache halves the backend rate at a 50% hit ratio', async ({ page }) => {
    await page.goto('/?s=fleet');
    await page.getByTestId('field-cache.microcacheEnabled').check();
    // Default: 60 rps, 30% static → 42 dynamic rps; 50% hits → 21.
    await expect(page.getByTestId('cluster-backend-without')).toContainText('42');
    await expect(page.getByTestId('cluster-backend-with')).toContainText('21');
  });

  test('compare methods runs the simulation with progress and shows p95 per method', async ({ page }) => {
    await page.goto('/?s=fleet');
    await page.getByTestId('fleet-servers').fill('4');
    await page.getByTestId('cluster-compare').click();
    await expect(page.getByTestId('cluster-sim-results')).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('cluster-sim-least_conn')).toBeVisible();
    await expect(page.getByTestId('cluster-sim-results')).toContainText('Simulated');
  });

  test('least_time on nginx 1.22 gets a message naming the rule', async ({ page }) => {
    await page.goto('/?s=fleet');
    await page.getByTestId('field-fleet.lbMethod').selectOption('least_time');
    await expect(page.getByTestId('cluster-findings')).toContainText('NGINX Plus only before 1.31.0');
  });

  test('one server + a backup: "one down" says the backup takes over', async ({ page }) => {
    await page.goto('/?s=fleet');
    await page.getByTestId('field-fleet.backupServers').fill('1');
    await page.getByTestId('cluster-toggle-one-down').check();
    await expect(page.getByTestId('cluster-verdict')).toHaveText('1 serving: meets the SLO');
    await expect(page.getByTestId('cluster-findings')).toContainText('the 1 backup server takes over');
  });

  test('weights: the heavier server gets the larger share; a wrong count gets the message', async ({ page }) => {
    await page.goto('/?s=fleet');
    await page.getByTestId('fleet-servers').fill('2');
    await expect(page.getByTestId('cluster-server-share')).toContainText('50');
    await page.getByTestId('field-fleet.weights').fill('3, 1');
    await expect(page.getByTestId('cluster-server-share')).toContainText('75');
    await page.getByTestId('field-fleet.weights').fill('3, 1, 1');
    await expect(page.getByTestId('cluster-weights-error')).toContainText('weights: 3 weights for 2 servers');
    await expect(page.getByTestId('cluster-weights-error')).toContainText("one per server, 1–1000 (nginx's server weight)");
    await page.getByTestId('field-fleet.weights').fill('3, 5000');
    await expect(page.getByTestId('cluster-weights-error')).toContainText('entry 2 ("5000") must be a whole number from 1 to 1000');
    // Adding a server keeps the weights in step (the new one gets weight 1).
    await page.getByTestId('field-fleet.weights').fill('3, 1');
    await page.getByTestId('fleet-servers').fill('3');
    await expect(page.getByTestId('field-fleet.weights')).toHaveValue('3, 1, 1');
    await expect(page.getByTestId('cluster-server-share')).toContainText('60');
  });

  test('session length drives the draining time', async ({ page }) => {
    await page.goto('/?s=fleet');
    await page.getByTestId('field-fleet.sessionS').fill('3600');
    await expect(page.getByTestId('cluster-drain')).toContainText('3,600');
  });

  test('mixed hardware: add 2 older servers, see their share and utilisation, the weight advice and a bad weight refused', async ({ page }) => {
    await page.goto('/');
    await page.getByTestId('field-workload.arrivalRps').fill('600');
    await openSection(page, 'fleet');
    await page.getByTestId('fleet-servers').fill('4');
    await page.getByTestId('server-kind-add').click();
    // Keyboard users land on the new kind's name.
    await expect(page.getByTestId('field-fleet.otherKinds.0.name')).toBeFocused();
    // The new kind starts at half the main hardware (i7-8700: 6 cores → 3).
    await expect(page.getByTestId('field-fleet.otherKinds.0.physicalCores')).toHaveValue('3');
    await page.getByTestId('field-fleet.otherKinds.0.servers').fill('2');
    await page.getByTestId('field-fleet.otherKinds.0.name').fill('old');
    // 6 servers at equal weights: 1/6 of 600 rps = 100 rps each, whatever the hardware.
    await expect(page.getByTestId('server-share-old')).toHaveText('16.7%');
    await expect(page.getByTestId('server-rps-old')).toHaveText('100');
    await expect(page.getByTestId('server-rps-main')).toHaveText('100');
    const use = async (kind: string) => parseFloat((await page.getByTestId(`server-use-${kind}`).innerText()).replace(/[,%]/g, ''));
    await expect.poll(() => use('old')).toBeGreaterThan(0);
    expect(await use('old')).toBeGreaterThan(await use('main'));
    // Half the cores: the old servers deserve about half the weight.
    const suggested = Number(await page.getByTestId('server-suggested-old').innerText());
    expect(suggested).toBeGreaterThanOrEqual(3);
    expect(suggested).toBeLessThanOrEqual(7);
    await expect(page.getByTestId('server-suggested-main')).toHaveText('10');
    await expect(page.getByTestId('server-list-suggested')).toContainText(`main 10, old ${suggested}`);
    // A weight of 0 is refused with the limit; the last valid plan stays.
    await page.getByTestId('field-fleet.otherKinds.0.weight').fill('0');
    await expect(page.getByTestId('error-fleet.otherKinds.0.weight')).toContainText('1');
    await expect(page.getByTestId('server-share-old')).toHaveText('16.7%');
    // Weight 2 for the main servers' kind-mates: the old ones now get 1/10 each.
    await page.getByTestId('field-fleet.weights').fill('2, 2, 2, 2');
    await page.getByTestId('field-fleet.otherKinds.0.weight').fill('1');
    await expect(page.getByTestId('server-share-old')).toHaveText('10%');
    await expect(page.getByTestId('server-share-main')).toHaveText('20%');
    // A name that could reach a config file unchecked is refused.
    await page.getByTestId('field-fleet.otherKinds.0.name').fill('old; rm');
    await expect(page.getByTestId('error-fleet.otherKinds.0.name')).toContainText('Name: use letters, digits, _ and - only');
    await page.getByTestId('field-fleet.otherKinds.0.name').fill('MAIN');
    await expect(page.getByTestId('error-fleet.otherKinds.0.name')).toContainText('must be unique');
    // The server list and the changed config lines stay within a phone's width.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(page.getByTestId('server-list')).toBeVisible();
    expect(await page.evaluate(() => (document.scrollingElement ?? document.documentElement).scrollWidth)).toBeLessThanOrEqual(391);
    await page.getByTestId('server-kind-remove-0').click();
    await expect(page.getByTestId('server-row-old')).toHaveCount(0);
    await expect(page.getByTestId('server-kind-add')).toBeFocused();
  });
});
