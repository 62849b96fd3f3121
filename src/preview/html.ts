/**
 * A fitted deck as HTML: every node at its box, in inches and points (CSS's `in` and `pt` are the
 * same units as the tree's), every text in the lines fitting broke it into, each line as tall as
 * fitting measured it. Everything from content is escaped.
 */
import { formatLocation, type Warning } from '../base/errors.js';
import {
  BULLET_INDENT,
  measuredFamily,
  type BulletsNode,
  type LayoutNode,
  type MeasuredLine,
  type NodeLines,
  type SlideBackdrop,
  type SlideNode,
  type TableNode,
  type TextNode,
  type TextStyle,
} from '../api/preview.js';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const n = (x: number) => Number(x.toFixed(4));
const box = (b: { x: number; y: number; w: number; h: number }) => `left:${n(b.x)}in;top:${n(b.y)}in;width:${n(b.w)}in;height:${n(b.h)}in`;
const hex = (c: string | undefined) => (c && /^[0-9a-f]{6}$/i.test(c) ? `#${c}` : 'transparent');

/** The theme's font, then the free face fitting measured with, then the East Asian ones. */
function family(style: TextStyle): string {
  const names = [style.font, measuredFamily(style.font), style.eaFont, measuredFamily(style.eaFont)];
  return [...new Set(names)].map((f) => `"${f.replace(/["\\<>]/g, '')}"`).join(',') + ',sans-serif';
}

function font(style: TextStyle, size = style.size, bold = style.bold, color = style.color): string {
  return `font-family:${escapeHtml(family(style))};${sized(style, size)};font-weight:${bold ? 700 : 400};font-style:${style.italic ? 'italic' : 'normal'};color:${hex(color)}`;
}

const JUSTIFY = { top: 'flex-start', middle: 'center', bottom: 'flex-end' } as const;

/**
 * Vertical metrics (em) of the free faces, from their hhea and OS/2 tables. A browser centres
 * hhea's ascent + descent in a line box; LibreOffice and PowerPoint put a line's baseline its
 * font's win descent above the bottom of the line box, with proportional spacing's extra above.
 * Each line is moved down by the difference, so its words sit where the deck's do.
 */
const VERTICAL: Record<string, { ascent: number; descent: number; winDescent: number }> = {
  Carlito: { ascent: 0.75, descent: 0.25, winDescent: 0.2686 },
  'Liberation Sans': { ascent: 0.9053, descent: 0.2119, winDescent: 0.2119 },
  'Noto Sans CJK KR': { ascent: 1.16, descent: 0.288, winDescent: 0.288 },
};

/**
 * Horizontal metrics of the free faces: units per em and the space's advance, from their head and
 * hmtx tables (the same in every weight and style).
 */
const SPACE: Record<string, { upem: number; space: number }> = {
  Carlito: { upem: 2048, space: 463 },
  'Liberation Sans': { upem: 2048, space: 569 },
  'Noto Sans CJK KR': { upem: 1000, space: 224 },
};

/**
 * LibreOffice lays text out, and breaks its lines, on a 600 dpi reference device: the font at a
 * whole number of that device's pixels (a size in points goes to Impress's 1/100 mm, then to
 * pixels; 22 pt is 183 px, 21.96 pt) and each glyph's advance rounded to a whole pixel. Its lines
 * come out about 0.3% narrower than the font's own widths, which the browser sets: a line that
 * fills its box to within a point in LibreOffice overflows it in the browser, which then wraps a
 * word earlier. The page sets each text at the device's size and rounds the advance of the space,
 * the most frequent glyph, as the device does; the other glyphs' roundings mostly cancel out.
 * LibreOffice's lines stay a little narrower still (about half a point on a full 22 pt line), so a
 * line with less slack than that can still wrap a word earlier in the page.
 */
const DEVICE_DPI = 600;

function devicePixels(size: number): number {
  return Math.round((Math.round((size * 2540) / 72) * DEVICE_DPI) / 2540);
}

/** `font-size` and `word-spacing` of a text set in `style`'s font at `size` points, as LibreOffice's reference device sets it. */
function sized(style: TextStyle, size: number): string {
  const px = devicePixels(size);
  const m = SPACE[measuredFamily(style.font)] ?? SPACE['Carlito']!;
  const space = (m.space * px) / m.upem;
  const pt = (x: number) => (x * 72) / DEVICE_DPI;
  return `font-size:${n(pt(px))}pt;word-spacing:${n(pt(Math.round(space) - space))}pt`;
}

