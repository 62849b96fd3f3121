import type { SlideNode, TableNode } from '../layout/types.js';
import type { FitContext } from './fit.js';
import { lineHeight, textWidth } from './metrics.js';
import { longestToken, truncate, wrap } from './text.js';

const STEP = 0.5;

interface Sized {
  colWidths: number[];
  rowHeights: number[];
  size: number;
}

/** Column widths from content: every column gets its longest word, the rest goes where text is longest. */
export function columnWidths(t: TableNode, size: number): number[] | undefined {
  const f = { size, bold: false };
  const hf = { size, bold: true };
  const pad = 2 * t.style.cellInset + 0.02;
  const cols = t.header.length;
  const min: number[] = [];
  const pref: number[] = [];
  for (let c = 0; c < cols; c++) {
    const cells = t.rows.map((r) => r[c] ?? '');
    const head = t.header[c] ?? '';
    min.push(Math.max(longestToken(head, hf), ...cells.map((s) => longestToken(s, f))) + pad);
    pref.push(Math.max(textWidth(head, hf), ...cells.map((s) => Math.max(...s.split('\n').map((l) => textWidth(l, f))))) + pad);
  }
  const sumMin = min.reduce((a, b) => a + b, 0);
  if (sumMin > t.box.w + 1e-6) return undefined;
  const sumPref = pref.reduce((a, b) => a + b, 0);
  if (sumPref <= t.box.w) {
    // everything fits on one line: share the slack evenly so the table spans its box
    return pref.map((p) => p + (t.box.w - sumPref) / cols);
  }
  const extra = t.box.w - sumMin;
  const want = pref.map((p, i) => p - min[i]!);
  const sumWant = want.reduce((a, b) => a + b, 0);
  return min.map((m, i) => m + (sumWant > 0 ? (extra * want[i]!) / sumWant : extra / cols));
}

export function rowHeight(cells: readonly string[], widths: readonly number[], t: TableNode, size: number, bold: boolean): number {
  let lines = 1;
  cells.forEach((cell, i) => {
    const w = (widths[i] ?? 0) - 2 * t.style.cellInset;
    lines = Math.max(lines, wrap(cell, w, { size, bold }).length);
  });
  return Math.max(t.minRowHeight, lines * lineHeight(size, t.style.lineSpacing) + 2 * t.style.cellInset);
}

function measure(t: TableNode, size: number): Sized | undefined {
  const colWidths = columnWidths(t, size);
  if (!colWidths) return undefined;
  const rowHeights = [rowHeight(t.header, colWidths, t, size, true), ...t.rows.map((r) => rowHeight(r, colWidths, t, size, false))];
  return { colWidths, rowHeights, size };
}

const sum = (a: readonly number[]) => a.reduce((x, y) => x + y, 0);

/**
 * Fit a table to its box: shrink from the theme size to the minimum, then split by whole rows
 * onto continuation parts with the header repeated. A single row taller than the box is cut.
 */
export function fitTable(t: TableNode, slide: SlideNode, ctx: FitContext): TableNode[] {
  let best: Sized | undefined;
  for (let s = t.style.size; s >= t.style.minSize - 1e-9; s -= STEP) {
    const m = measure(t, s);
    if (!m) continue;
    best ??= m;
    best = m;
    if (sum(m.rowHeights) <= t.box.h + 1e-6) {
      if (s < t.style.size) ctx.warn({ code: 'SHRUNK', message: `table shrunk from ${t.style.size} to ${s} pt to fit` }, slide);
      return [{ ...t, style: { ...t.style, size: s }, colWidths: m.colWidths, rowHeights: m.rowHeights }];
    }
  }
  const size = t.style.minSize;
  let m = best && best.size === size ? best : measure(t, size);
  let rows = t.rows;
  if (!m) {
    // even the longest words do not fit side by side: give every column an equal share and let words break
    const colWidths = t.header.map(() => t.box.w / t.header.length);
    m = { colWidths, rowHeights: [rowHeight(t.header, colWidths, t, size, true), ...t.rows.map((r) => rowHeight(r, colWidths, t, size, false))], size };
    ctx.warn({ code: 'NARROW', message: `table has too many columns for the slide at ${size} pt; long words are broken` }, slide);
  }
  const widths = m.colWidths;
  const headH = m.rowHeights[0]!;
  const room = t.box.h - headH;
  // cut any row that cannot fit even alone under the header
  rows = rows.map((r, i) => {
    if ((m.rowHeights[i + 1] ?? 0) <= room) return r;
    const lh = lineHeight(size, t.style.lineSpacing);
    const maxLines = Math.max(1, Math.floor((room - 2 * t.style.cellInset) / lh));
    ctx.warn({ code: 'CUT', message: `table row ${i + 1} is taller than a whole slide; its text is cut to ${maxLines} lines with an ellipsis` }, slide);
    return r.map((cell, c) => truncate(cell, (widths[c] ?? 1) - 2 * t.style.cellInset, { size, bold: false }, maxLines));
  });
  const heights = rows.map((r) => rowHeight(r, widths, t, size, false));
  const parts: { rows: string[][]; heights: number[] }[] = [];
  let cur: { rows: string[][]; heights: number[] } = { rows: [], heights: [] };
  let used = 0;
  rows.forEach((r, i) => {
    const h = heights[i]!;
    if (cur.rows.length > 0 && used + h > room + 1e-6) {
      parts.push(cur);
      cur = { rows: [], heights: [] };
      used = 0;
    }
    cur.rows.push(r);
    cur.heights.push(h);
    used += h;
  });
  parts.push(cur);
  if (parts.length > 1) ctx.warn({ code: 'SPLIT', message: `table split over ${parts.length} slides at ${size} pt, header repeated` }, slide);
  else if (size < t.style.size) ctx.warn({ code: 'SHRUNK', message: `table shrunk from ${t.style.size} to ${size} pt to fit` }, slide);
  return parts.map((p, i) => ({
    ...t,
    rows: p.rows,
    style: { ...t.style, size },
    colWidths: widths,
    rowHeights: [headH, ...p.heights],
    part: { index: i + 1, count: parts.length },
  }));
}
