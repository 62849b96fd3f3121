// The preview against LibreOffice's render of the same deck: the same words in the same places (issue 15).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreview, type PreviewServer } from '../src/preview/server.js';
import { HAS_CHROMIUM, launchChromium } from './helpers/browser.js';
import { pdfWords, type PdfPage } from './helpers/bbox.js';
import { cli, HAS_PDFTOTEXT, HAS_SOFFICE, requireTool, SEED, tempDir } from './helpers/env.js';
import { toPdf } from './helpers/soffice.js';
import type { BrowserContext } from 'playwright-core';

const enabled = requireTool('Chromium (/usr/bin/chromium)', HAS_CHROMIUM) && requireTool('LibreOffice (soffice)', HAS_SOFFICE) && requireTool('poppler-utils (pdftotext)', HAS_PDFTOTEXT);

// the tests' TypeScript has no DOM library: the page's globals, untyped, for the function run in the page
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const document: any, NodeFilter: any;

/**
 * The tolerance, in points on a 960 × 540 pt slide: a word's left edge and its vertical centre
 * may differ by this much between the page and LibreOffice's PDF, a third of a line of body text.
 * Both set the same words in the same metric-compatible fonts (Carlito for Calibri) in the same
 * boxes, kerned, and break them at the same words: the page sets text at the size of LibreOffice's
 * 600 dpi reference device and rounds the space's advance as it does (see src/preview/html.ts).
 * What is left is a drift of a point or so along a long line, where the two still round glyph
 * advances differently, and LibreOffice's bullet lines, a little taller than fitting measures them,
 * so that a long list drifts down by a point or so per item. Seen on the seed: at most 3.2 pt
 * across and 3.9 pt down for words, 5.7 pt down for bullet glyphs (LibreOffice 7.4, Chromium 156).
 */
const TOLERANCE_PT = 5;
/** Bullet glyphs: LibreOffice draws them in OpenSymbol, whose box (what pdftotext reports) is taller. */
const BULLET_TOLERANCE_PT = 8;

interface Box {
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

describe.skipIf(!enabled)('preview and LibreOffice agree (issue 15)', () => {
  let browser: BrowserContext;
  let server: PreviewServer;
  let pdf: PdfPage[];
  let page: Box[][];

  beforeAll(async () => {
    const dir = tempDir('briefdeck-preview-lo-');
    const r = await cli('build', SEED, '-o', dir);
    expect(r.code).toBe(0);
    pdf = await pdfWords(await toPdf(join(dir, 'xi-south-korea-visit.pptx'), dir));
    server = await startPreview({ file: SEED, port: 0, watch: false });
    browser = await launchChromium();
    const tab = await browser.newPage();
    await tab.goto(server.url);
    await tab.waitForSelector('.slide');
    await tab.evaluate(() => document.fonts.ready);
    const { w, h } = { w: pdf[0]!.width, h: pdf[0]!.height };
    // every word of every slide, by Range boxes, in the PDF's points
    page = await tab.evaluate(
      ({ w, h }) =>
        [...document.querySelectorAll('.slide')].map((slide) => {
          const s = slide.getBoundingClientRect();
          const out: Box[] = [];
          const walk = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
          for (let n = walk.nextNode(); n; n = walk.nextNode()) {
            for (const m of (n.textContent as string).matchAll(/[^\s\u200b]+/g)) {
              const range = document.createRange();
              range.setStart(n, m.index);
              range.setEnd(n, m.index! + m[0].length);
              const b = range.getBoundingClientRect();
              out.push({ text: m[0], x0: ((b.left - s.left) / s.width) * w, x1: ((b.right - s.left) / s.width) * w, y0: ((b.top - s.top) / s.height) * h, y1: ((b.bottom - s.top) / s.height) * h });
            }
          }
          return out;
        }),
      { w, h },
    );
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  // The seed's slide 3 has two bullet paragraphs whose lines fill their box to within a point in
  // LibreOffice: set at the font's own widths, the page wrapped them a word earlier (issue 15).
  it(`puts each slide's words where LibreOffice does, within ${TOLERANCE_PT} pt (bullets ${BULLET_TOLERANCE_PT} pt)`, () => {
    expect(page.length).toBe(pdf.length);
    const far: string[] = [];
    const missing: string[] = [];
    let matched = 0;
    pdf.forEach((p, i) => {
      const mine = page[i]!;
      for (const raw of p.words) {
        // pdftotext -bbox writes XML: its words come escaped
        const word = { ...raw, text: raw.text.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e]!) };
        const cy = (word.y0 + word.y1) / 2;
        const same = mine.filter((m) => m.text === word.text);
        if (same.length === 0) {
          missing.push(`slide ${i + 1}: "${word.text}"`);
          continue;
        }
        const d = (m: Box) => Math.max(Math.abs(m.x0 - word.x0), Math.abs((m.y0 + m.y1) / 2 - cy));
        const best = same.reduce((a, b) => (d(b) < d(a) ? b : a));
        matched++;
        if (d(best) > (word.text === '•' ? BULLET_TOLERANCE_PT : TOLERANCE_PT)) far.push(`slide ${i + 1}: "${word.text}" at (${word.x0.toFixed(1)}, ${cy.toFixed(1)}) in the PDF, (${best.x0.toFixed(1)}, ${((best.y0 + best.y1) / 2).toFixed(1)}) in the page`);
      }
    });
    expect(missing, 'words of the PDF that the page does not show').toEqual([]);
    expect(matched).toBeGreaterThan(300);
    expect(far, `words more than ${TOLERANCE_PT} pt from where LibreOffice puts them`).toEqual([]);
  });
});
