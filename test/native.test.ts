import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { builtDecks, cli, HAS_PDFTOTEXT, HAS_SOFFICE, requireTool, SEED, tempDir } from './helpers/env.js';
import { decodeXml, openDeck, type OpenedDeck } from './helpers/pptx.js';
import { pdfText, toPdf } from './helpers/soffice.js';
import { checkDeck } from '../src/pptx/check.js';
import { SHARED_XSD } from './setup.js';

const run = promisify(execFile);
const enabled = requireTool('soffice', HAS_SOFFICE) && requireTool('pdftotext', HAS_PDFTOTEXT);

/** Top-level shapes of a part's spTree, in order: kind, name, placeholder type, the XML. */
function shapes(xml: string) {
  return [...xml.matchAll(/<p:(sp|pic|graphicFrame)>([\s\S]*?)<\/p:\1>/g)].map((m) => ({
    kind: m[1]!,
    name: decodeXml(/<p:cNvPr id="\d+" name="([^"]*)"/.exec(m[2]!)?.[1] ?? ''),
    ph: /<p:ph type="([a-zA-Z]+)"/.exec(m[2]!)?.[1],
    xml: m[0],
  }));
}

const text = (xml: string) => [...xml.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => decodeXml(m[1]!)).join('');

for (const set of ['briefing', 'memo'] as const) {
  describe(`the seed in the ${set} set is PowerPoint's own (issue 11)`, () => {
    let deck: OpenedDeck;
    let file: string;

    beforeAll(async () => {
      const dir = tempDir();
      const r = await cli('build', SEED, '-t', set, '-o', dir);
      expect(r.code, r.err.join('\n')).toBe(0);
      file = join(dir, 'xi-south-korea-visit.pptx');
      deck = await openDeck(file);
    });

    it('has a title placeholder holding the slide title, first in reading order, on every slide', () => {
      const titles = ['President Xi Jinping’s Visit to South Korea', set === 'memo' ? 'Contents' : 'Agenda'];
      deck.slides.forEach((s, i) => {
        const first = shapes(s.xml)[0]!;
        expect(first.ph, s.name).toBe(i === 0 ? 'ctrTitle' : 'title');
        expect(first.name).toBe('Title');
        expect(first.xml).toContain('<a:normAutofit/>');
        if (titles[i]) expect(text(first.xml)).toBe(titles[i]);
        else expect(text(first.xml).length).toBeGreaterThan(3);
      });
      expect(shapes(deck.slides[0]!.xml)[1]!.ph).toBe('subTitle');
      // the slide number is last
      for (const s of deck.slides.slice(1)) expect(shapes(s.xml).at(-1)!.ph).toBe('sldNum');
    });

    it('puts each slide on a named layout, one per slide kind, with the title placeholder the template places', () => {
      const names = deck.slides.map((s) => /<p:cSld name="([^"]*)"/.exec(s.layoutXml)?.[1]);
      expect(names).toEqual(['Title Slide', 'Agenda', 'Section', 'Section', 'Table', 'Section', 'Table', 'Section', 'Table', 'Sources']);
      for (const s of deck.slides) {
        const ph = shapes(s.layoutXml).filter((x) => x.ph);
        expect(ph.map((x) => x.ph)).toContain(s === deck.slides[0] ? 'ctrTitle' : 'title');
      }
      // the classification banner and footer are drawn once, on the layout
      for (const s of deck.slides) {
        expect(s.texts).not.toContain('UNCLASSIFIED');
        expect(shapes(s.layoutXml).filter((x) => x.name.startsWith('Classification banner (')).map((x) => text(x.xml))).toEqual(['UNCLASSIFIED', 'UNCLASSIFIED']);
      }
    });

    it('puts each slide’s main block in its layout’s body placeholder, keeping the fitted sizes (issue 11)', () => {
      const withBody = deck.slides.filter((s) => s.layoutXml.includes('<p:ph type="body"'));
      // the section and sources layouts; the briefing agenda of four sections is numbered rows, the
      // memo's a list without markers; the tables have no stack
      const named = [...new Set(withBody.map((s) => /<p:cSld name="([^"]*)"/.exec(s.layoutXml)?.[1]))];
      expect(named).toEqual(set === 'memo' ? ['Agenda', 'Section', 'Sources'] : ['Section', 'Sources']);
      for (const s of withBody) {
        const layoutBody = shapes(s.layoutXml).find((x) => x.ph === 'body')!;
        expect(layoutBody.xml).toContain('<a:normAutofit/>');
        if (s === deck.slides[1]) {
          expect(layoutBody.xml).toMatch(/<a:lvl1pPr marL="0" indent="0"[^>]*>(?:(?!<\/a:lvl1pPr>)[\s\S])*<a:buNone\/>/);
        } else {
          // two list levels with the template's hanging indent (0.3 in per level)
          expect(layoutBody.xml).toMatch(/<a:lvl1pPr marL="274320" indent="-274320"[\s\S]*<a:buChar char="&#x2022;"\/>[\s\S]*<a:lvl2pPr marL="548640" indent="-274320"/);
        }
        const idx = /<p:ph type="body" idx="(\d+)"\/>/.exec(layoutBody.xml)![1];
        const bodies = shapes(s.xml).filter((x) => x.ph === 'body');
        expect(bodies, s.name).toHaveLength(1);
        const body = bodies[0]!;
        expect(body.xml).toContain(`<p:ph type="body" idx="${idx}"/>`);
        // the list when there is one, else the summary; other blocks stay text boxes
        const lists = shapes(s.xml).filter((x) => x.name.startsWith('List: '));
        expect(body.name).toMatch(lists.length ? /^List: / : /^Text: /);
        // its own box and the sizes fit chose, on every run
        expect(body.xml).toMatch(/<a:xfrm><a:off x="\d+" y="\d+"\/><a:ext cx="\d+" cy="\d+"\/><\/a:xfrm>/);
        const runs = [...body.xml.matchAll(/<a:rPr [^>]*>/g)].map((m) => m[0]);
        expect(runs.length).toBeGreaterThan(0);
        for (const r of runs) expect(r).toMatch(/ sz="\d+"/);
      }
      // a section slide with a summary and a list: the list is the body, the summary a text box
      const third = shapes(deck.slides[2]!.xml);
      expect(third.map((x) => [x.name.split(':')[0], x.ph])).toEqual([
        ['Title', 'title'],
        ['Text', undefined],
        ['List', 'body'],
        ['Slide Number Placeholder 0', 'sldNum'],
      ]);
    });

    it('names the master after the set and writes the set’s theme colours and fonts', async () => {
      expect(await deck.read('ppt/slideMasters/slideMaster1.xml')).toContain(`<p:cSld name="${set}">`);
      const theme = await deck.read('ppt/theme/theme1.xml');
      const yaml = parseYaml(readFileSync(`templates/${set}/theme.yaml`, 'utf8')) as { colors: Record<string, string>; fonts: Record<string, string> };
      const slot = (k: string) => new RegExp(`<a:${k}><a:srgbClr val="([0-9A-F]{6})"/>`).exec(theme)?.[1];
      expect(theme).toContain(`<a:clrScheme name="${set}">`);
      expect(slot('dk1')).toBe(yaml.colors['text']);
      expect(slot('lt1')).toBe(yaml.colors['white']);
      expect(slot('dk2')).toBe(yaml.colors['primary']);
      expect(slot('lt2')).toBe(yaml.colors['light']);
      expect(slot('accent1')).toBe(yaml.colors['primary']);
      expect(slot('accent2')).toBe(yaml.colors['accent']);
      expect(/<a:majorFont><a:latin typeface="([^"]*)"/.exec(theme)?.[1]).toBe(yaml.fonts['heading']);
      expect(/<a:minorFont><a:latin typeface="([^"]*)"/.exec(theme)?.[1]).toBe(yaml.fonts['body']);
      expect(/<a:minorFont><a:latin [^>]*\/><a:ea typeface="([^"]*)"/.exec(theme)?.[1]).toBe(yaml.fonts['eastAsian']);
      // per script, as PowerPoint lists them: Korean, Simplified Chinese and Japanese from theme.yaml
      for (const tag of ['majorFont', 'minorFont']) {
        const list = new RegExp(`<a:${tag}>([\\s\\S]*?)</a:${tag}>`).exec(theme)?.[1] ?? '';
        const face = (script: string) => new RegExp(`<a:font script="${script}" typeface="([^"]*)"/>`).exec(list)?.[1];
        expect(face('Hang'), tag).toBe(yaml.fonts['eastAsian']);
        expect(face('Hans'), tag).toBe(yaml.fonts['chinese'] ?? yaml.fonts['eastAsian']);
        expect(face('Jpan'), tag).toBe(yaml.fonts['japanese'] ?? yaml.fonts['eastAsian']);
        expect(list.match(/<a:font script="Hang"/g), tag).toHaveLength(1);
        // Office's fonts for the other scripts stay
        expect(face('Arab'), tag).toBeDefined();
      }
    });

    it('has runs take the theme’s fonts and colours instead of repeating them (issue 11)', async () => {
      const theme = await deck.read('ppt/theme/theme1.xml');
      const palette = new Set([.../<a:clrScheme [^>]*>([\s\S]*?)<\/a:clrScheme>/.exec(theme)![1]!.matchAll(/<a:srgbClr val="([0-9A-F]{6})"/g)].map((m) => m[1]!));
      const yaml = parseYaml(readFileSync(`templates/${set}/theme.yaml`, 'utf8')) as { fonts: Record<string, string> };
      let scheme = 0;
      for (const s of deck.slides) {
        for (const [part, xml] of [[s.name, s.xml], [s.layout, s.layoutXml]] as const) {
          for (const r of xml.matchAll(/<a:(rPr|defRPr|endParaRPr)\b[^>]*>([\s\S]*?)<\/a:\1>/g)) {
            const latin = /<a:latin typeface="([^"]*)"/.exec(r[2]!)?.[1];
            if (latin) expect([yaml.fonts['heading'], yaml.fonts['body']], part).not.toContain(latin);
            const srgb = /<a:solidFill><a:srgbClr val="([0-9A-F]{6})"/.exec(r[2]!)?.[1];
            if (srgb) expect(palette.has(srgb), `${part} ${srgb}`).toBe(false);
            if (r[2]!.includes('<a:schemeClr ')) scheme++;
          }
        }
      }
      expect(scheme).toBeGreaterThan(20);
      // a title's runs take the heading font, body text the body font
      const title = shapes(deck.slides[2]!.xml)[0]!.xml;
      expect(title).toContain('<a:latin typeface="+mj-lt"/>');
      expect(shapes(deck.slides[2]!.xml)[1]!.xml).toContain('<a:latin typeface="+mn-lt"/>');
    });

    it('gives every table a header row and the set’s table style', async () => {
      const styles = await deck.read('ppt/tableStyles.xml');
      const id = /<a:tblStyle styleId="([^"]+)" styleName="([^"]+)"/.exec(styles);
      expect(id?.[2]).toBe(set);
      const tables = deck.slides.flatMap((s) => [...s.xml.matchAll(/<a:tblPr([^>]*)>([\s\S]*?)<\/a:tblPr>/g)]);
      expect(tables).toHaveLength(3);
      for (const t of tables) {
        expect(t[1]).toContain('firstRow="1"');
        expect(t[2]).toBe(`<a:tableStyleId>${id?.[1]}</a:tableStyleId>`);
        if (set === 'briefing') expect(t[1]).toContain('bandRow="1"');
      }
      const frames = deck.slides.flatMap((s) => shapes(s.xml).filter((x) => x.kind === 'graphicFrame'));
      expect(frames.map((f) => f.name)).toEqual(['Table: Relations before and after the visit', expect.stringMatching(/^Table: /), expect.stringMatching(/^Table: /)]);
    });

    it('marks every shape without text decorative, and names shapes for what they are', () => {
      for (const s of deck.slides) {
        for (const x of [...shapes(s.xml), ...shapes(s.layoutXml)]) {
          expect(x.name).not.toMatch(/^(Text|Shape|Image) \d+$/);
          if (x.kind === 'pic') expect(x.xml.includes('adec:decorative') || /descr="[^"]+"/.test(x.xml)).toBe(true);
          if (x.kind === 'sp' && !x.ph && !text(x.xml).trim()) expect(x.xml, `${s.name} ${x.name}`).toContain('<adec:decorative');
        }
      }
    });

    it.skipIf(!enabled)('a slide added on the table layout shows the classification banner', async () => {
      const zip = await JSZip.loadAsync(readFileSync(file));
      const layout = deck.slides[4]!.layout.replace('ppt/', '../');
      const slide =
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<p:sld xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/></p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>';
      zip.file('ppt/slides/slide11.xml', slide);
      zip.file(
        'ppt/slides/_rels/slide11.xml.rels',
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/slideLayout" Target="${layout}"/></Relationships>`,
      );
      const rels = await zip.file('ppt/_rels/presentation.xml.rels')!.async('string');
      zip.file('ppt/_rels/presentation.xml.rels', rels.replace('</Relationships>', '<Relationship Id="rIdNew" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide" Target="slides/slide11.xml"/></Relationships>'));
      const pres = await zip.file('ppt/presentation.xml')!.async('string');
      zip.file('ppt/presentation.xml', pres.replace('</p:sldIdLst>', '<p:sldId id="999" r:id="rIdNew"/></p:sldIdLst>'));
      const ct = await zip.file('[Content_Types].xml')!.async('string');
      zip.file('[Content_Types].xml', ct.replace('</Types>', '<Override PartName="/ppt/slides/slide11.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slide+xml"/></Types>'));
      const dir = tempDir();
      const added = join(dir, 'added.pptx');
      writeFileSync(added, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
      // an added slide has no title: an accessibility finding, so this deck is checked here, for package problems only
      const problems = await checkDeck(readFileSync(added), { schemaDir: SHARED_XSD });
      expect(problems.filter((p) => p.class !== 'accessibility')).toEqual([]);
      expect(problems.map((p) => `${p.part} ${p.rule}`)).toEqual(['ppt/slides/slide11.xml a11y-missing-title']);
      const pages = await pdfText(await toPdf(added, dir));
      expect(pages).toHaveLength(11);
      expect(pages[10]!.match(/UNCLASSIFIED/g)).toHaveLength(2);
      expect(pages[10]).toContain('President Xi Jinping’s Visit to South Korea'); // the footer
    });
  });
}

