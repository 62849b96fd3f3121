import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectEastAsian, EAST_ASIAN_RANGES, isWide, scriptOf, scriptSegments, type EastAsian } from '../../src/base/unicode.js';

/** What the table says of one code point, read by a plain scan of EAST_ASIAN_RANGES. */
const rangeOf = (cp: number) => EAST_ASIAN_RANGES.find(([first, last]) => cp >= first && cp <= last)?.[2];

/** Code points at and around every range edge, where an off-by-one would show. */
const edges = EAST_ASIAN_RANGES.flatMap(([first, last]) => [first - 1, first, first + 1, last - 1, last, last + 1]).filter((cp) => cp >= 0 && cp <= 0x10ffff);

const codePoint = fc.oneof(
  { arbitrary: fc.constantFrom(...edges), weight: 3 },
  { arbitrary: fc.integer({ min: 0, max: 0x10ffff }), weight: 2 },
  { arbitrary: fc.integer({ min: 0x1000, max: 0xffff }), weight: 2 },
  { arbitrary: fc.integer({ min: 0x20, max: 0x7e }), weight: 3 },
);

/** Text mixing ASCII, spaces, range edges and any other code point, lone surrogates included. */
const mixedText = fc.array(fc.oneof(codePoint, fc.constant(0x20)), { maxLength: 40 }).map((cps) => cps.map((cp) => String.fromCodePoint(cp)).join(''));

describe('East Asian script table (property, issue 10)', () => {
  it('isWide is true exactly for the code points in EAST_ASIAN_RANGES', () => {
    fc.assert(
      fc.property(codePoint, (cp) => {
        expect(isWide(cp)).toBe(rangeOf(cp) !== undefined);
      }),
      { numRuns: 3000 },
    );
    for (const cp of edges) expect(isWide(cp), cp.toString(16)).toBe(rangeOf(cp) !== undefined);
  });

  it('scriptOf gives the range script, and none to wide punctuation', () => {
    fc.assert(
      fc.property(codePoint, (cp) => {
        const r = rangeOf(cp);
        expect(scriptOf(cp)).toBe(r === 'punct' ? undefined : r);
      }),
      { numRuns: 2000 },
    );
  });

  it('detectEastAsian agrees with a character-by-character reading: Hangul wins, then Kana, then Han', () => {
    fc.assert(
      fc.property(mixedText, (t) => {
        const seen = new Set([...t].map((ch) => rangeOf(ch.codePointAt(0)!)));
        const want: EastAsian | undefined = seen.has('ko') ? 'ko' : seen.has('ja') ? 'ja' : seen.has('zh') ? 'zh' : undefined;
        expect(detectEastAsian(t)).toBe(want);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('scriptSegments (property, issue 10)', () => {
  it('gives segments that join back to the text, none empty, each of another script than the one before', () => {
    fc.assert(
      fc.property(mixedText, (t) => {
        const segs = scriptSegments(t);
        expect(segs.map((s) => s.text).join('')).toBe(t);
        for (const s of segs) expect(s.text).not.toBe('');
        for (let i = 1; i < segs.length; i++) expect(segs[i]!.script).not.toBe(segs[i - 1]!.script);
      }),
      { numRuns: 1000 },
    );
  });

  it('puts each East Asian character in a segment of its script, Han as Japanese when the text has Kana', () => {
    fc.assert(
      fc.property(mixedText, (t) => {
        const hanAs = [...t].some((ch) => rangeOf(ch.codePointAt(0)!) === 'ja') ? 'ja' : 'zh';
        for (const s of scriptSegments(t)) {
          for (const ch of s.text) {
            const r = rangeOf(ch.codePointAt(0)!);
            if (r === undefined || r === 'punct') continue;
            expect(s.script, `U+${ch.codePointAt(0)!.toString(16)}`).toBe(r === 'zh' ? hanAs : r);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('starts a new segment only at an East Asian character', () => {
    // Latin, digits, spaces and punctuation stay with the segment they follow
    fc.assert(
      fc.property(mixedText, (t) => {
        const segs = scriptSegments(t);
        for (const s of segs.slice(1)) {
          const r = rangeOf(s.text.codePointAt(0)!);
          expect(r !== undefined && r !== 'punct', s.text).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
