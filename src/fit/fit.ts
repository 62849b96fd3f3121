import { plural } from '../base/words.js';
import type { BulletsNode, LayoutNode, LayoutTree, SlideNode, StackNode, TableNode, TextNode } from '../layout/types.js';
import { firstText, longestUnitsMemo, measureBlock, paginate, paginateEvenly, pieceNode, wordsFit, type Flow, type Piece } from './flow.js';
import { bulletSize, fontOf, type FitContext } from './measure.js';
import { advances, lineHeights } from './metrics.js';
import { fitTable, firstTrue, sizeSteps } from './table.js';
import { lineCount, lineHeightsOf, longestTokenUnits, truncate, truncateKeeping, withWrapMemo, wrapCost, wrapUpTo, WRAP_SAFETY, type WrapMemo } from './text.js';

export { wrapCost, type WrapMemo };

export type { FitContext };

const NOTE_GAP = 0.1;
const EPS = 1e-6;

/** A text's own part and the suffix kept whole after it (a continued title's "(continued 2/3)"), if it still ends with one. */
function splitSuffix(node: TextNode, text: string): { own: string; suffix: string } {
  const suffix = node.suffix !== undefined && text.endsWith(node.suffix) ? node.suffix : '';
  return { own: suffix ? text.slice(0, -suffix.length) : text, suffix };
}

/** `title "Recommendations for…"`, so a warning says which text it means. */
function describe(node: TextNode, text = node.paragraphs.join(' ')): string {
  // a continued title says which slide of its section it is on, so its warnings are told apart
  const { own, suffix } = splitSuffix(node, text);
  return `${node.role === 'body' ? 'text' : node.role} "${own.length > 40 ? `${own.slice(0, 40)}…` : own}"${suffix}`;
}

/**
 * Whether a text node fits its box at `size`: no more lines than it may have, no taller than its
 * box, and every word on a line of its own. Wraps only as far as the box could hold, so a text of
 * any length is asked cheaply.
 */
function fitsAt(node: TextNode, size: number): boolean {
  const font = fontOf(node.style, size);
  const width = node.box.w - 2 * node.inset;
  const a = advances(font);
  if (node.paragraphs.some((p) => (longestTokenUnits(p, a) * a.scale) / WRAP_SAFETY > width + EPS)) return false;
  const room = node.box.h - 2 * node.inset;
  const most = Math.min(node.maxLines ?? Infinity, Math.floor(room / lineHeights(font, node.style.lineSpacing).plain) + 1);
  let lines = 0;
  let height = 0;
  for (const p of node.paragraphs) {
    const w = wrapUpTo(p, width, font, most - lines + 1);
    lines += lineCount(w);
    for (const h of lineHeightsOf(w, font, node.style.lineSpacing)) height += h;
    if (lines > most || height > room + EPS) return false;
  }
  return lines <= (node.maxLines ?? Infinity);
}

/** The largest size from `cap` down to the minimum at which the node fits, if any. */
function bestSize(node: TextNode, cap = node.style.size): number | undefined {
  const sizes = sizeSteps(node.style.minSize, Math.max(node.style.minSize, Math.min(cap, node.style.size)));
  // most text fits as written
  if (fitsAt(node, sizes[sizes.length - 1]!)) return sizes[sizes.length - 1]!;
  if (!fitsAt(node, sizes[0]!)) return undefined;
  return sizes[sizes.length - 1 - firstTrue(sizes.length, (k) => fitsAt(node, sizes[sizes.length - 1 - k]!))]!;
}

/**
 * Fit a text box on its own (a title, a footer, a note): the largest size up to `cap` that fits;
 * else, at the minimum, cut with an ellipsis to the lines its box holds, with a warning. A text
 * that is not cut (its lines fit, a little taller than its box) is left whole, with no warning.
 */
