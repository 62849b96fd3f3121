import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { BriefdeckError } from '../src/base/errors.js';
import { mapLayouts, readReference } from '../src/pptx/reference.js';
import { cli, HAS_SOFFICE, requireTool, SEED, tempDir } from './helpers/env.js';

const run = promisify(execFile);
const PRESNT = '/usr/lib/libreoffice/share/template/common/presnt';

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
  const dir = tempDir('lo-templates-');
  const names = ['Focus', 'Beehive', 'Blue_Curve'];
  beforeAll(async () => {
    if (!requireTool('soffice', HAS_SOFFICE)) return;
    const profile = tempDir('lo-profile-');
    mkdirSync(dir, { recursive: true });
    for (const n of names) {
      for (const fmt of ['pptx', 'potx']) {
        await run('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', fmt, '--outdir', dir, join(PRESNT, `${n}.otp`)], { timeout: 180_000 });
      }
    }
  }, 600_000);

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
