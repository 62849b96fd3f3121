#!/usr/bin/env node
'use strict';
// CommonJS, as an ES module entry makes Node start measurably slower.
const bundle = require('node:path').join(__dirname, '../dist/bundle/cli.cjs');
if (!require('node:fs').existsSync(bundle)) {
  // a checkout that was never built (or a build in progress): say what to run, not a stack trace
  process.stderr.write(`error: briefdeck is not built here (${bundle} is missing); run \`npm install\` or \`npm run build\` in ${require('node:path').join(__dirname, '..')}\n`);
  process.exitCode = 1;
} else {
  require('./load-bundle.cjs').loadBundle(bundle);
}