function fitText(node: TextNode, slide: SlideNode, ctx: FitContext, opts: { cap?: number; quiet?: boolean } = {}): TextNode {
  const best = bestSize(node, opts.cap);
  if (best !== undefined) {
    if (best < node.style.size && !opts.quiet) ctx.warn({ code: 'SHRUNK', message: `${describe(node)} shrunk from ${node.style.size} to ${best} pt to fit` }, slide, { text: node.paragraphs.join(' ') });
    return { ...node, style: { ...node.style, size: best } };
  }
  const min = node.style.minSize;
  const font = fontOf(node.style, min);
  const width = node.box.w - 2 * node.inset;
  const text = node.paragraphs.join(' ');
  // as many lines as the box holds at the minimum size
  const limit = node.maxLines ?? Math.floor((node.box.h - 2 * node.inset) / lineHeights(font, node.style.lineSpacing).plain) + 1;
  const heights = lineHeightsOf(wrapUpTo(text, width, font, limit + 1), font, node.style.lineSpacing);
  let keep = 0;
  let used = 2 * node.inset;
  while (keep < Math.min(limit, heights.length) && used + heights[keep]! <= node.box.h + EPS) used += heights[keep++]!;
  keep = Math.max(1, keep);
  // a continued title keeps its "(continued 2/3)": two slides never read the same
  const { own, suffix } = splitSuffix(node, text);
  const cut = suffix ? truncateKeeping(own, suffix, width, font, keep) : truncate(text, width, font, keep);
  if (cut === text) return { ...node, style: { ...node.style, size: min } };
  ctx.warn({ code: 'CUT', message: `${describe(node)} too long for its box even at ${min} pt; cut to ${plural(keep, 'line')} with an ellipsis` }, slide, { text });
  return { ...node, style: { ...node.style, size: min }, paragraphs: [cut] };
}

type Block = TextNode | BulletsNode;

/** The text of a page's first piece, for locating a warning at it. */
function pieceText(f: Flow, piece: Piece): string | undefined {
  if (piece.kind === 'text' && f.kind === 'text') return f.node.paragraphs[f.para[piece.from]!];
  if (piece.kind === 'bullets' && f.kind === 'bullets') {
    const e = piece.entries.find((x) => !x.repeat) ?? piece.entries[0];
    return e ? f.items[e.item]?.item.text : undefined;
  }
  return undefined;
}

/**
 * Lay a stack's blocks top to bottom on as many slides as they need, all at one size. The size is
 * the largest, from the theme's maximum down to its minimum, that needs no more slides than the
 * minimum does (and, above the minimum, breaks no word); the slides are then filled evenly.
 */
function fitStack(stack: StackNode, slide: SlideNode, ctx: FitContext, settled: WeakSet<LayoutNode>): LayoutNode[][] {
  const kids = stack.children.map((n) => ({ ...n, box: { ...n.box, x: stack.box.x, w: stack.box.w } }) as Block);
  if (kids.length === 0) return [[]];
  const grow = Math.max(0, ...kids.map((n) => n.style.maxSize - n.style.size));
  const shrink = Math.max(0, ...kids.map((n) => n.style.size - n.style.minSize));
  const drops = sizeSteps(-grow, shrink);
  const sizeAt = (n: Block, d: number) => Math.min(n.style.maxSize, Math.max(n.style.minSize, n.style.size - d));
  const flowsAt = new Map<number, Flow[]>();
  const flows = (d: number) => {
    let f = flowsAt.get(d);
    if (!f) flowsAt.set(d, (f = kids.map((n) => measureBlock(n, sizeAt(n, d)))));
    return f;
  };
  const units = longestUnitsMemo();
  const pagesAt = (d: number) => paginate(flows(d), stack.box.h, stack.gap).length;
  const last = drops.length - 1;
  const fewest = pagesAt(drops[last]!);
  const d = drops[firstTrue(drops.length, (k) => k === last || (kids.every((n) => wordsFit(n, sizeAt(n, drops[k]!), units)) && pagesAt(drops[k]!) <= fewest))]!;
  const chosen = flows(d);
  const pages = paginateEvenly(chosen, stack.box.h, stack.gap);
  const lead = firstText(stack);
  const at = lead === undefined ? undefined : { text: lead };
  if (kids.some((n) => sizeAt(n, d) < n.style.size)) {
    ctx.warn({ code: 'SHRUNK', message: `text shrunk from ${kids.map((n) => n.style.size).join('/')} to ${kids.map((n) => sizeAt(n, d)).join('/')} pt, which saves a slide` }, slide, at);
  }
  if (pages.length > 1) {
    const second = pages[1]![0];
    const t = second ? pieceText(chosen[second.block]!, second) : undefined;
    ctx.warn(
      { code: 'CONTINUED', message: `content continues over ${pages.length} slides at ${kids.map((n) => sizeAt(n, d)).join('/')} pt` },
      slide,
      t === undefined ? at : { text: t },
    );
  }
  return pages.map((page) => {
    let y = stack.box.y;
    return page.map((piece) => {
      const { node, height } = pieceNode(chosen[piece.block]!, piece);
      const placed = { ...node, box: { ...node.box, y, h: height }, region: { box: stack.box, size: kids[piece.block]!.style.size } } as Block;
      settled.add(placed);
      y += height + stack.gap;
      return placed;
    });
  });
}

