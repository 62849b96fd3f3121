import type { Warning } from '../errors.js';
import type { BulletsNode, LayoutNode, LayoutTree, SlideNode, StackNode, TableNode, TextNode, TextStyle } from '../layout/types.js';
import { lineHeight, textWidth } from './metrics.js';
import { fitTable } from './table.js';
import { longestToken, truncate, wrap } from './text.js';

const STEP = 0.5;
const NOTE_GAP = 0.1;

export interface FitContext {
  /** Turns a slide's origin into a content location, for warnings. */
  warn(w: Omit<Warning, 'location'>, slide: SlideNode): void;
}

const font = (s: TextStyle, size = s.size) => ({ size, bold: s.bold });

/** Height in inches that `node`'s text needs at `size`, wrapped to the node's box width. */
export function textHeight(node: TextNode, size: number): { height: number; lines: number } {
  const width = node.box.w - 2 * node.inset;
  let lines = 0;
  for (const p of node.paragraphs) lines += wrap(p, width, font(node.style, size)).length;
  return { height: lines * lineHeight(size, node.style.lineSpacing) + 2 * node.inset, lines };
}

const BULLET_INDENT = 0.3; // inches per level, matches pptx/render.ts
const bulletWidth = (node: BulletsNode, level: number) => node.box.w - 0.1 - BULLET_INDENT * (level + 1);

export function bulletsHeight(node: BulletsNode, size: number, items = node.items): number {
  let h = 0.1;
  for (const it of items) {
    const s = it.level > 0 ? size * 0.9 : size;
    h += wrap(it.text, bulletWidth(node, it.level), font(node.style, s)).length * lineHeight(s, node.style.lineSpacing);
    h += node.spacing / 72;
  }
  return h;
}

function blockHeight(node: TextNode | BulletsNode, size: number): number {
  return node.kind === 'text' ? textHeight(node, size).height : bulletsHeight(node, size);
}

/** Largest size between min and max (in steps) for which `fits` holds, or undefined. */
function largest(max: number, min: number, fits: (size: number) => boolean): number | undefined {
  for (let s = max; s >= min - 1e-9; s -= STEP) if (fits(s)) return s;
  return undefined;
}

function fitText(node: TextNode, slide: SlideNode, ctx: FitContext): TextNode {
  const avail = node.box.h;
  const width = node.box.w - 2 * node.inset;
  const fits = (s: number) => {
    const { height, lines } = textHeight(node, s);
    return height <= avail + 1e-6 && (node.maxLines === undefined || lines <= node.maxLines) && longestToken(node.paragraphs.join(' '), font(node.style, s)) <= width;
  };
  const size = largest(node.style.size, node.style.minSize, fits);
  if (size !== undefined) {
    if (size < node.style.size) ctx.warn({ code: 'SHRUNK', message: `${node.role} text shrunk from ${node.style.size} to ${size} pt to fit` }, slide);
    return { ...node, style: { ...node.style, size } };
  }
  const min = node.style.minSize;
  const lh = lineHeight(min, node.style.lineSpacing);
  const maxLines = Math.max(1, Math.min(node.maxLines ?? Infinity, Math.floor((avail - 2 * node.inset) / lh)));
  const text = truncate(node.paragraphs.join(' '), width, font(node.style, min), maxLines);
  ctx.warn({ code: 'CUT', message: `${node.role} text too long for its box even at ${min} pt; cut to ${maxLines} line(s) with an ellipsis` }, slide);
  return { ...node, style: { ...node.style, size: min }, paragraphs: [text] };
}

