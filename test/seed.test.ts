import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseContent } from '../src/content/parse.js';
import { layoutDeck, renderDeck, templateSet } from './helpers/session.js';
import { articleTables } from './helpers/article.js';
import { cli, SEED, tempDir } from './helpers/env.js';
import { openDeck, type OpenedDeck } from './helpers/pptx.js';
import { projectTree } from './helpers/project.js';

const ARTICLE_TEXT = readFileSync('../shared/seed/visit-article.txt', 'utf8');
/** The article's paragraphs of prose: the long lines that are not bullets or tables. */
const articleParagraphs = ARTICLE_TEXT.split('\n').filter((l) => l.length > 120 && !l.startsWith('-') && !l.startsWith('|'));
/** Their sentences, less the lead-ins to a list ("This includes:"), which the bullets replace. */
const articleSentences = articleParagraphs.flatMap((p) => p.split(/(?<=\.)\s+/)).filter((s) => !s.endsWith(':'));
const articleBullets = ARTICLE_TEXT.split('\n')
  .filter((l) => l.startsWith('- '))
  .map((l) => l.slice(2).trim());

const norm = (s: string) => s.replace(/\*/g, '').replace(/\s+/g, ' ').trim();

describe('the seed deck, end to end', () => {
  let deck: OpenedDeck;
  let dir: string;

  beforeAll(async () => {
    dir = tempDir();
    const r = await cli('build', SEED, '-o', dir);
    expect(r.code, r.err.join('\n')).toBe(0);
    expect(r.out[0]).toMatch(/^built .*xi-south-korea-visit\.pptx \(10 slides/);
    deck = await openDeck(join(dir, 'xi-south-korea-visit.pptx'));
  });

  it('has title, agenda, 4 section slides, 3 table slides and sources, in 16:9', async () => {
    expect(deck.slides).toHaveLength(10);
    const pres = await deck.read('ppt/presentation.xml');
    expect(pres).toMatch(/<p:sldSz cx="12192000" cy="6858000"/);
    expect(deck.slides[0]!.texts).toContain('President Xi Jinping’s Visit to South Korea');
    expect(deck.slides[0]!.texts.join(' ')).toMatch(/Not given in the source article/);
    expect(deck.slides[1]!.texts).toContain('Agenda');
    expect(deck.slides[9]!.texts).toContain('Sources');
    expect(deck.slides.filter((s) => s.tables.length === 1).map((s) => s.name)).toEqual([
      'ppt/slides/slide5.xml',
      'ppt/slides/slide7.xml',
      'ppt/slides/slide9.xml',
    ]);
  });

  it('holds the three tables cell by cell as the article has them', () => {
    const expected = articleTables();
    const actual = deck.slides.flatMap((s) => s.tables);
    expect(actual).toHaveLength(3);
    expected.forEach((t, i) => {
      expect(actual[i]).toEqual([t.columns, ...t.rows]);
    });
    // the broken third table: whole, 5 rows × 3 columns, no empty column
    expect(actual[2]).toHaveLength(6);
    expect(actual[2]!.every((r) => r.length === 3 && r.every((c) => c !== ''))).toBe(true);
  });

  it('carries every bullet list of the article', () => {
    const all = norm(deck.slides.flatMap((s) => s.texts).join(' '));
    const missing = articleBullets.filter((b) => {
      const words = norm(b).split(' ').slice(0, 6).join(' ');
      return !all.includes(words);
    });
    expect(missing).toEqual([]);
    expect(articleBullets.length).toBe(10);
  });

  it('puts every article paragraph in the speaker notes', () => {
    const notes = norm(deck.slides.map((s) => s.notes).join(' '));
    for (const s of articleSentences) expect(notes).toContain(norm(s));
    expect(articleParagraphs.length).toBe(6);
    expect(articleSentences.length).toBeGreaterThan(15);
    // section notes are on the section slide and its table slide
    expect(deck.slides[3]!.notes).toBe(deck.slides[4]!.notes);
    expect(deck.slides[0]!.notes).toBe('');
  });

  it('shows the classification banner and a slide number on every slide', () => {
    for (const s of deck.slides) {
      expect(s.shown.filter((t) => t === 'UNCLASSIFIED')).toHaveLength(2);
    }
    for (const s of deck.slides.slice(1)) expect(s.xml).toContain('type="slidenum"');
  });
});

// Projections, not whole trees: one line per node (box to 0.01 in, font size, what it holds in brief), so a
// change to one element shows as the few lines of that element.
describe('layout tree of the seed deck', () => {
  const seed = () => parseContent(readFileSync(SEED, 'utf8'), SEED);

  it('matches the projection', async () => {
    const { tree } = layoutDeck(seed(), templateSet());
    await expect(projectTree(tree)).toMatchFileSnapshot('__snapshots__/seed-briefing.layout.txt');
  });

  it('fits it without cutting anything', async () => {
    const { fitted, warnings } = await renderDeck(seed(), templateSet());
    await expect(projectTree(fitted)).toMatchFileSnapshot('__snapshots__/seed-briefing.fitted.txt');
    expect(warnings.filter((w) => w.code !== 'SHRUNK')).toEqual([]);
  });

  it('matches the projection in the memo set, unfitted and fitted', async () => {
    const { tree } = layoutDeck(seed(), templateSet('memo'));
    await expect(projectTree(tree)).toMatchFileSnapshot('__snapshots__/seed-memo.layout.txt');
    const { fitted } = await renderDeck(seed(), templateSet('memo'));
    await expect(projectTree(fitted)).toMatchFileSnapshot('__snapshots__/seed-memo.fitted.txt');
  });
});
