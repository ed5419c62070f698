/**
 * The README's "Hosting the app" section holds: the nginx server block is accepted by `nginx -t`
 * with the csp.nginx.conf the build writes, and the policy allows only the page's own inline code.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nginxTest, toolGate } from '../src/export/testing/tools';
import { cspFor, nginxCspDirective, withCsp } from './csp';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const PAGE = '<!doctype html><html><head><meta charset="UTF-8" /><script>a()</script><style>b{}</style></head><body><script>c()</script></body></html>';

describe('the page Content-Security-Policy', () => {
  it("hashes each inline script and style, and allows nothing else inline or from elsewhere", () => {
    const policy = cspFor(PAGE);
    const directives: Record<string, string[]> = Object.fromEntries(policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['script-src']).toHaveLength(3); // 'self' + two hashes
    expect(directives['script-src']?.slice(1).every((t) => /^'sha256-[A-Za-z0-9+/]+=*'$/.test(t))).toBe(true);
    expect(directives['style-src']).toHaveLength(2);
    for (const d of ['worker-src', 'manifest-src', 'connect-src', 'img-src', 'default-src']) expect(directives[d]).toEqual(["'self'"]);
    expect(policy).not.toMatch(/unsafe-eval|\*|https?:|data:|blob:/);
    expect(withCsp(PAGE).out).toMatch(/<meta charset="UTF-8" \/>\n\s+<meta http-equiv="Content-Security-Policy" content="default-src 'self'; /);
  });
});

describe('README: the nginx server block for hosting the app', () => {
  const gate = toolGate(['nginx', 'openssl']);
  it('passes nginx -t with the csp.nginx.conf the build writes', async () => {
    if (gate.mustFail) throw new Error(`missing in CI: ${gate.missing.join(', ')}`);
    if (!gate.run) return;
    const section = README.slice(README.indexOf('## Hosting the app'));
    const blocks = [...section.matchAll(/```nginx\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
    expect(blocks).toHaveLength(1);
    for (const header of ['Strict-Transport-Security', 'X-Content-Type-Options', 'Referrer-Policy', 'csp.nginx.conf']) expect(blocks[0]).toContain(header);
    const dir = mkdtempSync(join(tmpdir(), 'headroom-host-'));
    try {
      mkdirSync(join(dir, 'dist'));
      writeFileSync(join(dir, 'dist', 'csp.nginx.conf'), nginxCspDirective(cspFor(PAGE)));
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=headroom.example.com', '-keyout', join(dir, 'privkey.pem'), '-out', join(dir, 'fullchain.pem')], { stdio: 'ignore' });
      const server = (blocks[0] as string).replaceAll('/srv/headroom/dist', join(dir, 'dist')).replaceAll('/etc/ssl/headroom', dir).replace(/listen (80|443)\b/g, 'listen 127.0.0.1:$1');
      const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${dir}/${t};`).join(' ');
      writeFileSync(join(dir, 'nginx.conf'), `events {}\nhttp {\n  access_log off;\n  ${temp}\n${server}\n}\n`);
      const r = await nginxTest(dir);
      expect(r.output).toBe('');
      expect(r.ok).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
