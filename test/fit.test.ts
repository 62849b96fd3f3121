import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseContent } from '../src/content/parse.js';
import type { Warning } from '../src/base/errors.js';
import type { Box, LayoutTree } from '../src/layout/types.js';
import { renderDeck, templateSet } from './helpers/session.js';
import { BOX_TO_SIZE, overlaps, pdfWords, type PdfPage } from './helpers/bbox.js';
import { builtDecks, HAS_PDFTOTEXT, HAS_SOFFICE, requireTool, SEED, tempDir } from './helpers/env.js';
import { toPdf } from './helpers/soffice.js';

/** Every test/fixtures/<case>/ with a content.yaml, plus the seed. Add a case by adding a folder. */
const CASES: { name: string; file: string; set?: string; expect: { warnings: string[]; minSlides?: number } }[] = [
  { name: 'seed', file: SEED, expect: { warnings: [], minSlides: 10 } },
  { name: 'seed, memo set', file: SEED, set: 'memo', expect: { warnings: [], minSlides: 10 } },
  ...readdirSync('test/fixtures')
    .filter((d) => existsSync(join('test/fixtures', d, 'content.yaml')))
    .map((d) => ({
      name: d,
      file: join('test/fixtures', d, 'content.yaml'),
      expect: JSON.parse(readFileSync(join('test/fixtures', d, 'expect.json'), 'utf8')) as { warnings: string[]; minSlides?: number },
    })),
];

const theme = templateSet().theme;
const MIN_SIZE = Math.min(...Object.values(theme.minSizes));
const withLibreOffice = requireTool('LibreOffice (soffice)', HAS_SOFFICE) && requireTool('poppler-utils (pdftotext)', HAS_PDFTOTEXT);

/** Boxes where the fitted tree allows text on a slide, in points. */
function textAreas(tree: LayoutTree, slide: number): Box[] {
  const boxes: Box[] = [];
  for (const n of tree.slides[slide]!.nodes) {
    if (n.kind === 'text' || n.kind === 'bullets' || n.kind === 'slide-number') boxes.push(n.box);
    if (n.kind === 'table') {
      boxes.push({ ...n.box, w: (n.colWidths ?? []).reduce((a, b) => a + b, 0), h: (n.rowHeights ?? []).reduce((a, b) => a + b, 0) });
      if (n.note) boxes.push(n.note.box);
    }
  }
  return boxes.map((b) => ({ x: b.x * 72, y: b.y * 72, w: b.w * 72, h: b.h * 72 }));
}

describe.each(CASES)('fit: $name (issue 4)', ({ name, file, set, expect: want }) => {
  let tree: LayoutTree;
  let warnings: Warning[];
  let deck: string;

  beforeAll(async () => {
    const content = parseContent(readFileSync(file, 'utf8'), file);
    const r = await renderDeck(content, templateSet(set));
    tree = r.fitted;
    warnings = r.warnings;
    deck = join(tempDir(), `${name}.pptx`);
    writeFileSync(deck, r.buffer);
    builtDecks.push(deck);
  });

  it('reports the shrinks, splits and cuts it expects, each with a location', () => {
    const codes = new Set(warnings.map((w) => w.code));
    for (const c of want.warnings) expect(codes, `warning ${c}`).toContain(c);
    for (const w of warnings) expect(w.location?.line, w.message).toBeGreaterThan(0);
    expect(tree.slides.length).toBeGreaterThanOrEqual(want.minSlides ?? 3);
  });

  it('keeps every box on the slide, clear of the banner and footer, and no text below the minimum', () => {
    const { w: W, h: H } = tree.size;
    for (const [i, s] of tree.slides.entries()) {
      for (const n of s.nodes) {
        const b = n.kind === 'table' ? { ...n.box, h: (n.rowHeights ?? []).reduce((a, c) => a + c, 0) } : n.box;
        expect(b.x, `slide ${i + 1} ${n.kind}`).toBeGreaterThanOrEqual(-1e-6);
        expect(b.y).toBeGreaterThanOrEqual(-1e-6);
        expect(b.x + b.w).toBeLessThanOrEqual(W + 1e-6);
        expect(b.y + b.h).toBeLessThanOrEqual(H + 1e-6);
        // body content stays between the title bar and the footer
        if ((n.kind === 'table' || n.kind === 'bullets' || (n.kind === 'text' && n.role === 'body' && b.y > 1.4 && b.y < 6.6)) && s.layout !== 'title') {
          expect(b.y + b.h, `slide ${i + 1} ${n.kind} bottom`).toBeLessThanOrEqual(6.75 + 1e-6);
        }
        if ('style' in n) expect(n.style.size, `slide ${i + 1} ${n.kind}`).toBeGreaterThanOrEqual(MIN_SIZE);
        if (n.kind === 'table') for (const r of n.rows) expect(r.length).toBe(n.header.length);
      }
    }
  });

  describe.skipIf(!withLibreOffice)('rendered by LibreOffice', () => {
    let pages: PdfPage[];
    beforeAll(async () => {
      pages = await pdfWords(await toPdf(deck, tempDir()));
    });

    it('has one page per slide', () => {
      expect(pages.length).toBe(tree.slides.length);
    });

    it('puts no word outside the page, or outside the box it was fitted to', () => {
      const out: string[] = [];
      for (const [i, p] of pages.entries()) {
        const areas = textAreas(tree, i);
        for (const w of p.words) {
          if (w.x0 < -0.5 || w.y0 < -0.5 || w.x1 > p.width + 0.5 || w.y1 > p.height + 0.5) out.push(`page ${i + 1}: "${w.text}" off the page`);
          const inside = areas.some((a) => w.x0 >= a.x - 2 && w.x1 <= a.x + a.w + 2 && w.y0 >= a.y - 4 && w.y1 <= a.y + a.h + 4);
          if (!inside) out.push(`page ${i + 1}: "${w.text}" at ${w.x0.toFixed(0)},${w.y0.toFixed(0)} is outside every text box`);
        }
      }
      expect(out).toEqual([]);
    });

    it('lets no word overlap another', () => {
      const out: string[] = [];
      for (const [i, p] of pages.entries()) {
        for (let a = 0; a < p.words.length; a++) {
          for (let b = a + 1; b < p.words.length; b++) {
            if (overlaps(p.words[a]!, p.words[b]!)) out.push(`page ${i + 1}: "${p.words[a]!.text}" overlaps "${p.words[b]!.text}"`);
          }
        }
      }
      expect(out).toEqual([]);
    });

    it(`shows no text smaller than ${MIN_SIZE} pt`, () => {
      const small = pages.flatMap((p, i) => p.words.filter((w) => (w.y1 - w.y0) * BOX_TO_SIZE < MIN_SIZE - 0.3).map((w) => `page ${i + 1}: "${w.text}" ≈ ${((w.y1 - w.y0) * BOX_TO_SIZE).toFixed(1)} pt`));
      expect(small).toEqual([]);
    });
  });
});

