import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { BriefdeckError } from '../src/base/errors.js';
import { mapLayouts, readReference } from '../src/pptx/reference.js';
import { manifestJobs } from '../src/api/preview.js';
import { slideHtml } from '../src/preview/html.js';
import { BuildSession } from '../src/session.js';
import { overlaps, pdfWords } from './helpers/bbox.js';
import { cli, HAS_PANDOC, HAS_PDFTOTEXT, HAS_SOFFICE, requireTool, SEED, tempDir } from './helpers/env.js';
import { openDeck } from './helpers/pptx.js';
import { toPdf } from './helpers/soffice.js';

const run = promisify(execFile);
const PRESNT = '/usr/lib/libreoffice/share/template/common/presnt';

/** LibreOffice's own Impress templates, converted once for the whole file into .pptx and .potx. */
const LO_DIR = tempDir('lo-templates-');
const LO_NAMES = ['Focus', 'Beehive', 'Blue_Curve'];
let converting: Promise<void> | undefined;
function convertTemplates(): Promise<void> {
  converting ??= (async () => {
    if (!requireTool('soffice', HAS_SOFFICE)) return;
    const profile = tempDir('lo-profile-');
    mkdirSync(LO_DIR, { recursive: true });
    for (const n of LO_NAMES) {
      for (const fmt of ['pptx', 'potx']) {
        await run('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', fmt, '--outdir', LO_DIR, join(PRESNT, `${n}.otp`)], { timeout: 180_000 });
      }
    }
  })();
  return converting;
}

function refuse(data: Uint8Array, file: string): BriefdeckError {
  try {
    readReference(data, file);
  } catch (e) {
    if (e instanceof BriefdeckError) return e;
    throw e;
  }
  throw new Error(`${file} was accepted`);
}

