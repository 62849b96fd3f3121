// The CLI as one CommonJS bundle, plus a V8 code cache made by building the seed deck once.
// Node 20 has no module compile cache (22 does): parsing and compiling some hundred modules, and
// then every function a build runs, was most of a cold `briefdeck build`. bin/briefdeck.cjs loads
// the bundle with the cache; a Node whose V8 rejects it just compiles as usual.
// The library (dist/index.js) is not bundled.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

// pptxgenjs is bundled as the factory that dist/pptx/engine.js makes of it at run time (its one
// JSZip given by the engine, its dynamic imports of Node built-ins made requires), and reaches the
// engine through __BRIEFDECK_ENGINE__, with the JSZip that pptxgenjs itself depends on
const require = createRequire(import.meta.url);
const pptxgenFile = require.resolve('pptxgenjs');
const jszipFile = createRequire(pptxgenFile).resolve('jszip');
const { adaptPptxgenSource } = await import(pathToFileURL(resolve('dist/pptx/engine.js')).href);
// a scratch file: it names this machine's paths, so it stays out of dist/
const injectDir = mkdtempSync(join(tmpdir(), 'briefdeck-inject-'));
const inject = join(injectDir, 'engine-inject.mjs');
writeFileSync(inject, `import pptxgen from ${JSON.stringify(pptxgenFile)};\nimport JSZip from ${JSON.stringify(jszipFile)};\nexport const __BRIEFDECK_ENGINE__ = { pptxgen, JSZip };\n`);
const plugin = {
  name: 'briefdeck-bundle',
  setup(b) {
    b.onLoad({ filter: /[\\/]pptxgenjs[\\/]dist[\\/]pptxgen\.cjs\.js$/ }, ({ path }) => ({ contents: adaptPptxgenSource(readFileSync(path, 'utf8')), loader: 'js' }));
    // commander requires node:child_process up front, for executable subcommands briefdeck has none of
    b.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, ({ path }) => ({
      contents: readFileSync(path, 'utf8').replace(/\brequire\('node:child_process'\)/g, "new Proxy({}, { get: (_, k) => require('node:child_process')[k] })"),
      loader: 'js',
    }));
  },
};

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['xmllint-wasm'],
  plugins: [plugin],
  inject: [inject],
  // modules find templates, schemas and workers beside themselves; in the bundle, beside it
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  minify: process.env.BUNDLE_MINIFY !== '0',
  legalComments: 'eof',
  logLevel: 'warning',
};
rmSync('dist/bundle', { recursive: true, force: true });
try {
  await build({ ...common, entryPoints: ['dist/cli/bin.js'], outfile: 'dist/bundle/cli.cjs' });
  await build({ ...common, entryPoints: ['dist/batch/worker.js'], outfile: 'dist/bundle/worker.cjs' });
} finally {
  rmSync(injectDir, { recursive: true, force: true });
}

for (const f of ['cli.cjs', 'worker.cjs']) {
  // bin/briefdeck.cjs runs the bundle as a script, which has no import() once it comes from the cache
  if (/\bimport\(\s*["'`]/.test(readFileSync(`dist/bundle/${f}`, 'utf8'))) throw new Error(`dist/bundle/${f} has a dynamic import(); use a static import or require`);
}

// a pool worker starts from this file, which runs the worker bundle the same way
writeFileSync('dist/bundle/worker-entry.cjs', "'use strict';\nrequire('../../bin/load-bundle.cjs').loadBundle(require('node:path').join(__dirname, 'worker.cjs'));\n");

// the caches: one deck on this thread, then a batch whose second deck a worker builds
const out = mkdtempSync(join(tmpdir(), 'briefdeck-cache-'));
try {
  const run = (...args) => execFileSync(process.execPath, ['bin/briefdeck.cjs', 'build', ...args, '-o', out, '--force'], { env: { ...process.env, BRIEFDECK_WRITE_CODE_CACHE: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
  run('data/xi-south-korea-visit.yaml');
  renameSync('dist/bundle/cli.cjs.cache', join(out, 'cli.cache'));
  run('data/meetings.yaml', '-j', '2');
  renameSync(join(out, 'cli.cache'), 'dist/bundle/cli.cjs.cache');
} finally {
  rmSync(out, { recursive: true, force: true });
}
