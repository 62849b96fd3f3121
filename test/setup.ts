import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, expect } from 'vitest';
import { checkDeck, formatDeckProblem } from '../src/pptx/check.js';
import { builtDecks, HAS_SOFFICE, removeTempDirs, tempDir } from './helpers/env.js';
import { openDeck } from './helpers/pptx.js';

const run = promisify(execFile);

// Property tests run on one seed, so a CI run is repeatable: a counterexample becomes a test of its own
// (see test/fit-properties.test.ts). FC_SEED=random (or a number) explores other inputs.
const seed = process.env['FC_SEED'];
if (seed !== 'random') fc.configureGlobal({ seed: seed ? Number(seed) : 20261130 });
export const SHARED_XSD = '../shared/ooxml-xsd';

/**
 * Every deck built in a test file must pass `check` against the shared ECMA-376 schemas and, where
 * LibreOffice is present (always in CI), convert to a PDF with one page per slide.
 */
afterAll(async () => {
  try {
    await checkBuiltDecks();
  } finally {
    // this hook runs after the test file's own; the decks it checked lie in these folders
    removeTempDirs();
  }
}, 600_000);

async function checkBuiltDecks(): Promise<void> {
  // identical decks (the seed is built many times) are checked and converted once
  const byHash = new Map<string, string>();
  for (const d of new Set(builtDecks)) if (existsSync(d)) byHash.set(createHash('sha256').update(readFileSync(d)).digest('hex'), d);
  const decks = [...byHash.values()];
  if (decks.length === 0) return;
  const problems: string[] = [];
  for (const d of decks) {
    for (const p of await checkDeck(readFileSync(d), { schemaDir: SHARED_XSD })) problems.push(formatDeckProblem(d, p));
  }
  expect(problems, 'briefdeck check on every deck built in this file').toEqual([]);
  if (!HAS_SOFFICE) return;
  const outDir = tempDir('lo-all-');
  const profile = tempDir('lo-profile-');
  // one LibreOffice process for all of this file's decks; names can repeat across folders, so convert one by one
  for (const d of decks) {
    const dir = mkdtempSync(join(outDir, 'd-'));
    await run('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, d], { timeout: 180_000 });
    const pdf = join(dir, basename(d).replace(/\.pptx$/, '.pdf'));
    expect(existsSync(pdf), `LibreOffice converts ${d}`).toBe(true);
    const { stdout } = await run('pdfinfo', [pdf]);
    const pages = Number(/Pages:\s+(\d+)/.exec(stdout)?.[1]);
    expect(pages, `pages of ${d}`).toBe((await openDeck(d)).slides.length);
  }
}
