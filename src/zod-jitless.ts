/**
 * The page runs under a Content-Security-Policy without 'unsafe-eval' (scripts/prerender.tsx).
 * zod compiles fast parsers with `new Function` unless told not to, and merely probing for it
 * raises a `securitypolicyviolation`. So the browser bundle turns the JIT off before any schema
 * parses: main.tsx imports this module first. (The CLI and tests keep the JIT.)
 */
import * as z from 'zod/mini';

z.config({ jitless: true });
