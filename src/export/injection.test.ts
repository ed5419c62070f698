/**
 * Injection safety (issue 4, item 6): hostile input on every free-text deploy field is rejected by
 * the schema with a message, and never reaches a file: even a plan that bypassed the schema makes
 * the exporter throw instead of writing the value.
 */
import { analyzePlan } from '../engine/analysis/analyze-plan';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { K8S_NGINX_MODES, planSchema, type Plan } from '../plan/schema';
import { buildBundle } from './bundle';
import { TOKEN_RE, UnsafeValueError } from './safe';
import { planArb } from '../plan/testing/plan-arb';
import { parseAllDocuments } from 'yaml';

const OPTS = { generatedAt: new Date('2026-03-01T12:00:00Z') };

/** Every free-text deploy field that reaches a file (ports are integers). */
const FIELDS = [
  'serverName', 'appSocketPath', 'appModule', 'appDir', 'staticRoot', 'staticUrlPrefix', 'phpRoot', 'fpmSocketPath',
  'fpmPoolName', 'user', 'group', 'namespace', 'appImage',
] as const;
type Field = (typeof FIELDS)[number];

/** Fragments that would end a directive, open a block, start a comment, expand a variable or quote. */
const FRAGMENTS: [string, string][] = [
  ['newline', '\n'], ['carriage return', '\r'], ['semicolon', ';'], ['open brace', '{'], ['close brace', '}'],
  ['double quote', '"'], ['single quote', "'"], ['hash', '#'], ['dollar', '$'], ['backslash', '\\'],
  ['non-ASCII', 'é'], ['fullwidth', 'ｓ'], ['NUL', '\u0000'], ['space', ' '], ['tab', '\t'], ['percent', '%'],
  ['backtick', '`'], ['line separator', '\u2028'],
];

const VALID: Record<Field, string> = planSchema.parse({}).deploy as unknown as Record<Field, string>;

/** Hostile values for a field: the fragment alone, appended, and inside an otherwise valid value. */
function hostileValues(field: Field): [string, string][] {
  const v = VALID[field];
  const out: [string, string][] = [];
  for (const [name, frag] of FRAGMENTS) {
    out.push([`${name} alone`, frag], [`${name} appended`, `${v}${frag}x`], [`${name} inside`, `${v.slice(0, 2)}${frag}${v.slice(2)}`]);
  }
  out.push(['very long', `${v}${'a'.repeat(5000)}`], ['empty', '']);
  if (v.startsWith('/')) out.push(['../ segment', '/srv/../etc/passwd'], ['relative ../', '../etc']);
  else out.push(['../', '../etc']);
  out.push(['directive injection', `${v};\n}\nserver {\nlisten 81;`], ['python injection', `${v}"\nimport os\nx = "`]);
  return out;
}

describe('the schema rejects hostile text on every deploy field, with a message', () => {
  for (const field of FIELDS) {
    it.each(hostileValues(field))(`${field}: %s`, (_name, value) => {
      const r = planSchema.safeParse({ deploy: { [field]: value } });
      expect(r.success, JSON.stringify(value)).toBe(false);
      const issue = r.error?.issues.find((i) => i.path.join('.') === `deploy.${field}`);
      expect(issue?.message, JSON.stringify(value)).toMatch(/\S{3,}/);
    });
  }

  it('staticUrlPrefix: a .. segment is refused', () => {
    expect(planSchema.safeParse({ deploy: { staticUrlPrefix: '/static/../' } }).success).toBe(false);
  });
  it('fpmPoolName: "global" (php-fpm\'s own section) is refused in any case', () => {
    for (const n of ['global', 'GLOBAL', 'Global']) expect(planSchema.safeParse({ deploy: { fpmPoolName: n } }).success).toBe(false);
  });
  it('appModule: Python keywords are refused', () => {
    for (const m of ['app.wsgi:class', 'import.wsgi:app', 'app.def:application']) expect(planSchema.safeParse({ deploy: { appModule: m } }).success).toBe(false);
    expect(planSchema.safeParse({ deploy: { appModule: 'classes.wsgi:app_class' } }).success).toBe(true);
  });
});

