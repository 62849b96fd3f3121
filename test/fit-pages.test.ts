import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseContent } from '../src/content/parse.js';
import type { BulletsNode, LayoutTree, SlideNode, TableNode, TextNode } from '../src/layout/types.js';
import { builtDecks, cli, SEED, tempDir } from './helpers/env.js';
import { openDeck, paragraphsOf } from './helpers/pptx.js';
import { renderDeck, templateSet } from './helpers/session.js';

/**
 * Continuation, sizes and the use of space (issue 12), on real decks: what the fitted tree says is
 * checked in the .pptx itself. The fixtures these tests build are also rendered by LibreOffice in
 * fit.test.ts, which checks every word against its box.
 */

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

async function build(file: string, set?: string, yaml = readFileSync(file, 'utf8')) {
  const r = await renderDeck(parseContent(yaml, file), templateSet(set));
  const out = join(tempDir(), 'deck.pptx');
  writeFileSync(out, r.buffer);
  builtDecks.push(out);
  return { ...r, deck: await openDeck(r.buffer), yaml };
}

const nodes = <K extends string>(s: SlideNode, kind: K) => s.nodes.filter((n) => n.kind === kind) as Extract<SlideNode['nodes'][number], { kind: K }>[];
const title = (s: SlideNode) => (s.nodes.find((n) => n.kind === 'text' && n.role === 'title') as TextNode | undefined)?.paragraphs.join(' ') ?? '';
const bodyTexts = (s: SlideNode) => nodes(s, 'text').filter((n) => n.role === 'body' && n.box.y > 1.4 && n.box.y < 6.6);
const sections = (t: LayoutTree) => t.slides.filter((s) => s.layout === 'section');
/** 1-based line of the first line of `yaml` that holds `text`. */
const lineOf = (yaml: string, text: string) => yaml.split('\n').findIndex((l) => l.includes(text)) + 1;

describe('a 500-word summary (issue 12)', () => {
  it('continues over slides titled "(continued n/m)", all of it, at one size, evenly', async () => {
    const file = 'test/fixtures/summary-500-words/content.yaml';
    const r = await build(file);
    const summary = squash((parseContent(r.yaml, file).model.sections[0]!.summary ?? '') as string);
    const slides = sections(r.fitted);
    expect(slides.length).toBeGreaterThan(1);
    expect(r.warnings.map((w) => w.code)).not.toContain('CUT');
    const pieces = slides.map((s) => bodyTexts(s).flatMap((n) => n.paragraphs).join(' '));
    expect(squash(pieces.join(' '))).toBe(summary);
    slides.forEach((s, i) => expect(title(s)).toBe(i === 0 ? 'A 500-word summary' : `A 500-word summary (continued ${i + 1}/${slides.length})`));
    // one size on every slide, and pages even to within two lines
    const sizes = new Set(slides.flatMap((s) => bodyTexts(s).map((n) => n.style.size)));
    expect(sizes.size).toBe(1);
    const heights = slides.map((s) => bodyTexts(s)[0]!.box.h);
    const line = (([...sizes][0]! * 1.221 * 1.15) / 72);
    expect(Math.max(...heights) - Math.min(...heights)).toBeLessThanOrEqual(2 * line + 1e-6);
    // the deck holds what the tree says: each slide's piece, as one paragraph of its own
    const deckSlides = r.deck.slides.filter((_, i) => r.fitted.slides[i]!.layout === 'section');
    deckSlides.forEach((d, i) => expect(paragraphsOf(d.xml).map(squash)).toContain(squash(pieces[i]!)));
    const continued = r.warnings.find((w) => w.code === 'CONTINUED')!;
    expect(continued.location).toMatchObject({ file, line: lineOf(r.yaml, 'summary:') });
  });
});

