import { plural } from '../base/words.js';
import { BULLET_INDENT, type BulletsNode, type LayoutNode, type LayoutTree, type SlideNode, type StackNode, type TableNode, type TextNode } from '../layout/types.js';
import { bulletSize, fontOf, type FitContext } from './measure.js';
import { fitTable } from './table.js';
import { longestToken, truncate, withWrapMemo, wrappedHeight, type WrapMemo } from './text.js';

export type { WrapMemo };

export type { FitContext };

const STEP = 0.5;
const NOTE_GAP = 0.1;

/** Height in inches that a text node needs at `size`, wrapped to its box. */
export function textHeight(node: TextNode, size: number): { height: number; lines: number } {
  const width = node.box.w - 2 * node.inset;
  let height = 2 * node.inset;
  let lines = 0;
  for (const p of node.paragraphs) {
    const r = wrappedHeight(p, width, fontOf(node.style, size), node.style.lineSpacing);
    height += r.height;
    lines += r.lines;
  }
  return { height, lines };
}

export function bulletsHeight(node: BulletsNode, size: number, items = node.items): number {
  let h = 2 * node.inset;
  for (const it of items) {
    const width = node.box.w - 2 * node.inset - BULLET_INDENT * (it.level + 1);
    h += wrappedHeight(it.text, width, fontOf(node.style, bulletSize(size, it.level)), node.style.lineSpacing).height;
    h += node.spacing / 72;
  }
  return h;
}

/** Whether the longest word of every item fits its line at `size`. */
function bulletsWordsFit(node: BulletsNode, size: number): boolean {
  return node.items.every((it) => longestToken(it.text, fontOf(node.style, bulletSize(size, it.level))) <= node.box.w - 2 * node.inset - BULLET_INDENT * (it.level + 1));
}

function blockHeight(node: TextNode | BulletsNode, size: number): number {
  return node.kind === 'text' ? textHeight(node, size).height : bulletsHeight(node, size);
}

/** `title "Recommendations for…"`, so a warning says which text it means. */
function describe(node: TextNode): string {
  const t = node.paragraphs.join(' ');
  return `${node.role === 'title' ? 'title' : 'text'} "${t.length > 40 ? `${t.slice(0, 40)}…` : t}"`;
}

function fitText(node: TextNode, slide: SlideNode, ctx: FitContext): TextNode {
  const width = node.box.w - 2 * node.inset;
  const fits = (s: number) => {
    const { height, lines } = textHeight(node, s);
    return height <= node.box.h + 1e-6 && (node.maxLines === undefined || lines <= node.maxLines) && longestToken(node.paragraphs.join(' '), fontOf(node.style, s)) <= width;
  };
  for (let s = node.style.size; s >= node.style.minSize - 1e-9; s -= STEP) {
    if (!fits(s)) continue;
    if (s < node.style.size) ctx.warn({ code: 'SHRUNK', message: `${describe(node)} shrunk from ${node.style.size} to ${s} pt to fit` }, slide);
    return { ...node, style: { ...node.style, size: s } };
  }
  const min = node.style.minSize;
  const font = fontOf(node.style, min);
  let maxLines = node.maxLines ?? Infinity;
  const text = node.paragraphs.join(' ');
  // as many lines as the box holds at the minimum size
  while (maxLines > 1 && (maxLines === Infinity || textHeight({ ...node, paragraphs: [truncate(text, width, font, maxLines)] }, min).height > node.box.h + 1e-6)) {
    maxLines = maxLines === Infinity ? textHeight(node, min).lines - 1 : maxLines - 1;
  }
  const cut = truncate(text, width, font, Math.max(1, maxLines));
  ctx.warn({ code: 'CUT', message: `${describe(node)} too long for its box even at ${min} pt; cut to ${plural(Math.max(1, maxLines), 'line')} with an ellipsis` }, slide);
  return { ...node, style: { ...node.style, size: min }, paragraphs: [cut] };
}

type Block = TextNode | BulletsNode;