/** How far down (pt) to move a line of height `h` (in) set in `style` at `size`. */
function baselineShift(style: TextStyle, size: number, h: number): number {
  const v = VERTICAL[measuredFamily(style.font)] ?? VERTICAL['Carlito']!;
  return (h * 72) / 2 - (v.winDescent + (v.ascent - v.descent) / 2) * size;
}

/** How text is broken into lines: by the browser at the box's width, as PowerPoint and LibreOffice do, or where fitting broke it. */
export type LineMode = 'renderer' | 'fit';

/**
 * A block of text: fitting's lines (mode `fit`), or its paragraphs wrapped by the browser in the
 * same width, each line as tall as fitting measured it.
 */
function textBlock(paragraphs: readonly string[], lines: readonly MeasuredLine[], style: TextStyle, size: number, align: string, mode: LineMode): string {
  const h = lines.length ? Math.min(...lines.map((l) => l.h)) : 0;
  const shift = `position:relative;top:${n(baselineShift(style, size, h))}pt`;
  if (mode === 'fit') {
    return lines.map((l) => `<div class="ln" style="height:${n(l.h)}in;line-height:${n(l.h)}in;text-align:${align};${shift}">${escapeHtml(l.text) || '&#8203;'}</div>`).join('');
  }
  return paragraphs.map((p) => `<div class="p" style="line-height:${n(h)}in;text-align:${align};${shift}">${escapeHtml(p) || '&#8203;'}</div>`).join('');
}

function text(node: TextNode, lines: readonly MeasuredLine[], mode: LineMode): string {
  return (
    `<div class="tx" data-role="${node.role}" style="${box(node.box)};padding:${n(node.inset)}in;justify-content:${JUSTIFY[node.style.valign]};background:${hex(node.fill)};${font(node.style)}">` +
    `${textBlock(node.paragraphs, lines, node.style, node.style.size, node.style.align, mode)}</div>`
  );
}

function bullets(node: BulletsNode, items: readonly MeasuredLine[][], mode: LineMode): string {
  const body = node.items
    .map((it, i) => {
      const size = it.size ?? node.style.size;
      // as the deck draws them: a list that numbers itself sits flush left with no marker; the rest
      // of an item continued from the slide before keeps its indent under a blank marker
      const marked = node.marker === 'bullet';
      const lead = marked ? BULLET_INDENT * (it.level + 1) : 0;
      const lines = items[i] ?? [];
      const h = lines.length ? Math.min(...lines.map((l) => l.h)) : 0;
      const marker = marked && !it.cont
        ? `<span class="bu" style="left:${n(BULLET_INDENT * it.level)}in;color:${hex(node.bulletColor)};line-height:${n(h)}in;top:${n(baselineShift(node.style, size, h))}pt">•</span>`
        : '';
      return (
        `<div class="it" style="padding-left:${n(lead)}in;margin-bottom:${n(node.spacing)}pt;${sized(node.style, size)}">` +
        `${marker}${textBlock([it.text], lines, node.style, size, 'left', mode)}</div>`
      );
    })
    .join('');
  return `<div class="bl" style="${box(node.box)};padding:${n(node.inset)}in;${font(node.style)}">${body}</div>`;
}

function table(node: TableNode, lines: { cells: MeasuredLine[][][]; note: { lines: MeasuredLine[] } | undefined }, mode: LineMode): string {
  const s = node.style;
  const widths = node.colWidths ?? node.header.map(() => node.box.w / Math.max(1, node.header.length));
  const heights = node.rowHeights ?? [];
  const rows = [node.header, ...node.rows];
  let y = 0;
  let cells = '';
  rows.forEach((row, r) => {
    let x = 0;
    const h = heights[r] ?? node.minRowHeight;
    const fill = r === 0 ? s.headerFill : s.stripeFill && r % 2 === 0 ? s.stripeFill : undefined;
    row.forEach((_, c) => {
      const w = widths[c] ?? 0;
      cells +=
        `<div class="cell${r === 0 ? ' hd' : ''}" style="${box({ x, y, w, h })};padding:${n(s.cellInset)}in;border:solid ${hex(s.borderColor)};border-width:${r === 0 ? 0.75 : 0}pt 0.75pt 0.75pt ${c === 0 ? 0.75 : 0}pt;background:${hex(fill)};justify-content:${JUSTIFY[s.valign]};` +
        `${font(s, s.size, r === 0 ? true : s.bold, r === 0 ? s.headerColor : s.color)}">${textBlock([row[c] ?? ''], lines.cells[r]?.[c] ?? [], s, s.size, s.align, mode)}</div>`;
      x += w;
    });
    y += h;
  });
  const frame = `<div class="tb" style="left:${n(node.box.x)}in;top:${n(node.box.y)}in">${cells}</div>`;
  return frame + (node.note && lines.note ? text(node.note, lines.note.lines, mode) : '');
}