describe('a bullet with thirty sub-bullets (issue 12)', () => {
  const file = 'test/fixtures/bullet-30-subs/content.yaml';

  it('keeps every sub once, in order, heads each continuation slide with the parent repeated, and never ends a slide on the parent', async () => {
    const r = await build(file);
    const slides = sections(r.fitted);
    expect(slides.length).toBeGreaterThan(1);
    const items = slides.map((s) => nodes(s, 'bullets').flatMap((b) => b.items));
    const subs = items.flat().filter((it) => it.level === 1 && !it.repeat).map((it) => /^Sub-point (\d+):/.exec(it.text)?.[1]);
    expect(subs).toEqual(Array.from({ length: 30 }, (_, i) => String(i + 1)));
    expect(items[0]![0]).toMatchObject({ level: 0, text: 'The parent point that heads thirty sub-points' });
    expect(items[0]!.length).toBeGreaterThan(1);
    for (const page of items.slice(1)) expect(page[0]).toMatchObject({ level: 0, repeat: true, text: 'The parent point that heads thirty sub-points (continued)' });
    // one size for the list on every slide, sub-bullets at 90% of it
    expect(new Set(slides.flatMap((s) => nodes(s, 'bullets').map((b) => b.style.size))).size).toBe(1);
    // in the deck: the parent once in full and once repeated on each later slide
    const paras = r.deck.slides.flatMap((d) => paragraphsOf(d.xml));
    expect(paras.filter((p) => p === 'The parent point that heads thirty sub-points')).toHaveLength(1);
    expect(paras.filter((p) => p === 'The parent point that heads thirty sub-points (continued)')).toHaveLength(slides.length - 1);
    expect(r.warnings.map((w) => w.code)).not.toContain('CUT');
  });

  it("names the sub-bullet where the content continues, at its own line", async () => {
    const r = await build(file);
    const second = nodes(sections(r.fitted)[1]!, 'bullets')[0]!.items.find((it) => !it.repeat)!;
    const w = r.warnings.find((x) => x.code === 'CONTINUED')!;
    expect(w.location).toEqual({ file, line: lineOf(r.yaml, second.text.slice(0, 14)), col: 13 });
  });

  it('gives a parent with fourteen subs at least its first sub on its slide (issue 12)', async () => {
    const yaml = `deck: {title: T}\nsections:\n  - title: Fourteen\n    bullets:\n      - text: The parent\n        sub:\n${Array.from({ length: 14 }, (_, i) => `          - "Sub ${i + 1}: the delegation will review bilateral consultations on trade, security and culture"`).join('\n')}\n`;
    const r = await build('fourteen.yaml', undefined, yaml);
    const slides = sections(r.fitted);
    const first = nodes(slides[0]!, 'bullets')[0]!.items;
    expect(first[0]!.text).toBe('The parent');
    expect(first.length).toBeGreaterThan(1);
    // no slide holds a lone sub: each starts with the parent or its repeat
    for (const s of slides) expect(nodes(s, 'bullets')[0]!.items[0]!.level).toBe(0);
  });
});

