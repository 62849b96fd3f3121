import { BULLET_INDENT, type BulletItem, type BulletsNode, type StackNode, type TextNode } from '../layout/types.js';
import { bulletSize, fontOf } from './measure.js';
import { advances, type FontSpec } from './metrics.js';
import { lineCount, lineEnd, lineHeightsOf, lineStart, longestTokenUnits, truncateKeeping, wrapText, WRAP_SAFETY, type Wrapped } from './text.js';

/**
 * A stack's blocks measured at one size and cut into pages: whole lines of a summary, whole bullet
 * items where they fit a page, lines of an item only when it is taller than a page. Measuring is one
 * wrap per text; counting the pages for a page height is a search over each text's line prefix sums.
 */

const EPS = 1e-6;

/** The text of a line range of a wrapped text, as the slice it came from. */
function slice(text: string, w: Wrapped, from: number, to: number): string {
  return text.slice(lineStart(w, from), lineEnd(w, to - 1));
}

/** Prefix sums: p[i] is the height of the first i lines. */
function prefix(h: readonly number[]): Float64Array {
  const p = new Float64Array(h.length + 1);
  for (let i = 0; i < h.length; i++) p[i + 1] = p[i]! + h[i]!;
  return p;
}

/** How many lines from `i` fit in `room`: the largest k with p[i + k] - p[i] <= room. */
function fitCount(p: Float64Array, i: number, room: number): number {
  let lo = 0;
  let hi = p.length - 1 - i;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (p[i + mid]! - p[i]! <= room + EPS) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

interface TextFlow {
  kind: 'text';
  node: TextNode;
  size: number;
  inset: number;
  /** Per line: its paragraph and its range in it. */
  para: number[];
  wraps: Wrapped[];
  /** Line index where each paragraph's lines begin. */
  first: number[];
  p: Float64Array;
}

interface ItemFlow {
  item: BulletItem;
  w: Wrapped;
  p: Float64Array;
  /** Space after the item, in inches. */
  space: number;
  /** The nearest item above at a lower level, or -1. */
  parent: number;
  /** Height of the one-line repeat of this item, when it heads a slide of its continuing subs. */
  repeatH: number;
}

interface BulletFlow {
  kind: 'bullets';
  node: BulletsNode;
  size: number;
  inset: number;
  items: ItemFlow[];
}

export type Flow = TextFlow | BulletFlow;

/** A page's share of one block: a range of a text's lines, or bullet entries. */
export type Piece = { block: number; kind: 'text'; from: number; to: number } | { block: number; kind: 'bullets'; entries: Entry[] };

/** A line range of one item; `repeat` is the one-line repeat of a parent above its continuing subs. */
export interface Entry {
  item: number;
  from: number;
  to: number;
  repeat?: boolean;
}

const textWidth = (n: TextNode | BulletsNode, level = 0) => n.box.w - 2 * n.inset - (n.kind === 'bullets' && n.marker === 'bullet' ? BULLET_INDENT * (level + 1) : 0);

const REPEAT_SUFFIX = ' (continued)';

/** A parent's text on one line, ending "(continued)": cut with an ellipsis if it is longer, as the whole of it is on the slide before. */
export function repeatText(text: string, width: number, font: FontSpec): string {
  return truncateKeeping(text, REPEAT_SUFFIX, width, font, 1);
}

/** Measure a stack's block at `size` (sub-bullets at their smaller size). */
export function measureBlock(node: TextNode | BulletsNode, size: number): Flow {
  if (node.kind === 'text') {
    const font = fontOf(node.style, size);
    const width = textWidth(node);
    const para: number[] = [];
    const first: number[] = [];
    const heights: number[] = [];
    const wraps = node.paragraphs.map((t, pi) => {
      const w = wrapText(t, width, font);
      first.push(heights.length);
      for (let i = 0; i < lineCount(w); i++) para.push(pi);
      heights.push(...lineHeightsOf(w, font, node.style.lineSpacing));
      return w;
    });
    return { kind: 'text', node, size, inset: node.inset, para, wraps, first, p: prefix(heights) };
  }
  const stack: number[] = [];
  const items = node.items.map((item, i): ItemFlow => {
    while (stack.length && node.items[stack.at(-1)!]!.level >= item.level) stack.pop();
    const parent = stack.at(-1) ?? -1;
    stack.push(i);
    const font = fontOf(node.style, bulletSize(size, item.level));
    const w = wrapText(item.text, textWidth(node, item.level), font);
    const heights = lineHeightsOf(w, font, node.style.lineSpacing);
    return { item, w, p: prefix(heights), space: node.spacing / 72, parent, repeatH: 0 };
  });
  for (const it of items) {
    const par = items[it.parent];
    if (par && par.repeatH === 0) {
      const font = fontOf(node.style, bulletSize(size, par.item.level));
      const text = repeatText(par.item.text, textWidth(node, par.item.level), font);
      par.repeatH = lineHeightsOf(wrapText(text, textWidth(node, par.item.level), font), font, node.style.lineSpacing).reduce((a, b) => a + b, 0) + par.space;
    }
  }
  return { kind: 'bullets', node, size, inset: node.inset, items };
}

/** Whether every unbreakable piece of the block fits its line at `size`: above the minimum size, no word is broken. */
export function wordsFit(node: TextNode | BulletsNode, size: number, units: (text: string, font: FontSpec) => number): boolean {
  const ok = (text: string, font: FontSpec, width: number) => units(text, font) * advances(font).scale <= width * WRAP_SAFETY + EPS;
  if (node.kind === 'text') return node.paragraphs.every((t) => ok(t, fontOf(node.style, size), textWidth(node)));
  return node.items.every((it) => ok(it.text, fontOf(node.style, bulletSize(size, it.level)), textWidth(node, it.level)));
}

/** A memo of longest-word widths in em units, which do not depend on the size. */
export function longestUnitsMemo(): (text: string, font: FontSpec) => number {
  const memo = new Map<string, number>();
  return (text, font) => {
    const key = `${font.family}\u0000${font.bold ? 1 : 0}\u0000${text}`;
    let u = memo.get(key);
    if (u === undefined) memo.set(key, (u = longestTokenUnits(text, advances(font))));
    return u;
  };
}

/** The ancestors of item j, outermost first. */
function ancestors(items: readonly ItemFlow[], j: number): number[] {
  const out: number[] = [];
  for (let a = items[j]!.parent; a >= 0; a = items[a]!.parent) out.unshift(a);
  return out;
}

/**
 * Fill pages of height `limit` greedily, top to bottom. Rules, in order:
 * - a summary continues at any line;
 * - a bullet item moves whole to the next page when it does not fit what is left of this one,
 *   and is split between lines only when it (with what must stay with it) is taller than a page,
 *   or when it is a first sub right below its parent's last line, which must not be left alone;
 * - a parent item keeps at least its first sub on its page (the first line of it, or all of a
 *   one-line sub with what that sub must keep in turn);
 * - a page that starts inside a parent's subs starts with a one-line repeat of the parent.
 */
export function paginate(flows: readonly Flow[], room: number, gap: number, limit = room): Piece[][] {
  const pages: Piece[][] = [];
  let page: Piece[] = [];
  let used = 0;
  const newPage = () => {
    pages.push(page);
    page = [];
    used = 0;
  };
  const opening = (inset: number) => (page.length ? gap : 0) + 2 * inset;
  flows.forEach((f, b) => {
    if (f.kind === 'text') {
      const n = f.p.length - 1;
      for (let i = 0; i < n; ) {
        const over = opening(f.inset);
        const k = fitCount(f.p, i, limit - used - over);
        if (k === 0 && page.length) {
          newPage();
          continue;
        }
        const take = Math.max(1, k);
        page.push({ block: b, kind: 'text', from: i, to: i + take });
        used += over + f.p[i + take]! - f.p[i]!;
        i += take;
        if (i < n) newPage();
      }
      return;
    }
    const items = f.items;
    const m = items.length;
    const heightOf = (j: number, from = 0) => {
      const it = items[j]!;
      return it.p[it.p.length - 1]! - it.p[from]! + it.space;
    };
    const repeatOf = (j: number) => ancestors(items, j).reduce((h, a) => h + items[a]!.repeatH, 0);
    // the most a slide holds of item j when the slide starts with it
    const fresh = (j: number) => room - 2 * f.inset - repeatOf(j);
    // what must share item j's page below it: its first sub, whole (with what that sub must keep in
    // turn) if they fit a slide under j's last line, else the least (below)
    const keep: number[] = new Array<number>(m).fill(0);
    // the least that must share item j's page below it: the first line of its first sub, and when
    // that sub is one line, the sub whole with the least it must keep in turn
    const least: number[] = new Array<number>(m).fill(0);
    for (let j = m - 2; j >= 0; j--) {
      const c = j + 1;
      const child = items[c]!;
      const parent = items[j]!;
      if (child.item.level <= parent.item.level) continue;
      least[j] = child.p[1]! + child.space + (child.p.length > 2 ? 0 : least[c]!);
      const whole = heightOf(c) + keep[c]!;
      const n = parent.p.length - 1;
      const lastLine = parent.p[n]! - parent.p[n - 1]!;
      if (lastLine + parent.space + whole <= fresh(j) + EPS) keep[j] = whole;
      else keep[j] = least[j]!;
    }
    let entries: Entry[] | undefined;
    const open = () => {
      if (entries) return;
      used += opening(f.inset);
      entries = [];
      page.push({ block: b, kind: 'bullets', entries });
    };
    const turn = () => {
      newPage();
      entries = undefined;
      pending = false;
    };
    // set when the item just placed must have its first sub below it: that sub may fill the page
    // to the slide's height even when the pages are being filled to a lower one to even them out
    let pending = false;
    for (let j = 0, from = 0; j < m; ) {
      const it = items[j]!;
      const n = it.p.length - 1;
      const reps = entries ? [] : it.item.level > 0 || from > 0 ? ancestors(items, j) : [];
      const repH = reps.reduce((h, a) => h + items[a]!.repeatH, 0);
      const avail = (pending ? room : limit) - used - (entries ? 0 : opening(f.inset)) - repH;
      const withKeep = heightOf(j, from) + keep[j]!;
      const place = (to: number) => {
        open();
        for (const a of reps) entries!.push({ item: a, from: 0, to: 1, repeat: true });
        entries!.push({ item: j, from, to });
        used += repH + it.p[to]! - it.p[from]! + it.space;
        pending = to >= n && keep[j]! > 0;
        if (to >= n) {
          j++;
          from = 0;
        } else {
          from = to;
          turn();
        }
      };
      if (withKeep <= avail + EPS) {
        place(n);
        continue;
      }
      // a first sub right below its parent's last line splits rather than leave the parent behind
      const split = withKeep > fresh(j) + EPS || (pending && from === 0);
      if (!split) {
        // it fits a slide of its own: move it whole to the next one (or, filling to a lower
        // limit to even out the slides, let this empty one hold it)
        if (page.length) turn();
        else place(n);
        continue;
      }
      // taller than a slide, or a first sub that must stay below its parent: split between lines,
      // leaving a line to go with what must stay below it
      let k = fitCount(it.p, from, avail - it.space);
      if (keep[j]! > 0) k = Math.min(k, n - from - 1);
      // no line can stay behind (it is the item's last): the whole of what is left goes here when
      // the least it must keep fits below it, and its sub is split in turn
      if (k <= 0 && keep[j]! > 0 && heightOf(j, from) + least[j]! <= avail + EPS) k = n - from;
      if (k <= 0) {
        if (page.length) {
          turn();
          continue;
        }
        k = 1;
      }
      place(from + k);
    }
  });
  if (page.length || pages.length === 0) pages.push(page);
  return pages;
}

/** The fewest pages at `room`, then the smallest page height that needs no more: pages of even fill. */
export function paginateEvenly(flows: readonly Flow[], room: number, gap: number): Piece[][] {
  const fewest = paginate(flows, room, gap);
  if (fewest.length <= 1) return fewest;
  let content = 0;
  for (const f of flows) {
    if (f.kind === 'text') content += f.p[f.p.length - 1]!;
    else for (const it of f.items) content += it.p[it.p.length - 1]! + it.space;
  }
  let lo = content / fewest.length;
  let hi = room;
  for (let k = 0; k < 24 && hi - lo > 1e-4; k++) {
    const mid = (lo + hi) / 2;
    if (paginate(flows, room, gap, mid).length <= fewest.length) hi = mid;
    else lo = mid;
  }
  const even = paginate(flows, room, gap, hi);
  return even.length <= fewest.length ? even : fewest;
}

/** The page's share of a block as a node of its own, with its height. */
export function pieceNode(f: Flow, piece: Piece): { node: TextNode | BulletsNode; height: number } {
  if (f.kind === 'text' && piece.kind === 'text') {
    const paragraphs: string[] = [];
    for (let pi = f.para[piece.from]!; pi <= f.para[piece.to - 1]!; pi++) {
      const w = f.wraps[pi]!;
      const a = Math.max(piece.from, f.first[pi]!) - f.first[pi]!;
      const b = Math.min(piece.to, f.first[pi]! + lineCount(w)) - f.first[pi]!;
      if (b > a) paragraphs.push(slice(f.node.paragraphs[pi]!, w, a, b));
    }
    const height = 2 * f.inset + f.p[piece.to]! - f.p[piece.from]!;
    return { node: { ...f.node, paragraphs, style: { ...f.node.style, size: f.size } }, height };
  }
  if (f.kind === 'bullets' && piece.kind === 'bullets') {
    let height = 2 * f.inset;
    const items = piece.entries.map((e): BulletItem => {
      const it = f.items[e.item]!;
      const size = bulletSize(f.size, it.item.level);
      if (e.repeat) {
        height += it.repeatH;
        const font = fontOf(f.node.style, size);
        return { text: repeatText(it.item.text, textWidth(f.node, it.item.level), font), level: it.item.level, size, repeat: true };
      }
      height += it.p[e.to]! - it.p[e.from]! + it.space;
      const text = e.from === 0 && e.to === lineCount(it.w) ? it.item.text : slice(it.item.text, it.w, e.from, e.to);
      return { text, level: it.item.level, size, ...(e.from > 0 ? { cont: true } : {}), ...(it.item.href ? { href: it.item.href } : {}) };
    });
    return { node: { ...f.node, items, style: { ...f.node.style, size: f.size } }, height };
  }
  throw new Error('internal: a piece of another block');
}

/** The stack's own first text, for locating warnings. */
export function firstText(stack: StackNode): string | undefined {
  const c = stack.children[0];
  return c?.kind === 'text' ? c.paragraphs[0] : c?.items[0]?.text;
}
