// The floors of src/ (README "Architecture", issue 10): imports point downward only and never form
// a cycle, type-only imports included. `npm run deps` checks this; `npm test` runs it before vitest,
// and test/architecture.test.ts plants violations in a copy of src/ to show that each rule bites.
//
//   5 drivers  cli/ batch/ preview/    use the API, base/ and each other, never a stage
//   4 API      session.ts api/
//   3 pptx/
//   2 stages   content/ < template/ < layout/ < fit/   (a later stage may use an earlier one)
//   1 theme/
//   0 base/
//   index.ts, the package entry, re-exports from any floor; nothing in src/ imports it.
const { readFileSync } = require('node:fs');
const { join, posix } = require('node:path');

const BASE = '^src/base/';
const THEME = '^src/theme/';
const STAGES = '^src/(content|template|layout|fit)/';
const PPTX = '^src/pptx/';
const API = '^src/(session\\.ts$|api/)';
const DRIVERS = '^src/(cli|batch|preview)/';
const ENTRY = '^src/index\\.ts$';

const escape = (s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

/**
 * The files a package offers to importers: its main, module and types fields and every target of
 * its exports map. Anything else under node_modules/<name>/ is a deep path into its internals.
 * A target may omit its extension or name a folder, as Node's and TypeScript's resolution allow.
 */
function entryPattern(name) {
  let pkg;
  try {
    pkg = JSON.parse(readFileSync(join(__dirname, 'node_modules', name, 'package.json'), 'utf8'));
  } catch {
    return undefined; // not installed (e.g. an optional dependency): nothing can resolve into it
  }
  const targets = new Set([pkg.main ?? 'index.js', pkg.module, pkg.types, pkg.typings, typeof pkg.browser === 'string' ? pkg.browser : undefined]);
  const walk = (node) => {
    if (typeof node === 'string') targets.add(node);
    else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(pkg.exports);
  const files = [...targets]
    .filter((t) => typeof t === 'string')
    .map((t) => escape(posix.normalize(t).replace(/^\.\//, '').replace(/\/$/, '')).replace(/\*/g, '.+'));
  return `node_modules/${escape(name)}/(${files.join('|')})(\\.(js|cjs|mjs|json|d\\.ts)|/index\\.(js|d\\.ts))?$`;
}

const pkg = JSON.parse(readFileSync(join(__dirname, 'package.json'), 'utf8'));
const ENTRY_FILES = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })
  .map(entryPattern)
  .filter(Boolean);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    // ---- floors ----
    {
      name: 'base-imports-nothing-above',
      comment: 'base/ is the ground floor: it imports only base/, Node and npm packages.',
      severity: 'error',
      from: { path: BASE },
      to: { path: '^src/', pathNot: BASE },
    },
    {
      name: 'theme-imports-only-base',
      comment: 'theme/ (floor 1) sits below every stage: it imports only base/ and theme/.',
      severity: 'error',
      from: { path: THEME },
      to: { path: '^src/', pathNot: [BASE, THEME] },
    },
    {
      name: 'stages-import-nothing-above',
      comment: 'The stages (floor 2) import only base/, theme/ and the stages; pptx/, the API, drivers and index.ts are above them.',
      severity: 'error',
      from: { path: STAGES },
      to: { path: '^src/', pathNot: [BASE, THEME, STAGES] },
    },
    {
      name: 'content-not-to-later-stages',
      comment: 'content/ is the first stage: template/, layout/ and fit/ may use its types, never the reverse.',
      severity: 'error',
      from: { path: '^src/content/' },
      to: { path: '^src/(template|layout|fit)/' },
    },
    {
      name: 'template-not-to-later-stages',
      comment: 'template/ comes before layout/ and fit/ in the pipeline; it may use content/, not them.',
      severity: 'error',
      from: { path: '^src/template/' },
      to: { path: '^src/(layout|fit)/' },
    },
    {
      name: 'layout-not-to-fit',
      comment: 'fit/ works on the layout tree; layout/ must not know about fitting.',
      severity: 'error',
      from: { path: '^src/layout/' },
      to: { path: '^src/fit/' },
    },
    {
      name: 'pptx-imports-nothing-above',
      comment: 'pptx/ (floor 3) imports only the floors below it: base/, theme/ and the stages.',
      severity: 'error',
      from: { path: PPTX },
      to: { path: '^src/', pathNot: [BASE, THEME, STAGES, PPTX] },
    },
    {
      name: 'api-not-to-drivers',
      comment: 'The API (session.ts, api/) is used by the drivers, never the reverse.',
      severity: 'error',
      from: { path: API },
      to: { path: DRIVERS },
    },
    {
      name: 'drivers-use-the-api',
      comment: 'Drivers (cli/, batch/, preview/) reach the stages only through the API (session.ts, api/): never theme/, a stage or pptx/ directly.',
      severity: 'error',
      from: { path: DRIVERS },
      to: { path: '^src/(theme|content|template|layout|fit|pptx)/' },
    },
    {
      name: 'not-to-package-entry',
      comment: 'src/index.ts is the package entry, on top of everything; importing it from src/ runs back up.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: ENTRY },
    },
    {
      name: 'entry-not-to-cli',
      comment: 'The library never prints or exits: the package entry must not pull in the CLI.',
      severity: 'error',
      from: { path: ENTRY },
      to: { path: '^src/cli/' },
    },
    {
      name: 'no-circular',
      comment: 'No import cycles, type-only imports included (tsPreCompilationDeps).',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },

    // ---- foreign engines: one owner each ----
    {
      name: 'pptxgenjs-only-in-pptx-engine',
      comment: 'src/pptx/engine.ts is the only module that touches pptxgenjs or its JSZip, types included.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/pptx/engine\\.ts$' },
      to: { path: 'node_modules/(pptxgenjs|jszip)/' },
    },
    {
      name: 'handlebars-only-in-template-engine',
      comment: 'src/template/engine.ts is the only module that touches Handlebars, types included.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/template/engine\\.ts$' },
      to: { path: 'node_modules/handlebars/' },
    },
    {
      name: 'module-loaders-only-where-needed',
      comment:
        'createRequire and vm load code these rules cannot see; only pptx/engine.ts (pptxgenjs) and pptx/check.ts (xmllint-wasm) need them. batch/gc.ts (a driver) uses vm for one fixed expression (the gc function of a new context) and loads no code.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(pptx/(engine|check)|batch/gc)\\.ts$' },
      to: { dependencyTypes: ['core'], path: '^(node:)?(module|vm)$' },
    },

    // ---- where src/ may reach ----
    {
      name: 'not-to-test',
      comment: 'src/ never imports test code.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^test/' },
    },
    {
      name: 'src-stays-in-src',
      comment: 'src/ imports src/, Node and npm packages only: not bench/, scripts/, dist/ or files beside them.',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: false, dependencyTypesNot: ['core'], pathNot: ['^src/', '^test/', 'node_modules/'] },
    },
    {
      name: 'no-deep-package-import',
      comment: "Import a package by its name or an entry its package.json exports, never a file inside it (its internals change without notice).",
      severity: 'error',
      from: { path: '^src/' },
      // an undeclared package is no-non-package-json's to report
      to: { path: 'node_modules/', pathNot: ENTRY_FILES, dependencyTypesNot: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'no-relative-node-modules',
      comment: "A relative path into node_modules/ bypasses package resolution; import the package by name.",
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['local'], path: 'node_modules/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves to a file on disk.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-non-package-json',
      comment: 'Every npm package src/ imports is declared in package.json.',
      severity: 'error',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'not-to-dev-dep',
      comment: 'At run time src/ needs only "dependencies"; a devDependency may be used for its types alone.',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only', 'type-import'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // type-only imports count: a cycle or an upward arrow through types is still one
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