describe('briefdeck check: accessibility findings (issue 11)', () => {
  const fixtures = readdirSync('test/fixtures').filter((d) => existsSync(join('test/fixtures', d, 'content.yaml')));

  it.each(['briefing', 'memo'])('finds none in the fixtures built with the %s set', async (set) => {
    const dir = tempDir();
    for (const f of fixtures) {
      const input = join(dir, `${f}.yaml`);
      copyFileSync(join('test/fixtures', f, 'content.yaml'), input);
      const r = await cli('build', input, '-t', set, '-o', dir);
      expect(r.code, r.err.join('\n')).toBe(0);
      const c = await cli('check', join(dir, `${f}.pptx`), '--no-schemas');
      expect(c.out.filter((l) => l.includes('accessibility')), f).toEqual([]);
    }
  });

  it('reports a missing title, a table without a header row, a picture without alt text, and low contrast, as their own class', async () => {
    const dir = tempDir();
    expect((await cli('build', SEED, '-o', dir)).code).toBe(0);
    const file = join(dir, 'xi-south-korea-visit.pptx');
    const zip = await JSZip.loadAsync(readFileSync(file));
    const edit = async (part: string, f: (x: string) => string) => zip.file(part, f(await zip.file(part)!.async('string')));
    await edit('ppt/slides/slide2.xml', (x) => x.replace('<p:ph type="title"/>', ''));
    await edit('ppt/slides/slide5.xml', (x) => x.replace(/<a:tblPr [^>]*>/, '<a:tblPr>'));
    // grey text on the summary's light fill: 1.44:1, the grey named as the theme's accent5 (border), which check resolves
    await edit('ppt/slides/slide3.xml', (x) => x.replace('<a:schemeClr val="tx1"/>', '<a:schemeClr val="accent5"/>'));
    const bad = join(dir, 'bad.pptx');
    writeFileSync(bad, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    const r = await cli('check', bad, '--no-schemas');
    const a11y = r.out.filter((l) => l.includes(': accessibility ('));
    expect(a11y).toEqual([
      expect.stringMatching(/ppt\/slides\/slide2\.xml:\d+: accessibility \(a11y-missing-title\): /),
      expect.stringMatching(/ppt\/slides\/slide3\.xml:\d+: accessibility \(a11y-contrast\): text ".*" is C5CCD6 on EEF2F7, a contrast of 1\.44:1; \d+(\.5)? pt needs 3:1/),
      expect.stringMatching(/ppt\/slides\/slide5\.xml:\d+: accessibility \(a11y-table-header\): /),
    ]);
    expect(r.code).toBe(1);
  });

  it('reports a logo without alt text, and a build warns of it at the theme file (issue 11)', async () => {
    const root = tempDir('tpl-');
    writeFileSync(join(root, 'logo.png'), PNG);
    writeFileSync(join(root, 'theme.yaml'), 'name: house\nlogo:\n  src: logo.png\n  w: 1\n  h: 0.5\n');
    const dir = tempDir();
    const r = await cli('build', SEED, '-t', root, '-o', dir);
    expect(r.code, r.err.join('\n')).toBe(0);
    expect(r.err.join('\n')).toMatch(/theme\.yaml:2:1: warning: the logo has no alt text and is not marked decorative/);
    const built = join(dir, 'xi-south-korea-visit.pptx');
    const c = await cli('check', built, '--no-schemas');
    expect(c.out.filter((l) => l.includes('a11y-picture-alt')).length).toBeGreaterThan(0);
    // the finding is the point here, so test/setup.ts, which wants none, does not see this deck
    builtDecks.splice(builtDecks.indexOf(built), 1);
  });

  it('build refuses a theme whose banner text is below 4.5:1 on its fill, at the theme file', async () => {
    const root = tempDir('tpl-');
    writeFileSync(join(root, 'theme.yaml'), 'classification:\n  levels:\n    UNCLASSIFIED: { fill: E8F5E9, text: 66BB6A }\n');
    const r = await cli('build', SEED, '-t', root, '-o', tempDir());
    expect(r.code).toBe(3);
    expect(r.err.join('\n')).toMatch(/theme\.yaml:3:19: .*classification\.levels\.UNCLASSIFIED.*contrast of 2\.\d\d:1; banner text at 12 pt bold needs 4\.5:1/);
  });
});

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

describe.skipIf(!enabled)('the seed in LibreOffice: notes pages and page names (issue 11)', () => {
  let dir: string;
  let file: string;

  beforeAll(async () => {
    dir = tempDir();
    expect((await cli('build', SEED, '-o', dir)).code).toBe(0);
    file = join(dir, 'xi-south-korea-visit.pptx');
  });

  const convert = async (filter: string, ext: string) => {
    const out = tempDir();
    const profile = tempDir('lo-profile-');
    await run('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', filter, '--outdir', out, file], { timeout: 180_000 });
    return join(out, `xi-south-korea-visit.${ext}`);
  };

  it('prints each slide’s notes on its notes page', async () => {
    const pdf = await convert('pdf:impress_pdf_Export:{"ExportNotesPages":{"type":"boolean","value":"true"},"ExportOnlyNotesPages":{"type":"boolean","value":"true"}}', 'pdf');
    const pages = await pdfText(pdf);
    const deck = await openDeck(file);
    expect(pages).toHaveLength(10);
    const squash = (s: string) => s.replace(/\s+/g, ' ');
    deck.slides.forEach((s, i) => {
      if (!s.notes) return;
      // the first and last words of the notes, on that slide's page
      const words = s.notes.split(/\s+/);
      expect(squash(pages[i]!), `notes page ${i + 1}`).toContain(words.slice(0, 6).join(' '));
      expect(squash(pages[i]!), `notes page ${i + 1}`).toContain(words.slice(-4).join(' '));
    });
    expect(deck.slides.filter((s) => s.notes).length).toBeGreaterThan(3);
  });

  it('names each page of its ODP conversion after the slide title', async () => {
    const odp = await convert('odp', 'odp');
    const content = await (await JSZip.loadAsync(readFileSync(odp))).file('content.xml')!.async('string');
    const names = [...content.matchAll(/<draw:page [^>]*?draw:name="([^"]*)"/g)].map((m) => decodeXml(m[1]!));
    const deck = await openDeck(file);
    const titles = deck.slides.map((s) => text(shapes(s.xml)[0]!.xml));
    // LibreOffice cuts page names at 63 characters
    expect(names).toEqual(titles.map((t) => t.slice(0, 63)));
    expect(await deck.read('docProps/app.xml')).toContain('<vt:lpstr>Relations before and after the visit</vt:lpstr>');
  });
});