function retitle(slide: SlideNode, index: number, count: number): SlideNode {
  return {
    ...slide,
    nodes: slide.nodes.map((n) =>
      n.kind === 'text' && n.role === 'title' && index > 1 ? { ...n, paragraphs: [`${n.paragraphs.join(' ')} (continued ${index}/${count})`], suffix: ` (continued ${index}/${count})` } : n,
    ),
  };
}

/** Fit one slide's table and stacks; it may become several slides when they continue. */
function splitSlide(slide: SlideNode, ctx: FitContext, settled: WeakSet<LayoutNode>): SlideNode[] {
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
    const perStack = stacks.map((st) => fitStack(st, slide, ctx, settled));
    const count = Math.max(...perStack.map((p) => p.length));
    return Array.from({ length: count }, (_, i) => ({
      ...page,
      nodes: page.nodes.flatMap((n) => {
        const k = stacks.indexOf(n as StackNode);
        return k < 0 ? [n] : (perStack[k]![i] ?? []);
      }),
    }));
  });
  return pages.length > 1 ? pages.map((p, i) => retitle(p, i + 1, pages.length)) : pages;
}

/** Each item's size written out, so the renderer sets what fit measured. */
function withItemSizes(n: BulletsNode): BulletsNode {
  return { ...n, items: n.items.map((it) => ({ ...it, size: it.size ?? bulletSize(n.style.size, it.level) })) };
}

const isTitle = (n: LayoutNode): n is TextNode => n.kind === 'text' && n.role === 'title';

/**
 * One size for every title of the content slides (all but the title slide): the largest at which
 * each fits its box in its lines, down to the minimum, where a title still too long is cut.
 */
function titleSize(pages: readonly { page: SlideNode; origin: SlideNode }[], ctx: FitContext): number | undefined {
  let size: number | undefined;
  let limiting: { node: TextNode; origin: SlideNode } | undefined;
  let largest = 0;
  for (const { page, origin } of pages) {
    if (origin.layout === 'title') continue;
    for (const n of page.nodes) {
      if (!isTitle(n)) continue;
      largest = Math.max(largest, n.style.size);
      const best = bestSize(n) ?? n.style.minSize;
      if (size === undefined || best < size) {
        size = best;
        limiting = { node: n, origin };
      }
    }
  }
  if (size !== undefined && limiting && size < largest) {
    const own = limiting.origin.nodes.find(isTitle)?.paragraphs.join(' ') ?? limiting.node.paragraphs.join(' ');
    ctx.warn(
      { code: 'SHRUNK', message: `slide titles set at ${size} pt (from ${largest}), the largest at which every title fits its lines; the longest is ${describe(limiting.node, own)}` },
      limiting.origin,
      { text: own },
    );
  }
  return size;
}

/** Size a slide's remaining text: titles at the deck's title size, a subtitle no larger than its title. */
function finishSlide(page: SlideNode, origin: SlideNode, ctx: FitContext, titles: number | undefined, settled: WeakSet<LayoutNode>): SlideNode {
  const content = origin.layout !== 'title';
  const nodes = page.nodes.map((n) => {
    if (isTitle(n)) return fitText(n, origin, ctx, content && titles !== undefined ? { cap: titles, quiet: true } : {});
    return n;
  });
  const title = nodes.find(isTitle);
  return {
    ...page,
    nodes: nodes.map((n) => {
      if (n.kind === 'bullets') return withItemSizes(n);
      if (n.kind !== 'text' || n.role === 'title' || settled.has(n)) return n;
      if (n.role === 'subtitle' && title && title.style.size < n.style.size) {
        return fitText({ ...n, style: { ...n.style, minSize: Math.min(n.style.minSize, title.style.size) } }, origin, ctx, { cap: title.style.size, quiet: true });
      }
      return fitText(n, origin, ctx);
    }),
  };
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
            const placed = { ...c, box: { x: n.box.x, y: n.box.y + i * h, w: n.box.w, h }, region: { box: n.box, size: c.style.size } } as Block;
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

/** The fit stage: measure, shrink or grow, split. The only stage that knows about fonts. */
export function fitTree(tree: LayoutTree, ctx: FitContext, memo?: WrapMemo): LayoutTree {
  return withWrapMemo(memo, () => {
    // what a stack placed is sized and cut to its slide already
    const settled = new WeakSet<LayoutNode>();
    const pages = tree.slides.flatMap((origin) => splitSlide(origin, ctx, settled).map((page) => ({ page, origin })));
    const titles = titleSize(pages, ctx);
    return { ...tree, slides: pages.map(({ page, origin }) => finishSlide(page, origin, ctx, titles, settled)) };
  });
}