/** Lay a stack's blocks top to bottom, shrinking together; returns what does not fit, if anything. */
function fitStack(stack: StackNode, slide: SlideNode, ctx: FitContext): { placed: LayoutNode[]; rest: StackNode | undefined } {
  const widen = (n: Block): Block => ({ ...n, box: { ...n.box, x: stack.box.x, w: stack.box.w } }) as Block;
  const kids = stack.children.map(widen);
  if (kids.length === 0) return { placed: [], rest: undefined };
  const sizeAt = (n: Block, drop: number) => Math.max(n.style.minSize, n.style.size - drop);
  const place = (nodes: Block[], drop: number): LayoutNode[] => {
    let y = stack.box.y;
    return nodes.map((n) => {
      const size = sizeAt(n, drop);
      const h = blockHeight(n, size);
      const out = { ...n, box: { ...n.box, y, h }, style: { ...n.style, size } } as Block;
      y += h + stack.gap;
      return out;
    });
  };
  const total = (nodes: Block[], drop: number) => nodes.reduce((h, n) => h + blockHeight(n, sizeAt(n, drop)), 0) + stack.gap * (nodes.length - 1);
  const wordsFit = (n: Block, drop: number) =>
    n.kind === 'text' ? longestToken(n.paragraphs.join(' '), fontOf(n.style, sizeAt(n, drop))) <= n.box.w - 2 * n.inset : bulletsWordsFit(n, sizeAt(n, drop));
  const maxDrop = Math.max(...kids.map((n) => n.style.size - n.style.minSize));
  for (let drop = 0; drop <= maxDrop + 1e-9; drop += STEP) {
    if (total(kids, drop) <= stack.box.h + 1e-6 && kids.every((n) => wordsFit(n, drop))) {
      if (drop > 0) ctx.warn({ code: 'SHRUNK', message: `text shrunk by ${drop} pt (to ${kids.map((n) => sizeAt(n, drop)).join('/')} pt) to fit the slide` }, slide);
      return { placed: place(kids, drop), rest: undefined };
    }
  }
  // At the minimum size and still too tall: keep whole blocks and whole bullet items, continue the rest.
  const keep: Block[] = [];
  const rest: Block[] = [];
  let used = 0;
  for (const [i, n] of kids.entries()) {
    const gap = keep.length ? stack.gap : 0;
    const h = blockHeight(n, n.style.minSize);
    if (used + gap + h <= stack.box.h + 1e-6) {
      keep.push(n);
      used += gap + h;
      continue;
    }
    if (n.kind === 'bullets') {
      let k = 0;
      while (k < n.items.length && used + gap + bulletsHeight(n, n.style.minSize, n.items.slice(0, k + 1)) <= stack.box.h + 1e-6) k++;
      // a sub-bullet does not start the next slide without its parent
      while (k > 0 && k < n.items.length && (n.items[k]?.level ?? 0) > 0) k--;
      if (k > 0) {
        keep.push({ ...n, items: n.items.slice(0, k) });
        rest.push({ ...n, items: n.items.slice(k) }, ...kids.slice(i + 1));
        break;
      }
      if (keep.length === 0) {
        // one item taller than the whole area: cut it
        const it = n.items[0]!;
        const width = stack.box.w - 2 * n.inset - BULLET_INDENT * (it.level + 1);
        const font = fontOf(n.style, bulletSize(n.style.minSize, it.level));
        let lines = Math.floor(stack.box.h / ((font.size * 1.5) / 72));
        while (lines > 1 && bulletsHeight(n, n.style.minSize, [{ ...it, text: truncate(it.text, width, font, lines) }]) > stack.box.h) lines--;
        ctx.warn({ code: 'CUT', message: `a bullet too long for a whole slide was cut to ${plural(lines, 'line')} with an ellipsis` }, slide);
        keep.push({ ...n, items: [{ ...it, text: truncate(it.text, width, font, lines) }] });
        if (n.items.length > 1) rest.push({ ...n, items: n.items.slice(1) });
        rest.push(...kids.slice(i + 1));
        break;
      }
    } else if (keep.length === 0) {
      keep.push(fitText({ ...n, box: { ...stack.box } }, slide, ctx));
      rest.push(...kids.slice(i + 1));
      break;
    }
    rest.push(...kids.slice(i));
    break;
  }
  // continuation slides keep the size this one settled on, so the pages of one section match
  const atMin = rest.map((n) => ({ ...n, style: { ...n.style, size: n.style.minSize } }) as Block);
  return { placed: place(keep, maxDrop), rest: rest.length ? { ...stack, children: atMin } : undefined };
}

