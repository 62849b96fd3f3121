'use strict';
// Runs a bundle from dist/bundle (scripts/bundle.mjs) with its V8 code cache, so a cold start skips
// compiling. With BRIEFDECK_WRITE_CODE_CACHE=1 it writes the cache instead, as the process exits.
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname } = require('node:path');
const { Script } = require('node:vm');

exports.loadBundle = function loadBundle(file) {
  const cacheFile = `${file}.cache`;
  const writeCache = process.env.BRIEFDECK_WRITE_CODE_CACHE === '1';
  const cachedData = !writeCache && existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, ...(cachedData ? { cachedData } : {}) });
  // made after the run, the cache holds every function the build compiled, not just the top level
  if (writeCache) process.once('exit', () => writeFileSync(cacheFile, script.createCachedData()));
  const module = { exports: {} };
  script.runInThisContext()(module.exports, Module.createRequire(file), module, file, dirname(file));
};
