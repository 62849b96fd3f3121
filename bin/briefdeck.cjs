#!/usr/bin/env node
'use strict';
// CommonJS, as an ES module entry costs Node some 30 ms more to start.
require('./load-bundle.cjs').loadBundle(require('node:path').join(__dirname, '../dist/bundle/cli.cjs'));
