/**
 * The one module that touches pptxgenjs and its JSZip: loading them, drawing a fitted layout tree,
 * and taking the deck's parts. Everything pptxgenjs-specific that is not a defect fix lives here.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { compileFunction } from 'node:vm';
import { unzipSync } from 'fflate';
import { BriefdeckError } from '../base/errors.js';
import { BULLET_INDENT, type BulletsNode, type ImageNode, type LayoutNode, type LayoutTree, type RectNode, type SlideNode, type TableNode, type TextNode, type TextStyle } from '../layout/types.js';
import { layoutPart, mainBlock, readingOrder, shapeName, slideTitle, uniqueName, type DeckLayouts, type PictureInfo } from './layouts.js';

type PptxGenJS = typeof import('pptxgenjs').default;
type Pptx = InstanceType<PptxGenJS>;
type Slide = ReturnType<Pptx['addSlide']>;
type JSZipClass = typeof import('jszip');

/** Parts of a package as pptxgenjs wrote them: part name (no leading slash) → XML text or bytes. */
export type RawParts = Map<string, string | Uint8Array>;

const SHAPE_CHANGED = 'pptxgenjs source is not in the expected shape';

/** An output type of our own, which only our JSZip subclass understands. */
const PARTS = 'briefdeck-parts';

/**
 * Takes a part as pptxgenjs writes it; returns true when it has dealt with the part, which is then
 * neither kept nor handed to JSZip: a deck of thousands of slides never holds all their XML at once.
 */
export type PartSink = (name: string, data: string | Uint8Array) => boolean;

/** The sink of the write about to start: pptxgenjs makes its JSZip synchronously inside write(). */
let nextSink: PartSink | undefined;

/**
 * JSZip, for pptxgenjs alone, keeping each part as pptxgenjs hands it over. Asked for our output
 * type it returns those parts unzipped: JSZip's own generator streams every part through its
 * workers a tick at a time, and conform zips the final package anyway. A subclass given to
 * pptxgenjs only, so no other JSZip user in the process sees a change; anything it cannot keep as
 * given makes it zip as usual.
 */
function partsZip(JSZip: JSZipClass): JSZipClass {
  class PartsZip extends JSZip {
    private kept: RawParts | undefined = new Map();
    private readonly sink = nextSink;
    /** Whether the sink took a part: then zipping as usual would lose it. */
    private sunk = false;

    constructor(...args: unknown[]) {
      super(...(args as []));
      nextSink = undefined;
    }

    override file(...args: unknown[]): never {
      const [name, data, opts] = args as [unknown, unknown, { base64?: boolean; binary?: boolean } | undefined];
      if (typeof name === 'string' && data !== undefined && this.kept) {
        const part = typeof data === 'string' && opts?.base64 ? Buffer.from(data, 'base64') : typeof data === 'string' && !opts?.binary ? data : data instanceof Uint8Array ? data : undefined;
        if (part === undefined) this.kept = undefined;
        else if (this.sink?.(name, part)) {
          this.sunk = true;
          return this as never;
        } else this.kept.set(name, part);
      }
      return (super.file as (...a: unknown[]) => never)(...args);
    }

    override generateAsync(...args: unknown[]): never {
      const opts = args[0] as { type?: string } | undefined;
      if (opts?.type === PARTS && this.kept) return Promise.resolve(this.kept) as never;
      if (this.sunk) return Promise.reject(new Error('a part pptxgenjs wrote could not be kept after others were streamed')) as never;
      if (opts?.type === PARTS) return (super.generateAsync as (...a: unknown[]) => never)({ type: 'nodebuffer' });
      return (super.generateAsync as (...a: unknown[]) => never)(...args);
    }
  }
  return PartsZip as unknown as JSZipClass;
}

/**
 * pptxgenjs's CommonJS build as a factory taking the JSZip to use, with its two dynamic imports of
 * Node built-ins made requires: compiled code has no module loader for import(), and the CLI
 * bundle (scripts/bundle.mjs) runs this same transform. https loads only if a deck fetches an image
 * by URL, which briefdeck never asks for.
 */
