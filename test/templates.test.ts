import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, SEED, tempDir } from './helpers/env.js';

/** A template root that overrides one file on top of the built-in set. */
function overrideRoot(rel: string, source: string): string {
  const dir = tempDir('tpl-');
  mkdirSync(join(dir, rel, '..'), { recursive: true });
  writeFileSync(join(dir, rel), source);
  return dir;
}

/** Build the seed with one template file of a new root in front of the built-in set. */
const buildOverriding = (rel: string, source: string) => cli('build', SEED, '-o', tempDir(), '-t', overrideRoot(rel, source));

describe('template errors name the template', () => {
  it('an unknown variable names the file, line and variable', async () => {
    const r = await buildOverriding('layouts/agenda.hbs', '<slide>\n  <text x="1" y="1" w="2" h="1">{{deck.titel}}</text>\n</slide>\n');
    expect(r.code).toBe(4);
    expect(r.err[0]).toMatch(/^error: .*layouts\/agenda\.hbs:2:\d+: unknown variable "titel" \(while rendering layout "agenda" for the agenda\)$/);
  });

  it('an unknown helper is an error at compile time', async () => {
    const r = await buildOverriding('partials/footer.hbs', '\n{{shout footer}}\n');
    expect(r.code).toBe(4);
    expect(r.err[0]).toMatch(/partials\/footer\.hbs:2:\d+: unknown helper "shout"/);
  });

  it('an unknown helper in a layout no deck uses is still an error, naming that layout', async () => {
    const r = await buildOverriding('layouts/unused-extra.hbs', '<slide>\n  {{nohelper deck.title}}\n</slide>\n');
    expect(r.code).toBe(4);
    expect(r.err[0]).toMatch(/layouts\/unused-extra\.hbs:2:\d+: unknown helper "nohelper"/);
  });

  it('an unknown partial names the template', async () => {
    const r = await buildOverriding('layouts/sources.hbs', '<slide>{{> nosuch}}</slide>');
    expect(r.code).toBe(4);
    expect(r.err[0]).toMatch(/layouts\/sources\.hbs:1:12: unknown partial "nosuch"/);
  });

  it('invalid slide markup names the template and the markup line', async () => {
    const r = await buildOverriding('layouts/agenda.hbs', '<slide>\n<text x="1" y="1" w="2" h="1">ok</text>\n<txet x="1"/>\n</slide>\n');
    expect(r.code).toBe(4);
    expect(r.err[0]).toMatch(/layouts\/agenda\.hbs: invalid slide markup from the agenda: <txet> is not a slide element.*\(line 3 of the rendered markup\)/);
  });

  it('a bad attribute value is reported with the element', async () => {
    const r = await buildOverriding('layouts/agenda.hbs', '<slide><text x="left" y="1" w="2" h="1">ok</text></slide>');
    expect(r.err[0]).toMatch(/<text> attribute `x` must be a number, got "left"/);
  });

  it('a section layout that does not exist points at the content', async () => {
    const dir = tempDir();
    const f = join(dir, 'c.yaml');
    writeFileSync(f, 'deck: {title: T}\nsections:\n  - title: A\n    layout: two-column\n    summary: x\n');
    const r = await cli('build', f, '-o', dir);
    expect(r.code).toBe(4);
    expect(r.err[0]).toMatch(/c\.yaml:3:5: no layout "two-column" in template set "briefing"/);
  });
});

import { cpSync, existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openDeck } from './helpers/pptx.js';

/** A content folder with its own copy of the seed, so templates/ and config beside it are its own. */
function project(): { dir: string; file: string } {
  const dir = tempDir('proj-');
  const file = join(dir, 'visit.yaml');
  writeFileSync(file, readFileSync(SEED, 'utf8'));
  return { dir, file };
}

