import { isWide } from '../base/unicode.js';
import type { Memo } from '../base/memo.js';
import { advances, lineHeights, type Advances, type FontSpec } from './metrics.js';

/** Wrap a little inside the box: renderers kern and round differently, and a spill is worse than a gap. */
const SAFETY = 0.98;

const SPACE = 0x20;
const NEWLINE = 0x0a;

/**
 * Wrapped lines as offsets into their text, in flat pairs [start0, end0, start1, end1, …]: line i
 * is `text.slice(start, end)`, where end leaves out the spaces the line breaks at. An end is stored
 * as -(end + 1) when its line holds East Asian text, which sets the line taller. Offsets, not
 * strings: a page of a long text is one slice of it, and the memo holds numbers, not copies.
 */
export type Wrapped = readonly number[];

export const lineCount = (w: Wrapped): number => w.length / 2;
export const lineStart = (w: Wrapped, i: number): number => w[2 * i]!;
export const lineEnd = (w: Wrapped, i: number): number => {
  const e = w[2 * i + 1]!;
  return e < 0 ? -e - 1 : e;
};
export const lineWide = (w: Wrapped, i: number): boolean => w[2 * i + 1]! < 0;

/** The code point at `i`, and the index after it. */
function cpAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
    const lo = text.charCodeAt(i + 1);
    if (lo >= 0xdc00 && lo < 0xe000) return (c - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000;
  }
  return c;
}
const cpLen = (cp: number) => (cp > 0xffff ? 2 : 1);

/**
 * One piece a line may end after, read from `i` (not a line feed): a word with the one space after
 * it, a lone space, or a single wide (East Asian) character. `trimEnd` is where the piece's text
 * ends without its space; `units` its width without the space, in 1/1000 em.
 */
interface Token {
  end: number;
  trimEnd: number;
  units: number;
  wide: boolean;
}

function readToken(text: string, i: number, stop: number, a: Advances, out: Token): void {
  const cp = cpAt(text, i);
  if (cp === SPACE) {
    out.end = i + 1;
    out.trimEnd = i;
    out.units = 0;
    out.wide = false;
    return;
  }
  if (isWide(cp)) {
    out.end = out.trimEnd = i + cpLen(cp);
    out.units = a.units(cp);
    out.wide = true;
    return;
  }
  let units = 0;
  let k = i;
  while (k < stop) {
    const c = cpAt(text, k);
    if (c === SPACE || isWide(c)) break;
    units += a.units(c);
    k += cpLen(c);
  }
  out.trimEnd = k;
  out.end = k < stop && text.charCodeAt(k) === SPACE ? k + 1 : k;
  out.units = units;
  out.wide = false;
}

/** Wrapped lines by font, width and text: a batch measures the same texts at the same sizes deck after deck. */
export type WrapMemo = Memo<Wrapped>;

/** What a memo entry costs in bytes: the key's UTF-16 and the numbers. */
export const wrapCost = (key: string, w: Wrapped): number => 2 * key.length + 8 * w.length + 64;

/** The memo of the fitting under way; fitting is synchronous, so one at a time per thread. */
let current: WrapMemo | undefined;

/** Run `fn` with wraps remembered in `memo` (a session's). */
export function withWrapMemo<T>(memo: WrapMemo | undefined, fn: () => T): T {
  const outer = current;
  current = memo;
  try {
    return fn();
  } finally {
    current = outer;
  }
}

/**
 * Greedy line wrap, as PowerPoint and LibreOffice do it; `\n` forces a break. One pass over the
 * text, each character measured once. Stops after `limit` lines, for callers that only ask
 * whether text fits.
 */
