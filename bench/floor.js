// The floor: what drawing the same decks costs with nothing but pptxgenjs. One whole Node process
// that reads the content files, parses their YAML, draws each deck at a fixed layout like briefdeck's
// built-in "briefing" set (no templates, no fitting, no fix-ups) and writes it DEFLATE-compressed
// with fs.writeFileSync.
// No briefdeck code runs here.
//   node bench/floor.js <folder of .yaml> <out folder>
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import PptxGenJS from 'pptxgenjs';
import { parse } from 'yaml';

const [inDir, outDir] = process.argv.slice(2);
if (!inDir || !outDir) throw new Error('usage: node bench/floor.js <folder of .yaml> <out folder>');

const W = 12192000 / 914400;
const H = 7.5;
const C = { primary: '1B2A4A', accent: 'C9A227', text: '1F2937', muted: '5B6573', light: 'EEF2F7', border: 'C5CCD6', white: 'FFFFFF', subtle: 'C9D3E6', banner: '007A33' };
const font = 'Calibri';

function banner(slide, text) {
  if (!text) return;
  for (const y of [0, H - 0.3]) {
    slide.addShape('rect', { x: 0, y, w: W, h: 0.3, fill: { color: C.banner }, line: { type: 'none' } });
    slide.addText(text.toUpperCase(), { x: 0, y, w: W, h: 0.3, fontFace: font, fontSize: 12, bold: true, align: 'center', valign: 'middle', color: C.white, margin: 0 });
  }
}

/** Banner, title bar, gold rule, footer and slide number: what every content slide carries. */
function chrome(slide, deck, title) {
  banner(slide, deck.classification);
  slide.addShape('rect', { x: 0, y: 0.3, w: W, h: 1.05, fill: { color: C.primary }, line: { type: 'none' } });
  slide.addShape('rect', { x: 0, y: 1.35, w: W, h: 0.06, fill: { color: C.accent }, line: { type: 'none' } });
  slide.addText(title, { x: 0.6, y: 0.35, w: W - 1.2, h: 0.95, fontFace: font, fontSize: 24, bold: true, color: C.white, valign: 'middle' });
  slide.addShape('rect', { x: 0.6, y: 6.72, w: W - 1.2, h: 0.01, fill: { color: C.border }, line: { type: 'none' } });
  slide.addText(deck.title, { x: 0.6, y: 6.77, w: W - 2.4, h: 0.32, fontFace: font, fontSize: 12, color: C.muted, valign: 'top' });
  slide.slideNumber = { x: W - 1.6, y: 6.77, w: 1, h: 0.32, fontFace: font, fontSize: 12, color: C.muted, align: 'right' };
}

const bullets = (items, size) =>
  items.flatMap((b) => {
    const { text, sub = [] } = typeof b === 'string' ? { text: b } : b;
    return [
      { text, options: { bullet: true, indentLevel: 0, fontSize: size, breakLine: true } },
      ...sub.map((s) => ({ text: s, options: { bullet: true, indentLevel: 1, fontSize: size - 2, breakLine: true } })),
    ];
  });