export function adaptPptxgenSource(source: string): string {
  const jszip = "var JSZip = require('jszip');";
  if (!source.includes(jszip) || !/module\.exports = PptxGenJS;\s*$/.test(source)) throw new Error(SHAPE_CHANGED);
  const body = source
    .replace(jszip, '')
    .replace(/\bimport\('node:fs'\)/g, "Promise.resolve(Object.assign(Object.create(require('node:fs')), { default: require('node:fs') }))")
    .replace(/\bimport\('node:https'\)/g, "Promise.resolve({ default: new Proxy({}, { get: (_, k) => require('node:https')[k] }) })");
  return `'use strict';\nmodule.exports = function (JSZip) {\nvar module = { exports: {} };\nvar exports = module.exports;\n${body}\nreturn module.exports;\n};\n`;
}

/** Set by the CLI bundle: pptxgenjs already adapted and bundled, and JSZip (scripts/bundle.mjs). */
declare const __BRIEFDECK_ENGINE__: { pptxgen: (JSZip: JSZipClass) => PptxGenJS; JSZip: JSZipClass } | undefined;

interface Engine {
  Ctor: PptxGenJS;
  /** Whether write() hands back parts; else it zips and conform unzips. */
  parts: boolean;
}

let engine: Engine | undefined;

/** pptxgenjs is the heaviest module at start-up; load it on first use. */
function load(): Engine {
  if (engine) return engine;
  if (typeof __BRIEFDECK_ENGINE__ !== 'undefined') {
    engine = { Ctor: __BRIEFDECK_ENGINE__.pptxgen(partsZip(__BRIEFDECK_ENGINE__.JSZip)), parts: true };
    return engine;
  }
  const req = createRequire(import.meta.url);
  const file = req.resolve('pptxgenjs');
  const fromPptxgen = createRequire(file);
  try {
    const module = { exports: {} as unknown };
    compileFunction(adaptPptxgenSource(readFileSync(file, 'utf8')), ['exports', 'require', 'module', '__filename', '__dirname'], { filename: file })(
      module.exports,
      fromPptxgen,
      module,
      file,
      dirname(file),
    );
    const factory = module.exports as (JSZip: JSZipClass) => PptxGenJS;
    engine = { Ctor: factory(partsZip(fromPptxgen('jszip') as JSZipClass)), parts: true };
  } catch (err) {
    // a pptxgenjs whose build no longer has the shape adaptPptxgenSource expects: plain, zipped output
    if (!(err instanceof Error && err.message === SHAPE_CHANGED)) throw err;
    engine = { Ctor: req('pptxgenjs') as PptxGenJS, parts: false };
  }
  return engine;
}

export interface DeckMeta {
  title: string;
  subject?: string;
  author?: string;
  company?: string;
}

const BULLET_INDENT_PT = BULLET_INDENT * 72;

function runStyle(s: TextStyle, size = s.size) {
  return { fontFace: s.font, fontSize: size, color: s.color, bold: s.bold, italic: s.italic };
}

const VALIGN = { top: 'top', middle: 'middle', bottom: 'bottom' } as const;

/** Shape names taken on the part being drawn, so each is unique there. */
type Names = Set<string>;

function named(names: Names, n: LayoutNode, title: string): string {
  const name = uniqueName(names, shapeName(n, title));
  names.add(name);
  return name;
}

function textOptions(n: TextNode) {
  return {
    x: n.box.x,
    y: n.box.y,
    w: n.box.w,
    h: n.box.h,
    ...runStyle(n.style),
    align: n.style.align,
    valign: VALIGN[n.style.valign],
    margin: n.inset * 72,
    lineSpacingMultiple: n.style.lineSpacing,
    ...(n.fill ? { fill: { color: n.fill } } : {}),
    // a title or subtitle becomes a placeholder (the layouts pass): it shrinks on overflow, as PowerPoint's own do.
    // A main block does not say so: it inherits its layout's body placeholder's autofit, as LibreOffice
    // (7.4) re-fits autofit text by its own measure and would shrink a block fit sized to its box.
    ...(n.role === 'body' ? {} : { fit: 'shrink' as const }),
  };
}