describe('a summary alone in a section takes the body placeholder of a layout whose body is a list (issue 11)', () => {
  it('links the summary as the body and gives its paragraphs no space after, as the text box had', async () => {
    const dir = tempDir();
    const f = join(dir, 'mixed.yaml');
    writeFileSync(
      f,
      'deck:\n  title: "Mixed sections"\nsections:\n  - title: "With a list"\n    bullets: ["First point", "Second point"]\n  - title: "A summary alone"\n    summary: "The only text of this section."\n',
    );
    const r = await cli('build', f, '-o', dir);
    expect(r.code, r.err.join('\n')).toBe(0);
    const deck = await openDeck(join(dir, 'mixed.pptx'));
    const [list, alone] = [deck.slides[2]!, deck.slides[3]!];
    expect(list.layout).toBe(alone.layout);
    const layoutBody = shapes(alone.layoutXml).find((x) => x.ph === 'body')!;
    expect(layoutBody.xml).toContain('<a:spcAft><a:spcPts val="600"/></a:spcAft>');
    expect(shapes(list.xml).find((x) => x.ph === 'body')!.name).toBe('List: First point');
    const body = shapes(alone.xml).find((x) => x.ph === 'body')!;
    expect(body.name).toBe('Text: The only text of this section.');
    expect(text(body.xml)).toBe('The only text of this section.');
    const pPrs = [...body.xml.matchAll(/<a:pPr[^>]*>([\s\S]*?)<\/a:pPr>/g)];
    expect(pPrs.length).toBeGreaterThan(0);
    for (const p of pPrs) expect(p[1]).toMatch(/<\/a:lnSpc><a:spcAft><a:spcPts val="0"\/><\/a:spcAft><a:buNone\/>$/);
  });
});

