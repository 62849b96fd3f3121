import { isWide } from '../../src/base/unicode.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineHeight, textWidth, type FontSpec } from '../../src/fit/metrics.js';
import { longestToken, truncate, truncateKeeping, wrap, wrappedHeight } from '../../src/fit/text.js';
import { cjkText, font, latinText, pieces, text } from './arbitraries.js';

/** Wrapping keeps 2% in hand (SAFETY in src/fit/text.ts): a line fits when it is within 98% of the width. */
const SAFETY = 0.98;

/** Widths from a narrow table column to a wide text box, in inches. */
const width = fc.double({ min: 0.3, max: 10, noNaN: true });
const anyText = fc.oneof(text, latinText, cjkText);

const widest = (t: string, f: FontSpec) => Math.max(0, ...pieces(t).map((p) => textWidth(p, f)));
const squeeze = (s: string) => s.replace(/[ \n]/g, '');

describe('wrap (property, issue 10)', () => {
  it('keeps every character, in order: the lines hold the text without its spaces and breaks', () => {
    fc.assert(
      fc.property(anyText, width, font, (t, w, f) => {
        expect(squeeze(wrap(t, w, f).join(''))).toBe(squeeze(t));
      }),
      { numRuns: 200 },
    );
  });

  it('keeps every word whole and in order when the width holds the widest word', () => {
    // joining the lines with spaces gives back the words of the text, Latin, CJK or mixed
    fc.assert(
      fc.property(anyText, width, font, (t, w, f) => {
        const lines = wrap(t, Math.max(w, longestToken(t, f) * (1 + 1e-9)), f);
        expect(pieces(lines.join(' '))).toEqual(pieces(t));
      }),
      { numRuns: 200 },
    );
  });

  it('breaks at every \\n and never across one', () => {
    fc.assert(
      fc.property(anyText, width, font, (t, w, f) => {
        expect(wrap(t, w, f)).toEqual(t.split('\n').flatMap((p) => wrap(p, w, f)));
        expect(wrap(t, w, f).length).toBeGreaterThanOrEqual(t.split('\n').length);
      }),
      { numRuns: 200 },
    );
  });

  it('fits every line in the width, unless the line is one character wider than the width', () => {
    // a word wider than the width is broken into pieces that each fit; only a single glyph can overflow
    fc.assert(
      fc.property(anyText, width, font, (t, w, f) => {
        for (const line of wrap(t, w, f)) {
          if ([...line.trim()].length <= 1) continue;
          expect(textWidth(line, f), line).toBeLessThanOrEqual(w * SAFETY + 1e-9);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('fills lines greedily: the first word of a line did not fit at the end of the line before', () => {
    // at widths that break no word: the rest of a broken word starts its own line by design
    fc.assert(
      fc.property(anyText, width, font, (t, w, f) => {
        const wide = Math.max(w, longestToken(t, f) * (1 + 1e-9));
        for (const para of t.split('\n')) {
          const lines = wrap(para, wide, f);
          for (let i = 0; i + 1 < lines.length; i++) {
            const next = pieces(lines[i + 1]!)[0] ?? '';
            // with the space that separated them, if there was one; a space only widens the line
            const joined = `${lines[i]!} ${next}`;
            const tight = lines[i]! + next;
            const fitsTight = textWidth(tight, f) <= wide * SAFETY;
            const fitsSpaced = textWidth(joined, f) <= wide * SAFETY;
            expect(fitsSpaced, `"${lines[i]}" + "${next}"`).toBe(false);
            // between two East Asian characters there is no space, so the tight join must not fit either
            if (!para.includes(joined) && para.includes(tight)) expect(fitsTight, `"${lines[i]}" + "${next}"`).toBe(false);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('wrappedHeight, longestToken and truncate (property, issue 10)', () => {
  it('wrappedHeight counts the wrapped lines, between Latin and East Asian line heights each', () => {
    fc.assert(
      fc.property(anyText, width, font, fc.constantFrom(0.9, 1, 1.15), (t, w, f, spacing) => {
        const { height, lines } = wrappedHeight(t, w, f, spacing);
        expect(lines).toBe(wrap(t, w, f).length);
        const latin = lineHeight(f, spacing, 'M');
        const east = lineHeight(f, spacing, '한');
        expect(height).toBeGreaterThanOrEqual(lines * Math.min(latin, east) - 1e-9);
        expect(height).toBeLessThanOrEqual(lines * Math.max(latin, east) + 1e-9);
      }),
      { numRuns: 200 },
    );
  });

  it('wrappedHeight sets Latin lines at the Latin line height and East Asian lines at the taller CJK one', () => {
    fc.assert(
      fc.property(latinText, cjkText, width, font, (latin, cjk, w, f) => {
        const lat = wrappedHeight(latin, w, f, 1);
        expect(lat.height).toBeCloseTo(lat.lines * lineHeight(f, 1, 'M'), 9);
        // every line of East Asian text holds at least one East Asian character, unless it is empty
        const east = wrap(cjk, w, f).filter((l) => l !== '').length;
        const blank = wrap(cjk, w, f).length - east;
        expect(wrappedHeight(cjk, w, f, 1).height).toBeCloseTo(east * lineHeight(f, 1, '한') + blank * lineHeight(f, 1, 'M'), 9);
      }),
      { numRuns: 150 },
    );
  });

  it('wrappedHeight adds up over paragraphs', () => {
    fc.assert(
      fc.property(anyText, anyText, width, font, (a, b, w, f) => {
        const both = wrappedHeight(`${a}\n${b}`, w, f, 1);
        expect(both.lines).toBe(wrappedHeight(a, w, f, 1).lines + wrappedHeight(b, w, f, 1).lines);
        expect(both.height).toBeCloseTo(wrappedHeight(a, w, f, 1).height + wrappedHeight(b, w, f, 1).height, 9);
      }),
      { numRuns: 150 },
    );
  });

  it('longestToken is the widest word or East Asian character, with the wrapping margin', () => {
    fc.assert(
      fc.property(anyText, font, (t, f) => {
        expect(longestToken(t, f)).toBeCloseTo(widest(t, f) / SAFETY, 9);
      }),
      { numRuns: 200 },
    );
  });

  it('a width a little under longestToken breaks a word (when the widest piece can be broken)', () => {
    fc.assert(
      fc.property(anyText, font, (t, f) => {
        const top = pieces(t).reduce((a, p) => (textWidth(p, f) > textWidth(a, f) ? p : a), '');
        fc.pre([...top].length > 1);
        const lines = wrap(t, longestToken(t, f) * 0.999, f);
        expect(pieces(lines.join(' '))).not.toEqual(pieces(t));
      }),
      { numRuns: 200 },
    );
  });

  it('truncate returns the text when it fits, or a prefix and an ellipsis that wraps to the lines allowed', () => {
    fc.assert(
      fc.property(anyText, width, font, fc.integer({ min: 1, max: 4 }), (t, w, f, n) => {
        const cut = truncate(t, w, f, n);
        if (wrap(t, w, f).length <= n) {
          expect(cut).toBe(t);
          return;
        }
        expect(cut.endsWith('…')).toBe(true);
        const kept = cut.slice(0, -1);
        expect(t.startsWith(kept)).toBe(true);
        expect(kept).toBe(kept.trimEnd());
        expect(wrap(cut, w, f).length).toBeLessThanOrEqual(n);
      }),
      { numRuns: 200 },
    );
  });

  it('truncateKeeping keeps the suffix whole after a cut text, within the lines allowed, when the suffix fits a line', () => {
    const suffix = fc.integer({ min: 2, max: 12 }).map((k) => ` (continued ${k}/${k + 1})`);
    fc.assert(
      fc.property(anyText, suffix, width, font, fc.integer({ min: 1, max: 3 }), (t, sfx, w, f, n) => {
        const out = truncateKeeping(t, sfx, w, f, n);
        // never more lines than allowed, whatever happens to the suffix
        expect(wrap(out, w, f).length).toBeLessThanOrEqual(n);
        if (wrap(`${t}${sfx}`, w, f).length <= n) {
          expect(out).toBe(`${t}${sfx}`);
          return;
        }
        // with room for the suffix and a few characters before it, it is kept
        if (textWidth(`MMMM…${sfx}`, f) <= w * SAFETY * 0.9) {
          expect(out.endsWith(`…${sfx}`)).toBe(true);
          expect(t.startsWith(out.slice(0, -sfx.length - 1))).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('truncate keeps as much as it can: one more word (or East Asian character) would not fit (issue 12 cuts at word ends)', () => {
    fc.assert(
      fc.property(anyText, width, font, fc.integer({ min: 1, max: 4 }), (t, w, f, n) => {
        const cut = truncate(t, w, f, n);
        fc.pre(cut !== t);
        const kept = [...cut.slice(0, -1)].length;
        const chars = [...t];
        // the next piece a line may end after: spaces the cut trimmed, then a word or one wide character
        let k = kept;
        while (k < chars.length && /\s/.test(chars[k]!)) k++;
        fc.pre(k < chars.length);
        if (isWide(chars[k]!.codePointAt(0)!)) k++;
        else while (k < chars.length && !/\s/.test(chars[k]!) && !isWide(chars[k]!.codePointAt(0)!)) k++;
        const longer = `${chars.slice(0, k).join('').trimEnd()}…`;
        expect(wrap(longer, w, f).length).toBeGreaterThan(n);
      }),
      { numRuns: 200 },
    );
  });
});