function retitle(slide: SlideNode, index: number, count: number): SlideNode {
  return {
    ...slide,
    nodes: slide.nodes.map((n) =>
      n.kind === 'text' && n.role === 'title' && index > 1 ? { ...n, paragraphs: [`${n.paragraphs.join(' ')} (continued ${index}/${count})`] } : n,
    ),
  };
}

/** Fit one slide; may return several when its content continues. */
function fitSlide(slide: SlideNode, ctx: FitContext): SlideNode[] {
  const table = slide.nodes.find((n): n is TableNode => n.kind === 'table');
  let pages: SlideNode[] = [slide];
  if (table) {
    // the note sits under the last row, so the rows get the box less the note's height
    const reserve = table.note ? table.note.box.h + NOTE_GAP : 0;
    const parts = fitTable({ ...table, box: { ...table.box, h: table.box.h - reserve } }, slide, ctx).map((t) => {
      if (!t.note) return t;
      const y = t.box.y + (t.rowHeights ?? []).reduce((a, b) => a + b, 0) + NOTE_GAP;
      return { ...t, note: fitText({ ...t.note, box: { ...t.note.box, x: t.box.x, y, w: t.box.w } }, slide, ctx) };
    });
    pages = parts.map((t) => ({ ...slide, nodes: slide.nodes.map((n) => (n === table ? t : n)) }));
  }
  // each stack fills its own pages; the slide continues while any stack does
  pages = pages.flatMap((page) => {
    const stacks = page.nodes.filter((n): n is StackNode => n.kind === 'stack');
    if (stacks.length === 0) return [page];
    const perStack = stacks.map((st) => {
      const out: LayoutNode[][] = [];
      for (let cur: StackNode | undefined = st; cur; ) {
        const { placed, rest } = fitStack(cur, slide, ctx);
        out.push(placed);
        cur = rest;
      }
      return out;
    });
    const count = Math.max(...perStack.map((p) => p.length));
    if (count > 1) ctx.warn({ code: 'CONTINUED', message: `content continues over ${count} slides at the minimum size` }, slide);
    return Array.from({ length: count }, (_, i) => ({
      ...page,
      nodes: page.nodes.flatMap((n) => {
        const k = stacks.indexOf(n as StackNode);
        return k < 0 ? [n] : (perStack[k]![i] ?? []);
      }),
    }));
  });
  return pages.map((p, i) => {
    const titled = pages.length > 1 ? retitle(p, i + 1, pages.length) : p;
    return { ...titled, nodes: titled.nodes.map((n) => (n.kind === 'text' ? fitText(n, slide, ctx) : n.kind === 'bullets' ? withItemSizes(n) : n)) };
  });
}

/** Each item's size written out, so the renderer sets what fit measured. */
function withItemSizes(n: BulletsNode): BulletsNode {
  return { ...n, items: n.items.map((it) => ({ ...it, size: bulletSize(n.style.size, it.level) })) };
}

/**
 * No fitting: stacks share their height equally, tables get equal columns, sizes stay as written.
 * Text may spill; this exists to measure what fitting costs (`npm run bench`).
 */
export function placeWithoutFitting(tree: LayoutTree): LayoutTree {
  return {
    ...tree,
    slides: tree.slides.map((s) => ({
      ...s,
      nodes: s.nodes.flatMap((n): LayoutNode[] => {
        if (n.kind === 'stack') {
          const h = n.box.h / Math.max(1, n.children.length);
          return n.children.map((c, i) => {
            const placed = { ...c, box: { x: n.box.x, y: n.box.y + i * h, w: n.box.w, h } } as Block;
            return placed.kind === 'bullets' ? withItemSizes(placed) : placed;
          });
        }
        if (n.kind === 'bullets') return [withItemSizes(n)];
        if (n.kind === 'table') return [{ ...n, colWidths: n.header.map(() => n.box.w / n.header.length) }];
        return [n];
      }),
    })),
  };
}

/** The fit stage: measure, shrink, split. The only stage that knows about fonts. */
export function fitTree(tree: LayoutTree, ctx: FitContext, memo?: WrapMemo): LayoutTree {
  return withWrapMemo(memo, () => ({ ...tree, slides: tree.slides.flatMap((s) => fitSlide(s, ctx)) }));
}