const itemSize = (size: number | undefined): number => {
  if (size === undefined) throw new BriefdeckError('RENDER_FAILED', 'internal: a bullet reached the renderer without its fitted size');
  return size;
};

function addText(slide: Slide, n: TextNode, objectName: string): void {
  const runs = n.paragraphs.map((p, i) => ({ text: p, options: { breakLine: i < n.paragraphs.length - 1 } }));
  slide.addText(runs.length ? runs : [{ text: '', options: {} }], { ...textOptions(n), objectName });
}

/**
 * A link as the package's relationships must hold it, a URI (xs:anyURI): characters a URI may not
 * hold as they are ("[", "]", quotes, non-ASCII letters…) percent-encoded, UTF-8, and a "%" that
 * starts no escape written as %25. The address is the same one; PowerPoint and browsers open it alike.
 */
export const uriOf = (url: string): string =>
  // a lone surrogate, which encodeURIComponent throws on, becomes U+FFFD first
  url.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD').replace(/%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]/gu, (c) => (c === '%' ? '%25' : encodeURIComponent(c)));

function addBullets(slide: Slide, n: BulletsNode, objectName: string): void {
  const runs = n.items.map((it, i) => ({
    text: it.text,
    options: {
      // flush left for lists that number themselves; the rest of an item continued from the slide
      // before keeps its indent under a blank marker
      bullet: n.marker === 'none' ? false : it.cont ? { indent: BULLET_INDENT_PT, characterCode: '00A0' } : { indent: BULLET_INDENT_PT },
      indentLevel: n.marker === 'none' ? 0 : it.level,
      fontSize: itemSize(it.size),
      paraSpaceAfter: n.spacing,
      breakLine: i < n.items.length - 1,
      ...(it.href ? { hyperlink: { url: uriOf(it.href) } } : {}),
    },
  }));
  slide.addText(runs, {
    x: n.box.x,
    y: n.box.y,
    w: n.box.w,
    h: n.box.h,
    ...runStyle(n.style),
    valign: 'top',
    margin: n.inset * 72,
    lineSpacingMultiple: n.style.lineSpacing,
    objectName,
  });
}

function addTable(slide: Slide, n: TableNode, objectName: string, noteName: string): void {
  const s = n.style;
  const colW = n.colWidths;
  if (!colW) throw new BriefdeckError('RENDER_FAILED', 'internal: a table reached the renderer without column widths');
  const border = { type: 'solid' as const, pt: 0.75, color: s.borderColor };
  const valign = VALIGN[s.valign];
  // line spacing per cell, as fit measured it; pptxgenjs takes it from the cell, not the table
  const cell = { valign, lineSpacingMultiple: s.lineSpacing };
  // numbers line up on their right edge, as in any report
  const numeric = n.header.map((_, c) => n.rows.length > 0 && n.rows.every((r) => isNumeric(r[c] ?? '')));
  // one options object per kind of cell and column alignment, shared: pptxgenjs keeps every cell's
  // options until it writes, and only fills in the table's defaults, which are the same for every cell
  const aligned = (o: object) => n.header.map((_, c) => (numeric[c] ? { ...o, align: 'right' as const } : o));
  const head = aligned({ ...cell, bold: true, color: s.headerColor, fill: { color: s.headerFill } });
  const plain = aligned({ ...cell });
  const striped = s.stripeFill ? aligned({ ...cell, fill: { color: s.stripeFill } }) : plain;
  const header = n.header.map((text, c) => ({ text, options: head[c]! }));
  const rows = n.rows.map((r, ri) => r.map((text, c) => ({ text, options: (ri % 2 === 1 ? striped : plain)[c]! })));
  slide.addTable([header, ...rows], {
    x: n.box.x,
    y: n.box.y,
    // pptxgenjs wants the frame's width as well as the columns'
    w: colW.reduce((a, b) => a + b, 0),
    // an array, because a single number is mis-multiplied by pptxgenjs
    colW,
    ...(n.rowHeights ? { rowH: n.rowHeights } : {}),
    fontFace: s.font,
    fontSize: s.size,
    color: s.color,
    valign,
    border: [border, border, border, border],
    margin: [s.cellInset, s.cellInset, s.cellInset, s.cellInset],
    autoPage: false,
    objectName,
  });
  if (n.note) addText(slide, n.note, noteName);
}

