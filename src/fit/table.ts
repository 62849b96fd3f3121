import type { SlideNode, TableNode } from '../layout/types.js';
import { fontOf, type FitContext } from './measure.js';
import { textWidth } from './metrics.js';
import { longestToken, truncate, wrap, wrappedHeight } from './text.js';

const STEP = 0.5;

interface Sized {
  colWidths: number[];
  rowHeights: number[];
  size: number;
}

/** Column widths from content: every column gets its longest word, the rest goes where text is longest. */
export function columnWidths(t: TableNode, size: number): number[] | undefined {
  const f = fontOf({ ...t.style, bold: false }, size);
  const hf = fontOf({ ...t.style, bold: true }, size);
  const pad = 2 * t.style.cellInset + 0.01;
  const cols = t.header.length;
  const min: number[] = [];
  const pref: number[] = [];
  for (let c = 0; c < cols; c++) {
    const cells = t.rows.map((r) => r[c] ?? '');
    const head = t.header[c] ?? '';
    min.push(Math.max(longestToken(head, hf), ...cells.map((s) => longestToken(s, f))) + pad);
    pref.push(Math.max(...head.split('\n').map((l) => textWidth(l, hf)), ...cells.flatMap((s) => s.split('\n').map((l) => textWidth(l, f)))) / 0.98 + pad);
  }
  const sumMin = min.reduce((a, b) => a + b, 0);
  if (sumMin > t.box.w + 1e-6) return undefined;
  const sumPref = pref.reduce((a, b) => a + b, 0);
  // everything fits on one line: share the slack evenly so the table spans its box
  if (sumPref <= t.box.w) return pref.map((p) => p + (t.box.w - sumPref) / cols);
  const extra = t.box.w - sumMin;
  const want = pref.map((p, i) => p - min[i]!);
  const sumWant = want.reduce((a, b) => a + b, 0);
  return min.map((m, i) => m + (sumWant > 0 ? (extra * want[i]!) / sumWant : extra / cols));
}

export function rowHeight(cells: readonly string[], widths: readonly number[], t: TableNode, size: number, bold: boolean): number {
  let h = 0;
  cells.forEach((cell, i) => {
    const w = (widths[i] ?? 0) - 2 * t.style.cellInset;
    h = Math.max(h, wrappedHeight(cell || ' ', w, fontOf({ ...t.style, bold }, size), t.style.lineSpacing).height);
  });
  return Math.max(t.minRowHeight, h + 2 * t.style.cellInset);
}

function measure(t: TableNode, size: number, equal = false): Sized | undefined {
  const colWidths = equal ? t.header.map(() => t.box.w / t.header.length) : columnWidths(t, size);
  if (!colWidths) return undefined;
  const rowHeights = [rowHeight(t.header, colWidths, t, size, true), ...t.rows.map((r) => rowHeight(r, colWidths, t, size, false))];
  return { colWidths, rowHeights, size };
}

const sum = (a: readonly number[]) => a.reduce((x, y) => x + y, 0);

/**
 * Split rows (by height) into the fewest pages of height `room`, whole rows only, then even out
 * the pages so the last is not a stub: fill each page to at most the average.
 */
export function paginate(heights: readonly number[], room: number): number[][] {
  const greedy = (limit: number) => {
    const pages: number[][] = [[]];
    let used = 0;
    heights.forEach((h, i) => {
      if (pages[pages.length - 1]!.length > 0 && used + h > limit + 1e-6) {
        pages.push([]);
        used = 0;
      }
      pages[pages.length - 1]!.push(i);
      used += h;
    });
    return pages;
  };
  const fewest = greedy(room);
  if (fewest.length <= 1) return fewest;
  // smallest page height in [average, room] that still needs no more pages; a row taller than the
  // room can lift the average above the room, and a limit above it would overfill a page
  let lo = Math.min(sum(heights) / fewest.length, room);
  let hi = room;
  for (let k = 0; k < 20; k++) {
    const mid = (lo + hi) / 2;
    if (greedy(mid).length <= fewest.length) hi = mid;
    else lo = mid;
  }
  const even = greedy(hi);
  return even.length <= fewest.length ? even : fewest;
}

