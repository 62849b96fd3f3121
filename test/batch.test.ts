import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BatchReport } from '../src/batch/run.js';
import { cli, SEED, tempDir } from './helpers/env.js';
import { openDeck } from './helpers/pptx.js';

const report = (dir: string) => JSON.parse(readFileSync(join(dir, 'build-report.json'), 'utf8')) as BatchReport;
const statuses = (r: BatchReport) => r.decks.map((d) => `${d.status} ${d.output.replace(/^.*\//, '')}`);

/** A folder with a copy of the seed and a manifest of `n` meetings over it. */
function meetings(n: number, extra = ''): { dir: string; manifest: string } {
  const dir = tempDir('meet-');
  writeFileSync(join(dir, 'visit.yaml'), readFileSync(SEED, 'utf8'));
  const entries = Array.from({ length: n }, (_, i) => `  - name: m${String(i + 1).padStart(2, '0')}\n    deck: {subtitle: "Meeting ${i + 1}"}\n`).join('');
  writeFileSync(join(dir, 'meetings.yaml'), `content: visit.yaml\n${extra}meetings:\n${entries}`);
  return { dir, manifest: join(dir, 'meetings.yaml') };
}

describe('manifests (issue 6)', () => {
  it('builds one deck per meeting of data/meetings.yaml, each with its overrides merged over the shared content', async () => {
    const out = tempDir();
    const r = await cli('build', 'data/meetings.yaml', '-o', out);
    expect(r.code, r.err.join('\n')).toBe(0);
    expect(statuses(report(out))).toEqual(['built visit-principal-briefing.pptx', 'built visit-working-level.pptx', 'built visit-press-office.pptx']);
    const principal = await openDeck(join(out, 'visit-principal-briefing.pptx'));
    expect(principal.slides[0]!.texts).toContain("Briefing for the principal ahead of the leaders' meeting");
    expect(principal.slides[0]!.texts).toContain('President Xi Jinping’s Visit to South Korea'); // the shared title stays
    const working = await openDeck(join(out, 'visit-working-level.pptx'));
    expect(working.slides[1]!.texts).toContain('Contents'); // the memo set, from the manifest
    expect(working.slides[3]!.shown.filter((t) => t === 'CUI')).toHaveLength(2);
    const press = await openDeck(join(out, 'visit-press-office.pptx'));
    expect(press.slides[3]!.layoutXml).toContain('<a:srgbClr val="3F3F46"/>'); // the title bar is chrome, on the layout
    expect(press.slides[3]!.shown).toContain('Press Office'); // organization → footer
    // the tables come through untouched in every variant
    expect(press.slides.flatMap((s) => s.tables)).toEqual(principal.slides.flatMap((s) => s.tables));
  });

  it('reports manifest mistakes with file:line:col', async () => {
    const { dir, manifest } = meetings(2);
    writeFileSync(manifest, 'content: visit.yaml\nmeetings:\n  - name: a\n    deck: {subtitel: x}\n  - name: a\n');
    const r = await cli('build', manifest, '-o', dir);
    expect(r.code).toBe(3);
    expect(r.err.join('\n')).toMatch(/meetings\.yaml:4:12: meetings\[0\]\.deck\.subtitel: unknown key `subtitel`; did you mean `subtitle`\?/);
    expect(r.err.join('\n')).toMatch(/meetings\.yaml:5:11: meetings\[1\]\.name: name "a" is already used by meetings\[0\]/);
  });
});