function wrapUncached(text: string, width: number, font: FontSpec, limit = Infinity): number[] {
  const a = advances(font);
  const max = width * SAFETY;
  const fits = (units: number) => units * a.scale <= max;
  const spaceUnits = a.units(SPACE);
  const out: number[] = [];
  const push = (start: number, end: number, wide: boolean) => out.push(start, wide ? -(end + 1) : end);
  const tok: Token = { end: 0, trimEnd: 0, units: 0, wide: false };
  let p = 0;
  while (out.length < 2 * limit) {
    let stop = text.indexOf('\n', p);
    if (stop < 0) stop = text.length;
    // the line being filled: [start, fullEnd) with its spaces, [start, trimEnd) without
    let start = p;
    let fullEnd = p;
    let trimEnd = p;
    let fullUnits = 0;
    let trimUnits = 0;
    let wide = false;
    for (let i = p; i < stop && out.length < 2 * limit; ) {
      readToken(text, i, stop, a, tok);
      const space = tok.end > tok.trimEnd ? spaceUnits : 0;
      const blank = tok.trimEnd === i;
      if (fits(blank ? trimUnits : fullUnits + tok.units)) {
        if (!blank) {
          trimUnits = fullUnits + tok.units;
          trimEnd = tok.trimEnd;
          wide ||= tok.wide;
        }
        fullUnits += tok.units + space;
        fullEnd = tok.end;
        i = tok.end;
        continue;
      }
      if (fullEnd > start) push(start, trimEnd, wide);
      if (fits(tok.units)) {
        start = i;
        trimEnd = tok.trimEnd;
        trimUnits = tok.units;
        wide = tok.wide;
      } else {
        // a word wider than the line: break it between characters
        let ps = i;
        let units = 0;
        let pw = false;
        for (let k = i; k < tok.trimEnd; ) {
          const cp = cpAt(text, k);
          const u = a.units(cp);
          if (k > ps && !fits(units + u)) {
            push(ps, k, pw);
            ps = k;
            units = 0;
            pw = false;
          }
          units += u;
          pw ||= isWide(cp);
          k += cpLen(cp);
        }
        start = ps;
        trimEnd = tok.trimEnd;
        trimUnits = units;
        wide = pw;
      }
      fullUnits = trimUnits + space;
      fullEnd = tok.end;
      i = tok.end;
    }
    if (out.length >= 2 * limit) break;
    push(start, trimEnd, wide);
    if (stop >= text.length) break;
    p = stop + 1;
  }
  return out;
}

/** Wrapped lines of `text` in a box `width` inches wide, remembered in the session's memo. */
export function wrapText(text: string, width: number, font: FontSpec): Wrapped {
  if (!current) return wrapUncached(text, width, font);
  const key = `${font.family}\u0000${font.size}\u0000${font.bold ? 1 : 0}\u0000${width.toFixed(5)}\u0000${text}`;
  return current.get(key) ?? current.set(key, wrapUncached(text, width, font));
}

/** The first `limit` wrapped lines, unremembered: for asking whether a text fits a small box. */
export function wrapUpTo(text: string, width: number, font: FontSpec, limit: number): Wrapped {
  return wrapUncached(text, width, font, limit);
}

/** How many lines `text` wraps to, counting no further than `limit`. */
export function countLines(text: string, width: number, font: FontSpec, limit: number): number {
  return lineCount(wrapUncached(text, width, font, limit));
}

/** The lines as strings. */
export function wrap(text: string, width: number, font: FontSpec): string[] {
  const w = wrapText(text, width, font);
  return Array.from({ length: lineCount(w) }, (_, i) => text.slice(lineStart(w, i), lineEnd(w, i)));
}

/** Each line's height in inches. */
export function lineHeightsOf(w: Wrapped, font: FontSpec, spacing: number): number[] {
  const h = lineHeights(font, spacing);
  return Array.from({ length: lineCount(w) }, (_, i) => (lineWide(w, i) ? h.wide : h.plain));
}

/** Height in inches of text wrapped to `width`, and its line count. */
export function wrappedHeight(text: string, width: number, font: FontSpec, spacing: number): { height: number; lines: number } {
  const w = wrapText(text, width, font);
  const h = lineHeights(font, spacing);
  let height = 0;
  for (let i = 0; i < lineCount(w); i++) height += lineWide(w, i) ? h.wide : h.plain;
  return { height, lines: lineCount(w) };
}

/** Width in 1/1000 em of the widest unbreakable piece of text: a box can be no narrower. */
export function longestTokenUnits(text: string, a: Advances): number {
  const tok: Token = { end: 0, trimEnd: 0, units: 0, wide: false };
  let max = 0;
  for (let p = 0; p <= text.length; ) {
    let stop = text.indexOf('\n', p);
    if (stop < 0) stop = text.length;
    for (let i = p; i < stop; ) {
      readToken(text, i, stop, a, tok);
      if (tok.units > max) max = tok.units;
      i = tok.end;
    }
    p = stop + 1;
  }
  return max;
}