describe('reading an office template as a reference (issue 14)', () => {
  let deck: Uint8Array;
  beforeAll(async () => {
    const out = tempDir('ref-');
    expect((await cli('build', SEED, '-o', out)).code).toBe(0);
    deck = readFileSync(join(out, 'xi-south-korea-visit.pptx'));
  });

  it('reads a presentation: size, theme, masters, layouts, sample slides', () => {
    const r = readReference(deck, 'seed.pptx');
    expect(r.size.w).toBeCloseTo(13.333, 2);
    expect(r.size.h).toBe(7.5);
    expect(Object.keys(r.theme.colors)).toEqual(['dk1', 'lt1', 'dk2', 'lt2', 'accent1', 'accent2', 'accent3', 'accent4', 'accent5', 'accent6', 'hlink', 'folHlink']);
    expect(r.masters.length).toBeGreaterThan(0);
    expect(r.layouts.length).toBeGreaterThan(0);
    expect(r.sampleSlides).toHaveLength(10);
  });

  it('refuses, with what to do, each kind of file that cannot be a reference', () => {
    const cases: [Uint8Array, string, RegExp][] = [
      [strToU8('plain text, not a zip'), 'office.potx', /is not a zip package.*\(give a PowerPoint template/],
      [Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'old.ppt', /old binary PowerPoint file.*save it as \.pptx or \.potx/],
      [Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'locked.pptx', /encrypted \(password-protected\).*remove the password/],
      [zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8('<w:document/>') }), 'letter.docx', /not a presentation/],
      [zipSync(Object.fromEntries(Array.from({ length: 20_001 }, (_, i) => [`f${i}`, strToU8('x')]))), 'huge.potx', /unzips to more than/],
    ];
    for (const [data, file, message] of cases) {
      const e = refuse(data, file);
      expect(e.code, file).toBe('REFERENCE_INVALID');
      expect(e.exitCode).toBe(4);
      expect(e.location?.file).toBe(file);
      expect(e.format(), file).toMatch(message);
    }
  });

  it('refuses a reference with a broken relationship, naming the part and the target', () => {
    const files = unzipSync(deck);
    delete files['ppt/slideLayouts/slideLayout1.xml'];
    const e = refuse(zipSync(files), 'broken.pptx');
    expect(e.format()).toMatch(/^broken\.pptx: its part ppt\/slideMasters\/slideMaster1\.xml refers to ppt\/slideLayouts\/slideLayout1\.xml, which is not in the package/);
  });

  it('a reference with no layout holding a title placeholder is an error naming its layouts', () => {
    const files = unzipSync(deck);
    for (const name of Object.keys(files)) if (/^ppt\/(slideLayouts|slideMasters)\/[^/]+\.xml$/.test(name)) files[name] = strToU8(strFromU8(files[name]!).replace(/<p:ph\b[^>]*\/>/g, ''));
    const r = readReference(zipSync(files), 'plain.pptx');
    expect(() => mapLayouts(r)).toThrow(/^has no layout with a title placeholder \(layouts: "/);
  });
});

describe('LibreOffice\'s own Impress templates as references (issue 14)', () => {
  const dir = LO_DIR;
  const names = LO_NAMES;
  beforeAll(convertTemplates, 600_000);

  it.each(names)('%s: maps every slide kind to one of its layouts by placeholder types', (n) => {
    if (!HAS_SOFFICE) return;
    for (const fmt of ['pptx', 'potx']) {
      const f = join(dir, `${n}.${fmt}`);
      expect(existsSync(f), f).toBe(true);
      const r = readReference(readFileSync(f), f);
      const m = mapLayouts(r);
      expect(m['title']!.placeholders.map((p) => p.type)).toContain('subTitle');
      expect(m['section']!.placeholders.some((p) => p.type === 'obj' || p.type === 'body')).toBe(true);
      expect(m['table']!.name).toBe('Title Only');
      expect(r.size.w).not.toBeCloseTo(13.333, 1);
      expect(r.masters.length).toBeGreaterThan(1);
      for (const l of Object.values(m)) for (const p of l.placeholders.filter((q) => q.type === 'title')) expect(p.box, `${n} ${l.name} title box`).toBeDefined();
    }
  });

  it('an unknown layout name in the map lists the reference\'s layouts, with a did-you-mean', () => {
    if (!HAS_SOFFICE) return;
    const f = join(dir, 'Focus.potx');
    const r = readReference(readFileSync(f), f);
    expect(() => mapLayouts(r, { table: 'Title and Content' }, { file: 'theme.yaml', line: 3, col: 10 })).toThrow(/layouts\.table: no layout "Title and Content" in .*Focus\.potx; did you mean "Title, Content"\?/);
  });
});

/**
 * A 4:3 reference that needs no LibreOffice: the seed built by briefdeck in 4:3, with its own masters,
 * layouts and slides, and no classification (an office template has no banners of its own where
 * briefdeck draws them). Written to `file`, its content file beside it.
 */
async function fourThreeReference(file: string): Promise<string> {
  const content = file.replace(/\.pptx$/, '.yaml');
  writeFileSync(content, `${readFileSync(SEED, 'utf8').replace(/^ {2}classification:.*\n/m, '')}\ntheme:\n  slide:\n    size: "4:3"\n`);
  expect((await cli('build', content, '-o', file)).code).toBe(0);
  return file;
}

/** The seed built onto a reference through the CLI: the deck's path. */
async function buildOn(reference: string, out: string, ...more: string[]): Promise<{ file: string; slides: number }> {
  const file = join(out, 'deck.pptx');
  const r = await cli('build', SEED, '--reference', reference, '-o', file, ...more);
  expect(r.err.filter((l) => /error/.test(l)), reference).toEqual([]);
  expect(r.code, reference).toBe(0);
  // the slides fitting made: a reference's sample slides left in the package would add to them
  const slides = Number(/\((\d+) slides/.exec(r.out.join('\n'))?.[1]);
  expect(slides, reference).toBeGreaterThanOrEqual(10);
  return { file, slides };
}

const schemeOf = (xml: string) => /<a:clrScheme\b[^>]*>([\s\S]*?)<\/a:clrScheme>/.exec(xml)?.[1]?.replace(/\s+/g, '');

/** What the issue asks of every deck built on a reference; `soffice` renders it for the word checks. */
async function expectBuiltOn(refFile: string, built: { file: string; slides: number }, words: boolean): Promise<void> {
  const deckFile = built.file;
  const ref = readReference(readFileSync(refFile), refFile);
  const deck = await openDeck(deckFile);
  // the reference's slide size and its first master's colour scheme
  const pres = await deck.read('ppt/presentation.xml');
  const sz = /<p:sldSz cx="(\d+)" cy="(\d+)"/.exec(pres)!;
  expect(Number(sz[1]) / 914400).toBeCloseTo(ref.size.w, 3);
  expect(Number(sz[2]) / 914400).toBeCloseTo(ref.size.h, 3);
  const firstMaster = /<p:sldMasterId\b[^>]*r:id="([^"]+)"/.exec(pres)![1]!;
  const presRels = await deck.read('ppt/_rels/presentation.xml.rels');
  const masterPart = `ppt/${new RegExp(`Id="${firstMaster}"[^>]*Target="([^"]+)"`).exec(presRels)![1]}`;
  const masterRels = await deck.read(masterPart.replace(/([^/]+)$/, '_rels/$1.rels'));
  const themePart = `ppt/theme/${/Target="\.\.\/theme\/([^"]+)"/.exec(masterRels)![1]}`;
  const refTheme = strFromU8(unzipSync(readFileSync(refFile))[themePart.replace(/theme\d+/, (t) => t)]!);
  expect(schemeOf(await deck.read(themePart))).toBe(schemeOf(refTheme));
  // every slide on one of the reference's layouts, named as the reference names them; no sample slide left
  const layoutParts = new Set(ref.layouts.map((l) => l.part));
  expect(deck.slides).toHaveLength(built.slides);
  for (const s of deck.slides) expect(layoutParts.has(s.layout), `${s.name} on ${s.layout}`).toBe(true);
  expect([...pres.matchAll(/<p:sldId\b/g)]).toHaveLength(built.slides);
  // titles are the layouts' own title placeholders, first in reading order; tables have header rows
  for (const s of deck.slides) {
    const first = /<p:(sp|graphicFrame|pic)>[\s\S]*?<\/p:\1>/.exec(s.xml.replace(/^[\s\S]*?<\/p:grpSpPr>/, ''))![0];
    expect(first, s.name).toMatch(/<p:ph type="(title|ctrTitle)"/);
    expect(s.layoutXml, s.name).toMatch(/<p:ph type="(title|ctrTitle)"/);
    for (const t of s.xml.match(/<a:tblPr\b[^>]*>/g) ?? []) expect(t).toContain('firstRow="1"');
  }
  // the classification banner from the seed is drawn on every layout a slide uses
  for (const s of deck.slides) expect(s.shown.join(' '), s.name).toContain('UNCLASSIFIED');
  // check: no package, schema or accessibility problem
  const c = await cli('check', deckFile);
  expect(c.out.concat(c.err).join('\n'), deckFile).toMatch(/checked 1 deck: no problems/);
  expect(c.code).toBe(0);
  if (!words) return;
  // LibreOffice: every word on its page, none over another
  const pdfDir = tempDir('ref-pdf-');
  const pages = await pdfWords(await toPdf(deckFile, pdfDir));
  expect(pages).toHaveLength(built.slides);
  pages.forEach((p, i) => {
    for (const w of p.words) {
      expect(w.x0 >= -0.5 && w.y0 >= -0.5 && w.x1 <= p.width + 0.5 && w.y1 <= p.height + 0.5, `slide ${i + 1}: "${w.text}" outside the page`).toBe(true);
    }
    const bad = p.words.flatMap((a, ai) => p.words.slice(ai + 1).filter((b) => overlaps(a, b)).map((b) => `${a.text}/${b.text}`));
    expect(bad, `slide ${i + 1} overlapping words`).toEqual([]);
    // nothing cut: every word the slide holds is drawn
    // pdftotext -bbox writes XML: its words come escaped
    const drawn = new Set(p.words.map((w) => w.text.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e]!)));
    // LibreOffice may break a hyphenated word after its hyphen: "high-" ends a line, "level" starts the next
    const shown = (t: string) => drawn.has(t) || (t.includes('-') && t.split(/(?<=-)/).every((piece) => drawn.has(piece)));
    const missing = deck.slides[i]!.texts.join(' ').split(/\s+/).filter((t) => t && !shown(t));
    expect(missing, `slide ${i + 1} words not drawn`).toEqual([]);
  });
}

