#!/usr/bin/env node
'use strict';
// Runs the CLI bundle (scripts/bundle.mjs) with its V8 code cache, so a cold start skips compiling.
// CommonJS, as an ES module entry costs Node some 30 ms more to start.
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { join } = require('node:path');
const { Script } = require('node:vm');

const T0 = performance.now();
const file = join(__dirname, '../dist/bundle/cli.cjs');
const cacheFile = `${file}.cache`;
const writeCache = process.env.BRIEFDECK_WRITE_CODE_CACHE === '1';
const cachedData = !writeCache && existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, ...(cachedData ? { cachedData } : {}) });
const T1 = performance.now();
// made after the run, the cache holds every function the build compiled, not just the top level
if (writeCache) process.once('exit', () => writeFileSync(cacheFile, script.createCachedData()));
const module_ = { exports: {} };
script.runInThisContext()(module_.exports, Module.createRequire(file), module_, file, join(__dirname, '../dist/bundle'));
const T2 = performance.now();
process.on('exit', () => process.stderr.write(`boot ${T0.toFixed(0)} deserialize ${(T1-T0).toFixed(0)} init+sync ${(T2-T1).toFixed(0)} rest ${(performance.now()-T2).toFixed(0)} total ${performance.now().toFixed(0)}\n`));