/** Lay a stack's children top to bottom, shrinking together; returns the overflow, if any. */
function fitStack(stack: StackNode, slide: SlideNode, ctx: FitContext): { placed: LayoutNode[]; rest: StackNode | undefined } {
  const kids = stack.children;
  if (kids.length === 0) return { placed: [], rest: undefined };
  const place = (nodes: (TextNode | BulletsNode)[], scale: (n: TextNode | BulletsNode) => number): LayoutNode[] => {
    let y = stack.box.y;
    return nodes.map((n) => {
      const size = scale(n);
      const h = blockHeight({ ...n, box: { ...n.box, w: stack.box.w } } as typeof n, size);
      const out = { ...n, box: { x: stack.box.x, y, w: stack.box.w, h }, style: { ...n.style, size } } as typeof n;
      y += h + stack.gap;
      return out;
    });
  };
  const withWidth = (n: TextNode | BulletsNode) => ({ ...n, box: { ...n.box, w: stack.box.w } }) as typeof n;
  const total = (nodes: (TextNode | BulletsNode)[], drop: number) =>
    nodes.reduce((h, n) => h + blockHeight(withWidth(n), Math.max(n.style.minSize, n.style.size - drop)), 0) + stack.gap * (nodes.length - 1);
  const maxDrop = Math.max(...kids.map((n) => n.style.size - n.style.minSize));
  for (let drop = 0; drop <= maxDrop + 1e-9; drop += STEP) {
    if (total(kids, drop) <= stack.box.h + 1e-6) {
      if (drop > 0) ctx.warn({ code: 'SHRUNK', message: `text shrunk by ${drop} pt to fit the slide` }, slide);
      return { placed: place(kids, (n) => Math.max(n.style.minSize, n.style.size - drop)), rest: undefined };
    }
  }
  // At minimum size and still too tall: keep whole blocks and whole bullet items, continue the rest.
  const atMin = (n: TextNode | BulletsNode) => n.style.minSize;
  const keep: (TextNode | BulletsNode)[] = [];
  const rest: (TextNode | BulletsNode)[] = [];
  let used = 0;
  for (const [i, n] of kids.entries()) {
    const gap = keep.length ? stack.gap : 0;
    const h = blockHeight(withWidth(n), atMin(n));
    if (rest.length === 0 && used + gap + h <= stack.box.h) {
      keep.push(n);
      used += gap + h;
      continue;
    }
    if (rest.length === 0 && n.kind === 'bullets') {
      let k = 0;
      while (k < n.items.length && used + gap + bulletsHeight(withWidth(n) as BulletsNode, atMin(n), n.items.slice(0, k + 1)) <= stack.box.h) k++;
      // never leave a sub-bullet orphaned at the top of the next slide without its parent
      while (k > 0 && k < n.items.length && (n.items[k]?.level ?? 0) > 0) k--;
      if (k > 0) {
        keep.push({ ...n, items: n.items.slice(0, k) });
        rest.push({ ...n, items: n.items.slice(k) });
        rest.push(...kids.slice(i + 1));
        break;
      }
    }
    if (keep.length === 0) {
      // one block taller than the whole area: cut it rather than loop forever
      keep.push(n.kind === 'text' ? fitText({ ...withWidth(n), box: { ...stack.box } } as TextNode, slide, ctx) : n);
      rest.push(...kids.slice(i + 1));
      break;
    }
    rest.push(...kids.slice(i));
    break;
  }
  return { placed: place(keep, atMin), rest: rest.length ? { ...stack, children: rest } : undefined };
}

function retitle(slide: SlideNode, index: number, count: number): SlideNode {
  return {
    ...slide,
    nodes: slide.nodes.map((n) =>
      n.kind === 'text' && n.role === 'title' && index > 1 ? { ...n, paragraphs: [`${n.paragraphs.join(' ')} (continued ${index}/${count})`] } : n,
    ),
  };
}

/** Fit one slide; may return several when content continues. */
function fitSlide(slide: SlideNode, ctx: FitContext): SlideNode[] {
  const table = slide.nodes.find((n): n is TableNode => n.kind === 'table');
  const stack = slide.nodes.find((n): n is StackNode => n.kind === 'stack');
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
  } else if (stack) {
    pages = [];
    let cur: StackNode | undefined = stack;
    while (cur) {
      const { placed, rest } = fitStack(cur, slide, ctx);
      pages.push({ ...slide, nodes: slide.nodes.flatMap((n) => (n === stack ? placed : [n])) });
      if (rest && rest.children.length === cur.children.length && rest.children.every((c, i) => c === cur!.children[i])) break;
      cur = rest;
    }
    if (pages.length > 1) ctx.warn({ code: 'CONTINUED', message: `content continues over ${pages.length} slides` }, slide);
  }
  return pages.map((p, i) => {
    const titled = pages.length > 1 ? retitle(p, i + 1, pages.length) : p;
    return { ...titled, nodes: titled.nodes.map((n) => (n.kind === 'text' ? fitText(n, slide, ctx) : n)) };
  });
}

/** The fit stage: measure, shrink, split. The only stage that knows about fonts. */
export function fitTree(tree: LayoutTree, ctx: FitContext): LayoutTree {
  return { ...tree, slides: tree.slides.flatMap((s) => fitSlide(s, ctx)) };
}

export { textWidth };
