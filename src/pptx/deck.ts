import { hash } from 'node:crypto';
import { BriefdeckError } from '../base/errors.js';
import { Memo } from '../base/memo.js';
import type { LayoutTree, SlideNode, TableNode, TableStyle } from '../layout/types.js';
import { conformEntries, conformPart, isSelfContainedPart, zipPackage, type ConformOptions, type PartMemo } from './conform.js';
import { renderParts, slideParts, type Bodies, type DeckMeta, type Pictures } from './engine.js';
import { planLayouts, slideTitle, type DeckLayouts } from './layouts.js';
import type { ZipEntry } from './package.js';
import type { ThemeScheme } from '../theme/defaults.js';

export type { PartMemo };
export { zipPackage };

/**
 * Finished slides (fixed and packed parts) for the decks of a batch, which are variants of one
 * briefing and share most of their slides. A hit is drawn blank by pptxgenjs and its parts reused.
 * The key names everything a slide's four parts depend on:
 * - its position, which numbers the parts and their relationships;
 * - the whole fitted slide: nodes, notes, background, sizes;
 * - the slide size, which pptxgenjs scales every position by;
 * - the East Asian fonts by script, which conform writes into its runs;
 * - the layout it is on, and that layout's place among the deck's (its part name);
 * - for a slide with a table, the deck's table style (its tables reference it);
 * - the deck's language, on its runs.
 * Slides with images of their own are never reused: their media parts and content types come from
 * the drawing. Chrome images are on the layouts, which are always drawn.
 */
export class SlideCache {
  private readonly memo: Memo<ZipEntry[]>;

  constructor(budget: number) {
    this.memo = new Memo(budget, (key, parts) => key.length + parts.reduce((n, e) => n + e.packed.length + 160, 0));
  }

  static key(slide: SlideNode, index: number, tree: LayoutTree, conform: ConformOptions, layouts: DeckLayouts, tableStyle?: TableStyle, language?: string, theme?: ThemeScheme): string | undefined {
    if (slide.nodes.some((n) => n.kind === 'image' && !n.chrome)) return undefined;
    const li = layouts.slideLayout[index];
    const layout = li === undefined ? undefined : layouts.layouts[li];
    return `${index}\u0000${hash('sha256', JSON.stringify({ size: tree.size, eaFonts: conform.eaFonts, slide, li, layout, tableStyle: slide.nodes.some((n) => n.kind === 'table') ? tableStyle : undefined, language, theme }), 'base64')}`;
  }

  get(key: string): ZipEntry[] | undefined {
    return this.memo.get(key);
  }

  set(key: string, parts: ZipEntry[]): void {
    this.memo.set(key, parts);
  }

  clear(): void {
    this.memo.clear();
  }
}

/**
 * The most parts a deck may have: what a zip's classic end record counts. Past it a zip needs ZIP64
 * records, which zipEntries writes but LibreOffice (7.4) cannot open, so a deck stops here.
 */
export const MAX_PARTS = 0xffff;

/** pptxgenjs writes four parts per slide (the slide, its notes, and their relationships). */
const PARTS_PER_SLIDE = 4;

function tooManyParts(slides: number, parts: number): BriefdeckError {
  return new BriefdeckError(
    'CONTENT_INVALID',
    `this deck has ${slides.toLocaleString('en')} slides (${parts.toLocaleString('en')} package parts); the limit is ${MAX_PARTS.toLocaleString('en')} parts, about ${Math.floor((MAX_PARTS - 32) / PARTS_PER_SLIDE).toLocaleString('en')} slides`,
    { hint: 'split the content into several decks' },
  );
}

