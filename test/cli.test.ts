import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cli, SEED, tempDir } from './helpers/env.js';
import { openDeck } from './helpers/pptx.js';

const run = promisify(execFile);

describe('briefdeck CLI', () => {
  it.each(['build', 'validate', 'check', 'schema', 'templates', 'templates list', 'templates eject'])('%s --help shows examples', async (cmd) => {
    const r = await cli(...cmd.split(' '), '--help');
    expect(r.code).toBe(0);
    const text = r.out.join('\n');
    expect(text).toMatch(/Examples:/);
    expect(text).toContain(`$ briefdeck ${cmd}`);
  });

  it('top-level --help lists the exit codes', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toMatch(/Exit codes:[\s\S]*3 +invalid content/);
  });

  it('an unknown command or option is a usage error', async () => {
    expect((await cli('frobnicate')).code).toBe(2);
    expect((await cli('build', '--nope', SEED)).code).toBe(2);
  });

  it('schema prints the committed JSON Schema', async () => {
    const r = await cli('schema');
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.out.join('\n')) as Record<string, unknown>;
    expect(printed).toEqual(JSON.parse(readFileSync('schema/content.schema.json', 'utf8')));
    expect(printed['required']).toEqual(['deck', 'sections']);
  });

  it('schema --manifest prints the committed manifest schema, which data/meetings.yaml names', async () => {
    const r = await cli('schema', '--manifest');
    expect(JSON.parse(r.out.join('\n'))).toEqual(JSON.parse(readFileSync('schema/meetings.schema.json', 'utf8')));
    expect(readFileSync('data/meetings.yaml', 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/meetings.schema.json');
  });

  it('the seed data file points editors at the schema', () => {
    expect(readFileSync(SEED, 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/content.schema.json');
  });

  it('validate says ok for the seed', async () => {
    const r = await cli('validate', SEED);
    expect(r).toMatchObject({ code: 0, out: [`${SEED}: ok`] });
  });

  it('build -t with an unknown set fails with the list of sets, in parentheses that do not nest (issue 13)', async () => {
    const r = await cli('build', SEED, '-o', tempDir(), '-t', 'nosuch');
    expect(r.code).toBe(4);
    expect(r.err).toEqual(['error: no template set "nosuch" (built-in sets: briefing, memo, reference; or give a folder of templates)']);
  });

  it('builds several files, and keeps going past a bad one', async () => {
    const dir = tempDir();
    const r = await cli('build', 'no/such.yaml', SEED, '-o', dir);
    expect(r.code).toBe(1); // a batch: 1 when any deck failed
    expect(existsSync(join(dir, 'xi-south-korea-visit.pptx'))).toBe(true);
  });

  it('the built binary runs (one real spawn)', async () => {
    const dir = tempDir();
    const { stdout } = await run(process.execPath, ['bin/briefdeck.cjs', 'build', SEED, '-o', dir]);
    expect(stdout).toMatch(/built .*xi-south-korea-visit\.pptx \(10 slides/);
    expect((await openDeck(join(dir, 'xi-south-korea-visit.pptx'))).slides).toHaveLength(10);
    const bad = await run(process.execPath, ['bin/briefdeck.cjs', 'validate', 'no/such.yaml']).catch((e: { code: number; stderr: string }) => e);
    expect(bad).toMatchObject({ code: 3 });
    // the V8 code cache npm run build made is the one V8 takes for this bundle
    const probe = `process.argv = [process.argv[0], 'briefdeck', '--version']; process.stderr.write(require('./bin/load-bundle.cjs').loadBundle(require('node:path').resolve('dist/bundle/cli.cjs')).cache);`;
    expect((await run(process.execPath, ['-e', probe])).stderr).toBe('used');
    // the bundle (precompiled templates, its own worker) writes the very bytes the sources do
    const bundled = tempDir();
    await run(process.execPath, ['bin/briefdeck.cjs', 'build', 'data/meetings.yaml', '-o', bundled, '-j', '2']);
    const fromSource = tempDir();
    expect((await cli('build', 'data/meetings.yaml', '-o', fromSource, '-j', '1')).code).toBe(0);
    const decks = readdirSync(fromSource).filter((f) => f.endsWith('.pptx'));
    expect(decks).toHaveLength(3);
    for (const d of decks) expect(readFileSync(join(bundled, d)).equals(readFileSync(join(fromSource, d))), d).toBe(true);
  });
});
