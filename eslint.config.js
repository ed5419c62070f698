// @ts-check
/**
 * ESLint flat config.
 *
 * Besides the usual recommended sets, this file enforces Headroom's architecture boundary:
 * src/plan and src/engine are pure TypeScript — no UI framework, no state store, no browser
 * APIs, no clock and no randomness — so the sizing engine gives the same answer in the browser,
 * in the CLI (scripts/plan-cli.ts) and in unit tests. src/lint-boundary.test.ts checks that the
 * boundary rules below keep firing.
 */
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { defineConfig, globalIgnores } from 'eslint/config';

/** Folders that must stay pure (plan model and sizing engine). */
export const PURE_FILES = [
  'src/engine/**/*.{ts,tsx,js,mjs}',
  'src/plan/**/*.{ts,tsx,js,mjs}',
  'src/export/**/*.{ts,tsx,js,mjs}',
  // The calibration importer (issue 14) runs in the browser and the CLI alike: files in, numbers out.
  'src/calibrate/**/*.{ts,tsx,js,mjs}',
];
// Test support code (real-server runners in src/export/testing) may use the clock and the network.
const TEST_FILES = ['**/*.test.ts', '**/*.test.tsx', '**/*.spec.ts', 'src/export/testing/**'];

const BOUNDARY_MESSAGE =
  'src/plan, src/engine, src/export and src/calibrate must stay pure: no UI, state store or browser code (see README "Architecture").';

export const boundaryImportPatterns = [
  {
    group: ['react', 'react/*', 'react-dom', 'react-dom/*', 'zustand', 'zustand/*', 'recharts', 'recharts/*', '@tanstack/*'],
    message: `UI library import. ${BOUNDARY_MESSAGE}`,
  },
  {
    // Relative ('../state/store'), aliased ('@/features/x') or rooted ('src/components') paths into
    // the UI side of the app.
    regex: '(^|/)(state|features|components)(/|$)',
    message: `Import from the UI layer (src/state, src/features, src/components). ${BOUNDARY_MESSAGE}`,
  },
  {
    regex: '(^|/)(app|main)(\\.(tsx?|jsx?))?$',
    message: `Import of the app shell (src/app, src/main). ${BOUNDARY_MESSAGE}`,
  },
];

const banned = (name, why) => ({ name, message: `${why} ${BOUNDARY_MESSAGE}` });

export default defineConfig([
  globalIgnores([
    'dist/',
    'node_modules/',
    'test-results/',
    'playwright-report/',
    'e2e-artifacts/',
    'coverage/',
    '.vite/',
  ]),

  js.configs.recommended,
  tseslint.configs.recommended,

  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      'no-console': 'off',
    },
  },

  // Browser code.
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },

  // Node code: tooling, CLI wrappers, configs, Playwright tests.
  {
    files: ['scripts/**/*.{ts,js,mjs}', 'e2e/**/*.ts', '*.config.{ts,js,mjs}', '.ci/**/*.{js,mjs}'],
    languageOptions: { globals: { ...globals.node } },
  },

  // React hooks rules for the UI.
  {
    files: ['src/**/*.tsx', 'src/state/**/*.ts', 'src/features/**/*.ts', 'src/components/**/*.ts'],
    ...reactHooks.configs.flat.recommended,
  },

  // ── Architecture boundary ────────────────────────────────────────────────────────────────
  // Imports: no UI libraries and nothing from the UI layer (tests included).
  {
    files: PURE_FILES,
    rules: {
      'no-restricted-imports': ['error', { patterns: boundaryImportPatterns }],
      '@typescript-eslint/no-restricted-imports': 'off',
    },
  },
  // Runtime purity: no browser APIs, clock or randomness in engine/plan code. Tests may time
  // things or generate random input (fast-check) so they are exempt.
  {
    files: PURE_FILES,
    ignores: TEST_FILES,
    rules: {
      'no-restricted-globals': [
        'error',
        banned('window', 'Browser global.'),
        banned('document', 'Browser global.'),
        banned('localStorage', 'Browser storage.'),
        banned('sessionStorage', 'Browser storage.'),
        banned('indexedDB', 'Browser storage.'),
        banned('navigator', 'Browser global.'),
        banned('location', 'Browser global.'),
        banned('history', 'Browser global.'),
        banned('fetch', 'Network access.'),
        banned('XMLHttpRequest', 'Network access.'),
        banned('WebSocket', 'Network access.'),
        banned('self', 'Browser/worker global.'),
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: `Clock read. Pass time in as an input. ${BOUNDARY_MESSAGE}` },
        { object: 'Math', property: 'random', message: `Randomness makes sizing non-deterministic. ${BOUNDARY_MESSAGE}` },
        { object: 'performance', property: 'now', message: `Clock read. ${BOUNDARY_MESSAGE}` },
        { object: 'crypto', property: 'getRandomValues', message: `Randomness. ${BOUNDARY_MESSAGE}` },
        { object: 'crypto', property: 'randomUUID', message: `Randomness. ${BOUNDARY_MESSAGE}` },
        ...['window', 'document', 'localStorage', 'sessionStorage', 'navigator', 'fetch', 'performance'].map((property) => ({
          object: 'globalThis',
          property,
          message: `Browser global via globalThis. ${BOUNDARY_MESSAGE}`,
        })),
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date']",
          message: `new Date() reads the clock / the host time zone. ${BOUNDARY_MESSAGE}`,
        },
        {
          selector: "CallExpression[callee.name='Date']",
          message: `Date() reads the clock. ${BOUNDARY_MESSAGE}`,
        },
      ],
    },
  },
]);
