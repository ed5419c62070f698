import { expect, test } from '@playwright/test';

/**
 * Multi-server (issue 7): with 2 servers, the "one server down" what-if shows its verdict; the
 * method comparison runs in a Web Worker with a progress indicator and shows p95 per method;
 * a method the nginx version lacks gets a message naming the rule.
 */
test.describe('cluster', () => {
  test('two servers, toggle "one down", see the verdict', async ({ page }) => {
    await page.goto('/');
    await page.getByTestId('field-workload.arrivalRps').fill('500');
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
    await page.goto('/');
    await page.getByTestId('field-cache.microcacheEnabled').check();
    // Default: 60 rps, 30% static → 42 dynamic rps; 50% hits → 21.
    await expect(page.getByTestId('cluster-backend-without')).toContainText('42');
    await expect(page.getByTestId('cluster-backend-with')).toContainText('21');
  });

  test('compare methods runs the simulation with progress and shows p95 per method', async ({ page }) => {
    await page.goto('/');
    await page.getByTestId('fleet-servers').fill('4');
    await page.getByTestId('cluster-compare').click();
    await expect(page.getByTestId('cluster-sim-results')).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('cluster-sim-least_conn')).toBeVisible();
    await expect(page.getByTestId('cluster-sim-results')).toContainText('Simulated');
  });

  test('least_time on nginx 1.22 gets a message naming the rule', async ({ page }) => {
    await page.goto('/');
    await page.getByTestId('field-fleet.lbMethod').selectOption('least_time');
    await expect(page.getByTestId('cluster-findings')).toContainText('NGINX Plus only before 1.31.0');
  });

  test('one server + a backup: "one down" says the backup takes over', async ({ page }) => {
    await page.goto('/');
    await page.getByTestId('field-fleet.backupServers').fill('1');
    await page.getByTestId('cluster-toggle-one-down').check();
    await expect(page.getByTestId('cluster-verdict')).toHaveText('1 serving: meets the SLO');
    await expect(page.getByTestId('cluster-findings')).toContainText('the 1 backup server takes over');
  });

  test('weights: the heavier server gets the larger share; a wrong count gets the message', async ({ page }) => {
    await page.goto('/');
    await page.getByTestId('fleet-servers').fill('2');
    await expect(page.getByTestId('cluster-server-share')).toContainText('50');
    await page.getByTestId('field-fleet.weights').fill('3, 1');
    await expect(page.getByTestId('cluster-server-share')).toContainText('75');
    await page.getByTestId('field-fleet.weights').fill('3, 1, 1');
    await expect(page.getByTestId('cluster-weights-error')).toContainText("weights: one per server, 1–1000 (nginx's server weight)");
    // Adding a server keeps the weights in step (the new one gets weight 1).
    await page.getByTestId('field-fleet.weights').fill('3, 1');
    await page.getByTestId('fleet-servers').fill('3');
    await expect(page.getByTestId('field-fleet.weights')).toHaveValue('3, 1, 1');
    await expect(page.getByTestId('cluster-server-share')).toContainText('60');
  });

  test('session length drives the draining time', async ({ page }) => {
    await page.goto('/');
    await page.getByTestId('field-fleet.sessionS').fill('3600');
    await expect(page.getByTestId('cluster-drain')).toContainText('3,600');
  });
});
