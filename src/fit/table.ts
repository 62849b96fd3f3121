import { isWide } from '../base/unicode.js';
import type { SlideNode, TableNode } from '../layout/types.js';
import { fontOf, type FitContext } from './measure.js';
import { advances, lineHeights } from './metrics.js';
import { lineHeightsOf, longestTokenUnits, truncate, widestLineUnits, wrapText, WRAP_SAFETY } from './text.js';

const STEP = 0.5;
const EPS = 1e-6;

/** Sizes from `min` to `max` in half points, smallest first. */
export function sizeSteps(min: number, max: number): number[] {
  const out: number[] = [];
  for (let s = min; s <= max + 1e-9; s += STEP) out.push(s);
  if (out.length === 0 || out.at(-1)! < max - 1e-9) out.push(max);
  return out;
}

/**
 * The first index in [0, n) where `ok` holds, assuming it holds from some index on (it must hold at
 * n - 1): fitting asks this of sizes, where a larger size needs more slides. The index before the
 * last is tried first: a long text needs more slides at every step up, and then one probe settles it.
 */
export function firstTrue(n: number, ok: (i: number) => boolean): number {
  if (n <= 1) return 0;
  if (!ok(n - 2)) return n - 1;
  let lo = 0;
  let hi = n - 2;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (ok(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** What a table's cells measure in em units, which no size changes: measured once per table. */
interface CellFacts {
  /** Per column: widest unbreakable piece and widest unwrapped line, header (bold) and body together. */
  minUnits: number[];
  prefUnits: number[];
  /** Per body cell (row-major): widest line in em units, and whether it has a line feed or East Asian text. */
  lineUnits: Float64Array;
  multi: Uint8Array;
  wide: Uint8Array;
}

function cellFacts(t: TableNode): CellFacts {
  const cols = t.header.length;
  const body = advances(fontOf({ ...t.style, bold: false }, 1));
  const head = advances(fontOf({ ...t.style, bold: true }, 1));
  const minUnits = t.header.map((h) => longestTokenUnits(h, head));
  const prefUnits = t.header.map((h) => widestLineUnits(h, head));
  const n = t.rows.length * cols;
  const lineUnits = new Float64Array(n);
  const multi = new Uint8Array(n);
  const wide = new Uint8Array(n);
  t.rows.forEach((r, ri) => {
    for (let c = 0; c < cols; c++) {
      const cell = r[c] ?? '';
      const k = ri * cols + c;
      minUnits[c] = Math.max(minUnits[c]!, longestTokenUnits(cell, body));
      const u = widestLineUnits(cell, body);
      prefUnits[c] = Math.max(prefUnits[c]!, u);
      lineUnits[k] = u;
      multi[k] = cell.includes('\n') ? 1 : 0;
      for (const ch of cell) {
        if (isWide(ch.codePointAt(0)!)) {
          wide[k] = 1;
          break;
        }
      }
    }
  });
  return { minUnits, prefUnits, lineUnits, multi, wide };
}

/** Column widths from content: every column gets its longest word, the rest goes where text is longest. */
function widthsAt(t: TableNode, facts: CellFacts, size: number): number[] | undefined {
  const scale = size / 72000;
  const pad = 2 * t.style.cellInset + 0.01;
  const cols = t.header.length;
  const min = facts.minUnits.map((u) => (u * scale) / WRAP_SAFETY + pad);
  const pref = facts.prefUnits.map((u) => (u * scale) / WRAP_SAFETY + pad);
  const sumMin = min.reduce((a, b) => a + b, 0);
  if (sumMin > t.box.w + EPS) return undefined;
  const sumPref = pref.reduce((a, b) => a + b, 0);
  // everything fits on one line: share the slack evenly so the table spans its box
  if (sumPref <= t.box.w) return pref.map((p) => p + (t.box.w - sumPref) / cols);
  const extra = t.box.w - sumMin;
  const want = pref.map((p, i) => p - min[i]!);
  const sumWant = want.reduce((a, b) => a + b, 0);
  return min.map((m, i) => m + (sumWant > 0 ? (extra * want[i]!) / sumWant : extra / cols));
}

/** Column widths of a table at `size`, or undefined when its longest words do not fit side by side. */
export function columnWidths(t: TableNode, size: number): number[] | undefined {
  return widthsAt(t, cellFacts(t), size);
}

/** Height of a cell's text wrapped to `width`. */
function cellHeight(text: string, width: number, t: TableNode, size: number, bold: boolean): number {
  const font = fontOf({ ...t.style, bold }, size);
  const w = wrapText(text || ' ', width, font);
  let h = 0;
  for (const x of lineHeightsOf(w, font, t.style.lineSpacing)) h += x;
  return h;
}

export function rowHeight(cells: readonly string[], widths: readonly number[], t: TableNode, size: number, bold: boolean): number {
  let h = 0;
  cells.forEach((cell, i) => {
    h = Math.max(h, cellHeight(cell, (widths[i] ?? 0) - 2 * t.style.cellInset, t, size, bold));
  });
  return Math.max(t.minRowHeight, h + 2 * t.style.cellInset);
}

interface Sized {
  colWidths: number[];
  /** Header first. */
  rowHeights: number[];
  size: number;
}

/** Row heights at `size` in the given widths; a cell on one line is not wrapped at all. */
function measureRows(t: TableNode, facts: CellFacts, size: number, colWidths: number[]): Sized {
  const cols = t.header.length;
  const scale = size / 72000;
  const lh = lineHeights(fontOf({ ...t.style, bold: false }, size), t.style.lineSpacing);
  const inner = colWidths.map((w) => w - 2 * t.style.cellInset);
  const rowHeights = [rowHeight(t.header, colWidths, t, size, true)];
  t.rows.forEach((r, ri) => {
    let h = 0;
    for (let c = 0; c < cols; c++) {
      const k = ri * cols + c;
      const one = facts.multi[k] === 0 && facts.lineUnits[k]! * scale <= inner[c]! * WRAP_SAFETY;
      const ch = one ? (facts.wide[k] ? lh.wide : lh.plain) : cellHeight(r[c] ?? '', inner[c]!, t, size, false);
      if (ch > h) h = ch;
    }
    rowHeights.push(Math.max(t.minRowHeight, h + 2 * t.style.cellInset));
  });
  return { colWidths, rowHeights, size };
}

const sum = (a: readonly number[]) => a.reduce((x, y) => x + y, 0);

/** Greedy split of rows (by height) into pages of height `limit`, whole rows only. */
function greedy(heights: readonly number[], limit: number): number[][] {
  const pages: number[][] = [[]];
  let used = 0;
  heights.forEach((h, i) => {
    if (pages[pages.length - 1]!.length > 0 && used + h > limit + EPS) {
      pages.push([]);
      used = 0;
    }
    pages[pages.length - 1]!.push(i);
    used += h;
  });
  return pages;
}

/** How many pages of height `room` the rows need, whole rows only. */
function countPages(heights: readonly number[], room: number): number {
  let pages = 1;
  let used = 0;
  let any = false;
  for (const h of heights) {
    if (any && used + h > room + EPS) {
      pages++;
      used = 0;
    }
    used += h;
    any = true;
  }
  return pages;
}

/**
 * Split rows (by height) into the fewest pages of height `room`, whole rows only, then even out
 * the pages so the last is not a stub: fill each page to at most the average.
 */
export function paginate(heights: readonly number[], room: number): number[][] {
  const fewest = countPages(heights, room);
  if (fewest <= 1) return greedy(heights, room);
  // smallest page height in [average, room] that still needs no more pages; a row taller than the
  // room can lift the average above the room, and a limit above it would overfill a page
  let lo = Math.min(sum(heights) / fewest, room);
  let hi = room;
  for (let k = 0; k < 24 && hi - lo > 1e-4; k++) {
    const mid = (lo + hi) / 2;
    if (countPages(heights, mid) <= fewest) hi = mid;
    else lo = mid;
  }
  const even = greedy(heights, hi);
  return even.length <= fewest ? even : greedy(heights, room);
}

/**
 * Fit a table to its box. Its size is the largest from the theme's maximum down to its minimum that
 * needs no more slides than the minimum does: shrinking that saves no slide only costs legibility,
 * and a table with room to spare grows. Rows split by whole rows onto continuation parts with the
 * header repeated and the parts evened out. Only at the minimum may a row be taller than a slide;
 * then its tall cells are cut, each with a warning naming the cell. A table on one slide with height
 * to spare gives its rows more height, each up to half a line row more.
 */
export function fitTable(t: TableNode, slide: SlideNode, ctx: FitContext): TableNode[] {
  const facts = cellFacts(t);
  const sizes = sizeSteps(t.style.minSize, t.style.maxSize);
  const atSize = new Map<number, { m: Sized | undefined; parts: number }>();
  const evaluate = (s: number) => {
    let e = atSize.get(s);
    if (e) return e;
    const widths = widthsAt(t, facts, s);
    const m = widths ? measureRows(t, facts, s, widths) : undefined;
    // above the minimum, a row taller than a slide would be cut: that size does not fit
    const room = m ? t.box.h - m.rowHeights[0]! : 0;
    const parts = m && m.rowHeights.slice(1).every((h) => h <= room + EPS) ? countPages(m.rowHeights.slice(1), room) : Infinity;
    e = { m, parts };
    atSize.set(s, e);
    return e;
  };
  const min = t.style.minSize;
  const atMin = evaluate(min);
  let size: number;
  let m: Sized;
  let rows = t.rows;
  if (atMin.parts === Infinity) {
    // the minimum it is: words that do not fit side by side break, and rows taller than a slide are cut
    size = min;
    if (atMin.m) m = atMin.m;
    else {
      m = measureRows(t, facts, min, t.header.map(() => t.box.w / t.header.length));
      ctx.warn({ code: 'NARROW', message: `table has too many columns for the slide at ${min} pt; long words are broken` }, slide);
    }
    const room = t.box.h - m.rowHeights[0]!;
    const font = fontOf({ ...t.style, bold: false }, min);
    let changed = false;
    rows = t.rows.map((r, i) => {
      if ((m.rowHeights[i + 1] ?? 0) <= room + EPS) return r;
      changed = true;
      return r.map((cell, c) => {
        const w = (m.colWidths[c] ?? 1) - 2 * t.style.cellInset;
        if (cellHeight(cell, w, t, min, false) + 2 * t.style.cellInset <= room + EPS) return cell;
        // as many lines as the slide holds below the header
        const heights = lineHeightsOf(wrapText(cell, w, font), font, t.style.lineSpacing);
        let lines = 0;
        let h = 2 * t.style.cellInset;
        while (lines < heights.length && h + heights[lines]! <= room + EPS) h += heights[lines++]!;
        const cut = truncate(cell, w, font, Math.max(1, lines));
        ctx.warn(
          { code: 'CUT', message: `table cell (row ${i + 1}, column ${c + 1}) is taller than a whole slide even at ${min} pt; cut to ${Math.max(1, lines)} line(s) with an ellipsis` },
          slide,
          ['rows', i, c],
        );
        return cut;
      });
    });
    if (changed) m = { ...m, rowHeights: [m.rowHeights[0]!, ...rows.map((r) => rowHeight(r, m.colWidths, t, min, false))] };
  } else {
    const fewest = atMin.parts;
    const i = firstTrue(sizes.length, (k) => evaluate(sizes[sizes.length - 1 - k]!).parts <= fewest);
    size = sizes[sizes.length - 1 - i]!;
    m = evaluate(size).m!;
  }
  const headH = m.rowHeights[0]!;
  const room = t.box.h - headH;
  let heights = m.rowHeights.slice(1);
  const parts = paginate(heights, room);
  if (parts.length === 1 && heights.length > 0) {
    // room to spare: rows take more height, evenly, each up to one line's row more
    const line = lineHeights(fontOf({ ...t.style, bold: false }, size), t.style.lineSpacing).plain;
    const base = Math.max(t.minRowHeight, line + 2 * t.style.cellInset);
    const extra = Math.min((room - sum(heights)) / heights.length, base);
    if (extra > EPS) heights = heights.map((h) => h + extra);
  }
  if (parts.length > 1) ctx.warn({ code: 'SPLIT', message: `table split over ${parts.length} slides at ${size} pt, header repeated` }, slide);
  else if (size < t.style.size) ctx.warn({ code: 'SHRUNK', message: `table shrunk from ${t.style.size} to ${size} pt to fit` }, slide);
  return parts.map((idx, k) => ({
    ...t,
    rows: idx.map((i) => rows[i]!),
    style: { ...t.style, size },
    colWidths: m.colWidths,
    rowHeights: [headH, ...idx.map((i) => heights[i]!)],
    ...(parts.length > 1 ? { part: { index: k + 1, count: parts.length } } : {}),
  }));
}
