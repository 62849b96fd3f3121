import { hash } from 'node:crypto';
import type { LayoutTree, SlideNode } from '../layout/types.js';
import { memo } from '../memo.js';
import { conformEntries, zipPackage, type ConformOptions } from './conform.js';
import type { ZipEntry } from './package.js';
import { renderPptx, type DeckMeta } from './render.js';

/** A slide's four parts; pptxgenjs numbers them by position. */
const slideParts = (n: number) => [`ppt/slides/slide${n}.xml`, `ppt/slides/_rels/slide${n}.xml.rels`, `ppt/notesSlides/notesSlide${n}.xml`, `ppt/notesSlides/_rels/notesSlide${n}.xml.rels`];

/**
 * Finished slides (fixed and packed parts) by position and content. The meetings of a batch are
 * variants of one briefing, so most of their slides are the same; pptxgenjs then draws those
 * blank and their parts are reused. Slides with images are never reused, as their media and
 * content types come from the drawing.
 */
const finished = memo<ZipEntry[]>(16 << 20, (key, parts) => key.length + parts.reduce((n, e) => n + e.packed.length + 160, 0));

const reusable = (s: SlideNode) => !s.nodes.some((n) => n.kind === 'image');

/** Fitted tree → finished .pptx bytes: pptxgenjs, the conform fixes, a deterministic zip. */
export async function writeDeck(tree: LayoutTree, meta: DeckMeta, conform: ConformOptions): Promise<Buffer> {
  // everything outside the slide that shapes its parts: the slide size and the fix-ups' fonts
  const deck = JSON.stringify([tree.size, conform.eaFonts]);
  const keys = tree.slides.map((s, i) => (reusable(s) ? `${i}\u0000${hash('sha256', `${deck}\u0000${JSON.stringify(s)}`, 'base64')}` : undefined));
  const reused = new Map<number, ZipEntry[]>();
  keys.forEach((k, i) => {
    const hit = k === undefined ? undefined : finished.get(k);
    if (hit) reused.set(i, hit);
  });
  const parts = await renderPptx(tree, meta, new Set(reused.keys()));
  const skip = new Set([...reused.keys()].flatMap((i) => slideParts(i + 1)));
  // a slide drawn because its key was new has new XML too
  const unique = new Set(keys.flatMap((k, i) => (k !== undefined && !reused.has(i) ? [`ppt/slides/slide${i + 1}.xml`] : [])));
  const entries = await conformEntries(parts, conform, { skip, unique });
  for (const es of reused.values()) for (const e of es) entries.set(e.name.toString('utf8'), e);
  keys.forEach((k, i) => {
    if (k === undefined || reused.has(i)) return;
    finished.set(k, slideParts(i + 1).flatMap((n) => entries.get(n) ?? []));
  });
  return zipPackage(entries);
}
