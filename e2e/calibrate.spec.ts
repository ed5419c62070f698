/**
 * The Calibrate section (issue 14 item 3): a real wrk sweep (bench/realserver fixtures) set on the
 * file input is fitted in the browser, "Apply to plan" changes workload.cpuMs in one undoable step,
 * and a damaged file is reported by file and line with the plan unchanged. No request leaves
 * 127.0.0.1 and the Content-Security-Policy sees no violation.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openSection } from './sections';

const SWEEP = 'bench/realserver/fixtures/measured/gunicorn-gthread-1core-10cpu-0io';
// The chosen round of each level (c<N>.txt, not c<N>.r<k>.txt) and the meta.json that sizes the measured pool.
const sweepFiles = () => readdirSync(SWEEP).filter((f) => /^c\d+\.txt$/.test(f) || f === 'meta.json').map((f) => join(SWEEP, f));

async function openCalibrate(page: Page, baseURL: string | undefined) {
  const origin = new URL(baseURL ?? 'http://127.0.0.1:4173');
  const foreign: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (!['data:', 'blob:', 'about:'].includes(url.protocol) && url.hostname !== origin.hostname) foreign.push(r.url());
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'}`));
  });
  await page.goto('/?s=calibrate');
  const section = page.getByTestId('section-calibrate');
  await expect(section.getByRole('heading', { name: 'Calibrate', exact: true })).toBeVisible();
  await expect(page.getByTestId('calib-input')).toBeAttached({ timeout: 20_000 });
  return {
    section,
    finish: async () => {
      expect(foreign, 'requests to other hosts').toEqual([]);
      expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp), 'CSP violations').toEqual([]);
    },
  };
}

test('a wrk sweep is fitted, applied as one undoable step, and undone with Ctrl+Z', async ({ page, baseURL }) => {
  test.setTimeout(60_000);
  const { finish } = await openCalibrate(page, baseURL);
  const cpuField = page.getByTestId('field-workload.cpuMs');
  // The CPU ms field is in Server & workload: read it there, then come back before loading files.
  await openSection(page, 'server');
  const before = await cpuField.inputValue();
  await openSection(page, 'calibrate');
  const files = sweepFiles();
  expect(files).toHaveLength(7);
  await page.getByLabel(/Measurement files/).setInputFiles(files);

  // The app runs 10 ms of CPU per request (plus the framework); the fit must find about that.
  const cpu = page.getByTestId('calib-cpu');
  await expect(cpu).toHaveText(/^[\d.]+ ms$/, { timeout: 20_000 });
  const fittedMs = Number((await cpu.textContent())?.replace(' ms', ''));
  expect(fittedMs).toBeGreaterThan(8);
  expect(fittedMs).toBeLessThan(13);
  await expect(page.getByTestId('calib-points').locator('tbody tr')).toHaveCount(6);
  await expect(page.getByTestId('calib-confidence')).toContainText(/Confidence: (high|medium|low)/);
  await expect(page.getByTestId('calib-chart')).toBeVisible();
  await expect(page.getByTestId('calib-problems')).toHaveCount(0);

  await page.getByTestId('calib-apply').click();
  const applied = page.getByTestId('calib-applied-list');
  await expect(applied).toContainText(/workload\.cpuMs = [\d.]+ \(was 25\): measured from c1\.txt, c16\.txt and 4 more, \d{4}-\d\d-\d\d/);
  await openSection(page, 'server');
  const after = await cpuField.inputValue();
  expect(after).not.toBe(before);
  expect(Math.abs(Number(after) - fittedMs)).toBeLessThan(0.1);

  // Focus is on the section heading (not a text field), so Ctrl+Z is the plan's undo.
  await page.keyboard.press('Control+z');
  await expect(cpuField).toHaveValue(before);
  await finish();
});

test('a truncated wrk file is named with its line and the plan stays unchanged', async ({ page, baseURL }) => {
  const { finish } = await openCalibrate(page, baseURL);
  const cpuField = page.getByTestId('field-workload.cpuMs');
  await openSection(page, 'server');
  const before = await cpuField.inputValue();
  await openSection(page, 'calibrate');
  // c4.txt cut after its thread-stats header: a wrk run killed before it printed its results.
  const full = readFileSync(join(SWEEP, 'c4.txt'), 'utf8');
  const cut = full.split('\n').slice(0, 3).join('\n');
  await page.getByLabel(/Measurement files/).setInputFiles([
    { name: 'c1.txt', mimeType: 'text/plain', buffer: readFileSync(join(SWEEP, 'c1.txt')) },
    { name: 'c4.txt', mimeType: 'text/plain', buffer: Buffer.from(cut) },
  ]);
  const alert = page.getByRole('alert').filter({ hasText: 'c4.txt' });
  await expect(alert).toContainText(/c4\.txt:3: truncated/);
  await expect(page.getByTestId('calib-apply')).toHaveCount(0);
  await expect(page.getByTestId('calib-fit')).toHaveCount(0);
  await openSection(page, 'server');
  await expect(cpuField).toHaveValue(before);
  await finish();
});

test('applied values say where they were measured until edited by hand; the measured points are on the main curves', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const { finish } = await openCalibrate(page, baseURL);
  await page.getByLabel(/Measurement files/).setInputFiles(sweepFiles());
  await expect(page.getByTestId('calib-cpu')).toHaveText(/^[\d.]+ ms$/, { timeout: 20_000 });
  await page.getByTestId('calib-apply').click();
  await expect(page.getByTestId('calib-applied')).toBeVisible();

  // The six measured points are dots on the main latency curve (Server & workload), readable as text.
  await openSection(page, 'server');
  await expect(page.getByTestId('chart-latency')).toHaveAttribute('data-measured', '6', { timeout: 20_000 });
  const pointsText = page.getByTestId('chart-measured');
  await expect(pointsText).toContainText(/Measured points from c1\.txt, c16\.txt and 5 more: 6 drawn as dots on the latency chart/);
  await expect(pointsText.locator('li')).toHaveCount(6);
  await expect(page.getByTestId('chart-latency').locator('.recharts-legend-item', { hasText: 'measured mean' })).toBeVisible();

  // The applied input says where it was measured.
  const mark = page.getByTestId('measured-workload.cpuMs');
  await expect(mark).toHaveText(/^measured: c1\.txt, c16\.txt and 4 more, \d{4}-\d\d-\d\d \(fit confidence (high|medium|low)\)$/);
  await expect(page.getByTestId('field-workload.cpuMs')).toHaveAttribute('aria-describedby', /-measured/);

  // The explanation of a number computed from the fitted CPU (App server settings) names the measurement next to that input.
  const whyOfWorkerClass = async () => {
    await openSection(page, 'app');
    const why = page.getByTestId('out-gunicorn-workerClass').locator('xpath=ancestor::li[1]').locator('details.why');
    await why.locator('summary').click();
    return why;
  };
  let why = await whyOfWorkerClass();
  await expect(why.locator('li', { hasText: 'cpuMsHost' }).getByTestId('why-measured')).toHaveText(/\(measured: c1\.txt, c16\.txt and 4 more, \d{4}-\d\d-\d\d\)/);

  // Typed over by hand: no longer measured; the I/O wait still is.
  await openSection(page, 'server');
  await page.getByTestId('field-workload.cpuMs').fill('30');
  await expect(mark).toHaveCount(0);
  await expect(page.getByTestId('measured-workload.ioWaitMs')).toBeVisible();
  why = await whyOfWorkerClass();
  await expect(why.locator('li', { hasText: 'cpuMsHost' }).getByTestId('why-measured')).toHaveCount(0);
  await expect(why.locator('li', { hasText: 'ioWaitMs' }).getByTestId('why-measured')).toHaveCount(1);
  await finish();
});