/** The widest unbreakable piece of text in inches, with the wrapping margin: a column can be no narrower. */
export function longestToken(text: string, font: FontSpec): number {
  const a = advances(font);
  return (longestTokenUnits(text, a) * a.scale) / SAFETY;
}

/** Width in 1/1000 em of the widest line of text when nothing wraps (lines split at `\n` only). */
export function widestLineUnits(text: string, a: Advances): number {
  let max = 0;
  let units = 0;
  for (let i = 0; i < text.length; ) {
    const cp = cpAt(text, i);
    if (cp === NEWLINE) {
      max = Math.max(max, units);
      units = 0;
    } else units += a.units(cp);
    i += cpLen(cp);
  }
  return Math.max(max, units);
}

/** The safety margin wrapping keeps, for callers that size boxes from widths. */
export const WRAP_SAFETY = SAFETY;

/**
 * Text and a suffix kept whole after it (a title's "(continued 2/3)"), in at most `maxLines` lines
 * of `width`: the text is cut with an ellipsis so that the suffix still fits after it. Should the
 * suffix itself not fit, the whole is cut as truncate cuts it.
 */
export function truncateKeeping(text: string, suffix: string, width: number, font: FontSpec, maxLines: number): string {
  const whole = `${text}${suffix}`;
  if (wrap(whole, width, font).length <= maxLines) return whole;
  const a = advances(font);
  let units = 0;
  for (const ch of suffix) units += a.units(ch.codePointAt(0)!);
  const room = width - (units * a.scale) / SAFETY;
  if (room > 0) {
    const kept = `${truncate(text, room, font, maxLines)}${suffix}`;
    if (wrap(kept, width, font).length <= maxLines) return kept;
  }
  return truncate(whole, width, font, maxLines);
}

/**
 * Cut text so it wraps to at most `maxLines` lines of `width`, ending in an ellipsis. Wraps once;
 * the last kept line is cut at its last break (or, in one long word, character) where the
 * ellipsis still fits.
 */
export function truncate(text: string, width: number, font: FontSpec, maxLines: number): string {
  const keep = Math.max(1, maxLines);
  const w = wrapUncached(text, width, font, keep + 1);
  if (lineCount(w) <= keep) return text;
  const a = advances(font);
  const max = width * SAFETY;
  const from = lineStart(w, keep - 1);
  const to = lineEnd(w, keep - 1);
  const ellipsis = a.units(0x2026);
  // candidate cuts: after each piece of the line, else after each character
  const cuts: number[] = [];
  const tok: Token = { end: 0, trimEnd: 0, units: 0, wide: false };
  for (let i = from; i < to; ) {
    if (text.charCodeAt(i) === NEWLINE) break;
    readToken(text, i, to, a, tok);
    if (tok.trimEnd > i) cuts.push(tok.trimEnd);
    i = tok.end;
  }
  const fitsAt = (cut: number) => {
    let units = ellipsis;
    for (let k = from; k < cut; ) {
      const cp = cpAt(text, k);
      units += a.units(cp);
      k += cpLen(cp);
    }
    return units * a.scale <= max;
  };
  // the longest prefix that fits: widths grow with the cut, so search the cuts
  const best = (xs: number[]) => {
    let lo = -1;
    let hi = xs.length - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi + 1) / 2);
      if (fitsAt(xs[mid]!)) lo = mid;
      else hi = mid - 1;
    }
    return lo < 0 ? undefined : xs[lo];
  };
  let cut = best(cuts);
  if (cut === undefined || cut === from) {
    const chars: number[] = [];
    for (let k = from; k < to; ) {
      k += cpLen(cpAt(text, k));
      chars.push(k);
    }
    cut = best(chars) ?? from;
  }
  let out = `${text.slice(0, cut).trimEnd()}…`;
  // greedy wrapping keeps the lines before the cut, so this holds; the loop guards the arithmetic
  while (cut > 0 && lineCount(wrapUncached(out, width, font, keep + 1)) > keep) {
    cut -= 1;
    out = `${text.slice(0, cut).trimEnd()}…`;
  }
  return out;
}