describe('deck.language and source links (issue 11)', () => {
  const content = (extra: string) =>
    `deck:\n  title: "Licences and colour"\n${extra}sections:\n  - title: "Overview"\n    bullets: ["Organisation of the visit"]\nsources:\n  - title: "Visit article"\n    url: "https://example.org/visit?a=1&b=2"\n`;

  it('writes the deck language on its Latin runs and keeps Korean per script', async () => {
    const dir = tempDir();
    const f = join(dir, 'uk.yaml');
    writeFileSync(f, content('  language: en-GB\n  subtitle: "한국어 부제"\n'));
    const r = await cli('build', f, '-o', dir);
    expect(r.code, r.err.join('\n')).toBe(0);
    const deck = await openDeck(join(dir, 'uk.pptx'));
    for (const s of deck.slides) {
      expect(s.xml).not.toContain('lang="en-US"');
      expect(s.xml).toContain('lang="en-GB"');
    }
    expect(deck.slides[0]!.xml).toContain('lang="ko-KR"');
    expect(deck.slides[0]!.layoutXml).not.toContain(' lang="en-US"');
  });

  it('a malformed language tag is a content error at file:line:col', async () => {
    const dir = tempDir();
    const f = join(dir, 'bad.yaml');
    writeFileSync(f, content('  language: "english please"\n'));
    const r = await cli('build', f, '-o', dir);
    expect(r.code).toBe(3);
    expect(r.err.join('\n')).toMatch(/bad\.yaml:3:13: .*deck\.language.*BCP 47/);
  });

  it('makes a source url a hyperlink', async () => {
    const dir = tempDir();
    const f = join(dir, 'links.yaml');
    writeFileSync(f, content(''));
    expect((await cli('build', f, '-o', dir)).code).toBe(0);
    const deck = await openDeck(join(dir, 'links.pptx'));
    const sources = deck.slides.at(-1)!;
    const rid = /<a:hlinkClick r:id="(rId\d+)"/.exec(sources.xml)?.[1];
    expect(rid).toBeDefined();
    const rels = await deck.read(sources.name.replace('slides/', 'slides/_rels/') + '.rels');
    expect(rels).toMatch(new RegExp(`Id="${rid}" Type="[^"]*/hyperlink" Target="https://example\\.org/visit\\?a=1&amp;b=2" TargetMode="External"`));
  });
});
