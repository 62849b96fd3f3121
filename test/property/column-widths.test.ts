import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnWidths } from '../../src/fit/table.js';
import { textWidth } from '../../src/fit/metrics.js';
import { wrap } from '../../src/fit/text.js';
import type { TableNode } from '../../src/layout/types.js';
import { cjkWord, family, latinWord, longWord, mixedWord, pieces } from './arbitraries.js';

/** Table words: mostly short, now and then one too long for a narrow column. */
const word = fc.oneof(
  { arbitrary: latinWord, weight: 20 },
  { arbitrary: cjkWord, weight: 8 },
  { arbitrary: mixedWord, weight: 3 },
  { arbitrary: longWord, weight: 1 },
);

/** A cell of up to `most` words, sometimes two lines, sometimes empty. */
const cell = (most: number) =>
  fc.oneof(
    { arbitrary: fc.array(word, { minLength: 1, maxLength: most }).map((ws) => ws.join(' ')), weight: 6 },
    { arbitrary: fc.tuple(word, word).map(([a, b]) => `${a}\n${b}`), weight: 1 },
    { arbitrary: fc.constant(''), weight: 1 },
  );

/** The style a table gets from layout; font, size and cell margin (layout's default is 0.08 in) vary. */
const style = (font: string, size: number, cellInset: number): TableNode['style'] => ({
  font,
  eaFont: 'Malgun Gothic',
  size,
  minSize: 10,
  maxSize: size,
  color: '222222',
  bold: false,
  italic: false,
  align: 'left',
  valign: 'top',
  lineSpacing: 1,
  headerFill: '1F3864',
  headerColor: 'FFFFFF',
  stripeFill: 'F2F2F2',
  borderColor: 'BFBFBF',
  cellInset,
});

/** A table node as layout builds it, with generated cells of up to `most` words and box width. */
const tableOf = (most: number): fc.Arbitrary<TableNode> =>
  fc
    .record({
      font: family,
      size: fc.integer({ min: 16, max: 40 }).map((h) => h / 2),
      cellInset: fc.constantFrom(0, 0.04, 0.08, 0.12),
      cols: fc.integer({ min: 1, max: 6 }),
      rows: fc.integer({ min: 0, max: 6 }),
      w: fc.double({ min: 2, max: 12.3, noNaN: true }),
    })
    .chain(({ font, size, cellInset, cols, rows, w }) =>
      fc
        .record({
          header: fc.array(cell(most), { minLength: cols, maxLength: cols }),
          body: fc.array(fc.array(cell(most), { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }),
        })
        .map(({ header, body }) => ({
          kind: 'table' as const,
          box: { x: 0.5, y: 1.4, w, h: 5.2 },
          style: style(font, size, cellInset),
          header,
          rows: body,
          minRowHeight: 0.3,
          note: undefined,
        })),
    );

const table = tableOf(6);
/** Tables of short cells, which often fit on one line. */
const shortTable = tableOf(2);

/** Wrapping keeps 2% in hand (see SAFETY in src/fit/text.ts), so a word needs its width over 0.98. */
const SAFETY = 0.98;

/**
 * The narrowest a column can be, computed here from the text: its widest unbreakable piece (a word,
 * or a single East Asian character), bold in the header, plus the cell margins and a hundredth of an
 * inch.
 */
function minimum(t: TableNode, c: number): number {
  const widest = (s: string, bold: boolean) => Math.max(0, ...pieces(s).map((p) => textWidth(p, { family: t.style.font, size: t.style.size, bold })));
  const w = Math.max(widest(t.header[c]!, true), ...t.rows.map((r) => widest(r[c]!, false)));
  return w / SAFETY + 2 * t.style.cellInset + 0.01;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe('columnWidths (property, issue 10)', () => {
  it('gives one width per column, summing to the box width, each at least its minimum', () => {
    fc.assert(
      fc.property(table, (t) => {
        const widths = columnWidths(t, t.style.size);
        fc.pre(widths !== undefined);
        expect(widths).toHaveLength(t.header.length);
        expect(Math.abs(sum(widths) - t.box.w)).toBeLessThan(1e-6);
        widths.forEach((w, c) => expect(w, `column ${c}`).toBeGreaterThanOrEqual(minimum(t, c) - 1e-6));
      }),
      { numRuns: 200 },
    );
  });

  it('breaks no word: every cell wraps in its column, inside the cell margins, with its words whole', () => {
    fc.assert(
      fc.property(table, (t) => {
        const widths = columnWidths(t, t.style.size);
        fc.pre(widths !== undefined);
        const cells = [...t.header.map((s, c) => ({ s, c, bold: true })), ...t.rows.flatMap((r) => r.map((s, c) => ({ s, c, bold: false })))];
        for (const { s, c, bold } of cells) {
          const lines = wrap(s, widths[c]! - 2 * t.style.cellInset, { family: t.style.font, size: t.style.size, bold });
          expect(pieces(lines.join(' ')), s).toEqual(pieces(s));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('gives up exactly when the columns at their minimum do not fit side by side', () => {
    fc.assert(
      fc.property(table, (t) => {
        const need = sum(t.header.map((_, c) => minimum(t, c)));
        // away from the boundary, where the two sums may round differently
        fc.pre(Math.abs(need - t.box.w) > 1e-9);
        expect(columnWidths(t, t.style.size) === undefined).toBe(need > t.box.w);
      }),
      { numRuns: 200 },
    );
  });

  it('gives every column the same slack when all the text fits on one line', () => {
    // the widths then are each column's widest line plus an equal share of what is left
    fc.assert(
      fc.property(shortTable, (t) => {
        const widths = columnWidths(t, t.style.size);
        const widest = (c: number) =>
          Math.max(
            ...t.header[c]!.split('\n').map((l) => textWidth(l, { family: t.style.font, size: t.style.size, bold: true })),
            ...t.rows.flatMap((r) => r[c]!.split('\n').map((l) => textWidth(l, { family: t.style.font, size: t.style.size, bold: false }))),
          ) / SAFETY + 2 * t.style.cellInset + 0.01;
        const pref = t.header.map((_, c) => widest(c));
        fc.pre(widths !== undefined && sum(pref) <= t.box.w);
        const slack = widths.map((w, c) => w - pref[c]!);
        for (const s of slack) expect(s).toBeCloseTo(slack[0]!, 9);
      }),
      { numRuns: 200 },
    );
  });
});
