import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paginate } from '../../src/fit/table.js';

/** The tolerance paginate allows a page, so a row that exactly fills the page is not pushed on. */
const EPS = 1e-6;

/** Row heights in inches: mostly table-like, some quarter-inch multiples (exact fills), some zero. */
const height = fc.oneof(
  { arbitrary: fc.double({ min: 0.1, max: 2.5, noNaN: true }), weight: 4 },
  { arbitrary: fc.integer({ min: 1, max: 12 }).map((q) => q / 4), weight: 2 },
  { arbitrary: fc.constant(0), weight: 1 },
);
const heights = fc.array(height, { maxLength: 60 });
const room = fc.oneof(fc.double({ min: 0.3, max: 7, noNaN: true }), fc.integer({ min: 1, max: 24 }).map((q) => q / 4));

/** Height of a page, summed in row order as paginate sums it. */
const pageHeight = (hs: readonly number[], page: readonly number[]) => page.reduce((s, i) => s + hs[i]!, 0);

/**
 * The fewest pages for whole rows in order, by dynamic programming over prefixes (not greedy): rows
 * j..i may share a page when they fit, and a row taller than the page stands alone. Heights are
 * summed from the page's first row on, in the order paginate sums them, so rounding agrees.
 */
function fewestPages(hs: readonly number[], room: number): number {
  const n = hs.length;
  if (n === 0) return 1;
  const best = new Array<number>(n + 1).fill(Infinity);
  best[0] = 0;
  for (let j = 0; j < n; j++) {
    let used = 0;
    for (let i = j; i < n; i++) {
      used += hs[i]!;
      if (i > j && used > room + EPS) break;
      best[i + 1] = Math.min(best[i + 1]!, best[j]! + 1);
    }
  }
  return best[n]!;
}

/** The lowest possible height of the tallest page when rows in order go onto `k` pages (dynamic programming). */
function lowestTallest(hs: readonly number[], k: number): number {
  const n = hs.length;
  // low[i]: the lowest tallest page for rows 0..i-1 on the pages so far
  let low = [0, ...hs.map(() => Infinity)];
  for (let p = 1; p <= k; p++) {
    const next = new Array<number>(n + 1).fill(Infinity);
    for (let j = 0; j < n; j++) {
      let used = 0;
      for (let i = j; i < n; i++) {
        used += hs[i]!;
        next[i + 1] = Math.min(next[i + 1]!, Math.max(low[j]!, used));
      }
    }
    low = next;
  }
  return n === 0 ? 0 : low[n]!;
}

describe('paginate (property, issue 10)', () => {
  it('never lets a row taller than the room lift the page limit above the room (issue 10)', () => {
    // the average of 1, 0 and 0.5 over the three greedy pages is above the room, and searching for
    // an even limit from there merged rows 1 and 2 into a page of 0.5 in a room of 0.25
    expect(paginate([1, 0, 0.5], 0.25)).toEqual([[0], [1], [2]]);
    expect(paginate([0.1, 0.25, 0.7], 0.25)).toEqual([[0], [1], [2]]);
  });

  it('partitions the row indexes in order: the pages concatenated are 0..n-1, none empty', () => {
    fc.assert(
      fc.property(heights, room, (hs, r) => {
        const pages = paginate(hs, r);
        expect(pages.flat()).toEqual(hs.map((_, i) => i));
        if (hs.length > 0) for (const p of pages) expect(p.length).toBeGreaterThan(0);
        else expect(pages).toEqual([[]]);
      }),
      { numRuns: 400 },
    );
  });

  it('fills no page beyond the room, unless the page is one row taller than the room', () => {
    fc.assert(
      fc.property(heights, room, (hs, r) => {
        for (const p of paginate(hs, r)) {
          if (p.length === 1 && hs[p[0]!]! > r) continue;
          expect(pageHeight(hs, p)).toBeLessThanOrEqual(r + EPS);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('uses the fewest pages possible', () => {
    fc.assert(
      fc.property(heights, room, (hs, r) => {
        expect(paginate(hs, r).length).toBe(fewestPages(hs, r));
      }),
      { numRuns: 400 },
    );
  });

  it('evens out the pages: with no row taller than the room, the tallest page is as low as the fewest pages allow', () => {
    // rows taller than the room are cut before the final split, so this is the case that matters
    fc.assert(
      fc.property(heights, room, (raw, r) => {
        const hs = raw.map((h) => Math.min(h, r));
        const pages = paginate(hs, r);
        const tallest = Math.max(0, ...pages.map((p) => pageHeight(hs, p)));
        // paginate bisects its page limit 20 times, so it may land a hair above the best one
        expect(tallest).toBeLessThanOrEqual(lowestTallest(hs, pages.length) + r / 2 ** 20 + EPS);
      }),
      { numRuns: 300 },
    );
  });
});