/**
 * Fit a table to its box: shrink from the theme size to the minimum, then split by whole rows
 * onto continuation parts with the header repeated. A single row taller than the box is cut.
 */
export function fitTable(t: TableNode, slide: SlideNode, ctx: FitContext): TableNode[] {
  const sizes: number[] = [];
  for (let s = t.style.size; s >= t.style.minSize - 1e-9; s -= STEP) sizes.push(s);
  for (const s of sizes) {
    const m = measure(t, s);
    if (m && sum(m.rowHeights) <= t.box.h + 1e-6) {
      if (s < t.style.size) ctx.warn({ code: 'SHRUNK', message: `table shrunk from ${t.style.size} to ${s} pt to fit` }, slide);
      return [{ ...t, style: { ...t.style, size: s }, colWidths: m.colWidths, rowHeights: m.rowHeights }];
    }
  }
  // It must split. Shrinking that saves no slide only costs legibility: take the largest size that
  // needs no more parts than the minimum does.
  const partsAt = (s: number) => {
    const mm = measure(t, s);
    return mm ? paginate(mm.rowHeights.slice(1), t.box.h - mm.rowHeights[0]!).length : Infinity;
  };
  const fewest = partsAt(t.style.minSize);
  const size = sizes.find((s) => partsAt(s) <= fewest) ?? t.style.minSize;
  let m = measure(t, size);
  if (!m) {
    // even the longest words do not fit side by side: equal columns, and long words break
    m = measure(t, size, true)!;
    ctx.warn({ code: 'NARROW', message: `table has too many columns for the slide at ${size} pt; long words are broken` }, slide);
  }
  const widths = m.colWidths;
  const headH = m.rowHeights[0]!;
  const room = t.box.h - headH;
  const rows = t.rows.map((r, i) => {
    if ((m.rowHeights[i + 1] ?? 0) <= room + 1e-6) return r;
    // a row taller than a whole slide: cut its long cells, each with a warning at the cell
    return r.map((cell, c) => {
      const w = (widths[c] ?? 1) - 2 * t.style.cellInset;
      const font = fontOf({ ...t.style, bold: false }, size);
      if (wrappedHeight(cell, w, font, t.style.lineSpacing).height + 2 * t.style.cellInset <= room) return cell;
      let lines = wrap(cell, w, font).length;
      let cut = cell;
      while (lines > 1 && wrappedHeight(cut, w, font, t.style.lineSpacing).height + 2 * t.style.cellInset > room) cut = truncate(cell, w, font, --lines);
      ctx.warn({ code: 'CUT', message: `table cell (row ${i + 1}, column ${c + 1}) is taller than a whole slide; cut to ${lines} lines with an ellipsis` }, slide, ['rows', i, c]);
      return cut;
    });
  });
  const heights = rows.map((r) => rowHeight(r, widths, t, size, false));
  const parts = paginate(heights, room).map((idx) => ({ rows: idx.map((i) => rows[i]!), heights: idx.map((i) => heights[i]!) }));
  if (parts.length > 1) ctx.warn({ code: 'SPLIT', message: `table split over ${parts.length} slides at ${size} pt, header repeated` }, slide);
  else if (size < t.style.size) ctx.warn({ code: 'SHRUNK', message: `table shrunk from ${t.style.size} to ${size} pt to fit` }, slide);
  return parts.map((p, i) => ({
    ...t,
    rows: p.rows,
    style: { ...t.style, size },
    colWidths: widths,
    rowHeights: [headH, ...p.heights],
    ...(parts.length > 1 ? { part: { index: i + 1, count: parts.length } } : {}),
  }));
}