async function build(file: string, ...args: string[]) {
  const out = tempDir('out-');
  const r = await cli('build', file, '-o', out, ...args);
  expect(r.code, r.err.join('\n')).toBe(0);
  return openDeck(join(out, file.replace(/^.*\//, '').replace(/\.yaml$/, '.pptx')));
}

const FOOTER = readFileSync('templates/briefing/partials/footer.hbs', 'utf8');
const footerSaying = (word: string) => FOOTER.replace('>{{footer}}<', `>${word}<`);

describe('template roots (issue 5)', () => {
  it('overriding one partial changes exactly that part of every slide', async () => {
    const plain = await build(SEED);
    const custom = await build(SEED, '-t', overrideRoot('partials/footer.hbs', footerSaying('House footer')));
    expect(custom.slides.length).toBe(plain.slides.length);
    plain.slides.forEach((s, i) => {
      const mine = custom.slides[i]!;
      if (i === 0) {
        expect(mine.xml).toBe(s.xml); // the title slide has no footer
        return;
      }
      expect(mine.shown).toContain('House footer');
      // the footer is chrome: on the slide's layout, so the slide itself is unchanged (issue 11)
      expect(mine.xml).toBe(s.xml);
      expect(mine.layoutXml.replace('House footer', 'President Xi Jinping’s Visit to South Korea')).toBe(s.layoutXml);
    });
  });

  it('a project folder beside the content file beats the built-in set, and -t DIR beats both', async () => {
    const p = project();
    mkdirSync(join(p.dir, 'templates', 'partials'), { recursive: true });
    writeFileSync(join(p.dir, 'templates', 'partials', 'footer.hbs'), footerSaying('Project footer'));
    expect((await build(p.file)).slides[1]!.shown).toContain('Project footer');
    const cliRoot = overrideRoot('partials/footer.hbs', footerSaying('Command-line footer'));
    const both = await build(p.file, '-t', cliRoot);
    expect(both.slides[1]!.shown).toContain('Command-line footer');
    expect(both.slides[1]!.shown).not.toContain('Project footer');
  });

  it('briefdeck.config.yaml can name the project folder and the set', async () => {
    const p = project();
    mkdirSync(join(p.dir, 'brand', 'partials'), { recursive: true });
    writeFileSync(join(p.dir, 'brand', 'partials', 'footer.hbs'), footerSaying('Configured footer'));
    writeFileSync(join(p.dir, 'briefdeck.config.yaml'), 'set: memo\ntemplates: brand\n');
    const deck = await build(p.file);
    expect(deck.slides[1]!.shown).toContain('Configured footer');
    expect(deck.slides[1]!.texts).toContain('Contents'); // memo's agenda title
  });

  it('-t NAME picks a built-in set; both sets build the seed from the same data', async () => {
    const briefing = await build(SEED, '-t', 'briefing');
    const memo = await build(SEED, '-t', 'memo');
    expect(memo.slides.length).toBe(briefing.slides.length);
    expect(briefing.slides[1]!.texts).toContain('Agenda');
    expect(memo.slides[1]!.texts).toContain('Contents');
    expect(memo.slides.flatMap((s) => s.tables)).toEqual(briefing.slides.flatMap((s) => s.tables));
    expect(briefing.slides[4]!.xml).toContain('<a:srgbClr val="1B2A4A"/>');
    expect(memo.slides[4]!.xml).not.toContain('1B2A4A');
    // the memo's Arial is its theme's body font, which its runs take (issue 11)
    expect(await memo.read('ppt/theme/theme1.xml')).toMatch(/<a:minorFont><a:latin typeface="Arial"\/>/);
    expect(memo.slides[4]!.xml).toContain('<a:latin typeface="+mn-lt"/>');
  });
});

describe('themes (issue 5)', () => {
  it('a theme.yaml in an override root needs only the keys it changes, and shows in the slide XML', async () => {
    const root = overrideRoot('theme.yaml', 'colors:\n  primary: "8B0000"\nfonts:\n  body: Arial\n');
    const deck = await build(SEED, '-t', root);
    expect(deck.slides[4]!.xml).toContain('<a:srgbClr val="8B0000"/>');
    expect(deck.slides[4]!.xml).not.toContain('1B2A4A');
    expect(await deck.read('ppt/theme/theme1.xml')).toMatch(/<a:minorFont><a:latin typeface="Arial"\/>/);
    expect(deck.slides[4]!.xml).toContain('<a:latin typeface="+mn-lt"/>');
  });

  it('a content file overrides theme values under theme:', async () => {
    const p = project();
    writeFileSync(p.file, `${readFileSync(SEED, 'utf8')}\ntheme:\n  colors:\n    accent: "00A651"\n  slide:\n    size: "4:3"\n`);
    const deck = await build(p.file);
    // the accent rule is chrome, on the slide's layout (issue 11)
    expect(deck.slides[3]!.layoutXml).toContain('<a:srgbClr val="00A651"/>');
    expect(await deck.read('ppt/presentation.xml')).toContain('<p:sldSz cx="9144000" cy="6858000"');
  });

  it('theme values are validated with file:line:col, in theme.yaml and under theme:', async () => {
    const r = await buildOverriding('theme.yaml', 'colors:\n  primary: navy\nsizes:\n  title: big\n');
    expect(r.code).toBe(3);
    const lines = r.err.join('\n').split('\n');
    expect(lines[0]).toMatch(/theme\.yaml:2:12: colors\.primary: expected a colour like 1F3864/);
    expect(lines[1]).toMatch(/theme\.yaml:4:10: sizes\.title: expected a number, got a string/);
    const p = project();
    writeFileSync(p.file, `${readFileSync(SEED, 'utf8')}\ntheme:\n  colours: {}\n`);
    const c = await cli('validate', p.file);
    expect(c.code).toBe(3);
    expect(c.err[0]).toMatch(/visit\.yaml:\d+:3: theme\.colours: unknown key `colours`; did you mean `colors`\?/);
  });
});

describe('theme palette values are checked (issue 11)', () => {
  it('a palette value that is neither six hex digits nor a colour name is a theme error at file:line:col, with did-you-mean', async () => {
    const r = await buildOverriding('theme.yaml', 'palette:\n  accent1: primry\n  accent2: "1F386"\n  dk2: navy\n  lt2: "#EEF2F7"\n  hlink: accent\n');
    expect(r.code).toBe(3);
    const lines = r.err.join('\n').split('\n');
    expect(lines[0]).toMatch(/theme\.yaml:2:12: palette\.accent1: unknown colour `primry`; did you mean `primary`\?$/);
    expect(lines[1]).toMatch(/theme\.yaml:3:12: palette\.accent2: `1F386` is not a colour: expected six hex digits like 1F3864$/);
    expect(lines[2]).toMatch(/theme\.yaml:4:8: palette\.dk2: unknown colour `navy`; expected six hex digits like 1F3864 or a name from colors \(primary, accent, /);
    expect(lines).toHaveLength(3);
  });

  it('under theme: in a content file too, located in that file', async () => {
    const p = project();
    writeFileSync(p.file, `${readFileSync(SEED, 'utf8')}\ntheme:\n  palette:\n    accent1: acent\n`);
    const lines = readFileSync(p.file, 'utf8').split('\n');
    const line = lines.indexOf('    accent1: acent') + 1;
    const c = await cli('validate', p.file);
    expect(c.code).toBe(3);
    expect(c.err[0]).toMatch(new RegExp(`visit\\.yaml:${line}:14: theme\\.palette\\.accent1: unknown colour \`acent\`; did you mean \`accent\`\\?`));
  });
});

describe('strict templates and the sandbox (issue 5)', () => {
  it('a misspelt variable inside {{#if}} is an error with file, line and name, never a silent blank', async () => {
    const r = await buildOverriding('layouts/agenda.hbs', '<slide>\n\n  {{#if deck.subtitel}}<text x="1" y="1" w="2" h="1">x</text>{{/if}}\n<text x="1" y="1" w="2" h="1">ok</text></slide>\n');
    expect(r.code).toBe(4);
    expect(r.err[0]).toMatch(/layouts\/agenda\.hbs:3:9: unknown variable "subtitel"/);
  });

  it('a misspelt variable in a partial called with arguments is caught too', async () => {
    const r = await buildOverriding('partials/header.hbs', '{{#if titel}}<rect x="0" y="0" w="1" h="1" fill="accent"/>{{/if}}');
    expect(r.code).toBe(4);
    expect(r.err[0]).toMatch(/partials\/header\.hbs:1:7: unknown variable "titel"/);
  });

  it('templates cannot reach prototype properties', async () => {
    const r = await buildOverriding('layouts/agenda.hbs', '<slide>{{#with deck.constructor}}<text x="1" y="1" w="2" h="1">{{name}}</text>{{/with}}</slide>');
    expect(r.code).toBe(4);
    expect(r.err[0]).toMatch(/"constructor" is not allowed: templates cannot reach prototype properties/);
  });

  const PNG = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  );

  it('a logo from the theme is placed on the slides, from inside a template root', async () => {
    const root = overrideRoot('theme.yaml', 'logo:\n  src: images/logo.png\n  w: 1.2\n  h: 0.6\n  alt: Ministry crest\n');
    mkdirSync(join(root, 'images'));
    writeFileSync(join(root, 'images', 'logo.png'), PNG);
    const deck = await build(SEED, '-t', root);
    expect(deck.parts.filter((p) => p.startsWith('ppt/media/'))).not.toEqual([]);
    // the logo is chrome: drawn once on each layout with a title bar, with its alt text and never its path (issue 11)
    expect(deck.slides[2]!.layoutXml).toContain('<p:pic>');
    expect(deck.slides[2]!.layoutXml).toMatch(/<p:cNvPr id="\d+" name="Logo" descr="Ministry crest"/);
    expect(deck.slides[2]!.layoutXml).not.toContain('logo.png"');
    expect(deck.slides[0]!.layoutXml).not.toContain('<p:pic>');
    expect(deck.slides.some((s) => s.xml.includes('<p:pic>'))).toBe(false);
  });

  it.each([
    ['../outside.png', /leaves its folder with "\.\."/],
    ['/etc/logo.png', /is an absolute path/],
    ['https://example.org/logo.png', /is a URL; briefdeck fetches nothing from the network/],
    ['missing.png', /does not exist: it is not in /],
  ])('refuses the image path %s', async (src, why) => {
    const r = await buildOverriding('theme.yaml', `logo:\n  src: "${src}"\n  w: 1\n  h: 0.5\n`);
    expect(r.code).toBe(4);
    expect(r.err[0]).toMatch(why);
    expect(r.err[0]).toMatch(/^error: .*\/theme\.yaml: theme logo: image /);
  });
});

describe('templates list and eject (issue 5)', () => {
  it('lists the built-in sets and a project folder', async () => {
    const p = project();
    mkdirSync(join(p.dir, 'templates'));
    const r = await cli('templates', 'list', p.file);
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/^built-in\s+briefing\s+templates\/briefing/);
    expect(r.out[1]).toMatch(/^built-in\s+memo\s+templates\/memo/);
    expect(r.out[2]).toMatch(/^built-in\s+reference\s+templates\/reference/);
    expect(r.out[3]).toMatch(/^project\s+templates\s+.*\/templates\s+— beside the content file/);
  });

  it('an ejected, unchanged copy builds a byte-identical deck', async () => {
    for (const set of ['briefing', 'memo']) {
      const dir = join(tempDir(), 'mine');
      const e = await cli('templates', 'eject', set, dir);
      expect(e.code).toBe(0);
      expect(existsSync(join(dir, 'theme.yaml'))).toBe(true);
      const a = tempDir();
      const b = tempDir();
      expect((await cli('build', SEED, '-o', a, '-t', set)).code).toBe(0);
      expect((await cli('build', SEED, '-o', b, '-t', dir)).code).toBe(0);
      expect(readFileSync(join(a, 'xi-south-korea-visit.pptx')).equals(readFileSync(join(b, 'xi-south-korea-visit.pptx'))), set).toBe(true);
    }
  });

  it('eject refuses a folder that has files', async () => {
    const dir = tempDir();
    cpSync('templates/memo/theme.yaml', join(dir, 'theme.yaml'));
    const r = await cli('templates', 'eject', 'briefing', dir);
    expect(r.code).toBe(5);
    expect(r.err[0]).toMatch(/the folder is not empty/);
  });
});

describe('a new slide kind chosen from the content (issue 5, TEMPLATES.md walk-through 3)', () => {
  it('layout: two-column on a section uses layouts/two-column.hbs from the project folder', async () => {
    const p = project();
    mkdirSync(join(p.dir, 'templates', 'layouts'), { recursive: true });
    // the walk-through's layout, verbatim from TEMPLATES.md
    const doc = readFileSync('TEMPLATES.md', 'utf8');
    const layout = /<!-- two-column -->\n```handlebars\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(layout).toBeDefined();
    writeFileSync(join(p.dir, 'templates', 'layouts', 'two-column.hbs'), layout!);
    writeFileSync(p.file, readFileSync(SEED, 'utf8').replace('  - title: A symbolic restart\n', '  - title: A symbolic restart\n    layout: two-column\n'));
    const deck = await build(p.file);
    const slide = deck.slides[2]!;
    expect(slide.texts).toContain('A symbolic restart');
    // summary on the left half, bullets on the right half
    const offs = [...slide.xml.matchAll(/<a:off x="(\d+)" y="(\d+)"\/>/g)].map((m) => Number(m[1]));
    expect(offs.some((x) => x > 12192000 / 2)).toBe(true);
  });
});

describe('precompiled built-in templates', () => {
  it('dist/ holds every built-in template, and each renders as its runtime-compiled source does', async () => {
    // npm test builds dist/ first; the CLI bundle and the library both use this module
    const { PRECOMPILED } = (await import(pathToFileURL(resolve('dist/template/precompiled.js')).href)) as typeof import('../src/template/precompiled.js');
    const { TemplateEngine, precompiledKey } = await import('../src/template/engine.js');
    const { templateSet } = await import('./helpers/session.js');
    const { planDeck } = await import('../src/template/plan.js');
    const { parseContent } = await import('../src/content/parse.js');
    const content = parseContent(readFileSync(SEED, 'utf8'), SEED);
    for (const name of ['briefing', 'memo']) {
      const set = templateSet(name);
      const sources = [...set.files.values()].filter((f) => f.path.endsWith('.hbs'));
      expect(sources.length).toBeGreaterThan(5);
      for (const f of sources) expect(PRECOMPILED[precompiledKey(f.source)], f.path).toBeTypeOf('function');
      const ahead = new TemplateEngine(set, PRECOMPILED);
      const now = new TemplateEngine(set, {});
      for (const p of planDeck(content.model, set.theme)) expect(ahead.render(p.layout, p.context, p.what)).toBe(now.render(p.layout, p.context, p.what));
    }
  });

  it('a changed template is compiled from its own source, not taken from the precompiled copy', () => {
    const p = project();
    mkdirSync(join(p.dir, 'templates', 'layouts'), { recursive: true });
    writeFileSync(join(p.dir, 'templates', 'layouts', 'title.hbs'), readFileSync('templates/briefing/layouts/title.hbs', 'utf8').replace('>BRIEFING<', '>CHANGED<'));
    return build(p.file).then((deck) => {
      expect(deck.slides[0]!.shown).toContain('CHANGED');
      expect(deck.slides[0]!.shown).not.toContain('BRIEFING');
    });
  });
});