/** The deck's table style (its first table's: a set's tables share one look) and which slides' tables are banded. */
function deckTables(tree: LayoutTree): { style: TableStyle; banded: Set<string> } | undefined {
  const tableOf = (s: SlideNode) => s.nodes.find((n): n is TableNode => n.kind === 'table');
  const first = tree.slides.map(tableOf).find((t) => t !== undefined);
  if (!first) return undefined;
  const banded = new Set(tree.slides.flatMap((s, i) => (tableOf(s)?.style.stripeFill ? [`ppt/slides/slide${i + 1}.xml`] : [])));
  return { style: first.style, banded };
}

/** Fitted tree → finished .pptx bytes: pptxgenjs, the conform fixes, a deterministic zip. */
export async function writeDeck(...args: Parameters<typeof deckEntries>): Promise<Buffer> {
  return zipPackage(await deckEntries(...args));
}

/** Fitted tree → the finished deck's packed parts, by name: what writeDeck zips, and what a reference is grafted with. */
export async function deckEntries(
  tree: LayoutTree,
  meta: DeckMeta,
  conform: ConformOptions,
  deck: { master: string; theme?: ThemeScheme; language?: string },
  caches: { parts?: PartMemo; slides?: SlideCache } = {},
): Promise<Map<string, ZipEntry>> {
  // refused before drawing thousands of slides for nothing
  if (tree.slides.length * PARTS_PER_SLIDE > MAX_PARTS) throw tooManyParts(tree.slides.length, tree.slides.length * PARTS_PER_SLIDE);
  const { slides } = caches;
  const layouts = planLayouts(tree, deck.master);
  const tables = deckTables(tree);
  const keys = slides ? tree.slides.map((s, i) => SlideCache.key(s, i, tree, conform, layouts, tables?.style, deck.language, deck.theme)) : [];
  const reused = new Map<number, ZipEntry[]>();
  keys.forEach((k, i) => {
    const hit = k === undefined ? undefined : slides?.get(k);
    if (hit) reused.set(i, hit);
  });
  const skip = new Set([...reused.keys()].flatMap((i) => slideParts(i + 1)));
  // a slide drawn because its key was new has new XML too
  const unique = new Set(keys.flatMap((k, i) => (k !== undefined && !reused.has(i) ? [`ppt/slides/slide${i + 1}.xml`] : [])));
  const pictures: Pictures = new Map();
  const bodies: Bodies = new Map();
  const native = { layouts, pictures, bodies, titles: tree.slides.map(slideTitle), ...(deck.language ? { language: deck.language } : {}), ...(tables ? { tables } : {}), ...(deck.theme ? { theme: deck.theme } : {}) };
  const partOptions = { unique, native, ...(caches.parts ? { memo: caches.parts } : {}) };
  // slides and their notes are fixed and packed as pptxgenjs writes them, so a deck of thousands of
  // slides never holds all their XML at once; the package-wide fixes then see them by name only
  const streamed = new Map<string, ZipEntry>();
  let failed: { err: unknown } | undefined;
  const sink = (name: string, data: string | Uint8Array) => {
    if (!isSelfContainedPart(name)) return false;
    if (skip.has(name) || failed) return true;
    try {
      streamed.set(name, conformPart(name, data, conform, partOptions));
    } catch (err) {
      // thrown after pptxgenjs is done, as conform would have thrown it
      failed = { err };
    }
    return true;
  };
  const parts = await renderParts(tree, meta, layouts, pictures, bodies, new Set(reused.keys()), sink);
  if (failed) throw failed.err;
  const entries = await conformEntries(parts, conform, { skip, elsewhere: new Set(streamed.keys()), ...partOptions });
  for (const [name, e] of streamed) entries.set(name, e);
  for (const es of reused.values()) for (const e of es) entries.set(e.name.toString('utf8'), e);
  keys.forEach((k, i) => {
    if (k === undefined || reused.has(i)) return;
    slides?.set(k, slideParts(i + 1).flatMap((n) => entries.get(n) ?? []));
  });
  if (entries.size > MAX_PARTS) throw tooManyParts(tree.slides.length, entries.size);
  return entries;
}
