/**
 * Unicode facts every stage shares: the one table of East Asian scripts (fit measures these
 * characters with the CJK face, conform gives their runs an East Asian `lang` and font, check
 * looks for runs that lack them), and the characters XML cannot hold.
 */

export type EastAsian = 'ko' | 'ja' | 'zh';

/** What a wide character is: a script's letter, or wide punctuation that belongs to none. */
type Wide = EastAsian | 'punct';

/** The one script table: [first, last, what], by code point. */
export const EAST_ASIAN_RANGES: readonly (readonly [number, number, Wide])[] = [
  [0x1100, 0x11ff, 'ko'], // Hangul Jamo
  [0x2e80, 0x303f, 'punct'], // CJK radicals, symbols and punctuation
  [0x3040, 0x30ff, 'ja'], // Hiragana, Katakana
  [0x3130, 0x318f, 'ko'], // Hangul compatibility Jamo
  [0x31f0, 0x31ff, 'ja'], // Katakana phonetic extensions
  [0x3400, 0x4dbf, 'zh'], // Han extension A
  [0x4e00, 0x9fff, 'zh'], // Han
  [0xac00, 0xd7a3, 'ko'], // Hangul syllables
  [0xf900, 0xfaff, 'zh'], // Han compatibility ideographs
  [0xff00, 0xffef, 'punct'], // half- and full-width forms
  [0x20000, 0x3ffff, 'zh'], // Han extensions B and later
];

const CODES: Record<Wide, number> = { ko: 1, ja: 2, zh: 3, punct: 4 };
const BY_CODE: readonly (Wide | undefined)[] = [undefined, 'ko', 'ja', 'zh', 'punct'];

// The Basic Multilingual Plane as a lookup table built from the ranges above: measuring text asks
// this for every character.
const BMP = new Uint8Array(0x10000);
for (const [first, last, what] of EAST_ASIAN_RANGES) if (first < 0x10000) BMP.fill(CODES[what], first, last + 1);
const ASTRAL = EAST_ASIAN_RANGES.filter(([first]) => first >= 0x10000);

function wideOf(cp: number): Wide | undefined {
  if (cp < 0x10000) return BY_CODE[BMP[cp]!];
  for (const [first, last, what] of ASTRAL) if (cp >= first && cp <= last) return what;
  return undefined;
}

/** Whether a character is drawn from the East Asian face (a full-width advance). */
export function isWide(cp: number): boolean {
  return cp < 0x10000 ? BMP[cp] !== 0 : wideOf(cp) !== undefined;
}

/** The East Asian script of one character, if it has one; wide punctuation has none. */
export function scriptOf(cp: number): EastAsian | undefined {
  const w = wideOf(cp);
  return w === 'punct' ? undefined : w;
}

/** The script of a text: Hangul wins, then Kana; Han alone is read as Chinese. */
export function detectEastAsian(text: string): EastAsian | undefined {
  let han = false;
  let kana = false;
  for (const ch of text) {
    const s = scriptOf(ch.codePointAt(0)!);
    if (s === 'ko') return 'ko';
    if (s === 'ja') kana = true;
    else if (s === 'zh') han = true;
  }
  return kana ? 'ja' : han ? 'zh' : undefined;
}

export const LANG: Record<EastAsian, string> = { ko: 'ko-KR', ja: 'ja-JP', zh: 'zh-CN' };

/**
 * Split text into script segments: Hangul is Korean, Kana Japanese, Han Chinese unless the text
 * holds Kana; Latin, punctuation and spaces stay with the segment they follow. The segments join
 * back to the text.
 */
export function scriptSegments(text: string): { text: string; script: EastAsian | undefined }[] {
  const hanAs: EastAsian = [...text].some((ch) => scriptOf(ch.codePointAt(0)!) === 'ja') ? 'ja' : 'zh';
  const out: { text: string; script: EastAsian | undefined }[] = [];
  for (const ch of text) {
    const s = scriptOf(ch.codePointAt(0)!);
    const script = s === 'zh' ? hanAs : s;
    const last = out[out.length - 1];
    if (last && (script === undefined || script === last.script)) last.text += ch;
    else out.push({ text: ch, script });
  }
  return out;
}

/** Characters that XML 1.0 forbids; a vertical tab pasted from PowerPoint is the usual one. */
export const XML_ILLEGAL_SOURCE = '[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\ufffe\\uffff]';

/** A fresh global regex for XML-illegal characters (a shared /g regex keeps `lastIndex` between uses). */
export const xmlIllegal = (): RegExp => new RegExp(XML_ILLEGAL_SOURCE, 'g');
