import { RenderError } from '../errors.js';
import { requirePptxgen } from './load.js';
import { BULLET_INDENT, type BulletsNode, type LayoutTree, type SlideNode, type TableNode, type TextNode, type TextStyle } from '../layout/types.js';

type PptxGenJS = typeof import('pptxgenjs').default;
type Pptx = InstanceType<PptxGenJS>;
type Slide = ReturnType<Pptx['addSlide']>;

let ctor: PptxGenJS | undefined;
/** pptxgenjs is the heaviest module at start-up; load it on first use. */
function pptxgen(): PptxGenJS {
  if (!ctor) {
    const loaded = requirePptxgen();
    ctor = loaded.PptxGenJS as PptxGenJS;
    hookZip(loaded.JSZip as JSZipModule);
  }
  return ctor;
}

interface JSZipEntry {
  dir: boolean;
  /** What file() was given, as JSZip prepared it: text stays text, base64 becomes bytes. */
  _data?: unknown;
  /** Whether the text is a binary string (one byte a character), not UTF-16 text. */
  _dataBinary?: boolean;
  async(type: 'uint8array'): Promise<Uint8Array>;
}
interface JSZipModule {
  prototype: { generateAsync(this: { files: Record<string, JSZipEntry> }, opts?: { type?: string }, onUpdate?: unknown): Promise<unknown> };
}

/** An output type of our own: pptxgenjs passes it to JSZip, which hands back the parts unzipped. */
const PARTS = 'briefdeck-parts';

/**
 * pptxgenjs zips with JSZip's streaming generator, two thirds of its rendering time here; conform
 * re-zips anyway. For our own output type only, collect the parts instead of zipping them.
 */
function hookZip(JSZip: JSZipModule): void {
  const original = JSZip.prototype.generateAsync;
  JSZip.prototype.generateAsync = async function (opts, onUpdate) {
    if (opts?.type !== PARTS) return original.call(this, opts, onUpdate);
    const parts = new Map<string, string | Uint8Array>();
    for (const [name, f] of Object.entries(this.files)) {
      if (f.dir) continue;
      // text and bytes as given: async() would stream each part through JSZip's workers, a tick at a
      // time; anything else (a binary string) still goes that way
      const data = await f._data;
      parts.set(name, (typeof data === 'string' && !f._dataBinary) || data instanceof Uint8Array ? data : await f.async('uint8array'));
    }
    return parts;
  };
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

function addText(slide: Slide, n: TextNode): void {
  const runs = n.paragraphs.map((p, i) => ({ text: p, options: { breakLine: i < n.paragraphs.length - 1 } }));
  slide.addText(runs.length ? runs : [{ text: '', options: {} }], {
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
  });
}

function addBullets(slide: Slide, n: BulletsNode): void {
  const runs = n.items.map((it, i) => ({
    text: it.text,
    options: {
      bullet: { indent: BULLET_INDENT_PT },
      indentLevel: it.level,
      fontSize: it.level > 0 ? Math.round(n.style.size * 0.9 * 2) / 2 : n.style.size,
      paraSpaceAfter: n.spacing,
      breakLine: i < n.items.length - 1,
    },
  }));
  slide.addText(runs, {
    x: n.box.x,
    y: n.box.y,
    w: n.box.w,
    h: n.box.h,
    ...runStyle(n.style),
    valign: 'top',
    margin: 0.05 * 72,
    lineSpacingMultiple: n.style.lineSpacing,
  });
}

function addTable(slide: Slide, n: TableNode): void {
  const s = n.style;
  const border = { type: 'solid' as const, pt: 0.75, color: s.borderColor };
  const valign = VALIGN[s.valign];
  // line spacing per cell, as fit measured it; pptxgenjs takes it from the cell, not the table
  const cell = { valign, lineSpacingMultiple: s.lineSpacing };
  const header = n.header.map((text) => ({ text, options: { ...cell, bold: true, color: s.headerColor, fill: { color: s.headerFill } } }));
  const rows = n.rows.map((r, ri) => r.map((text) => ({ text, options: { ...cell, ...(s.stripeFill && ri % 2 === 1 ? { fill: { color: s.stripeFill } } : {}) } })));
  const colW = n.colWidths ?? n.header.map(() => n.box.w / n.header.length);
  slide.addTable([header, ...rows], {
    x: n.box.x,
    y: n.box.y,
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
  });
  if (n.note) addText(slide, n.note);
}

function addSlide(pptx: Pptx, node: SlideNode): void {
  const slide = pptx.addSlide();
  if (node.background) slide.background = { color: node.background };
  for (const n of node.nodes) {
    switch (n.kind) {
      case 'text':
        addText(slide, n);
        break;
      case 'bullets':
        addBullets(slide, n);
        break;
      case 'table':
        addTable(slide, n);
        break;
      case 'rect':
        slide.addShape('rect', {
          x: n.box.x,
          y: n.box.y,
          w: n.box.w,
          h: n.box.h,
          fill: n.fill ? { color: n.fill } : { type: 'none' },
          line: n.line ? { color: n.line, width: n.lineWidth } : { type: 'none' },
        });
        break;
      case 'image':
        slide.addImage({ path: n.src, x: n.box.x, y: n.box.y, w: n.box.w, h: n.box.h });
        break;
      case 'slide-number':
        slide.slideNumber = { x: n.box.x, y: n.box.y, w: n.box.w, h: n.box.h, fontFace: n.style.font, fontSize: n.style.size, color: n.style.color, align: n.style.align };
        break;
      case 'stack':
        throw new RenderError('RENDER_FAILED', 'internal: a <stack> reached the renderer unfitted');
    }
  }
  if (node.notes.length) slide.addNotes(node.notes.join('\n\n'));
}

/**
 * Map a fitted layout tree to a deck and render its parts. One pptxgenjs instance per deck. Slides
 * at the indexes in `blank` are drawn empty, as the caller has their parts already, but keep their
 * slide number: pptxgenjs copies it to the master, the layout and the slides after.
 */
export async function renderPptx(tree: LayoutTree, meta: DeckMeta, blank?: ReadonlySet<number>): Promise<Map<string, string | Uint8Array>> {
  const Ctor = pptxgen();
  const pptx = new Ctor();
  drawDeck(pptx, blank?.size ? { ...tree, slides: tree.slides.map((s, i) => (blank.has(i) ? { ...s, nodes: s.nodes.filter((n) => n.kind === 'slide-number'), notes: [], background: undefined } : s)) } : tree, meta);
  try {
    // parts, not a zip: conform zips the final package once
    const out = await pptx.write({ outputType: PARTS as 'nodebuffer' });
    return out as unknown as Map<string, string | Uint8Array>;
  } catch (err) {
    throw new RenderError('RENDER_FAILED', `pptxgenjs could not write the deck: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

/** Draw a fitted tree onto a pptxgenjs instance (the benchmark's floor uses this with pptxgenjs's own write). */
export function drawDeck(pptx: Pptx, tree: LayoutTree, meta: DeckMeta): void {
  pptx.defineLayout({ name: 'BRIEFDECK', width: tree.size.w, height: tree.size.h });
  pptx.layout = 'BRIEFDECK';
  pptx.title = meta.title;
  if (meta.subject) pptx.subject = meta.subject;
  pptx.author = meta.author ?? 'briefdeck';
  if (meta.company) pptx.company = meta.company;
  for (const s of tree.slides) addSlide(pptx, s);
}
