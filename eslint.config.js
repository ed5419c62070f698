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

/** Folders that must stay pure (plan model, sizing engine, export builders, link codec, calibration). */
const pure = (dir) => `src/${dir}/**/*.{ts,tsx,js,mjs}`;
export const PURE_FILES = ['engine', 'plan', 'export', 'share', 'calibrate'].map(pure);
// Test support code (real-server runners in src/export/testing) may use the clock and the network.
const TEST_FILES = ['**/*.test.ts', '**/*.test.tsx', '**/*.spec.ts', 'src/export/testing/**', 'src/calibrate/testing/**'];

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

/** Node built-ins: pure code runs in the browser too (the CLI wrappers in scripts/ do the I/O). */
const NODE_IMPORTS = { group: ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto'], message: `Node built-in. ${BOUNDARY_MESSAGE}` };

/**
 * The layer order plan ← engine ← export (README "Architecture"): each list is what that layer may
 * not import. src/share and src/calibrate sit beside export (they read plans, never the UI).
 */
const LAYER_IMPORTS = {
  plan: [{ regex: '(^|/)(engine|export|share|cli|calibrate)(/|$)', message: `src/plan is the bottom layer: it imports nothing of the engine, export, share or CLI. ${BOUNDARY_MESSAGE}` }],
  engine: [{ regex: '(^|/)(export|share|cli|calibrate)(/|$)', message: `The engine never imports export, share, calibrate or the CLI (they read the engine, not the other way). ${BOUNDARY_MESSAGE}` }],
  export: [{ regex: '(^|/)(cli|share)(/|$)', message: `Export builders take the analysis; they do not import the CLI or the link codec. ${BOUNDARY_MESSAGE}` }],
  share: [{ regex: '(^|/)(export|cli|engine)(/|$)', message: `The link codec reads and writes plans only. ${BOUNDARY_MESSAGE}` }],
  calibrate: [{ regex: '(^|/)(export|cli|share)(/|$)', message: `Calibration fits the engine's model; it does not import export, share or the CLI. ${BOUNDARY_MESSAGE}` }],
};

const FEATURE_MESSAGE = 'Features are presentational: derived numbers come from useAnalysis(clock, select) (src/state/use-analysis.ts); engine types are fine.';
const PURE_SYNTAX = [
  { selector: "NewExpression[callee.name='Date']", message: `new Date() reads the clock / the host time zone. ${BOUNDARY_MESSAGE}` },
  { selector: "CallExpression[callee.name='Date']", message: `Date() reads the clock. ${BOUNDARY_MESSAGE}` },
  // Aliasing Math (const M = Math; M.random()) would slip past no-restricted-properties.
  { selector: "VariableDeclarator > Identifier.init[name='Math'], AssignmentExpression > Identifier.right[name='Math'], CallExpression > Identifier.arguments[name='Math'], Property > Identifier.value[name='Math']", message: `Math may not be aliased in pure code (it hides Math.random). ${BOUNDARY_MESSAGE}` },
  { selector: "ImportExpression[source.value=/(^|\\/)(state|features|components|fields|workers|app|main)(\\/|\\.|$)/]", message: `Dynamic import() of the UI layer or the store. ${BOUNDARY_MESSAGE}` },
];

/** max-lines-per-function options: code lines only (blank lines and comments are free). */
export const MAX_FUNCTION_LINES = { max: 120, skipBlankLines: true, skipComments: true };

/**
 * Temporary exceptions to MAX_FUNCTION_LINES, one per file, held at the function's length so it
 * cannot grow: `{ file, lines }` with a comment naming who splits it. None today: every function
 * of src/ and scripts/ is within 120 lines.
 */
const LONG_FUNCTIONS_BEING_SPLIT = [];

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

  // ── Function length ─────────────────────────────────────────────────────────────────────
  // Small functions, one per output (STYLE.md, issue 10): at most 120 lines of code, blank lines
  // and comments not counted, in non-test source. src/lint-boundary.test.ts proves it fires.
  {
    files: ['src/**/*.{ts,tsx}', 'scripts/**/*.{ts,tsx,js,mjs}'],
    ignores: [...TEST_FILES, '**/testing/**'],
    rules: { 'max-lines-per-function': ['error', MAX_FUNCTION_LINES] },
  },
  // Functions other engineers are splitting this session, each held at its current length so it
  // cannot grow; the lead removes each entry once that branch is merged.
  ...LONG_FUNCTIONS_BEING_SPLIT.map(({ file, lines }) => ({
    files: [file],
    rules: { 'max-lines-per-function': ['error', { ...MAX_FUNCTION_LINES, max: lines }] },
  })),

  // ── Architecture boundary ────────────────────────────────────────────────────────────────
  // Imports: no UI libraries, nothing from the UI layer and no Node built-ins (tests included),
  // and each pure layer only imports the layers below it.
  ...Object.entries(LAYER_IMPORTS).map(([dir, patterns]) => ({
    files: [pure(dir)],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...boundaryImportPatterns, ...patterns] }],
      '@typescript-eslint/no-restricted-imports': 'off',
    },
  })),
  {
    files: PURE_FILES,
    ignores: TEST_FILES,
    rules: {
      'no-restricted-imports': ['error', { patterns: [...boundaryImportPatterns, NODE_IMPORTS] }],
    },
  },
  // Layer-order checks also in pure non-test files (the rule above replaced the list for them).
  ...Object.entries(LAYER_IMPORTS).map(([dir, patterns]) => ({
    files: [pure(dir)],
    ignores: TEST_FILES,
    rules: { 'no-restricted-imports': ['error', { patterns: [...boundaryImportPatterns, NODE_IMPORTS, ...patterns] }] },
  })),

  // Features are presentational: no engine values (types only), no other feature, no export
  // builders other than through the export panel, no Node.
  {
    files: ['src/features/**/*.{ts,tsx}'],
    ignores: TEST_FILES,
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '(^|/)engine(/|$)', allowTypeImports: true, message: FEATURE_MESSAGE },
            { regex: '^\\.\\./(?!\\.\\./)', message: 'A feature never imports another feature: compose them in src/app.tsx, share pieces through src/components or src/fields.' },
          ],
        },
      ],
    },
  },
  // Shared presentational components: no store, no features (fields bound to the plan live in src/fields).
  {
    files: ['src/components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '(^|/)(state|features|fields)(/|$)', message: 'src/components is presentational: no store, no features. Fields bound to the plan store live in src/fields.' },
            { regex: '(^|/)engine(/(?!types$)|$)', message: 'src/components may use engine types only (src/engine/types).' },
          ],
        },
      ],
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
        banned('process', 'Node process: pass what you need in (the CLI wrappers in scripts/ read argv and env).'),
        banned('setTimeout', 'Timer: pure code runs to completion; schedule in src/state.'),
        banned('setInterval', 'Timer.'),
        banned('setImmediate', 'Timer.'),
        banned('requestAnimationFrame', 'Timer.'),
        banned('crypto', 'Randomness / Web Crypto.'),
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: `Clock read. Pass time in as an input. ${BOUNDARY_MESSAGE}` },
        { object: 'Math', property: 'random', message: `Randomness makes sizing non-deterministic. ${BOUNDARY_MESSAGE}` },
        { object: 'performance', property: 'now', message: `Clock read. ${BOUNDARY_MESSAGE}` },
        { object: 'crypto', property: 'getRandomValues', message: `Randomness. ${BOUNDARY_MESSAGE}` },
        { object: 'crypto', property: 'randomUUID', message: `Randomness. ${BOUNDARY_MESSAGE}` },
        ...['window', 'document', 'localStorage', 'sessionStorage', 'navigator', 'fetch', 'performance', 'crypto', 'process', 'setTimeout', 'setInterval'].map((property) => ({
          object: 'globalThis',
          property,
          message: `Browser global via globalThis. ${BOUNDARY_MESSAGE}`,
        })),
      ],
      'no-restricted-syntax': ['error', ...PURE_SYNTAX],
    },
  },
]);