function draw(c) {
  const pptx = new PptxGenJS();
  pptx.defineLayout({ name: 'FLOOR', width: W, height: H });
  pptx.layout = 'FLOOR';
  pptx.title = c.deck.title;
  if (c.deck.subtitle) pptx.subject = c.deck.subtitle;
  const deck = c.deck;

  const title = pptx.addSlide();
  title.background = { color: C.primary };
  banner(title, deck.classification);
  title.addShape('rect', { x: 0.9, y: 1.7, w: 1.2, h: 0.07, fill: { color: C.accent }, line: { type: 'none' } });
  title.addText('BRIEFING', { x: 0.9, y: 1.15, w: 8, h: 0.45, fontFace: font, fontSize: 14, bold: true, color: C.accent });
  title.addText(deck.title, { x: 0.9, y: 1.95, w: W - 1.8, h: 1.9, fontFace: font, fontSize: 36, bold: true, color: C.white, valign: 'bottom' });
  if (deck.subtitle) title.addText(deck.subtitle, { x: 0.9, y: 3.95, w: W - 1.8, h: 1.0, fontFace: font, fontSize: 20, color: C.subtle });
  title.addShape('rect', { x: 0.9, y: 5.35, w: W - 1.8, h: 0.01, fill: { color: C.muted }, line: { type: 'none' } });
  if (deck.date) title.addText(`Date: ${deck.date}`, { x: 0.9, y: 5.5, w: 6, h: 0.4, fontFace: font, fontSize: 14, color: C.white });

  const agenda = pptx.addSlide();
  chrome(agenda, deck, 'Agenda');
  c.sections.forEach((s, i) => {
    const y = 1.8 + i * 0.78;
    agenda.addShape('rect', { x: 0.9, y, w: 0.55, h: 0.55, fill: { color: C.primary }, line: { type: 'none' } });
    agenda.addText(String(i + 1), { x: 0.9, y, w: 0.55, h: 0.55, fontFace: font, fontSize: 18, bold: true, color: C.white, align: 'center', valign: 'middle', margin: 0 });
    agenda.addText(s.title, { x: 1.7, y, w: W - 2.6, h: 0.55, fontFace: font, fontSize: 16, color: C.text, valign: 'middle' });
  });

  for (const s of c.sections) {
    if (s.summary || s.bullets?.length || !s.tables?.length) {
      const slide = pptx.addSlide();
      chrome(slide, deck, s.title);
      if (s.summary) slide.addText(s.summary, { x: 0.6, y: 1.65, w: W - 1.2, h: 1.2, fontFace: font, fontSize: 16, color: C.text, fill: { color: C.light }, margin: 10, valign: 'top' });
      if (s.bullets?.length) slide.addText(bullets(s.bullets, 16), { x: 0.6, y: 3.0, w: W - 1.2, h: 3.6, fontFace: font, color: C.text, valign: 'top' });
      if (s.notes) slide.addNotes(s.notes);
    }
    for (const t of s.tables ?? []) {
      const slide = pptx.addSlide();
      chrome(slide, deck, t.title ?? s.title);
      const header = t.columns.map((h) => ({ text: h, options: { bold: true, color: C.white, fill: { color: C.primary } } }));
      const rows = t.rows.map((r, i) => r.map((v) => ({ text: String(v), options: i % 2 ? { fill: { color: C.light } } : {} })));
      slide.addTable([header, ...rows], {
        x: 0.6, y: 1.7, w: W - 1.2, colW: t.columns.map(() => (W - 1.2) / t.columns.length),
        fontFace: font, fontSize: 14, color: C.text, valign: 'middle', border: { type: 'solid', pt: 1, color: C.border }, margin: 0.1,
      });
      if (t.note) slide.addText(t.note, { x: 0.6, y: 6.1, w: W - 1.2, h: 0.5, fontFace: font, fontSize: 12, italic: true, color: C.muted });
      if (s.notes) slide.addNotes(s.notes);
    }
  }

  if (c.sources?.length) {
    const slide = pptx.addSlide();
    chrome(slide, deck, 'Sources');
    slide.addText(bullets(c.sources.map((s) => s.title), 16), { x: 0.6, y: 1.65, w: W - 1.2, h: 4.9, fontFace: font, color: C.text, valign: 'top' });
  }
  return pptx;
}

mkdirSync(outDir, { recursive: true });
for (const name of readdirSync(inDir).filter((f) => f.endsWith('.yaml')).sort()) {
  const pptx = draw(parse(readFileSync(join(inDir, name), 'utf8')));
  // stream(), not write({ outputType: 'nodebuffer', compression: true }): pptxgenjs 4.0.1's write()
  // drops `compression` whenever an outputType is given, and would store every entry uncompressed
  const buffer = await pptx.stream({ compression: true });
  writeFileSync(join(outDir, `${basename(name, '.yaml')}.pptx`), buffer);
}