describe('batches (issue 6)', () => {
  it('one failing deck does not stop the others; its line, the summary, exit code and report say so, each once (issues 6, 13)', async () => {
    const dir = tempDir('batch-');
    writeFileSync(join(dir, 'a.yaml'), 'deck: {title: A}\nsections: [{title: One, summary: x}]\n');
    writeFileSync(join(dir, 'b.yaml'), 'deck: {title: B}\nsections:\n  - title: Two\n    tabels: []\n');
    writeFileSync(join(dir, 'c.yaml'), 'deck: {title: C}\nsections: [{title: Three, bullets: [y]}]\n');
    const out = join(dir, 'out');
    const r = await cli('build', dir, '-o', out, '-j', '2');
    expect(r.code).toBe(1);
    expect(existsSync(join(out, 'a.pptx'))).toBe(true);
    expect(existsSync(join(out, 'c.pptx'))).toBe(true);
    expect(existsSync(join(out, 'b.pptx'))).toBe(false);
    expect(r.out).toEqual([
      `built ${out}/a.pptx (3 slides)`,
      `failed ${out}/b.pptx: ${dir}/b.yaml:4:5: sections[0].tabels: unknown key \`tabels\`; did you mean \`tables\`?`,
      `built ${out}/c.pptx (3 slides)`,
    ]);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(/^2 built, 0 skipped, 1 failed \(3 decks in \d+\.\d s\)$/);
    const rep = report(out);
    expect(rep.summary).toMatchObject({ built: 2, skipped: 0, failed: 1, total: 3 });
    expect(rep.decks[1]).toMatchObject({ status: 'failed', error: { code: 'CONTENT_INVALID', location: { line: 4, col: 5 } } });
  });

  it('takes folders and globs', async () => {
    const { dir } = meetings(2);
    writeFileSync(join(dir, 'extra.yaml'), 'deck: {title: X}\nsections: [{title: S, summary: s}]\n');
    const out = tempDir();
    const r = await cli('build', `${dir}/*.yaml`, '-o', out, '-j', '1');
    expect(r.code, r.err.join('\n')).toBe(0);
    // the manifest's shared content is not built on its own
    expect(statuses(report(out))).toEqual(['built extra.pptx', 'built m01.pptx', 'built m02.pptx']);
  });

  it('writes the same decks and the same report order with one worker or two', async () => {
    const { manifest } = meetings(5);
    const a = tempDir();
    const b = tempDir();
    expect((await cli('build', manifest, '-o', a, '-j', '1')).code).toBe(0);
    expect((await cli('build', manifest, '-o', b, '-j', '2')).code).toBe(0);
    const ra = report(a);
    const rb = report(b);
    expect(rb.decks.map((d) => d.meeting)).toEqual(ra.decks.map((d) => d.meeting));
    for (const d of ra.decks) {
      const name = d.output.replace(/^.*\//, '');
      expect(readFileSync(join(b, name)).equals(readFileSync(join(a, name))), name).toBe(true);
    }
  });
});

describe('incremental builds (issue 6)', () => {
  it('skips unchanged decks and rebuilds on a change to content, template, theme image or --force', async () => {
    const { dir, manifest } = meetings(2);
    const root = join(dir, 'brand');
    mkdirSync(join(root, 'partials'), { recursive: true });
    const footer = readFileSync('templates/briefing/partials/footer.hbs', 'utf8');
    writeFileSync(join(root, 'partials', 'footer.hbs'), footer);
    const out = join(dir, 'out');
    const build = async (...extra: string[]) => {
      const r = await cli('build', manifest, '-o', out, '-t', root, ...extra);
      expect(r.code, r.err.join('\n')).toBe(0);
      return statuses(report(out));
    };
    expect(await build()).toEqual(['built m01.pptx', 'built m02.pptx']);
    expect(await build()).toEqual(['skipped m01.pptx', 'skipped m02.pptx']);
    // a template change
    writeFileSync(join(root, 'partials', 'footer.hbs'), footer.replace('{{footer}}', 'Changed {{footer}}'));
    expect(await build()).toEqual(['built m01.pptx', 'built m02.pptx']);
    expect((await openDeck(join(out, 'm01.pptx'))).slides[1]!.shown.some((t) => t.startsWith('Changed '))).toBe(true);
    expect(await build()).toEqual(['skipped m01.pptx', 'skipped m02.pptx']);
    // a manifest entry change touches only its deck
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('Meeting 2', 'Meeting two'));
    expect(await build()).toEqual(['skipped m01.pptx', 'built m02.pptx']);
    // the shared content changes every deck
    writeFileSync(join(dir, 'visit.yaml'), readFileSync(join(dir, 'visit.yaml'), 'utf8').replace('A symbolic restart', 'A symbolic re-start'));
    expect(await build()).toEqual(['built m01.pptx', 'built m02.pptx']);
    // a theme file and the logo image it names
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    writeFileSync(join(dir, 'logo.png'), png);
    writeFileSync(join(root, 'theme.yaml'), 'logo: {src: logo.png, w: 1, h: 0.5, alt: House logo}\n');
    expect(await build()).toEqual(['built m01.pptx', 'built m02.pptx']);
    expect(await build()).toEqual(['skipped m01.pptx', 'skipped m02.pptx']);
    writeFileSync(join(dir, 'logo.png'), Buffer.concat([png, Buffer.from([0])]));
    expect(await build()).toEqual(['built m01.pptx', 'built m02.pptx']);
    // a deleted or edited output is rebuilt; --force rebuilds everything
    writeFileSync(join(out, 'm01.pptx'), 'tampered');
    expect(await build()).toEqual(['built m01.pptx', 'skipped m02.pptx']);
    expect(await build('--force')).toEqual(['built m01.pptx', 'built m02.pptx']);
  });
});

