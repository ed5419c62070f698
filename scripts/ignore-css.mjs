// Node loader hook for scripts/prerender.tsx: components import their stylesheets (bundled by
// Vite in the browser build); when rendering to a string in Node those imports mean nothing.
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(
      'export async function load(url, context, next) { if (url.endsWith(".css")) return { format: "module", source: "", shortCircuit: true }; return next(url, context); }',
    ),
);