function node(nd: LayoutNode, lines: NodeLines, index: number, img: (src: string) => string | undefined, mode: LineMode): string {
  switch (nd.kind) {
    case 'text':
      return text(nd, lines?.kind === 'text' ? lines.lines : [], mode);
    case 'bullets':
      return bullets(nd, lines?.kind === 'bullets' ? lines.items : [], mode);
    case 'table':
      return table(nd, lines?.kind === 'table' ? lines : { cells: [], note: undefined }, mode);
    case 'rect':
      return `<div class="rc" style="${box(nd.box)};background:${hex(nd.fill)};${nd.line ? `outline:${n(nd.lineWidth)}pt solid ${hex(nd.line)};outline-offset:-${n(nd.lineWidth / 2)}pt` : ''}"></div>`;
    case 'image': {
      const id = img(nd.src);
      return id ? `<img class="im" alt="" src="/img/${id}" style="${box(nd.box)}">` : `<div class="im missing" style="${box(nd.box)}"></div>`;
    }
    case 'slide-number':
      return (
        // pptxgenjs gives the slide number's box PowerPoint's default insets: 0.1 in across, 0.05 in down
        `<div class="tx" data-role="slide-number" style="${box(nd.box)};padding:0.05in 0.1in;justify-content:${JUSTIFY[nd.style.valign]};${font(nd.style)}">` +
        `${textBlock([String(index + 1)], [{ text: String(index + 1), h: (nd.style.size * 1.221 * nd.style.lineSpacing) / 72 }], nd.style, nd.style.size, nd.style.align, 'renderer')}</div>`
      );
    case 'stack':
      return '';
  }
}

const warningItem = (w: Warning) =>
  `<li><code class="loc">${escapeHtml(w.location ? formatLocation(w.location) : '')}</code> ${escapeHtml(w.message)}</li>`;

/** One slide and, beside it, its notes and warnings. */
export function slideHtml(
  slide: SlideNode,
  lines: readonly NodeLines[],
  index: number,
  size: { w: number; h: number },
  warnings: readonly Warning[],
  img: (src: string) => string | undefined,
  mode: LineMode = 'renderer',
  backdrop?: SlideBackdrop,
): string {
  // an office template's own pictures and shapes are not drawn here: their places are marked, under the slide's shapes
  const graphics = (backdrop?.graphics ?? []).map((g) => `<div class="refg" title="drawn by the office template" style="${box(g)}"></div>`).join('');
  const nodes = graphics + slide.nodes.map((nd, i) => node(nd, lines[i], index, img, mode)).join('');
  const background = slide.background ?? backdrop?.background;
  const notes = slide.notes.length ? slide.notes.map((p) => `<p>${escapeHtml(p)}</p>`).join('') : '<p class="none">No speaker notes.</p>';
  const warn = warnings.length ? `<ul class="warnings">${warnings.map(warningItem).join('')}</ul>` : '';
  return (
    `<section class="row" id="slide-${index + 1}" data-slide="${index + 1}" data-layout="${escapeHtml(slide.layout)}">` +
    `<div class="frame"><div class="slide" style="width:${n(size.w)}in;height:${n(size.h)}in;background:${background ? hex(background) : '#fff'}">${nodes}</div></div>` +
    `<aside><h3>Slide ${index + 1} <small>${escapeHtml(slide.layout)} · ${escapeHtml(slide.origin)}</small></h3>${warn}<div class="notes">${notes}</div></aside>` +
    `</section>`
  );
}

export { warningItem };
