import { expect, test } from '@playwright/test';

/**
 * DynamoDB panel (issue 3): editing the item size updates RCU and cost live; a failed price
 * download shows an error with a retry and leaves the units working.
 */
test.describe('DynamoDB panel', () => {
  test('changing the item size updates RCU and cost', async ({ page }) => {
    await page.goto('/?s=dynamodb');
    const rcu = page.getByTestId('ddb-rcu');
    const cost = page.getByTestId('ddb-cost-provisioned');
    await expect(cost).toBeVisible();
    const rcuBefore = await rcu.textContent();
    const costBefore = await cost.textContent();

    const size = page.getByTestId('ddb-field-itemSizeBytes');
    await size.fill('8192');
    await expect(rcu).not.toHaveText(rcuBefore ?? '');
    await expect(cost).not.toHaveText(costBefore ?? '');
    const rcuAfter = Number((await rcu.textContent())?.replace(/,/g, ''));
    expect(rcuAfter).toBeGreaterThan(Number(rcuBefore?.replace(/,/g, '')));

    // Over DynamoDB's 400 KB item limit: a message naming the limit, and the last valid plan stays.
    await size.fill('500000');
    await expect(page.getByTestId('ddb-error-itemSizeBytes')).toContainText('400 KB');
    await expect(rcu).toHaveText(String(rcuAfter.toLocaleString('en-US')));
  });

  test('a target outside 20–90% is refused with a message', async ({ page }) => {
    await page.goto('/?s=dynamodb');
    await page.getByTestId('ddb-field-autoscaling.readTargetPct').fill('95');
    await expect(page.getByTestId('ddb-error-autoscaling.readTargetPct')).toContainText('20–90%');
  });

  test('price download failure: error with retry, units still live', async ({ page }) => {
    let fail = true;
    await page.route('**/prices/dynamodb.json', (route) => (fail ? route.fulfill({ status: 500, body: 'boom' }) : route.fallback()));
    await page.goto('/?s=dynamodb');
    await expect(page.getByTestId('ddb-prices-error')).toBeVisible({ timeout: 15_000 });
    await expect(page.getByTestId('ddb-rcu')).toBeVisible();
    await expect(page.getByTestId('ddb-cost-provisioned')).toHaveCount(0);
    fail = false;
    await page.getByTestId('ddb-prices-retry').click();
    await expect(page.getByTestId('ddb-cost-provisioned')).toBeVisible();
  });
});
