/**
 * Dashboard fields for the plan inputs that were plan-file / CLI only (issues 12, 13, 17): each is
 * set with the keyboard, and the output the analysis derives from it changes — the nginx.conf
 * preview for the edge inputs, the capacity tile for the framework overhead and keep-alive
 * stickiness, the CPU tile for the idle-wake CPU, the Kubernetes files for "nginx on Kubernetes". An out-of-range entry shows the
 * schema's limit, named by the field's label, and leaves the plan as it was.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { openSection } from './sections';

/** The number a tile shows ("1,234 rps" → 1234). */
async function tileNumber(tile: Locator): Promise<number> {
  const text = (await tile.textContent()) ?? '';
  const m = /[\d,]+(?:\.\d+)?/.exec(text);
  if (!m) throw new Error(`no number in ${JSON.stringify(text)}`);
  return Number(m[0].replace(/,/g, ''));
}

/** Types into a text field with the keyboard: focus, select all, the new text. */
async function typeInto(page: Page, field: Locator, text: string): Promise<void> {
  await field.scrollIntoViewIfNeeded();
  await field.focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
}

/** Opens the Export section (one section shows at a time) and returns its file tabs and preview. */
async function openExport(page: Page) {
  await openSection(page, 'export');
  const tablist = page.getByRole('tablist', { name: 'Generated files' });
  await tablist.scrollIntoViewIfNeeded();
  await expect(tablist).toBeVisible({ timeout: 15_000 });
  const tab = (name: string) => tablist.getByRole('tab', { name, exact: true });
  const preview = page.getByRole('tabpanel').locator('pre.export-preview');
  return { tab, preview };
}

// The machine is shared: the input panels (their own chunk, after the first paint) may take a while.
test.describe.configure({ timeout: 120_000 });

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('out-capacity')).toHaveText(/\d/);
  await expect(page.getByTestId('field-workload.cpuMs')).toBeVisible({ timeout: 30_000 });
});

test('edge fields: TLS, HTTPS port, largest upload and the per-client rate limit reach nginx.conf', async ({ page }) => {
  // The inputs are in the Nginx section, the files in the Export section: one shows at a time.
  const nginxConf = async () => {
    const { tab, preview } = await openExport(page);
    await tab('nginx.conf').click();
    return preview;
  };
  const nginxInputs = async () => {
    await openSection(page, 'nginx');
    await expect(page.getByTestId('field-edge.tls')).toBeVisible({ timeout: 30_000 });
  };
  let preview = await nginxConf();
  await expect(preview).toContainText('listen 443 ssl');
  await nginxInputs();

  // TLS off with the keyboard (arrow keys move within the radio group): no TLS server block.
  const tls = page.getByTestId('field-edge.tls');
  await tls.scrollIntoViewIfNeeded();
  await tls.getByRole('radio', { name: 'At nginx (certificate here)' }).focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(tls.getByRole('radio', { name: 'Off (plain HTTP)' })).toBeChecked();
  await expect(page.getByTestId('field-edge.httpsPort')).toHaveCount(0);
  preview = await nginxConf();
  await expect(preview).not.toContainText('ssl_certificate');
  await nginxInputs();

  // TLS on again: the export shows ssl, on the port typed in.
  await tls.getByRole('radio', { name: 'Off (plain HTTP)' }).focus();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(tls.getByRole('radio', { name: 'At nginx (certificate here)' })).toBeChecked();
  const port = page.getByLabel('HTTPS port');
  await typeInto(page, port, '8443');
  preview = await nginxConf();
  await expect(preview).toContainText('listen 8443 ssl');
  await expect(preview).toContainText('ssl_certificate ');
  await nginxInputs();

  // Out of range: the schema's limit, named by the label; the file keeps the last valid port.
  // (Each keystroke commits when valid, so the refused entries are refused from their first key on.)
  await typeInto(page, port, '0');
  await expect(page.getByTestId('error-edge.httpsPort')).toHaveText('HTTPS port must be at least 1 (max 65,535)');
  await expect(port).toHaveAttribute('aria-invalid', 'true');
  preview = await nginxConf();
  await expect(preview).toContainText('listen 8443 ssl');
  await nginxInputs();
  // "99999" commits "9999" on its fourth key, then refuses the fifth.
  await typeInto(page, port, '99999');
  await expect(page.getByTestId('error-edge.httpsPort')).toHaveText('HTTPS port must be at most 65,535 (min 1)');
  await typeInto(page, page.getByLabel('Largest upload'), '50');
  preview = await nginxConf();
  await expect(preview).toContainText('listen 9999 ssl');
  await expect(preview).toContainText('client_max_body_size 51m;');
  await expect(preview).not.toContainText('limit_req ');

  await nginxInputs();
  await typeInto(page, page.getByLabel('Per-client rate limit'), '20');
  preview = await nginxConf();
  await expect(preview).toContainText('limit_req_zone');
  await expect(preview).toContainText('limit_req zone=');
  // Empty = no limit again.
  await nginxInputs();
  await typeInto(page, page.getByLabel('Per-client rate limit'), '');
  await page.keyboard.press('Backspace');
  preview = await nginxConf();
  await expect(preview).not.toContainText('limit_req ');
});

