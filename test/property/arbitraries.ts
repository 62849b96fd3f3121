/** Generators shared by the property tests: fonts, and text in Latin, CJK and both. */
import fc from 'fast-check';
import { isWide } from '../../src/base/unicode.js';
import type { FontSpec } from '../../src/fit/metrics.js';

/** Fonts the themes use; the measurer maps Calibri to Carlito and Arial to Liberation Sans. */
export const family = fc.constantFrom('Calibri', 'Arial');

export const font: fc.Arbitrary<FontSpec> = fc.record({
  family,
  size: fc.integer({ min: 16, max: 80 }).map((h) => h / 2),
  bold: fc.boolean(),
});

const fromCodes = (first: number, last: number) => fc.integer({ min: first, max: last }).map((cp) => String.fromCodePoint(cp));

const latinLetter = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.split(''), ',', '.', '-', '(', ')', '’', 'é', 'ü');
const hangul = fromCodes(0xac00, 0xd7a3);
const han = fromCodes(0x4e00, 0x9fff);
const kana = fromCodes(0x3040, 0x30ff);
const widePunct = fc.constantFrom('、', '。', '「', '」', '（', '）', '，');

export const latinWord = fc.string({ unit: latinLetter, minLength: 1, maxLength: 12 });
/** Words longer than many columns: they must be broken. */
export const longWord = fc.string({ unit: latinLetter, minLength: 16, maxLength: 45 });
export const cjkWord = fc.oneof(
  fc.string({ unit: hangul, minLength: 1, maxLength: 6 }),
  fc.string({ unit: han, minLength: 1, maxLength: 8 }),
  fc.string({ unit: fc.oneof(kana, han), minLength: 1, maxLength: 8 }),
  fc.tuple(fc.string({ unit: han, minLength: 1, maxLength: 5 }), widePunct).map(([a, b]) => a + b),
);
/** Latin glued to CJK without a space, as in "G20정상회의". */
export const mixedWord = fc.tuple(latinWord, cjkWord, fc.boolean()).map(([l, c, latinFirst]) => (latinFirst ? l + c : c + l));

export const word = fc.oneof(
  { arbitrary: latinWord, weight: 6 },
  { arbitrary: longWord, weight: 1 },
  { arbitrary: cjkWord, weight: 3 },
  { arbitrary: mixedWord, weight: 2 },
);

/** One paragraph: words separated by single spaces. */
export const paragraph = fc.array(word, { minLength: 0, maxLength: 25 }).map((ws) => ws.join(' '));

/** Paragraphs joined by '\n' (an empty paragraph is a blank line). */
export const text = fc.array(paragraph, { minLength: 1, maxLength: 4 }).map((ps) => ps.join('\n'));

/** Text that is one script only. */
export const latinText = fc.array(fc.array(fc.oneof(latinWord, longWord), { maxLength: 25 }).map((ws) => ws.join(' ')), { minLength: 1, maxLength: 3 }).map((ps) => ps.join('\n'));
export const cjkText = fc.array(fc.array(cjkWord, { maxLength: 25 }).map((ws) => ws.join(' ')), { minLength: 1, maxLength: 3 }).map((ps) => ps.join('\n'));

/**
 * The unbreakable pieces of a text, as a reader sees them: words between spaces and line breaks,
 * with every East Asian character a piece of its own (a line may break between any two).
 */
export function pieces(s: string): string[] {
  const out: string[] = [];
  for (const w of s.split(/[ \n]+/)) {
    let run = '';
    for (const ch of w) {
      if (isWide(ch.codePointAt(0)!)) {
        if (run) out.push(run);
        out.push(ch);
        run = '';
      } else run += ch;
    }
    if (run) out.push(run);
  }
  return out;
}