describe('building onto an office template (issue 14)', () => {
  const dir = LO_DIR;
  const names = LO_NAMES;
  beforeAll(convertTemplates, 600_000);

  it.each(names.flatMap((n) => [[n, 'potx'], [n, 'pptx']]))('%s.%s: the seed takes its size, theme and layouts, with nothing spilling or cut', async (n, fmt) => {
    if (!HAS_SOFFICE) return;
    const ref = join(dir, `${n}.${fmt}`);
    const deck = await buildOn(ref, tempDir('ref-out-'));
    await expectBuiltOn(ref, deck, true);
    // built twice, byte for byte the same
    const again = await buildOn(ref, tempDir('ref-out-'));
    expect(readFileSync(again.file).equals(readFileSync(deck.file))).toBe(true);
  }, 240_000);

  it("pandoc's default reference.pptx", async () => {
    if (!requireTool('pandoc', HAS_PANDOC)) return;
    const ref = join(dir, 'pandoc-reference.pptx');
    writeFileSync(ref, (await run('pandoc', ['--print-default-data-file', 'reference.pptx'], { encoding: 'buffer' })).stdout);
    const deck = await buildOn(ref, tempDir('ref-out-'));
    await expectBuiltOn(ref, deck, HAS_SOFFICE);
    const again = await buildOn(ref, tempDir('ref-out-'));
    expect(readFileSync(again.file).equals(readFileSync(deck.file))).toBe(true);
    const layouts = new Set((await openDeck(deck.file)).slides.map((s) => /<p:cSld name="([^"]+)"/.exec(s.layoutXml)?.[1]));
    expect([...layouts].sort()).toEqual(['Title Only', 'Title Slide', 'Title and Content']);
  }, 240_000);

  it('bad references: exit 4, a message that names the file and says what to do, and no deck', async () => {
    const out = tempDir('ref-bad-');
    const cases: [string, Uint8Array, RegExp][] = [
      ['notes.potx', strToU8('plain text'), /notes\.potx: is not a zip package/],
      ['old.ppt', Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), /save it as \.pptx or \.potx/],
      ['letter.docx', zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8('<w:document/>') }), /not a presentation/],
    ];
    for (const [name, bytes, message] of cases) {
      const file = join(out, name);
      writeFileSync(file, bytes);
      const r = await cli('build', SEED, '--reference', file, '-o', join(out, 'deck.pptx'));
      expect(r.code, name).toBe(4);
      expect(r.err.join('\n'), name).toMatch(message);
      expect(existsSync(join(out, 'deck.pptx')), name).toBe(false);
    }
    const missing = await cli('build', SEED, '--reference', join(out, 'none.potx'), '-o', join(out, 'deck.pptx'));
    expect(missing.code).toBe(4);
    expect(missing.err.join('\n')).toMatch(/no reference template .*none\.potx/);
  });

  it('a set that draws its own design cannot take a reference; a layout map naming no layout lists them', async () => {
    if (!HAS_SOFFICE) return;
    const out = tempDir('ref-map-');
    const ref = join(dir, 'Beehive.potx');
    const r = await cli('build', SEED, '-t', 'briefing', '--reference', ref, '-o', join(out, 'deck.pptx'));
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/the "briefing" set draws its own slide design/);
    const set = join(out, 'office');
    mkdirSync(set);
    copyFileSync(ref, join(set, 'office.potx'));
    writeFileSync(join(set, 'theme.yaml'), 'name: reference\nreference: office.potx\nlayouts:\n  table: Title and Content\n');
    const m = await cli('build', SEED, '-t', set, '-o', join(out, 'deck.pptx'));
    expect(m.code).toBe(4);
    expect(m.err.join('\n')).toMatch(/layouts\.table: no layout "Title and Content" in .*office\.potx; did you mean "Title, Content"\?/);
    expect(existsSync(join(out, 'deck.pptx'))).toBe(false);
  });
});

