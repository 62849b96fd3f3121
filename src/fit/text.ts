import { isWide } from '../base/unicode.js';
import type { Memo } from '../base/memo.js';
import { lineHeight, textWidth, type FontSpec } from './metrics.js';

/** Wrap a little inside the box: renderers kern and round differently, and a spill is worse than a gap. */
const SAFETY = 0.98;

/** Break text into the pieces a line may end after: words, and single wide (CJK) characters. */
function tokens(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (const ch of text) {
    if (ch === ' ') {
      out.push(cur + ' ');
      cur = '';
    } else if (isWide(ch.codePointAt(0)!)) {
      if (cur) out.push(cur);
      out.push(ch);
      cur = '';
    } else cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

/** Split an over-long word into pieces that fit `width`. */
function breakWord(word: string, width: number, font: FontSpec): string[] {
  const out: string[] = [];
  let cur = '';
  for (const ch of word) {
    if (cur && textWidth(cur + ch, font) > width) {
      out.push(cur);
      cur = '';
    }
    cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

/** Wrapped lines by font, width and text: a batch measures the same texts at the same sizes deck after deck. */
export type WrapMemo = Memo<string[]>;

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

/** Greedy line wrap, as PowerPoint and LibreOffice do it; `\n` forces a break. */
export function wrap(text: string, width: number, font: FontSpec): string[] {
  if (!current) return wrapUncached(text, width, font);
  const key = `${font.family}\u0000${font.size}\u0000${font.bold ? 1 : 0}\u0000${width.toFixed(5)}\u0000${text}`;
  return current.get(key) ?? current.set(key, wrapUncached(text, width, font));
}

function wrapUncached(text: string, width: number, font: FontSpec): string[] {
  const w = width * SAFETY;
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const tok of tokens(para)) {
      const candidate = line + tok;
      if (textWidth(candidate.trimEnd(), font) <= w) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line.trimEnd());
      if (textWidth(tok.trimEnd(), font) > w) {
        const pieces = breakWord(tok.trimEnd(), w, font);
        lines.push(...pieces.slice(0, -1));
        line = (pieces.at(-1) ?? '') + (tok.endsWith(' ') ? ' ' : '');
      } else line = tok;
    }
    lines.push(line.trimEnd());
  }
  return lines;
}

/** Height in inches of text wrapped to `width`, and its line count. */
export function wrappedHeight(text: string, width: number, font: FontSpec, spacing: number): { height: number; lines: number } {
  const lines = wrap(text, width, font);
  let height = 0;
  for (const l of lines) height += lineHeight(font, spacing, l);
  return { height, lines: lines.length };
}

/** The widest unbreakable piece of text: a column can be no narrower. */
export function longestToken(text: string, font: FontSpec): number {
  let max = 0;
  for (const t of tokens(text.replace(/\n/g, ' '))) max = Math.max(max, textWidth(t.trimEnd(), font));
  return max / SAFETY;
}

/** Cut text so it wraps to at most `maxLines` lines of `width`, ending in an ellipsis. */
export function truncate(text: string, width: number, font: FontSpec, maxLines: number): string {
  if (wrap(text, width, font).length <= maxLines) return text;
  // binary search on the number of characters kept, so CJK text (no spaces) cuts as well as Latin
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (wrap(`${chars.slice(0, mid).join('').trimEnd()}…`, width, font).length <= maxLines) lo = mid;
    else hi = mid - 1;
  }
  return `${chars.slice(0, lo).join('').trimEnd()}…`;
}
