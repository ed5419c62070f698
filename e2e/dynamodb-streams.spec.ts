import { expect, test } from '@playwright/test';

/**
 * DynamoDB Streams (issue 18): turn a stream on, see the consumers keep up; lower the
 * parallelization below what the hottest shard needs, see the verdict change to "falls behind"
 * with the factor that is enough.
 */
test('a stream on, then less parallelization: the verdict changes', async ({ page }) => {
  await page.goto('/?s=dynamodb');
  await page.getByTestId('ddb-field-source').getByText('Enter reads/s and writes/s').click();
  await page.getByTestId('ddb-field-writesPerSec').fill('100');
  await page.getByTestId('ddb-field-stream.enabled').check();
  const verdict = page.getByTestId('ddb-stream-verdict');
  // Defaults: 100 records of 2 ms + 50 ms per batch, PF 1: 400 records/s per shard — keeps up.
  await expect(verdict).toContainText('Keeps up');
  // 10 ms per record: one batch of 100 takes 1,050 ms, 95 records/s with PF 1 …
  await page.getByTestId('ddb-field-stream.consumer.perRecordMs').fill('10');
  await page.getByTestId('ddb-field-stream.consumer.parallelizationFactor').fill('3');
  await expect(verdict).toContainText('Keeps up');
  // … so lowering the parallelization to 1 falls behind, and 2 is enough.
  await page.getByTestId('ddb-field-stream.consumer.parallelizationFactor').fill('1');
  await expect(verdict).toContainText('Falls behind');
  await expect(verdict).toContainText('parallelization factor of 2 is enough');
  await expect(page.getByTestId('ddb-findings')).toContainText('records/s at peak');
  // Over the limit: a message naming it.
  await page.getByTestId('ddb-field-stream.consumer.parallelizationFactor').fill('11');
  await expect(page.getByTestId('ddb-error-stream.consumer.parallelizationFactor')).toContainText('at most 10');
});