describe('three bullets with twenty subs each (issue 12)', () => {
  it('makes no cut and no false warning; each warning names a bullet of the section', async () => {
    const file = 'test/fixtures/three-parents-20-subs/content.yaml';
    const r = await build(file);
    expect(r.warnings.map((w) => w.code).sort()).toEqual(['CONTINUED', 'SHRUNK']);
    const subs = sections(r.fitted).flatMap((s) => nodes(s, 'bullets').flatMap((b) => b.items)).filter((it) => !it.repeat);
    expect(subs).toHaveLength(63);
    const bulletLines = r.yaml.split('\n').flatMap((l, i) => (/^\s+- (text: )?"?(Parent|P\d sub)/.test(l) ? [i + 1] : []));
    for (const w of r.warnings) expect(bulletLines).toContain(w.location!.line);
  });
});

describe('a bullet longer than a slide (issue 12)', () => {
  it('continues the item, without a new marker, and keeps every word once', async () => {
    const file = 'test/fixtures/bullet-600-words/content.yaml';
    const r = await build(file);
    const long = (parseContent(r.yaml, file).model.sections[0]!.bullets![1] as { text: string }).text;
    const items = sections(r.fitted).flatMap((s) => nodes(s, 'bullets').flatMap((b) => b.items));
    const parts = items.filter((it) => it.text !== 'A short first point' && it.level === 0 && it.text !== 'A last point');
    expect(parts.length).toBeGreaterThan(1);
    expect(squash(parts.map((p) => p.text).join(' '))).toBe(squash(long));
    expect(parts.slice(1).every((p) => p.cont)).toBe(true);
    // the sub-bullet after it still follows its parent's last part on the same slide
    const second = nodes(sections(r.fitted)[1]!, 'bullets')[0]!.items;
    expect(second.map((it) => it.cont ?? false)).toEqual([true, false, false]);
    // a continued part is drawn with a blank marker at the item's indent, not a bullet
    const xml = r.deck.slides[r.fitted.slides.indexOf(sections(r.fitted)[1]!)]!.xml;
    expect(xml).toMatch(/<a:buChar char="&#x00A0;"\/>/);
  });
});

describe('shrinking only when it saves a slide (issue 12)', () => {
  it('sets forty bullets at the largest size that needs no more slides than the minimum, spread evenly', async () => {
    const file = 'test/fixtures/bullets-40/content.yaml';
    const r = await build(file);
    const atMin = await build(file, undefined, `${readFileSync(file, 'utf8')}theme:\n  sizes: {body: 14, bullets: 14}\n  maxSizes: {body: 14, bullets: 14}\n`);
    const slides = sections(r.fitted);
    expect(slides.length).toBe(sections(atMin.fitted).length);
    const size = nodes(slides[0]!, 'bullets')[0]!.style.size;
    expect(size).toBeGreaterThanOrEqual(18);
    expect(r.warnings.map((w) => w.code)).not.toContain('SHRUNK');
    const counts = slides.map((s) => nodes(s, 'bullets').reduce((n, b) => n + b.items.length, 0));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(40);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(3);
  });

  it('keeps a table cell too tall for a slide at 16 pt whole when the table fits at 12 pt', async () => {
    const cell = Array.from({ length: 330 }, (_, i) => ['trade', 'security', 'culture', 'review'][i % 4]).join(' ');
    const yaml = `deck: {title: T}\nsections:\n  - title: S\n    tables:\n      - columns: [Topic, Detail]\n        rows:\n          - [Trade, "${cell}"]\n          - [Security, short]\n`;
    const r = await build('tall.yaml', undefined, yaml);
    expect(r.warnings.map((w) => w.code)).not.toContain('CUT');
    const t = r.fitted.slides.flatMap((s) => nodes(s, 'table'))[0]!;
    expect(t.rows[0]![1]).toBe(cell);
    expect(t.style.size).toBeLessThan(16);
    expect(r.deck.slides.some((d) => d.tables.some((tb) => tb.some((row) => row[1] === cell)))).toBe(true);
  });
});

describe('hierarchy (issue 12)', () => {
  it('never sets a title smaller than its subtitle', async () => {
    const long = 'Comprehensive briefing on the state visit of the President of the People’s Republic of China to the Republic of Korea, with the itinerary and outcomes';
    const yaml = `deck:\n  title: "${long}"\n  subtitle: A symbolic restart in relations after the APEC summit, with notes on each meeting\nsections:\n  - title: S\n    summary: x\n`;
    for (const set of ['briefing', 'memo']) {
      const r = await build('hier.yaml', set, yaml);
      const first = r.fitted.slides[0]!;
      const t = first.nodes.find((n): n is TextNode => n.kind === 'text' && n.role === 'title')!;
      const sub = first.nodes.find((n): n is TextNode => n.kind === 'text' && n.role === 'subtitle')!;
      expect(t.style.size, set).toBeGreaterThanOrEqual(sub.style.size);
    }
  });

  it.each(['briefing', 'memo'])('sets every content-slide title of the seed at one size (%s)', async (set) => {
    const r = await build(SEED, set);
    const sizes = r.fitted.slides.filter((s) => s.layout !== 'title').flatMap((s) => nodes(s, 'text').filter((n) => n.role === 'title').map((n) => n.style.size));
    expect(new Set(sizes).size).toBe(1);
    // in the deck too: every content title's runs at that size
    const sz = `sz="${Math.round(sizes[0]! * 100)}"`;
    r.deck.slides.forEach((d, i) => {
      if (r.fitted.slides[i]!.layout === 'title') return;
      const t = title(r.fitted.slides[i]!);
      const shape = d.xml.split('<p:sp>').map((sp) => sp.split('</p:sp>')[0]!).find((sp) => paragraphsOf(sp).join(' ') === t);
      expect(shape, `slide ${i + 1}`).toContain(sz);
    });
  });
});

describe('using the space (issue 12)', () => {
  it.each([
    ['briefing', 20],
    ['memo', 16],
  ])('grows a short table to the theme maximum and gives its rows the spare height (%s)', async (set, max) => {
    const r = await build(SEED, set);
    const t = r.fitted.slides.flatMap((s) => nodes(s, 'table'))[0]! as TableNode;
    expect(t.rows).toHaveLength(3);
    expect(t.style.size).toBe(max);
    const used = (t.rowHeights ?? []).reduce((a, b) => a + b, 0);
    expect(used / t.box.h).toBeGreaterThan(0.5);
    // rows are taller than one line needs: the spare height went to them
    expect(Math.min(...(t.rowHeights ?? []).slice(1))).toBeGreaterThan((max * 1.15 * 1.221) / 72 + 2 * t.style.cellInset + 0.05);
  });

  it('grows a short section to fill most of its area, at one size for summary and bullets', async () => {
    const r = await build(SEED);
    const s = sections(r.fitted)[0]!;
    const blocks = [...bodyTexts(s), ...nodes(s, 'bullets')] as (TextNode | BulletsNode)[];
    const top = Math.min(...blocks.map((b) => b.box.y));
    const bottom = Math.max(...blocks.map((b) => b.box.y + b.box.h));
    expect((bottom - top) / 4.9).toBeGreaterThan(0.7);
    expect(new Set(blocks.map((b) => b.style.size)).size).toBe(1);
    expect(blocks[0]!.style.size).toBeGreaterThan(18);
  });
});

describe('slides and warnings (issue 12)', () => {
  it('puts a short summary that is a section\'s only text on its first table slide', async () => {
    const file = 'test/fixtures/summary-on-table/content.yaml';
    const r = await build(file);
    expect(r.fitted.slides.map((s) => s.layout)).toEqual(['title', 'agenda', 'table']);
    const slide = r.fitted.slides[2]!;
    const lead = bodyTexts(slide).find((n) => n.paragraphs.join(' ') === 'Eighty lines.')!;
    const table = nodes(slide, 'table')[0]!;
    expect(table.box.y).toBeGreaterThanOrEqual(lead.box.y + lead.box.h);
    expect(r.deck.slides[2]!.texts).toContain('Eighty lines.');
    expect(r.warnings).toEqual([]);
  });

  it('keeps the section slide when the summary is long, or the section has bullets', async () => {
    const yaml = (summary: string, bullets = '') => `deck: {title: T}\nsections:\n  - title: S\n    summary: "${summary}"\n${bullets}    tables:\n      - columns: [A]\n        rows: [[a]]\n`;
    const long = await build('long.yaml', undefined, yaml('word '.repeat(40).trim()));
    expect(long.fitted.slides.map((s) => s.layout)).toEqual(['title', 'agenda', 'section', 'table']);
    const withBullets = await build('b.yaml', undefined, yaml('Short.', '    bullets: [one]\n'));
    expect(withBullets.fitted.slides.map((s) => s.layout)).toEqual(['title', 'agenda', 'section', 'table']);
  });

  it('says nothing was cut on Korean and Chinese decks, where nothing is', async () => {
    const r = await build('test/fixtures/korean-chinese/content.yaml');
    expect(r.warnings.filter((w) => w.code === 'CUT')).toEqual([]);
  });

  it('gives each item of the memo agenda one marker: its number', async () => {
    const r = await build(SEED, 'memo');
    const xml = r.deck.slides[1]!.xml;
    expect(paragraphsOf(xml)).toContain('1. A symbolic restart');
    expect(xml).not.toMatch(/<a:buChar/);
    expect(xml).toMatch(/<a:buNone\/>/);
  });
});

describe('a deck of more than 65,535 parts (issue 12)', () => {
  it('is refused with a clear content error and exit 3, not an internal error', async () => {
    const dir = tempDir();
    const file = join(dir, 'many.yaml');
    const n = 16_400;
    writeFileSync(file, `deck: {title: Many}\nsections:\n${Array.from({ length: n }, (_, i) => `  - {title: S${i}, summary: P${i}.}\n`).join('')}`);
    const r = await cli('build', file, '-o', join(dir, 'out'));
    expect(r.code).toBe(3);
    const line = r.err.find((l) => l.startsWith('error:'))!;
    expect(line).toMatch(new RegExp(`^error: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: this deck has [\\d,]+ slides \\([\\d,]+ package parts\\); the limit is 65,535 parts, about 16,375 slides`));
    expect(existsSync(join(dir, 'out', 'many.pptx'))).toBe(false);
  }, 300_000);
});
