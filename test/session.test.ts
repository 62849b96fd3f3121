import { cpSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { BuildSession } from '../src/session.js';
import { builtDecks, SEED, tempDir } from './helpers/env.js';
import { openDeck } from './helpers/pptx.js';

describe('a warm build session (issue 10)', () => {
  it('sees an edited template and an edited content file, and builds what a cold session builds', async () => {
    const dir = tempDir('warm-');
    cpSync('templates/briefing', join(dir, 'templates'), { recursive: true });
    writeFileSync(join(dir, 'visit.yaml'), readFileSync(SEED, 'utf8'));
    const session = BuildSession.create({ outDir: join(dir, 'out') });
    const first = await session.build({ input: join(dir, 'visit.yaml') });
    const footer = join(dir, 'templates/partials/footer.hbs');
    writeFileSync(footer, readFileSync(footer, 'utf8').replace('{{footer}}', 'EDITED {{footer}}'));
    // a file system with coarse timestamps could leave mtime unchanged within a second; the size changed anyway
    utimesSync(footer, new Date(), new Date(Date.now() + 5000));
    const second = await session.build({ input: join(dir, 'visit.yaml') });
    expect(second.outputHash).not.toBe(first.outputHash);
    // the footer is drawn on the slides' layouts
    const parts = unzipSync(readFileSync(second.output));
    expect(Object.entries(parts).some(([name, b]) => name.startsWith('ppt/slideLayouts/') && strFromU8(b).includes('EDITED '))).toBe(true);
    const cold = await BuildSession.create({ outDir: join(dir, 'cold') }).build({ input: join(dir, 'visit.yaml') });
    expect(cold.outputHash).toBe(second.outputHash);
    writeFileSync(join(dir, 'visit.yaml'), readFileSync(SEED, 'utf8').replace('  title: President Xi', '  title: Edited President Xi'));
    const third = await session.build({ input: join(dir, 'visit.yaml') });
    expect((await openDeck(third.output)).slides[0]!.texts.join(' ')).toContain('Edited President Xi');
  });
});

describe("a session's working folder (issue 10)", () => {
  it('resolves relative content and output paths against `cwd` and finds briefdeck.config.yaml there, not in the process folder', async () => {
    const dir = tempDir('cwd-');
    writeFileSync(join(dir, 'visit.yaml'), readFileSync(SEED, 'utf8'));
    writeFileSync(join(dir, 'briefdeck.config.yaml'), 'set: memo\n');
    const session = BuildSession.create({ cwd: dir, outDir: 'out' });
    expect(session.options.cwd).toBe(dir);
    // the config of the working folder chose the set; the process's folder (the repo) has none
    expect(session.templateRoots(undefined).roots.roots[0]).toMatch(/templates[\\/]memo$/);
    const r = await session.build({ input: 'visit.yaml' });
    expect(r.output).toBe(join('out', 'visit.pptx'));
    const written = join(dir, 'out', 'visit.pptx');
    builtDecks.push(written);
    expect(r.outputHash).toBe((await BuildSession.create({ outDir: join(dir, 'cold') }).build({ input: join(dir, 'visit.yaml'), template: 'memo' })).outputHash);
    expect((await openDeck(written)).slides.length).toBeGreaterThan(5);
    // a missing file is named as given
    await expect(session.build({ input: 'nope.yaml' })).rejects.toMatchObject({ code: 'CONTENT_READ', location: { file: 'nope.yaml' } });
    expect(relative(dir, written)).toBe(join('out', 'visit.pptx'));
  });
});

describe("the session's byte budget (issue 10)", () => {
  it('counts a template set with its compiled templates: a budget too small for an engine keeps no set', () => {
    const roomy = BuildSession.create();
    expect(roomy.templateSet(undefined, 'memo')).toBe(roomy.templateSet(undefined, 'memo'));
    // a set's files are a few KiB, but its Handlebars environment is not: with 4 MiB in all, the
    // sets' share cannot hold one, so every call loads the set again
    const tight = BuildSession.create({ cacheBytes: 4 << 20 });
    const a = tight.templateSet(undefined, 'memo');
    const b = tight.templateSet(undefined, 'memo');
    expect(b).not.toBe(a);
    expect([...b.files.keys()]).toEqual([...a.files.keys()]);
  });
});