/** A cell that holds a number: digits with optional sign, grouping, decimals, %, or a currency sign. */
export function isNumeric(text: string): boolean {
  return /^[-+−]?[$€£¥₩]?\s?\d{1,3}(?:[,.\s]?\d{3})*(?:[.,]\d+)?\s?%?$/.test(text.trim());
}

const rectOptions = (n: RectNode) => ({
  x: n.box.x,
  y: n.box.y,
  w: n.box.w,
  h: n.box.h,
  fill: n.fill ? { color: n.fill } : { type: 'none' as const },
  line: n.line ? { color: n.line, width: n.lineWidth } : { type: 'none' as const },
});

const imageOptions = (n: ImageNode) => ({ path: n.src, x: n.box.x, y: n.box.y, w: n.box.w, h: n.box.h, altText: n.alt ?? '' });

const slideNumberOptions = (n: Extract<LayoutNode, { kind: 'slide-number' }>) => ({
  x: n.box.x,
  y: n.box.y,
  w: n.box.w,
  h: n.box.h,
  fontFace: n.style.font,
  fontSize: n.style.size,
  color: n.style.color,
  align: n.style.align,
});

/** Pictures by part and shape name: conform's layouts pass writes their alt text and decorative marks. */
export type Pictures = Map<string, Map<string, PictureInfo>>;

/** Each slide part's main block, by shape name: the layouts pass makes it the body placeholder. */
export type Bodies = Map<string, string>;

function notePicture(pictures: Pictures, part: string, name: string, n: ImageNode): void {
  let m = pictures.get(part);
  if (!m) pictures.set(part, (m = new Map()));
  m.set(name, { alt: n.alt, decorative: n.decorative });
}

/** Each layout of the deck, with its chrome as slide-master objects; placeholders are conform's to write. */
function defineLayouts(pptx: Pptx, layouts: DeckLayouts, pictures: Pictures): void {
  layouts.layouts.forEach((def, li) => {
    const names: Names = new Set();
    const objects: Record<string, unknown>[] = [];
    let slideNumber: ReturnType<typeof slideNumberOptions> | undefined;
    for (const n of readingOrder(def.chrome)) {
      const objectName = n.kind === 'slide-number' ? '' : named(names, n, '');
      switch (n.kind) {
        case 'text':
          objects.push({ text: { text: n.paragraphs.join('\n'), options: { ...textOptions(n), objectName } } });
          break;
        case 'rect':
          objects.push({ rect: { ...rectOptions(n), objectName } });
          break;
        case 'image':
          objects.push({ image: { ...imageOptions(n), objectName } });
          notePicture(pictures, layoutPart(li), objectName, n);
          break;
        case 'slide-number':
          slideNumber = slideNumberOptions(n);
          break;
        default:
          throw new BriefdeckError('RENDER_FAILED', `internal: <${n.kind}> in chrome`);
      }
    }
    pptx.defineSlideMaster({
      title: def.name,
      ...(def.background ? { background: { color: def.background } } : {}),
      objects: objects as never,
      ...(slideNumber ? { slideNumber } : {}),
    });
  });
}

