/**
 * The page's Content-Security-Policy (issue 11 item 9), computed by scripts/prerender.tsx from
 * the built index.html: scripts, workers (the service worker too), the manifest, connections and
 * images from this origin only; the
 * page's own inline script and style (the link guard, the loader, the inlined stylesheet) are
 * allowed by their sha256 hashes, so no other inline script can run. style-src-attr allows the
 * style="" attributes of the prerendered charts (attributes cannot carry script).
 * frame-ancestors cannot be set from a <meta>: the header (nginxCspDirective) adds it.
 */
import { createHash } from 'node:crypto';

const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

export function cspFor(html: string): string {
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => hash(m[1] ?? ''));
  const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => hash(m[1] ?? ''));
  return [
    "default-src 'self'",
    `script-src 'self' ${scripts.join(' ')}`.trim(),
    // The analysis worker and the service worker (dist/sw.js, scripts/service-worker.ts).
    "worker-src 'self'",
    // The web app manifest (public/manifest.webmanifest): the app installs from this origin only.
    "manifest-src 'self'",
    "connect-src 'self'",
    "img-src 'self'",
    `style-src 'self' ${styles.join(' ')}`.trim(),
    "style-src-attr 'unsafe-inline'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

/** The page with its policy in a <meta>, placed before any script or style so it governs all of them. */
export function withCsp(html: string): { out: string; policy: string } {
  const policy = cspFor(html);
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}" />`;
  if (!/<meta charset="UTF-8" \/>/i.test(html)) throw new Error('csp: no <meta charset="UTF-8" /> to put the policy after');
  return { out: html.replace(/<meta charset="UTF-8" \/>/i, (m) => `${m}\n    ${meta}`), policy };
}

/** The same policy as an nginx directive for dist/csp.nginx.conf, with the header-only frame-ancestors. */
export const nginxCspDirective = (policy: string) => `add_header Content-Security-Policy "${policy}; frame-ancestors 'none'" always;\n`;