test('framework overhead: more CPU per request lowers the capacity; above 1000 ms is refused', async ({ page }) => {
  const capacity = page.getByTestId('out-capacity');
  const before = await tileNumber(capacity);
  const overhead = page.getByLabel('Framework overhead');
  await expect(overhead).toHaveValue('0');
  await typeInto(page, overhead, '5');
  await expect.poll(() => tileNumber(capacity), { timeout: 20_000 }).toBeLessThan(before);
  const after = await tileNumber(capacity);

  // Refused from the first key on (each valid keystroke commits): the plan keeps 5 ms.
  await typeInto(page, overhead, '-1');
  await expect(page.getByTestId('error-workload.frameworkOverheadMsRef')).toHaveText(/^Framework overhead /);
  expect(await tileNumber(capacity)).toBe(after);
  await typeInto(page, overhead, '9999');
  await expect(page.getByTestId('error-workload.frameworkOverheadMsRef')).toHaveText('Framework overhead must be at most 1000 (min 0)');
  // 999 ms of overhead per request: the capacity falls far below the 5 ms one.
  await expect.poll(() => tileNumber(capacity), { timeout: 20_000 }).toBeLessThan(after / 10);
});

test('CPU after an idle gap: the cores, idle part of the time, are busier per request; above 100 ms is refused', async ({ page }) => {
  const cpu = page.getByTestId('out-cpu');
  const before = await tileNumber(cpu);
  const wake = page.getByLabel('CPU after an idle gap');
  await expect(wake).toHaveValue('0');
  // The hint quotes the costs measured per worker class (src/plan/measured-costs.ts, checked against the fixtures).
  await expect(page.getByText(/Measured on empty apps: Gunicorn 20\.1 sync 0\.62 ms, gthread 0\.72 ms, gevent 0\.93 ms; PHP-FPM 8\.2 \+ nginx 0\.48 ms/)).toBeVisible();
  await typeInto(page, wake, '20');
  // The default plan's cores are partly idle at the planned load, so each request pays part of the 20 ms.
  await expect.poll(() => tileNumber(cpu), { timeout: 20_000 }).toBeGreaterThan(before);
  const after = await tileNumber(cpu);

  // Refused from the first key on: the plan keeps 20 ms.
  await typeInto(page, wake, '-1');
  await expect(page.getByTestId('error-workload.idleWakeCpuMsRef')).toHaveText(/^CPU after an idle gap /);
  expect(await tileNumber(cpu)).toBe(after);
  // "1" and "15" commit on the way; "150" is refused with the schema's limits and 15 ms stays.
  await typeInto(page, wake, '150');
  await expect(page.getByTestId('error-workload.idleWakeCpuMsRef')).toHaveText('CPU after an idle gap must be at most 100 (min 0)');
  await expect.poll(() => tileNumber(cpu), { timeout: 20_000 }).toBeGreaterThan(before);
  expect(await tileNumber(cpu)).toBeLessThanOrEqual(after);
});

test('keep-alive stickiness: few persistent connections leave workers idle, so the capacity drops', async ({ page }) => {
  const capacity = page.getByTestId('out-capacity');
  const before = await tileNumber(capacity);
  await openSection(page, 'app');
  const more = page.getByText('More Gunicorn inputs');
  await expect(more).toBeVisible({ timeout: 30_000 });
  await more.scrollIntoViewIfNeeded();
  await more.click();
  const sticky = page.getByLabel('Keep-alive connections stay on one worker (gthread / gevent / ASGI)');
  await sticky.focus();
  await page.keyboard.press('Space');
  await expect(sticky).toBeChecked();
  await expect.poll(() => tileNumber(capacity), { timeout: 20_000 }).toBeLessThan(before);
  const sticky32 = await tileNumber(capacity);

  const conns = page.getByLabel('Persistent connections to Gunicorn');
  await expect(conns).toHaveValue('');
  await typeInto(page, conns, '1');
  await expect.poll(() => tileNumber(capacity), { timeout: 20_000 }).toBeLessThan(sticky32);
  await typeInto(page, conns, '0');
  await expect(page.getByTestId('error-gunicorn.persistentConnections')).toHaveText('Persistent connections to Gunicorn must be at least 1 (max 1,000,000)');

  // Off again: the capacity comes back.
  await sticky.focus();
  await page.keyboard.press('Space');
  await expect.poll(() => tileNumber(capacity), { timeout: 20_000 }).toBe(before);
});