function addSlide(pptx: Pptx, node: SlideNode, index: number, layouts: DeckLayouts, pictures: Pictures, bodies: Bodies): void {
  const def = layouts.layouts[layouts.slideLayout[index]!]!;
  const slide = pptx.addSlide({ masterName: def.name });
  // the layout draws the background; a slide says it again only where it differs
  if (node.background && node.background !== def.background) slide.background = { color: node.background };
  const names: Names = new Set();
  const title = slideTitle(node);
  const part = `ppt/slides/slide${index + 1}.xml`;
  // only where the layout has a body placeholder to link it to
  const main = def.body ? mainBlock(node) : undefined;
  const body = (n: LayoutNode, name: string) => {
    if (n === main) bodies.set(part, name);
    return name;
  };
  for (const n of readingOrder(node.nodes.filter((n) => !n.chrome))) {
    switch (n.kind) {
      case 'text':
        addText(slide, n, body(n, named(names, n, title)));
        break;
      case 'bullets':
        addBullets(slide, n, body(n, named(names, n, title)));
        break;
      case 'table':
        addTable(slide, n, named(names, n, title), n.note ? named(names, { ...n.note, name: `Note: ${title}` }, title) : '');
        break;
      case 'rect':
        slide.addShape('rect', { ...rectOptions(n), objectName: named(names, n, title) });
        break;
      case 'image': {
        const objectName = named(names, n, title);
        slide.addImage({ ...imageOptions(n), objectName });
        notePicture(pictures, part, objectName, n);
        break;
      }
      case 'slide-number':
        slide.slideNumber = slideNumberOptions(n);
        break;
      case 'stack':
        throw new BriefdeckError('RENDER_FAILED', 'internal: a <stack> reached the renderer unfitted');
    }
  }
  if (node.notes.length) slide.addNotes(node.notes.join('\n\n'));
}

function drawDeck(pptx: Pptx, tree: LayoutTree, meta: DeckMeta, layouts: DeckLayouts, pictures: Pictures, bodies: Bodies): void {
  pptx.defineLayout({ name: 'BRIEFDECK', width: tree.size.w, height: tree.size.h });
  pptx.layout = 'BRIEFDECK';
  pptx.title = meta.title;
  pptx.subject = meta.subject ?? '';
  pptx.author = meta.author ?? 'briefdeck';
  if (meta.company) pptx.company = meta.company;
  defineLayouts(pptx, layouts, pictures);
  tree.slides.forEach((s, i) => addSlide(pptx, s, i, layouts, pictures, bodies));
}

/** A slide's four parts, as pptxgenjs names them: it numbers them by position. */
export const slideParts = (n: number): string[] => [`ppt/slides/slide${n}.xml`, `ppt/slides/_rels/slide${n}.xml.rels`, `ppt/notesSlides/notesSlide${n}.xml`, `ppt/notesSlides/_rels/notesSlide${n}.xml.rels`];

/**
 * Draw a fitted layout tree with pptxgenjs, on the deck's layouts, and take its parts. One
 * pptxgenjs instance per deck. Slides at the indexes in `blank` are drawn empty, as the caller has
 * their parts already, but keep a slide number of their own: pptxgenjs copies a slide's number box
 * to the master and the layout. `pictures` and `bodies` are filled as the deck is drawn, before any part is
 * written. Parts `sink` takes are not in the result (with pptxgenjs as loaded here; a plain
 * pptxgenjs returns every part).
 */
export async function renderParts(tree: LayoutTree, meta: DeckMeta, layouts: DeckLayouts, pictures: Pictures, bodies: Bodies, blank?: ReadonlySet<number>, sink?: PartSink): Promise<RawParts> {
  const { Ctor, parts } = load();
  const pptx = new Ctor();
  const drawn = blank?.size
    ? { ...tree, slides: tree.slides.map((s, i) => (blank.has(i) ? { ...s, nodes: s.nodes.filter((n) => n.kind === 'slide-number' && !n.chrome), notes: [] } : s)) }
    : tree;
  drawDeck(pptx, drawn, meta, layouts, pictures, bodies);
  try {
    nextSink = parts ? sink : undefined;
    const written = pptx.write({ outputType: (parts ? PARTS : 'nodebuffer') as 'nodebuffer' });
    // taken by the JSZip write() made; if pptxgenjs ever made it later, every part is kept instead
    nextSink = undefined;
    const out = (await written) as unknown;
    if (out instanceof Map) return out as RawParts;
    const files = unzipSync(out as Uint8Array);
    return new Map(Object.entries(files).filter(([name]) => !name.endsWith('/')));
  } catch (err) {
    nextSink = undefined;
    throw new BriefdeckError('RENDER_FAILED', `pptxgenjs could not write the deck: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}
