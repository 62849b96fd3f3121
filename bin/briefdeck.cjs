#!/usr/bin/env node
'use strict';
// CommonJS, as an ES module entry makes Node start measurably slower.
require('./load-bundle.cjs').loadBundle(require('node:path').join(__dirname, '../dist/bundle/cli.cjs'));