test('nginx on Kubernetes: its own Deployment exports the nginx ConfigMap instead of the Ingress', async ({ page }) => {
  const { tab, preview } = await openExport(page);
  await expect(tab('k8s/ingress.yaml')).toBeVisible();
  await expect(tab('k8s/nginx.yaml')).toHaveCount(0);
  const mode = page.getByTestId('field-deploy.k8sNginx');
  await mode.getByRole('radio', { name: 'ingress-nginx Ingress (annotations)' }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(mode.getByRole('radio', { name: 'its own Deployment (the exported nginx.conf)' })).toBeChecked();
  await expect(tab('k8s/ingress.yaml')).toHaveCount(0);
  await tab('k8s/nginx.yaml').click();
  await expect(preview).toContainText('kind: "ConfigMap"');
  await expect(preview).toContainText('type: "LoadBalancer"');
  await expect(preview).toContainText('worker_processes 1;');
  // TLS at nginx (the default): the certificate comes from the Secret.
  await expect(preview).toContainText('secretName: "nginx-tls"');
  // The app's own Service sits with its Deployment.
  await tab('k8s/app.yaml').click();
  await expect(preview).toContainText('kind: "Service"');
  // VMs only: no Kubernetes files, so no nginx-on-Kubernetes switch.
  await page.getByTestId('field-deploy.target').getByLabel('VMs with systemd').check();
  await expect(mode).toHaveCount(0);
});

test('text fields: the certificate path and the LB address reach nginx.conf; a directive typed in is refused and the file keeps the last valid value', async ({ page }) => {
  const nginxConf = async () => {
    const { tab, preview } = await openExport(page);
    await tab('nginx.conf').click();
    return preview;
  };
  await openSection(page, 'nginx');
  const cert = page.getByLabel('Certificate chain file');
  await typeInto(page, cert, '/etc/letsencrypt/live/api/fullchain.pem');
  await expect(page.getByTestId('error-edge.certPath')).toHaveCount(0);
  // An injection attempt, pasted (one edit): the text stays on screen with the schema's rule, and
  // the plan keeps the path above. (Typed key by key, the plan would keep the last valid prefix,
  // "/etc/x.pem", as a number field keeps "1" on the way to "16"; never the directive.)
  await cert.fill('/etc/x.pem; include /etc/passwd');
  await expect(cert).toHaveValue('/etc/x.pem; include /etc/passwd');
  await expect(page.getByTestId('error-edge.certPath')).toHaveText('Certificate chain file: an absolute file path of letters, digits and . _ - / only');
  await expect(cert).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Private key file').fill(`/${'k'.repeat(210)}`);
  await expect(page.getByTestId('error-edge.keyPath')).toHaveText('Private key file: at most 200 characters');

  // Behind a load balancer: its address field appears; a bad address names the form it needs.
  await page.getByLabel('Behind a load balancer (trust its X-Forwarded-For)').check();
  const lb = page.getByLabel('Load balancer address');
  await typeInto(page, lb, '10.1.2.3/33');
  await expect(page.getByTestId('error-edge.frontLbAddress')).toHaveText('Load balancer address: an IPv4 address or CIDR block such as 10.0.0.0/8');
  await typeInto(page, lb, '10.1.0.0/16');
  await expect(page.getByTestId('error-edge.frontLbAddress')).toHaveCount(0);

  const preview = await nginxConf();
  await expect(preview).toContainText('ssl_certificate /etc/letsencrypt/live/api/fullchain.pem;');
  await expect(preview).toContainText('ssl_certificate_key /etc/ssl/headroom/privkey.pem;');
  await expect(preview).toContainText('set_real_ip_from 10.1.0.0/16;');
  await expect(preview).not.toContainText('include /etc/passwd');
});

test('deploy text fields: the server name and the Gunicorn module reach their files; a newline cannot open a block', async ({ page }) => {
  const { tab, preview } = await openExport(page);
  const more = page.getByTestId('deploy-fields');
  await more.locator('summary').click();
  await typeInto(page, page.getByLabel('Server name'), 'api.example.com');
  await typeInto(page, page.getByLabel('WSGI / ASGI app'), 'shop.wsgi:app');
  // A pasted block: the field refuses it and keeps api.example.com.
  const name = page.getByLabel('Server name');
  await name.fill('api.example.com;\n}\nserver {');
  await expect(page.getByTestId('error-deploy.serverName')).toHaveText('Server name: a lowercase host name such as api.example.com, or _');
  await tab('nginx.conf').click();
  await expect(preview).toContainText('server_name api.example.com;');
  await expect(preview).not.toContainText('api.example.com;\n}');
  await tab('gunicorn.conf.py').click();
  await expect(preview).toContainText('shop.wsgi:app');
});