describe('a plan that bypassed the schema still cannot put hostile text in a file', () => {
  const base = planSchema.parse({});
  const bypass = (app: Plan['app'], field: Field, value: string): Plan => ({ ...base, app, deploy: { ...base.deploy, [field]: value } });
  const baseFiles = {
    gunicorn: buildBundle(analyzePlan({ ...base, app: 'gunicorn' }), OPTS),
    phpfpm: buildBundle(analyzePlan({ ...base, app: 'phpfpm' }), OPTS),
  };

  for (const field of FIELDS) {
    it(`${field}: the exporter throws UnsafeValueError for every hostile value it would write`, () => {
      for (const [, value] of [...hostileValues(field), ['dotdot prefix', '/static/../'] as [string, string]]) {
        for (const app of ['gunicorn', 'phpfpm'] as const) {
          const plan = bypass(app, field, value);
          let files: ReturnType<typeof buildBundle>;
          try {
            files = buildBundle(analyzePlan(plan), OPTS);
          } catch (e) {
            expect(e, JSON.stringify(value)).toBeInstanceOf(UnsafeValueError);
            continue;
          }
          // Not thrown: this app's files do not use the field, so they equal the files of the valid plan.
          expect(files, `${app} ${JSON.stringify(value)}`).toEqual(baseFiles[app]);
        }
      }
    });
  }
});

describe('for random valid plans, interpolated values are plain tokens', () => {
  it('every deploy value found in a file matches the token pattern, and files hold no control characters', () => {
    fc.assert(
      fc.property(planArb, fc.constantFrom('gunicorn', 'phpfpm' as const), (p, app) => {
        const plan = planSchema.parse({ ...p, app });
        const files = buildBundle(analyzePlan(plan), OPTS);
        for (const f of files) {
          // eslint-disable-next-line no-control-regex
          expect(f.text, f.path).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\r\u2028\u2029]/);
          for (const field of FIELDS) {
            const v = plan.deploy[field];
            if (f.text.includes(v)) expect(v, `${field} in ${f.path}`).toMatch(TOKEN_RE);
          }
        }
      }),
      { numRuns: 150, seed: 4 },
    );
  });
});

/** Kubernetes object names and label values (DNS-1123 / label-value syntax). */
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const LABEL_VALUE = /^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const ALERT_NAME = /^[A-Za-z_:][A-Za-z0-9_:]*$/;

describe('deployment files: YAML, Kubernetes names and Prometheus labels stay in their syntax (issue 17)', () => {
  const namespaceArb = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/);
  const kindNameArb = fc.stringMatching(/^[A-Za-z0-9_-]{1,32}$/).filter((n) => n.toLowerCase() !== 'main');

  it('for random plans and kind names, every YAML file parses, object names and labels are valid, alert names and label matchers are plain', () => {
    fc.assert(
      fc.property(planArb, namespaceArb, kindNameArb, fc.boolean(), fc.constantFrom(...K8S_NGINX_MODES.options), (p, namespace, kind, mixed, k8sNginx) => {
        const plan = planSchema.parse({
          ...p,
          // nginx as a Deployment too: its ConfigMap carries the whole nginx.conf as one YAML string.
          deploy: { ...p.deploy, namespace, k8sNginx, target: p.deploy.target === 'vm' ? 'both' : p.deploy.target },
          fleet: { ...p.fleet, servers: Math.min(p.fleet.servers, 50), weights: null, otherKinds: mixed ? [{ name: kind, servers: 2 }] : [] },
        });
        const files = buildBundle(analyzePlan(plan), OPTS);
        for (const f of files.filter((x) => x.format === 'yaml')) {
          for (const doc of parseAllDocuments(f.text)) {
            expect(doc.errors, f.path).toEqual([]);
            const o = doc.toJS() as { metadata?: { name: string; namespace: string; labels?: Record<string, string> }; groups?: { rules: { alert: string; expr: string; labels: Record<string, string> }[] }[] };
            if (o.metadata) {
              expect(o.metadata.name, f.path).toMatch(DNS_LABEL);
              expect(o.metadata.namespace, f.path).toBe(namespace);
              for (const v of Object.values(o.metadata.labels ?? {})) expect(v, f.path).toMatch(LABEL_VALUE);
            }
            for (const r of (o.groups ?? []).flatMap((g) => g.rules)) {
              expect(r.alert).toMatch(ALERT_NAME);
              // Every label matcher's value is a plain name or the pod regex built from one.
              for (const m of r.expr.matchAll(/(\w+)(=~|=)"([^"]*)"/g)) expect(m[3], r.expr).toMatch(/^[a-z0-9{}[\]., -]*$|^5\.\.$/);
            }
          }
        }
      }),
      { numRuns: 40, seed: 17 },
    );
  });

  it('a hostile kind name that bypassed the schema makes the exporter throw, not write', () => {
    const base = planSchema.parse({});
    for (const name of ['old"}', 'a\nb', 'x;rm -rf /', '../x', 'main', 'Ünï']) {
      const plan: Plan = { ...base, fleet: { ...base.fleet, otherKinds: [{ ...planSchema.parse({ fleet: { otherKinds: [{}] } }).fleet.otherKinds[0]!, name }] } };
      expect(() => buildBundle(analyzePlan(plan), OPTS), name).toThrow(UnsafeValueError);
    }
  });
});
