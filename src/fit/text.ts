import { isWide, textWidth, type FontSpec } from './metrics.js';

/** Break text into the pieces a line may end after: words, and single wide (CJK) characters. */
function tokens(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (const ch of text) {
    const wide = isWide(ch.codePointAt(0) ?? 0);
    if (ch === ' ') {
      out.push(cur + ' ');
      cur = '';
    } else if (wide) {
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

/** Greedy line wrap, as PowerPoint and LibreOffice do it; `\n` forces a break. */
export function wrap(text: string, width: number, font: FontSpec): string[] {
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const tok of tokens(para)) {
      const candidate = line + tok;
      if (textWidth(candidate.trimEnd(), font) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line.trimEnd());
      if (textWidth(tok.trimEnd(), font) > width) {
        const pieces = breakWord(tok.trimEnd(), width, font);
        lines.push(...pieces.slice(0, -1));
        line = (pieces.at(-1) ?? '') + (tok.endsWith(' ') ? ' ' : '');
      } else line = tok;
    }
    lines.push(line.trimEnd());
  }
  return lines;
}

/** The widest unbreakable piece of text: a column can be no narrower. */
export function longestToken(text: string, font: FontSpec): number {
  let max = 0;
  for (const t of tokens(text.replace(/\n/g, ' '))) max = Math.max(max, textWidth(t.trimEnd(), font));
  return max;
}

/** Cut text to `maxLines` lines of `width`, ending in an ellipsis. */
export function truncate(text: string, width: number, font: FontSpec, maxLines: number): string {
  const lines = wrap(text, width, font);
  if (lines.length <= maxLines) return text;
  const kept = lines.slice(0, maxLines);
  let last = kept[maxLines - 1] ?? '';
  while (last && textWidth(`${last}…`, font) > width) last = last.slice(0, -1);
  kept[maxLines - 1] = `${last.trimEnd()}…`;
  return kept.join(' ');
}
