import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { parseContent } from '../src/content/parse.js';
import { checkDeck, type DeckProblem } from '../src/pptx/check.js';
import { conformPptx } from '../src/pptx/conform.js';
import { readPackage } from '../src/pptx/package.js';
import { renderDeck, templateSet } from './helpers/session.js';
import { cli, SEED, tempDir } from './helpers/env.js';
import { openDeck } from './helpers/pptx.js';
import { SHARED_XSD } from './setup.js';

type PptxGenJS = typeof import('pptxgenjs').default;

/** A deck written by pptxgenjs 4.0.1 alone, exercising every known defect. */
async function rawPptxgenjsDeck(): Promise<Buffer> {
  const Ctor = createRequire(import.meta.url)('pptxgenjs') as PptxGenJS;
  const p = new Ctor();
  p.company = 'A & B'; // #1427
  const s = p.addSlide();
  s.background = { color: 'FFFFFF' }; // #1442
  s.addShape('rect', { x: 1, y: 1, w: 1, h: 1 }); // #1441, empty a:ln
  s.addShape('line', { x: 2, y: 2, w: -1, h: 0 }); // negative a:ext
  s.addShape('oval' as 'rect', { x: 3, y: 3, w: 1, h: 1 }); // #1449 preset name
  s.addText('시진핑 习近平', { x: 1, y: 3, w: 4, h: 1 }); // no East Asian lang or font
  // #1440 NaN margins, anchor="mid", and a table beside shapes gives duplicate ids (#1532)
  s.addTable([[{ text: 'a', options: { margin: 'x' as unknown as number, valign: 'mid' as 'middle' } }, { text: 'b' }]], { x: 1, y: 5, w: 4 });
  s.addNotes('notes'); // #1443, notesMasterIdLst order
  p.addSlide().addText('vertical\vtab', { x: 1, y: 1, w: 4, h: 1 }); // XML-illegal character
  p.addSlide().addText('three', { x: 1, y: 1, w: 2, h: 1 }); // #1444 needs more than one slide
  return (await p.write({ outputType: 'nodebuffer', compression: true })) as Buffer; // #9: stored anyway
}

const rules = (ps: DeckProblem[]) => [...new Set(ps.map((p) => p.rule))].sort();

describe('briefdeck check (issue 3)', () => {
  let raw: Buffer;
  let problems: DeckProblem[];
  beforeAll(async () => {
    raw = await rawPptxgenjsDeck();
    problems = await checkDeck(raw, { schemaDir: SHARED_XSD });
  });

  it('finds every known defect in a raw pptxgenjs 4.0.1 deck', () => {
    expect(rules(problems)).toEqual(
      [
        'background-effects',
        'cell-anchor-mid',
        'company-unescaped',
        'duplicate-id',
        'east-asian-run',
        'empty-line',
        'illegal-character',
        'malformed-xml',
        'nan-attribute',
        'negative-extent',
        'notes-master-placeholder',
        'notes-placeholder-geometry',
        'override-missing-part',
        'preset-name',
        'presentation-order',
        'schema',
        'shared-theme',
        'sp-without-txbody',
        'stored',
        'unused-default',
      ].sort(),
    );
    const text = problems.map((p) => `${p.part}:${p.line ?? ''}: ${p.message}`);
    expect(text).toContainEqual(expect.stringMatching(/^ppt\/presentation\.xml:2: pml\.xsd: Element 'notesMasterIdLst': This element is not expected/));
    expect(text).toContainEqual(expect.stringMatching(/^docProps\/app\.xml:\d+: not well-formed XML/));
    expect(text).toContainEqual(expect.stringMatching(/^ppt\/slides\/slide2\.xml:2: XML-illegal character U\+000B/));
    expect(text).toContainEqual(expect.stringMatching(/^\[Content_Types\]\.xml:2: override names \/ppt\/slideMasters\/slideMaster2\.xml/));
  });

  it('finds nothing once the conform stage has repaired that deck', async () => {
    const fixed = await conformPptx(raw, { eaFonts: { ko: 'Malgun Gothic', zh: 'Microsoft YaHei', ja: 'Yu Gothic' }, company: 'A & B', date: new Date(0) });
    // package problems only: this hand-made deck has no titles, which is an accessibility finding, not a defect
    expect((await checkDeck(fixed, { schemaDir: SHARED_XSD })).filter((p) => p.class !== 'accessibility')).toEqual([]);
    const pkg = await readPackage(fixed);
    expect(pkg.xml('docProps/app.xml')).toContain('<Company>A &amp; B</Company>');
    expect(pkg.stored.size).toBe(0);
    expect(fixed.length).toBeLessThan(raw.length / 2);
  });

  it('the CLI prints one line per problem and exits 1', async () => {
    const dir = tempDir();
    const f = join(dir, 'raw.pptx');
    writeFileSync(f, raw);
    const r = await cli('check', f);
    expect(r.code).toBe(1);
    expect(r.out.length).toBe(problems.length);
    expect(r.out).toContainEqual(expect.stringMatching(new RegExp(`^${f}: ppt/slides/slide1\\.xml:2: p:bgPr has no a:effectLst`)));
    const clean = await cli('build', SEED, '-o', dir);
    expect(clean.code).toBe(0);
    const ok = await cli('check', join(dir, 'xi-south-korea-visit.pptx'));
    expect(ok).toMatchObject({ code: 0, out: [] });
  });

  it('says so for a file that is not a deck', async () => {
    expect(await checkDeck(Buffer.from('not a zip'))).toMatchObject([{ rule: 'zip' }]);
  });

  it('ships the same schemas as the shared copy', () => {
    for (const sub of ['pml', 'opc']) {
      for (const f of readdirSync(join(SHARED_XSD, sub))) {
        expect(readFileSync(join('schema/ooxml', sub, f), 'utf8'), f).toBe(readFileSync(join(SHARED_XSD, sub, f), 'utf8'));
      }
    }
  });
});

