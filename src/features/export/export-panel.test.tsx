/**
 * Server-render smoke test of the export panel (the unit tests run in Node without a DOM; the
 * interactive parts — tabs, copy, downloads, highlighting — are for the e2e test).
 */
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { analyzePlan } from '../../engine/analysis/analyze-plan';
import { fixture } from '../../plan/fixtures';
import { planSchema } from '../../plan/schema';
import { downloadName, ExportView } from './export-panel';

describe('ExportPanel', () => {
  it('renders a tablist with one tab per file, the first selected, and its preview', () => {
    const plan = fixture('default');
    const html = renderToString(<ExportView analysis={analyzePlan(plan)} />);
    expect(html).toContain('role="tablist"');
    // nginx.conf, gunicorn.conf.py, gunicorn.service, 3 DynamoDB files, sysctl + nginx.service drop-in,
    // k8s/app.yaml, k8s/ingress.yaml, loadtest.js, docker-compose.yaml, the alert rules, RUNBOOK.md, README.md
    expect(html.match(/role="tab"/g)).toHaveLength(15);
    // Grouped, in this order, each group's label describing its tabs.
    const labels = [...html.matchAll(/class="export-group-label"[^>]*>([^<]+)</g)].map((m) => m[1]);
    expect(labels).toEqual(['Server configs', 'Kubernetes', 'Local run', 'Alerts', 'Docs']);
    const tabs = [...html.matchAll(/role="tab"[^>]*>([^<]+)</g)].map((m) => m[1]);
    expect(tabs.slice(6)).toEqual(['sysctl-headroom.conf', 'nginx.service.override.conf', 'k8s/app.yaml', 'k8s/ingress.yaml', 'loadtest.js', 'docker-compose.yaml', 'alerts/headroom-rules.yaml', 'RUNBOOK.md', 'README.md']);
    // The deployment target switch, "both" by default.
    expect(html).toContain('Deployment target');
    expect(html).toMatch(/checked="" value="both"/);
    expect(html).toContain('>dynamodb-cloudformation.yaml<');
    expect(html).toMatch(/aria-selected="true"[^>]*>nginx\.conf</);
    expect(html).toContain('role="tabpanel"');
    expect(html).toContain('worker_processes');
    expect(html).toContain('Download all (.zip)');
  });

  it('shows a tab for each other server kind\'s app config (kinds/<name>/…)', () => {
    const plan = planSchema.parse({ dynamodb: { enabled: false }, fleet: { servers: 2, otherKinds: [{ name: 'old', servers: 2 }, { name: 'big', weight: 4 }] } });
    const html = renderToString(<ExportView analysis={analyzePlan(plan)} />);
    // nginx.conf, gunicorn.conf.py, gunicorn.service, 2 kind configs + their own gunicorn.service (own memory
    // budgets), sysctl + nginx.service drop-in, 3 Deployments + the Service, loadtest.js, docker-compose.yaml,
    // the alert rules, RUNBOOK.md, README.md
    expect(html.match(/role="tab"/g)).toHaveLength(18);
    expect(html).toContain('>k8s/app-old.yaml<');
    expect(html).toContain('>kinds/old/gunicorn.conf.py<');
    expect(html).toContain('>kinds/big/gunicorn.conf.py<');
  });

  it('with the Kubernetes target, no systemd unit and no VM alert group', () => {
    const html = renderToString(<ExportView analysis={analyzePlan(planSchema.parse({ deploy: { target: 'k8s' } }))} />);
    expect(html).not.toContain('>gunicorn.service<');
    expect(html).toContain('>k8s/app.yaml<');
    const vm = renderToString(<ExportView analysis={analyzePlan(planSchema.parse({ deploy: { target: 'vm' } }))} />);
    expect(vm).toContain('>gunicorn.service<');
    expect(vm).not.toContain('>k8s/app.yaml<');
    expect(vm).not.toMatch(/aria-hidden="true">Kubernetes</);
    expect(html).toMatch(/aria-hidden="true">Kubernetes</);
  });

  it('downloads a kind\'s file under a name without folders', () => {
    expect(downloadName('kinds/old/www.conf')).toBe('kinds-old-www.conf');
    expect(downloadName('nginx.conf')).toBe('nginx.conf');
  });

  it('shows why the files cannot be generated instead of crashing', () => {
    // The schema refuses "global"; a plan that bypassed it must still not crash the panel.
    const base = planSchema.parse({ app: 'phpfpm' });
    const plan = { ...base, deploy: { ...base.deploy, fpmPoolName: 'global' } };
    const html = renderToString(<ExportView analysis={analyzePlan(plan)} />);
    expect(html).toContain('role="alert"');
    expect(html).toMatch(/cannot be generated: (<!-- -->)?deploy\.fpmPoolName/);
  });
});
