/**
 * Export panel journey: the tablist works with the arrow keys, a keyboard edit of the plan
 * highlights the changed lines of the preview, and "Download all (.zip)" delivers a zip whose
 * file list (unzipped here with fflate) holds every file of the bundle, DynamoDB files included.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { openSection, sectionLoaded } from './sections';

const SERVER_FILES = ['nginx.conf', 'gunicorn.conf.py', 'gunicorn.service', 'dynamodb-cloudformation.yaml', 'dynamodb.tf', 'create-table.app-table.json', 'sysctl-headroom.conf', 'nginx.service.override.conf'];
const K8S_FILES = ['k8s/app.yaml', 'k8s/ingress.yaml'];
/** The tabs, grouped: server configs, Kubernetes, local run, alerts, docs. */
const GUNICORN_FILES = [...SERVER_FILES, ...K8S_FILES, 'loadtest.js', 'docker-compose.yaml', 'alerts/headroom-rules.yaml', 'RUNBOOK.md', 'README.md'];
/** The zip, in bundle order. */
const ZIP_FILES = [...SERVER_FILES, 'loadtest.js', ...K8S_FILES, 'docker-compose.yaml', 'alerts/headroom-rules.yaml', 'RUNBOOK.md', 'README.md'];

test('export panel: tabs by keyboard, changed lines highlighted, zip with every file', async ({ page }) => {
  await page.goto('/?s=export');
  await sectionLoaded(page, 'export');

  const tablist = page.getByRole('tablist', { name: 'Generated files' });
  await expect(tablist).toBeVisible({ timeout: 15_000 });
  const tabs = tablist.getByRole('tab');
  await expect(tabs).toHaveText(GUNICORN_FILES);
  await expect(page.getByTestId('export-ddb-note')).toContainText('placeholders');

  // Roving tab index: arrows move selection and focus, Home/End jump, wrapping at the ends.
  const tab = (name: string) => tablist.getByRole('tab', { name, exact: true });
  await expect(tab('nginx.conf')).toHaveAttribute('aria-selected', 'true');
  await tab('nginx.conf').focus();
  await page.keyboard.press('ArrowRight');
  await expect(tab('gunicorn.conf.py')).toHaveAttribute('aria-selected', 'true');
  await expect(tab('gunicorn.conf.py')).toBeFocused();
  await expect(tab('nginx.conf')).toHaveAttribute('tabindex', '-1');
  await page.keyboard.press('End');
  await expect(tab('README.md')).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(tab('nginx.conf')).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(tab('README.md')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Home');
  await expect(tab('nginx.conf')).toHaveAttribute('aria-selected', 'true');

  // The DynamoDB tabs preview their files.
  await tab('dynamodb-cloudformation.yaml').click();
  const preview = page.getByRole('tabpanel').locator('pre.export-preview');
  await expect(preview).toContainText('AWS::DynamoDB::Table');
  await expect(preview).toContainText('DynamoDBReadCapacityUtilization');
  await tab('loadtest.js').click();
  await expect(preview).toContainText("executor: 'constant-arrival-rate'");

  // A keyboard edit (4 more cores) changes gunicorn's worker count (2 x cores + 1): the line is highlighted.
  await tab('gunicorn.conf.py').click();
  await expect(preview).toContainText('workers = ');
  await expect(preview.locator('.export-line-changed')).toHaveCount(0);
  // The slider is in another section: the panel remembers the file and what it showed.
  await openSection(page, 'server');
  const slider = page.getByTestId('slider-hardware.physicalCores');
  await slider.focus();
  for (let i = 0; i < 4; i++) await slider.press('ArrowRight');
  await expect(page.getByTestId('field-hardware.physicalCores')).toHaveValue('10');
  await openSection(page, 'export');
  await expect(tab('gunicorn.conf.py')).toHaveAttribute('aria-selected', 'true');
  const changed = preview.locator('.export-line-changed');
  await expect(changed.first()).toBeVisible();
  await expect(changed.filter({ hasText: /^workers = 21/ })).toHaveCount(1);
  await expect(page.getByTestId('export-changed-count')).toHaveText(/\d+ lines? changed since you last viewed this file/);

  // Download all: a zip named after the plan with the same files as the tabs.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download all (.zip)' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^headroom-.+\.zip$/);
  const zip = unzipSync(new Uint8Array(readFileSync(await download.path())));
  expect(Object.keys(zip)).toEqual(ZIP_FILES);
  expect(strFromU8(zip['gunicorn.conf.py']!)).toMatch(/^workers = 21$/m);
  const createTable = JSON.parse(strFromU8(zip['create-table.app-table.json']!)) as { TableName: string; BillingMode: string };
  expect(createTable).toMatchObject({ TableName: 'app-table', BillingMode: 'PROVISIONED' });
  expect(strFromU8(zip['dynamodb.tf']!)).toContain('resource "aws_dynamodb_table"');
  expect(strFromU8(zip['loadtest.js']!)).toContain('http_req_duration');
});

test('export panel: the deployment target switch chooses the files, and the HPA follows the plan', async ({ page }) => {
  await page.goto('/?s=export');
  await sectionLoaded(page, 'export');
  const tablist = page.getByRole('tablist', { name: 'Generated files' });
  await expect(tablist).toBeVisible({ timeout: 15_000 });
  const tab = (name: string) => tablist.getByRole('tab', { name, exact: true });
  const target = page.getByTestId('field-deploy.target');
  await expect(target.getByLabel('VMs and Kubernetes')).toBeChecked();

  await tab('k8s/app.yaml').click();
  const preview = page.getByRole('tabpanel').locator('pre.export-preview');
  await expect(preview).toContainText('kind: "HorizontalPodAutoscaler"');
  await expect(preview).toContainText('averageUtilization: ');

  await target.getByLabel('Kubernetes', { exact: true }).check();
  await expect(tab('gunicorn.service')).toHaveCount(0);
  await expect(tab('k8s/app.yaml')).toBeVisible();
  await target.getByLabel('VMs with systemd').check();
  await expect(tab('k8s/app.yaml')).toHaveCount(0);
  await expect(tab('gunicorn.service')).toBeVisible();
  await expect(tab('RUNBOOK.md')).toBeVisible();
});