describe('fit: a cell too big for any slide (issue 4)', () => {
  it('is cut with an ellipsis and a warning at the cell', async () => {
    const long = 'word '.repeat(1500).trim();
    const yaml = `deck: {title: T}\nsections:\n  - title: S\n    tables:\n      - columns: [A, B, C, D, E, F]\n        rows:\n          - [a, "${long}", c, d, e, f]\n          - [a2, b2, c2, d2, e2, f2]\n`;
    const content = parseContent(yaml, 'cut.yaml');
    const r = await renderDeck(content, templateSet());
    const cut = r.warnings.filter((w) => w.code === 'CUT');
    expect(cut).toHaveLength(1);
    expect(cut[0]!.location).toEqual({ file: 'cut.yaml', line: 7, col: 17 });
    const tables = r.fitted.slides.flatMap((s) => s.nodes.filter((n) => n.kind === 'table'));
    const cell = tables[0]!.kind === 'table' ? tables[0]!.rows[0]![1]! : '';
    expect(cell.endsWith('…')).toBe(true);
    expect(cell.length).toBeLessThan(long.length);
    // the other row still comes, on the same or a following slide
    expect(tables.flatMap((t) => (t.kind === 'table' ? t.rows.map((x) => x[0]) : []))).toEqual(['a', 'a2']);
  });

  it('repeats the header and numbers the continuation slides', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `          - [r${i}, "some text in a row"]`).join('\n');
    const content = parseContent(`deck: {title: T}\nsections:\n  - title: S\n    tables:\n      - title: Big\n        columns: [A, B]\n        rows:\n${rows}\n`, 'big.yaml');
    const r = await renderDeck(content, templateSet());
    const tableSlides = r.fitted.slides.filter((s) => s.layout === 'table');
    expect(tableSlides.length).toBeGreaterThan(1);
    const n = tableSlides.length;
    tableSlides.forEach((s, i) => {
      const title = s.nodes.find((x) => x.kind === 'text' && x.role === 'title');
      expect(title && title.kind === 'text' ? title.paragraphs[0] : '').toBe(i === 0 ? 'Big' : `Big (continued ${i + 1}/${n})`);
      const t = s.nodes.find((x) => x.kind === 'table');
      expect(t && t.kind === 'table' ? t.header : []).toEqual(['A', 'B']);
    });
    const all = tableSlides.flatMap((s) => s.nodes.flatMap((x) => (x.kind === 'table' ? x.rows.map((row) => row[0]) : [])));
    expect(all).toEqual(Array.from({ length: 40 }, (_, i) => `r${i}`));
    expect(r.warnings.map((w) => w.code)).toContain('SPLIT');
  });
});

describe('metrics (issue 4)', () => {
  it('measures Korean and Chinese as full-width East Asian text, not as Latin', async () => {
    const { textWidth, lineHeight } = await import('../src/fit/metrics.js');
    const f = { family: 'Calibri', size: 18, bold: false };
    expect(textWidth('시진핑', f) * 72).toBeCloseTo(3 * 0.92 * 18, 1);
    expect(textWidth('习近平', f) * 72).toBeCloseTo(3 * 18, 1);
    // Carlito's real advances: "Visit" is narrower than five average letters
    expect(textWidth('iiii', f)).toBeLessThan(textWidth('MMMM', f) / 2);
    expect(lineHeight(f, 1, '한국')).toBeGreaterThan(lineHeight(f, 1, 'Korea'));
  });
});
