// build --pdf, --notes and --watch (issue 15).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import { builtDecks, cli, HAS_PDFTOTEXT, HAS_SOFFICE, requireTool, SEED, tempDir } from './helpers/env.js';
import { openDeck } from './helpers/pptx.js';
import { pdfPages, pdfText } from './helpers/soffice.js';

const withLibreOffice = requireTool('LibreOffice (soffice)', HAS_SOFFICE) && requireTool('poppler-utils (pdftotext)', HAS_PDFTOTEXT);

describe.skipIf(!withLibreOffice)('build --pdf (issue 15)', () => {
  it('writes a PDF beside the deck with one page per slide', async () => {
    const dir = tempDir();
    const r = await cli('build', SEED, '-o', dir, '--pdf');
    expect(r.code).toBe(0);
    const pdf = join(dir, 'xi-south-korea-visit.pdf');
    expect(r.out).toContain(`wrote ${pdf}`);
    const slides = (await openDeck(join(dir, 'xi-south-korea-visit.pptx'))).slides.length;
    expect(slides).toBe(10);
    expect(await pdfPages(pdf)).toBe(slides);
    const pages = await pdfText(pdf);
    expect(pages[4]).toContain('Relations before and after the visit');
  });

  it('--notes writes notes pages: one per slide, portrait, with the speaker notes', async () => {
    const dir = tempDir();
    const r = await cli('build', SEED, '-o', dir, '--pdf', '--notes');
    expect(r.code).toBe(0);
    const pdf = join(dir, 'xi-south-korea-visit.pdf');
    expect(await pdfPages(pdf)).toBe(10);
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    const [w, h] = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info)!.slice(1).map(Number);
    expect(h!).toBeGreaterThan(w!);
    // slide 3's notes are the article's paragraph
    expect((await pdfText(pdf))[2]!.replace(/\s+/g, ' ')).toContain('recent visit to South Korea marks a significant moment');
  });
});

describe('build --pdf without LibreOffice (issue 15)', () => {
  it('fails with exit 5 naming the Debian package, and still writes the .pptx', async () => {
    const dir = tempDir();
    const path = process.env['PATH'];
    process.env['PATH'] = tempDir('empty-path-');
    let r;
    try {
      r = await cli('build', SEED, '-o', dir, '--pdf');
    } finally {
      process.env['PATH'] = path;
    }
    expect(r.code).toBe(5);
    expect(r.err.join('\n')).toMatch(/LibreOffice \(soffice\) is not installed.*libreoffice-impress/);
    expect(existsSync(join(dir, 'xi-south-korea-visit.pptx'))).toBe(true);
    expect(existsSync(join(dir, 'xi-south-korea-visit.pdf'))).toBe(false);
  });

  it('--notes without --pdf is a usage error', async () => {
    expect((await cli('build', SEED, '-o', tempDir(), '--notes')).code).toBe(2);
  });
});

describe('build --watch (issue 15)', () => {
  it('rebuilds on every save, one line per rebuild, and reports a broken file at file:line:col', async () => {
    const dir = tempDir();
    const file = join(dir, 'visit.yaml');
    const seed = readFileSync(SEED, 'utf8');
    writeFileSync(file, seed);
    const out: string[] = [];
    const err: string[] = [];
    const stop = new AbortController();
    const waitFor = async (n: number) => {
      for (let i = 0; i < 400 && out.length < n; i++) await new Promise((r) => setTimeout(r, 50));
      expect(out.length, out.join('\n')).toBeGreaterThanOrEqual(n);
    };
    const run = runCli(['build', file, '-o', join(dir, 'out'), '--watch'], { out: (l) => out.push(l), err: (l) => err.push(l), signal: stop.signal });
    await waitFor(1);
    const deck = join(dir, 'out', 'visit.pptx');
    expect(out[0]).toMatch(new RegExp(`^\\[\\d\\d:\\d\\d:\\d\\d\\] built ${deck.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(10 slides\\) in \\d+ ms$`));
    builtDecks.push(deck);

    writeFileSync(file, seed.replace('title: A symbolic restart', 'title: Edited while watching'));
    await waitFor(2);
    expect(out[1]).toMatch(/\] built .*visit\.pptx \(10 slides\)/);
    expect(JSON.stringify((await openDeck(deck)).slides.map((s) => s.texts))).toContain('Edited while watching');

    const lines = seed.split('\n');
    const at = lines.findIndex((l) => l.startsWith('  classification:'));
    lines.splice(at + 1, 0, '  clasification: SECRET');
    writeFileSync(file, lines.join('\n'));
    await waitFor(3);
    expect(out[2]).toContain(`failed: ${file}:${at + 2}:3:`);
    // the last good deck stays
    expect(JSON.stringify((await openDeck(deck)).slides.map((s) => s.texts))).toContain('Edited while watching');

    writeFileSync(file, seed);
    await waitFor(4);
    expect(out[3]).toMatch(/\] built /);

    // deleted and written again, as git checkout and git stash do: still watched
    rmSync(file);
    await waitFor(5);
    expect(out[4]).toContain(`failed: ${file}: no such file`);
    writeFileSync(file, seed.replace('title: A symbolic restart', 'title: Back after a checkout'));
    await waitFor(6);
    expect(out[5]).toMatch(/\] built /);
    expect(JSON.stringify((await openDeck(deck)).slides.map((s) => s.texts))).toContain('Back after a checkout');
    stop.abort();
    expect(await run).toBe(0);
    expect(out).toHaveLength(6);
  });
});
