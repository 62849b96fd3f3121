/**
 * Text measurement. Advance widths are approximated by character class, in em, erring wide so a
 * fitted box never overflows in the real font. Korean, Chinese and Japanese are full-width.
 */

export function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x11ff) || // Hangul Jamo
    (cp >= 0x2e80 && cp <= 0x303f) || // CJK radicals, punctuation
    (cp >= 0x3040 && cp <= 0x30ff) || // Kana
    (cp >= 0x3130 && cp <= 0x318f) || // Hangul compatibility Jamo
    (cp >= 0x3400 && cp <= 0x4dbf) || // Han ext A
    (cp >= 0x4e00 && cp <= 0x9fff) || // Han
    (cp >= 0xac00 && cp <= 0xd7a3) || // Hangul syllables
    (cp >= 0xf900 && cp <= 0xfaff) || // Han compatibility
    (cp >= 0xff00 && cp <= 0xff60) || // full-width forms
    (cp >= 0x20000 && cp <= 0x3ffff) // Han ext B+
  );
}

const NARROW = new Set([...".,;:'!|()[]{}ijlIftr`’‘"]);
const WIDE = new Set([...'mwMW@%—']);

/** Advance width of one character, in em. */
export function charEm(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  if (isWide(cp)) return 1.0;
  if (ch === ' ') return 0.23;
  if (NARROW.has(ch)) return 0.3;
  if (WIDE.has(ch)) return 0.86;
  if (ch >= 'A' && ch <= 'Z') return 0.62;
  if (ch >= '0' && ch <= '9') return 0.52;
  if (ch === '–' || ch === '“' || ch === '”' || ch === '"') return 0.5;
  return 0.52;
}

export interface FontSpec {
  size: number;
  bold: boolean;
}

/** Width of a string in inches. */
export function textWidth(text: string, font: FontSpec): number {
  let em = 0;
  for (const ch of text) em += charEm(ch);
  return (em * font.size * (font.bold ? 1.06 : 1)) / 72;
}

/** Height of one line in inches, for a line-spacing multiple. */
export function lineHeight(size: number, spacing: number): number {
  return (size * 1.2 * spacing) / 72;
}
