import { strFromU8, unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseContent, type ParsedContent } from '../src/content/parse.js';
import { BuildSession } from '../src/session.js';
import { SlideCache } from '../src/pptx/deck.js';
import { Memo } from '../src/base/memo.js';
import type { ZipEntry } from '../src/pptx/package.js';
import { writeDeck } from '../src/pptx/deck.js';
import type { LayoutTree } from '../src/layout/types.js';
import { renderDeck, templateSet } from './helpers/session.js';
import { SEED } from './helpers/env.js';
import { openDeck } from './helpers/pptx.js';

const seed = parseContent(readFileSync(SEED, 'utf8'), SEED);
const variant = (deck: Partial<ParsedContent['model']['deck']>): ParsedContent => ({ ...seed, model: { ...seed.model, deck: { ...seed.model.deck, ...deck } } });
const fixture = (name: string) => {
  const file = `test/fixtures/${name}/content.yaml`;
  return parseContent(readFileSync(file, 'utf8'), file);
};

describe('slides and parts reused across the decks of a batch', () => {
  // what a batch's memos hold must never change a byte of any deck
  const decks: [string, ParsedContent, string][] = [
    ['seed', seed, 'briefing'],
    ['another subtitle', variant({ subtitle: 'Meeting 2' }), 'briefing'],
    ['another classification', variant({ classification: 'CUI' }), 'briefing'],
    ['Korean and Chinese', fixture('korean-chinese'), 'briefing'],
    ['seed again', seed, 'briefing'],
    ['the memo set', variant({ subtitle: 'Meeting 2' }), 'memo'],
    ['40 bullets', fixture('bullets-40'), 'briefing'],
  ];

  it('gives each deck the very bytes it has when built alone', async () => {
    const session = BuildSession.create();
    const warm: Buffer[] = [];
    for (const [, content, set] of decks) warm.push((await renderDeck(content, templateSet(set), { session })).buffer);
    for (const [i, [what, content, set]] of decks.entries()) {
      const cold = (await renderDeck(content, templateSet(set))).buffer;
      expect(warm[i]!.equals(cold), what).toBe(true);
    }
  });

  it('a variant differs from the seed where its content does, and only there', async () => {
    const session = BuildSession.create();
    const a = await openDeck((await renderDeck(seed, templateSet(), { session })).buffer);
    const b = await openDeck((await renderDeck(variant({ subtitle: 'Meeting 2' }), templateSet(), { session })).buffer);
    expect(b.slides[0]!.texts).toContain('Meeting 2');
    expect(a.slides[0]!.texts).not.toContain('Meeting 2');
    expect(b.slides.slice(1).map((s) => s.xml)).toEqual(a.slides.slice(1).map((s) => s.xml));
  });

  it('a reused slide still gives the master and layout its slide number', async () => {
    // pptxgenjs copies a slide's number to the master and layout; a blank stand-in must keep it
    const { fitted } = await renderDeck(seed, templateSet());
    const slide = fitted.slides[3]!;
    const plain = { ...slide, nodes: slide.nodes.filter((n) => n.kind !== 'slide-number') };
    const numbered = { size: fitted.size, slides: [slide, plain] };
    const unnumbered = { size: fitted.size, slides: [plain, plain] };
    const opts = { eaFonts: { ko: 'A', zh: 'B', ja: 'C' }, date: new Date(0) };
    const fresh = () => ({ parts: new Memo<ZipEntry>(16 << 20, (k, e) => k.length + e.packed.length), slides: new SlideCache(16 << 20) });
    let caches = fresh();
    const build = (t: LayoutTree) => writeDeck(t, { title: 't' }, opts, { master: 'briefing' }, caches);
    const cold = [await build(numbered)];
    caches = fresh();
    cold.push(await build(unnumbered));
    caches = fresh();
    await build(numbered);
    // now every slide of each comes from the memo
    const warm = [await build(numbered), await build(unnumbered)];
    expect(warm[0]!.equals(cold[0]!)).toBe(true);
    expect(warm[1]!.equals(cold[1]!)).toBe(true);
    const master = (b: Buffer) => strFromU8(unzipSync(b)['ppt/slideMasters/slideMaster1.xml']!);
    expect(master(warm[0]!)).toContain('type="sldNum"');
    expect(master(warm[1]!)).not.toContain('type="sldNum"');
  });
});