describe('naming the reference in files (issue 14)', () => {
  beforeAll(convertTemplates, 600_000);

  it('`templates from` writes a commented folder that builds the same deck as --reference', async () => {
    if (!HAS_SOFFICE) return;
    const out = tempDir('ref-from-');
    const ref = join(LO_DIR, 'Beehive.potx');
    const folder = join(out, 'office');
    const r = await cli('templates', 'from', ref, folder);
    expect(r.code, r.err.join('\n')).toBe(0);
    const theme = readFileSync(join(folder, 'theme.yaml'), 'utf8');
    expect(theme).toMatch(/^name: reference/m);
    expect(theme).toMatch(/^reference: "Beehive\.potx" +# /m);
    expect(theme).toMatch(/^ {2}table: "Title Only" +# /m);
    expect(theme).toMatch(/^ {2}title: "[^"]+" +# the title slide/m);
    expect(existsSync(join(folder, 'Beehive.potx'))).toBe(true);
    for (const line of theme.split('\n').filter((l) => /^\s*\w+:\s*\S/.test(l) && !/^(name|description):/.test(l))) expect(line, line).toMatch(/# /);
    const viaFolder = join(out, 'a.pptx');
    expect((await cli('build', SEED, '-t', folder, '-o', viaFolder)).code).toBe(0);
    const direct = await buildOn(ref, tempDir('ref-out-'));
    expect(readFileSync(viaFolder).equals(readFileSync(direct.file))).toBe(true);
    // an edited colour in the folder wins over the reference's
    writeFileSync(join(folder, 'theme.yaml'), theme.replace(/^ {2}primary: "[0-9A-F]{6}"/m, '  primary: "7A1F1F"'));
    const edited = join(out, 'b.pptx');
    expect((await cli('build', SEED, '-t', folder, '-o', edited)).code).toBe(0);
    const tables = (await openDeck(edited)).slides.filter((s) => s.xml.includes('<a:tbl>'));
    expect(tables.length).toBeGreaterThan(0);
    for (const s of tables) expect(s.xml).toContain('<a:srgbClr val="7A1F1F"/>');
  });

  it('a manifest names a reference per meeting, relative to itself', async () => {
    if (!HAS_SOFFICE) return;
    const out = tempDir('ref-manifest-');
    copyFileSync(join(LO_DIR, 'Blue_Curve.potx'), join(out, 'office.potx'));
    copyFileSync(SEED, join(out, 'visit.yaml'));
    writeFileSync(join(out, 'meetings.yaml'), 'content: visit.yaml\nmeetings:\n  - name: on-office\n    reference: office.potx\n  - name: plain\n');
    const r = await cli('build', join(out, 'meetings.yaml'), '-o', join(out, 'decks'));
    expect(r.code, r.err.join('\n')).toBe(0);
    const ref = readReference(readFileSync(join(out, 'office.potx')), 'office.potx');
    const onOffice = await openDeck(join(out, 'decks', 'on-office.pptx'));
    const plain = await openDeck(join(out, 'decks', 'plain.pptx'));
    const names = new Set(ref.layouts.map((l) => l.part));
    expect(onOffice.slides.every((s) => names.has(s.layout))).toBe(true);
    expect(await plain.read('ppt/slideMasters/slideMaster1.xml')).toMatch(/<p:cSld name="briefing">/);
  });

  it("a manifest's reference outside its folder and the working folder is refused at its line:col, unread", async () => {
    const root = tempDir('ref-outside-');
    mkdirSync(join(root, 'elsewhere'));
    mkdirSync(join(root, 'project'));
    // not a zip at all: were it read, the error would say so instead
    writeFileSync(join(root, 'elsewhere', 'office.potx'), 'not a template');
    copyFileSync(SEED, join(root, 'project', 'visit.yaml'));
    const manifest = join(root, 'project', 'meetings.yaml');
    writeFileSync(manifest, 'content: visit.yaml\nmeetings:\n  - name: a\n    reference: ../elsewhere/office.potx\n');
    const r = await cli('build', manifest, '-o', join(root, 'decks'));
    expect(r.code).toBe(4);
    expect(r.err.join('\n')).toMatch(/meetings\.yaml:4:16: .*reference: \.\.\/elsewhere\/office\.potx is outside/);
    expect(existsSync(join(root, 'decks', 'a.pptx'))).toBe(false);
    // validate plans the same way and says the same
    const v = await cli('validate', manifest);
    expect(v.code).toBe(4);
    expect(v.err.join('\n')).toMatch(/meetings\.yaml:4:16: .*is outside/);
    // the manifest's own, for every meeting: located at its key
    writeFileSync(manifest, 'content: visit.yaml\nreference: ../elsewhere/office.potx\nmeetings:\n  - name: a\n');
    const m = await cli('build', manifest, '-o', join(root, 'decks'));
    expect(m.code).toBe(4);
    expect(m.err.join('\n')).toMatch(/meetings\.yaml:2:12: .*is outside/);
    // written as an absolute path, it is named as written
    writeFileSync(manifest, `content: visit.yaml\nmeetings:\n  - name: a\n    reference: ${join(root, 'elsewhere', 'office.potx')}\n`);
    const abs = await cli('build', manifest, '-o', join(root, 'decks'));
    expect(abs.code).toBe(4);
    expect(abs.err.join('\n')).toContain(`meetings.yaml:4:16: reference: ${join(root, 'elsewhere', 'office.potx')} is outside`);
    // a missing one inside the folder is reported where the manifest names it
    writeFileSync(manifest, 'content: visit.yaml\nmeetings:\n  - name: a\n    reference: brand/none.potx\n');
    const missing = await cli('build', manifest, '-o', join(root, 'decks'));
    expect(missing.code).toBe(4);
    expect(missing.err.join('\n')).toMatch(/meetings\.yaml:4:16: no reference template .*brand\/none\.potx/);
    // given on the command line, the same file is the user's own choice: it is read (and found wanting)
    const given = await cli('build', join(root, 'project', 'visit.yaml'), '--reference', join(root, 'elsewhere', 'office.potx'), '-o', join(root, 'd.pptx'));
    expect(given.code).toBe(4);
    expect(given.err.join('\n')).not.toMatch(/is outside/);
  });

  it('decks built one after another on a reference in one session are the decks built alone', async () => {
    // the reference's parts are packed once per session and reused: a stale packing would show here
    const out = tempDir('ref-warm-');
    await fourThreeReference(join(out, 'office.pptx'));
    const other = join(out, 'other.yaml');
    copyFileSync('test/fixtures/korean-chinese/content.yaml', other);
    const opts = { reference: join(out, 'office.pptx'), sourceDateEpoch: '1700000000' };
    const warm = BuildSession.create(opts);
    const built = async (session: BuildSession, input: string, name: string) => {
      const output = join(out, name);
      await session.build({ input, output });
      return readFileSync(output);
    };
    const w1 = await built(warm, SEED, 'w1.pptx');
    const w2 = await built(warm, other, 'w2.pptx');
    const w3 = await built(warm, SEED, 'w3.pptx');
    const alone1 = await built(BuildSession.create(opts), SEED, 'c1.pptx');
    const alone2 = await built(BuildSession.create(opts), other, 'c2.pptx');
    expect(w1.equals(alone1)).toBe(true);
    expect(w2.equals(alone2)).toBe(true);
    expect(w3.equals(alone1)).toBe(true);
    expect(w1.equals(w2)).toBe(false);
  });

  it('a reference with megabytes of pictures is read once per session, not once per deck', async () => {
    const out = tempDir('ref-big-');
    const plain = await fourThreeReference(join(out, 'plain.pptx'));
    // 4 MB of picture bytes that do not compress, as an office's photographs do not
    const files = unzipSync(readFileSync(plain));
    files['ppt/media/photo.png'] = randomBytes(4_000_000);
    const office = join(out, 'office.pptx');
    writeFileSync(office, zipSync(files, { level: 0 }));
    // a whole second, which setting it again gives back exactly
    const when = new Date('2026-01-01T00:00:00Z');
    utimesSync(office, when, when);
    const session = BuildSession.create({ reference: office });
    await session.build({ input: SEED, output: join(out, 'a.pptx') });
    // the same size and time, other bytes: a session that read the file again would find no zip
    writeFileSync(office, Buffer.alloc(statSync(office).size, 0x20));
    utimesSync(office, when, when);
    await session.build({ input: SEED, output: join(out, 'b.pptx') });
    expect(readFileSync(join(out, 'b.pptx')).equals(readFileSync(join(out, 'a.pptx')))).toBe(true);
    // a new session reads it, and says what is wrong with it
    await expect(BuildSession.create({ reference: office }).build({ input: SEED, output: join(out, 'c.pptx') })).rejects.toThrow(/zip|presentation/i);
  });

  it("preview takes a manifest meeting's reference, as build does", async () => {
    const out = tempDir('ref-preview-manifest-');
    await fourThreeReference(join(out, 'office.pptx'));
    copyFileSync(SEED, join(out, 'visit.yaml'));
    const manifest = join(out, 'meetings.yaml');
    writeFileSync(manifest, 'content: visit.yaml\nmeetings:\n  - name: on-office\n    reference: office.pptx\n  - name: plain\n');
    const jobs = manifestJobs(manifest, readFileSync(manifest, 'utf8'));
    const session = BuildSession.create();
    const onOffice = await session.preview(jobs.find((j) => j.name === 'on-office')!.job);
    const plain = await session.preview(jobs.find((j) => j.name === 'plain')!.job);
    expect(onOffice.fitted.size.w / onOffice.fitted.size.h).toBeCloseTo(4 / 3, 3);
    expect(plain.fitted.size.w / plain.fitted.size.h).toBeCloseTo(16 / 9, 3);
    expect(onOffice.dependencies).toContain(join(out, 'office.pptx'));
  });

  it('briefdeck.config.yaml names one for the project, relative to itself', async () => {
    if (!HAS_SOFFICE) return;
    const out = tempDir('ref-config-');
    mkdirSync(join(out, 'brand'));
    copyFileSync(join(LO_DIR, 'Beehive.potx'), join(out, 'brand', 'office.potx'));
    copyFileSync(SEED, join(out, 'visit.yaml'));
    writeFileSync(join(out, 'briefdeck.config.yaml'), 'reference: brand/office.potx\n');
    const r = await cli('build', join(out, 'visit.yaml'), '-o', join(out, 'deck.pptx'));
    expect(r.code, r.err.join('\n')).toBe(0);
    const ref = readReference(readFileSync(join(out, 'brand', 'office.potx')), 'office.potx');
    const deck = await openDeck(join(out, 'deck.pptx'));
    const names = new Set(ref.layouts.map((l) => l.part));
    expect(deck.slides.every((s) => names.has(s.layout))).toBe(true);
    // a path that leaves the project is refused, naming the file that gave it
    writeFileSync(join(out, 'briefdeck.config.yaml'), 'reference: ../../elsewhere/office.potx\n');
    const bad = await cli('build', join(out, 'visit.yaml'), '-o', join(out, 'other.pptx'));
    expect(bad.code).toBe(4);
    expect(bad.err.join('\n')).toMatch(/briefdeck\.config\.yaml: reference: .*is outside/);
    expect(existsSync(join(out, 'other.pptx'))).toBe(false);
  });
});

describe('preview on a reference (issues 14 and 15)', () => {
  beforeAll(convertTemplates, 600_000);

  it("draws the slides at the reference's size, titles in its title placeholders", async () => {
    if (!HAS_SOFFICE) return;
    const file = join(LO_DIR, 'Beehive.potx');
    const ref = readReference(readFileSync(file), file);
    const p = await BuildSession.create({ reference: file }).preview({ input: SEED });
    expect(p.fitted.size.w).toBeCloseTo(ref.size.w, 3);
    expect(p.fitted.size.h).toBeCloseTo(ref.size.h, 3);
    expect(p.dependencies).toContain(file);
    const table = mapLayouts(ref)['table']!;
    const box = table.placeholders.find((q) => q.type === 'title')!.box!;
    const slide = p.fitted.slides.find((s) => s.layout === 'table')!;
    const title = slide.nodes.find((n) => n.kind === 'text' && n.role === 'title')!;
    expect(title.box.x).toBeCloseTo(box.x, 2);
    expect(title.box.w).toBeCloseTo(box.w, 2);
    // what the reference draws under each slide, which the page cannot draw: its background colour,
    // and the places of its own pictures and shapes, marked under the slide's shapes
    expect(p.backdrops).toHaveLength(p.fitted.slides.length);
    const layouts = mapLayouts(ref);
    p.fitted.slides.forEach((s, i) => {
      const l = layouts[s.layout] ?? layouts['section']!;
      expect(p.backdrops![i]).toEqual({ background: l.background, graphics: l.graphics });
    });
    const i = p.fitted.slides.indexOf(slide);
    const html = slideHtml(slide, p.lines[i]!, i, p.fitted.size, [], () => undefined, 'renderer', p.backdrops![i]);
    const own = layouts['table']!;
    expect(own.background).toBeDefined();
    expect(html).toContain(`background:#${own.background}`);
    expect(html.match(/class="refg"/g) ?? []).toHaveLength(own.graphics.length);
    // the marks come before the slide's own shapes, so they lie under them
    if (own.graphics.length) expect(html.indexOf('class="refg"')).toBeLessThan(html.indexOf('class="tx"'));
  });

  it('a deck not on a reference has no backdrops', async () => {
    const p = await BuildSession.create().preview({ input: SEED });
    expect(p.backdrops).toBeUndefined();
  });
});

describe('references of other shapes: 4:3 and A4 portrait (issue 14)', () => {
  it('nothing spills or is cut, and every slide is on the reference\'s layouts', async () => {
    const out = tempDir('ref-sizes-');
    const fourThree = await fourThreeReference(join(out, 'four-three.pptx'));
    // A4 portrait: pandoc's reference, or else the 4:3 deck, with its page set to 21 × 29.7 cm
    const files = unzipSync(readFileSync(fourThree));
    files['ppt/presentation.xml'] = strToU8(strFromU8(files['ppt/presentation.xml']!).replace(/<p:sldSz [^>]*\/>/, '<p:sldSz cx="7560310" cy="10692130"/>'));
    const a4 = join(out, 'a4.pptx');
    writeFileSync(a4, zipSync(files));
    for (const ref of [fourThree, a4]) {
      const deck = await buildOn(ref, tempDir('ref-out-'));
      await expectBuiltOn(ref, deck, HAS_SOFFICE && HAS_PDFTOTEXT);
    }
  }, 240_000);
});