describe('the conform stage on our own decks', () => {
  it('gives Korean, Chinese and Japanese runs their lang and East Asian font', async () => {
    const dir = tempDir();
    const f = join(dir, 'cjk.yaml');
    writeFileSync(f, 'deck: {title: "시진핑 주석 방한"}\nsections:\n  - title: "习近平访韩"\n    bullets: ["ひらがな と 漢字", "Latin only"]\n');
    expect((await cli('build', f, '-o', dir)).code).toBe(0);
    const deck = await openDeck(join(dir, 'cjk.pptx'));
    const runs = deck.slides.flatMap((s) => [...s.xml.matchAll(/<a:r><a:rPr([^>]*)>([\s\S]*?)<\/a:rPr><a:t>([^<]*)<\/a:t><\/a:r>/g)]);
    const run = (t: string) => runs.find((r) => r[3] === t)!;
    expect(run('시진핑 주석 방한')[1]).toContain('lang="ko-KR"');
    expect(run('시진핑 주석 방한')[2]).toContain('<a:ea typeface="Malgun Gothic"/>');
    expect(run('习近平访韩')[1]).toContain('lang="zh-CN"');
    expect(run('习近平访韩')[2]).toContain('<a:ea typeface="Microsoft YaHei"/>');
    expect(run('ひらがな と 漢字')[1]).toContain('lang="ja-JP"');
    expect(run('Latin only')[1]).toContain('lang="en-US"');
  });

  it('strips XML-illegal characters from content with a located warning (issue 3)', async () => {
    const dir = tempDir();
    const f = join(dir, 'vt.yaml');
    writeFileSync(f, 'deck: {title: "Visit"}\nsections:\n  - title: "Pasted"\n    summary: "line one\\vline two\\u0001"\n');
    const r = await cli('build', f, '-o', dir);
    expect(r.code).toBe(0);
    expect(r.err).toContainEqual(`${f}:4:14: warning: sections[0].summary: removed control characters U+000B, U+0001 that a slide cannot hold`);
    const deck = await openDeck(join(dir, 'vt.pptx'));
    expect(deck.slides[2]!.texts).toContain('line oneline two');
  });

  it('writes byte-identical decks for the same input, whatever the clock', async () => {
    const a = tempDir();
    const b = tempDir();
    // the clock injected: two builds ten years apart, as far as Date can tell
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2021-03-04T05:06:07Z'));
      expect((await cli('build', SEED, '-o', a)).code).toBe(0);
      vi.setSystemTime(new Date('2031-08-09T10:11:12Z'));
      expect((await cli('build', SEED, '-o', b)).code).toBe(0);
    } finally {
      vi.useRealTimers();
    }
    const x = readFileSync(join(a, 'xi-south-korea-visit.pptx'));
    const y = readFileSync(join(b, 'xi-south-korea-visit.pptx'));
    expect(x.equals(y)).toBe(true);
  });

  it('takes the document date from the content, else SOURCE_DATE_EPOCH', async () => {
    const set = templateSet();
    const dated = parseContent('deck: {title: T, date: "2025-11-01"}\nsections: [{title: A, summary: s}]\n', 'd.yaml');
    const core = async (buf: Buffer) => (await readPackage(buf)).xml('docProps/core.xml');
    expect(await core((await renderDeck(dated, set)).buffer)).toContain('>2025-11-01T00:00:00Z</dcterms:created>');
    const undated = parseContent('deck: {title: T, date: "next week"}\nsections: [{title: A, summary: s}]\n', 'd.yaml');
    expect(await core((await renderDeck(undated, set, { sourceDateEpoch: '1700000000' })).buffer)).toContain('>2023-11-14T22:13:20Z</dcterms:modified>');
    expect(await core((await renderDeck(undated, set)).buffer)).toContain('>1980-01-01T00:00:00Z</dcterms:created>');
  });
});

