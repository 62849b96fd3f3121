'use strict';
// Runs a bundle from dist/bundle (scripts/bundle.mjs) with its V8 code cache, so a cold start skips
// compiling. With BRIEFDECK_WRITE_CODE_CACHE=1 it writes the cache instead, as the process exits.
const { createHash } = require('node:crypto');
const { existsSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname } = require('node:path');
const { Script } = require('node:vm');

exports.loadBundle = function loadBundle(file) {
  const source = readFileSync(file, 'utf8');
  // V8 checks a cache against the source's length only; the digest ties it to this very bundle
  const digest = createHash('sha256').update(source).digest();
  const cacheFile = `${file}.cache`;
  const writeCache = process.env.BRIEFDECK_WRITE_CODE_CACHE === '1';
  const stored = !writeCache && existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  const cachedData = stored && stored.subarray(0, 32).equals(digest) ? stored.subarray(32) : undefined;
  const script = new Script(Module.wrap(source), { filename: file, ...(cachedData ? { cachedData } : {}) });
  // made after the run, the cache holds every function the build compiled, not just the top level
  if (writeCache) {
    process.once('exit', () => {
      // by rename: several workers may write the worker bundle's cache at once
      const tmp = `${cacheFile}.${process.pid}.${require('node:worker_threads').threadId}.tmp`;
      writeFileSync(tmp, Buffer.concat([digest, script.createCachedData()]));
      renameSync(tmp, cacheFile);
    });
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, Module.createRequire(file), module, file, dirname(file));
  return { cache: writeCache ? 'writing' : !cachedData ? 'none' : script.cachedDataRejected ? 'rejected' : 'used' };
};
