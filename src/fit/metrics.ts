import { isWide } from '../base/unicode.js';
import { METRICS } from './metrics-data.js';
import type { FaceMetrics } from './metrics-types.js';

/**
 * Text measurement with the advance widths of the metric-compatible free fonts (Carlito for
 * Calibri, Liberation Sans for Arial, Noto Sans CJK for Korean, Chinese and Japanese), extracted by
 * scripts/extract-metrics.ts. Kerning is ignored, which errs wide: a fitted box does not overflow.
 */

/** A face's widths as a sparse lookup table. */
class Face {
  private readonly widths = new Map<number, number>();
  readonly lineHeight: number;
  readonly fallback: number;
  constructor(readonly m: FaceMetrics) {
    for (const [start, ws] of m.ranges) ws.forEach((w, i) => w > 0 && this.widths.set(start + i, w));
    this.lineHeight = m.lineHeight;
    // an unknown character is measured as a wide Latin letter, erring on the safe side
    this.fallback = this.widths.get(0x4d) ?? m.han;
  }
  width(cp: number): number {
    return this.widths.get(cp) ?? (cp >= 0xac00 && cp <= 0xd7a3 ? this.m.hangul : isWide(cp) ? this.m.han : this.fallback);
  }
}

const faces = new Map<string, { regular: Face; bold: Face }>();
const byName = new Map<string, string>();
for (const [family, d] of Object.entries(METRICS)) {
  faces.set(family, { regular: new Face(d.regular), bold: new Face(d.bold) });
  for (const n of [family, ...d.standsFor]) byName.set(n.toLowerCase(), family);
}
const CJK_FAMILY = 'Noto Sans CJK';
const DEFAULT_FAMILY = 'Carlito';

function face(font: string, bold: boolean): Face {
  const f = faces.get(byName.get(font.toLowerCase()) ?? DEFAULT_FAMILY)!;
  return bold ? f.bold : f.regular;
}

export interface FontSpec {
  /** Latin font family as the theme names it, e.g. Calibri. */
  family: string;
  size: number;
  bold: boolean;
}

/** Width of a string in inches: Latin from the Latin face, East Asian from the CJK face. */
export function textWidth(text: string, font: FontSpec): number {
  const latin = face(font.family, font.bold);
  const cjk = face(CJK_FAMILY, font.bold);
  let units = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    units += isWide(cp) ? cjk.width(cp) : latin.width(cp);
  }
  return (units / 1000) * (font.size / 72);
}

/** Height of one line in inches; lines holding East Asian text are taller (Noto Sans CJK). */
export function lineHeight(font: FontSpec, spacing: number, text = ''): number {
  let lh = face(font.family, font.bold).lineHeight;
  for (const ch of text) {
    if (isWide(ch.codePointAt(0)!)) {
      lh = Math.max(lh, face(CJK_FAMILY, font.bold).lineHeight);
      break;
    }
  }
  return (font.size * lh * spacing) / 72;
}

/** The free face fitting measures a named font with (Carlito for Calibri…), as its family is installed. */
export function measuredFamily(font: string): string {
  return face(font, false).m.name;
}
