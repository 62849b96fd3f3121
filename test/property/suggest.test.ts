import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from '../../src/base/suggest.js';

/** Levenshtein distance the textbook way: the full table, by UTF-16 unit as editDistance counts. */
function reference(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length]![b.length]!;
}

/** Short words over a small alphabet, so that near misses are common; some capitals, as in `minSizes`. */
const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'S', 'i', 'z'), maxLength: 10 });
const anyWord = fc.oneof(word, fc.string({ maxLength: 8 }));
/** Keys as a schema has them: distinct, also when lower-cased. */
const candidates = fc.uniqueArray(word, { selector: (w) => w.toLowerCase(), minLength: 1, maxLength: 8 });

/** One edit of a word: a letter inserted, deleted or replaced. */
const typoOf = (w: string) =>
  fc.tuple(fc.integer({ min: 0, max: w.length }), fc.constantFrom('a', 'b', 'x', 'q'), fc.constantFrom('insert', 'delete', 'replace')).map(([i, ch, op]) => {
    const at = Math.min(i, w.length - 1);
    if (op === 'insert') return w.slice(0, i) + ch + w.slice(i);
    if (op === 'delete') return w.slice(0, at) + w.slice(at + 1);
    return w.slice(0, at) + ch + w.slice(at + 1);
  });

describe('editDistance (property, issue 10)', () => {
  it('agrees with the textbook Levenshtein table', () => {
    fc.assert(
      fc.property(anyWord, anyWord, (a, b) => {
        expect(editDistance(a, b)).toBe(reference(a, b));
      }),
      { numRuns: 500 },
    );
  });

  it('is a metric: zero exactly between equal words, symmetric, and the triangle inequality holds', () => {
    fc.assert(
      fc.property(anyWord, anyWord, anyWord, (a, b, c) => {
        expect(editDistance(a, a)).toBe(0);
        expect(editDistance(a, b) === 0).toBe(a === b);
        expect(editDistance(a, b)).toBe(editDistance(b, a));
        expect(editDistance(a, c)).toBeLessThanOrEqual(editDistance(a, b) + editDistance(b, c));
      }),
      { numRuns: 500 },
    );
  });

  it('lies between the difference in length and the longer length', () => {
    fc.assert(
      fc.property(anyWord, anyWord, (a, b) => {
        const d = editDistance(a, b);
        expect(d).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
        expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
      }),
      { numRuns: 500 },
    );
  });
});

describe('didYouMean (property, issue 10)', () => {
  it('returns one of the candidates, or nothing', () => {
    fc.assert(
      fc.property(word, candidates, (w, cs) => {
        const got = didYouMean(w, cs);
        if (got !== undefined) expect(cs).toContain(got);
      }),
      { numRuns: 500 },
    );
  });

  it('returns the word itself when it is a candidate, in any case', () => {
    fc.assert(
      fc.property(candidates, fc.nat(), fc.boolean(), (cs, i, upper) => {
        const c = cs[i % cs.length]!;
        expect(didYouMean(c, cs)).toBe(c);
        expect(didYouMean(upper ? c.toUpperCase() : c.toLowerCase(), cs)).toBe(c);
      }),
      { numRuns: 500 },
    );
  });

  it('finds a candidate of four letters or more from a one-edit typo, and none closer exists', () => {
    fc.assert(
      fc.property(
        candidates.chain((cs) => {
          const long = cs.filter((c) => c.length >= 4);
          return long.length ? fc.tuple(fc.constant(cs), fc.constantFrom(...long).chain(typoOf)) : fc.constant(undefined);
        }),
        (found) => {
          fc.pre(found !== undefined);
          const [cs, typo] = found!;
          const got = didYouMean(typo, cs);
          expect(got).toBeDefined();
          const d = reference(typo.toLowerCase(), got!.toLowerCase());
          expect(d).toBeLessThanOrEqual(1);
          for (const c of cs) expect(reference(typo.toLowerCase(), c.toLowerCase())).toBeGreaterThanOrEqual(d);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('is the first closest candidate, ignoring case, when within max(2, a third of the word), else nothing', () => {
    fc.assert(
      fc.property(word, candidates, (w, cs) => {
        const ds = cs.map((c) => reference(w.toLowerCase(), c.toLowerCase()));
        const best = Math.min(...ds);
        const want = best <= Math.max(2, Math.floor(w.length / 3)) ? cs[ds.indexOf(best)] : undefined;
        expect(didYouMean(w, cs)).toBe(want);
      }),
      { numRuns: 500 },
    );
  });
});