describe('--shard K/N (issue 6)', () => {
  it('covers every deck exactly once, the same way every time', async () => {
    const { manifest } = meetings(7);
    const parts: string[][] = [];
    for (const k of [1, 2, 3]) {
      const out = tempDir();
      const r = await cli('build', manifest, '-o', out, '--shard', `${k}/3`, '-j', '1');
      expect(r.code, r.err.join('\n')).toBe(0);
      parts.push(report(out).decks.map((d) => d.meeting!));
      expect(report(out).shard).toBe(`${k}/3`);
    }
    const all = parts.flat().sort();
    expect(all).toEqual(['m01', 'm02', 'm03', 'm04', 'm05', 'm06', 'm07']);
    expect(parts.map((p) => p.length)).toEqual([3, 2, 2]);
    const again = tempDir();
    await cli('build', manifest, '-o', again, '--shard', '2/3', '-j', '1');
    expect(report(again).decks.map((d) => d.meeting)).toEqual(parts[1]);
  });

  it('rejects a malformed shard', async () => {
    const r = await cli('build', SEED, '-o', tempDir(), '--shard', '4/3');
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/--shard takes K\/N with 1 ≤ K ≤ N, got "4\/3"/);
  });
});

describe('bad input never crashes the build (issue 6)', () => {
  it('a binary file, an empty folder and an output that cannot be written each get a clear error', async () => {
    // a binary file is told from its first bytes: a PNG header and its NULs, then text that a full read would reach
    const png = join(tempDir(), 'crest.png');
    writeFileSync(png, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.from('deck: {title: x}\n'.repeat(1000))]));
    const bin = await cli('build', png, '-o', tempDir());
    expect(bin.code).toBe(3);
    expect(bin.err.join('\n')).toMatch(/is not a text file \(give a YAML content file or a meetings\.yaml manifest\)/);
    const empty = await cli('build', tempDir(), '-o', tempDir());
    expect(empty.code).toBe(2);
    expect(empty.err[0]).toMatch(/^error: no content files in /);
    const file = join(tempDir(), 'plain-file');
    writeFileSync(file, 'x');
    const unwritable = await cli('build', SEED, '-o', join(file, 'out'));
    expect(unwritable.code).toBe(5);
    expect(unwritable.err.join('\n')).toMatch(/cannot write the file: ENOTDIR/);
    expect(unwritable.err.join('\n')).not.toMatch(/internal error/);
  });
});