describe('atomic writes (issue 3)', () => {
  const temps = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.tmp'));

  it('a failing stage leaves the previous deck untouched', async () => {
    const dir = tempDir();
    expect((await cli('build', SEED, '-o', dir)).code).toBe(0);
    const out = join(dir, 'xi-south-korea-visit.pptx');
    const before = readFileSync(out);
    const tpl = tempDir('tpl-');
    writeFileSync(join(tpl, 'broken.hbs'), '');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(tpl, 'layouts'));
    writeFileSync(join(tpl, 'layouts', 'sources.hbs'), '<slide><bogus/></slide>');
    const r = await cli('build', SEED, '-o', dir, '-t', tpl);
    expect(r.code).toBe(4);
    expect(readFileSync(out).equals(before)).toBe(true);
    expect(temps(dir)).toEqual([]);
  });

  /** A child that writes a large file through writeAtomic; resolves once its temp file exists. */
  function writer(dir: string, out: string) {
    const script = `
      import { writeAtomic } from './dist/base/write.js';
      import { installSignalCleanup } from './dist/cli/signals.js';
      installSignalCleanup();
      await writeAtomic(${JSON.stringify(out)}, Buffer.alloc(512 * 1024 * 1024, 1));`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'ignore' });
    const started = new Promise<void>((resolve, reject) => {
      const t = setInterval(() => {
        if (temps(dir).length > 0) {
          clearInterval(t);
          resolve();
        }
      }, 2);
      child.on('exit', () => {
        clearInterval(t);
        reject(new Error('writer finished before it could be interrupted'));
      });
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
    return { child, started, exited };
  }

  it("a build clears only its own output's stale temp files, never another file's", async () => {
    const dir = tempDir();
    const dead = 4194303; // above any pid Linux hands out by default
    const mine = join(dir, `.deck.pptx.${dead}.0badf00d.tmp`);
    const other = join(dir, `.notes.db.${dead}.0badf00d.tmp`);
    writeFileSync(mine, 'left by a killed build');
    writeFileSync(other, 'not ours');
    const { writeAtomic } = await import('../src/base/write.js');
    await writeAtomic(join(dir, 'deck.pptx'), Buffer.from('deck'));
    expect(existsSync(mine)).toBe(false);
    expect(existsSync(other)).toBe(true);
  });

  it('a build interrupted with SIGTERM leaves the previous deck and no temp file', async () => {
    const dir = tempDir();
    const out = join(dir, 'deck.pptx');
    writeFileSync(out, 'previous deck');
    const w = writer(dir, out);
    await w.started;
    w.child.kill('SIGTERM');
    expect(await w.exited).toBe(143);
    expect(readFileSync(out, 'utf8')).toBe('previous deck');
    expect(temps(dir)).toEqual([]);
  });

  it('a build killed outright leaves the previous deck; the next build clears its temp file', async () => {
    const dir = tempDir();
    const out = join(dir, 'deck.pptx');
    writeFileSync(out, 'previous deck');
    const w = writer(dir, out);
    await w.started;
    w.child.kill('SIGKILL');
    await w.exited;
    expect(readFileSync(out, 'utf8')).toBe('previous deck');
    expect(temps(dir)).toHaveLength(1); // SIGKILL cannot be caught
    const { writeAtomic } = await import('../src/base/write.js');
    await writeAtomic(out, Buffer.from('next deck'));
    expect(readFileSync(out, 'utf8')).toBe('next deck');
    expect(temps(dir)).toEqual([]);
    expect(existsSync(out)).toBe(true);
  });
});
