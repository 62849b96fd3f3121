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

/** Advances in 1/1000 em, Latin from the Latin face and East Asian from the CJK face, per code point. */
export interface Advances {
  units(cp: number): number;
  /** Inches per unit at the font's size. */
  scale: number;
}

/** The Basic Multilingual Plane's advances of one face pair, built on first use: wrapping asks for every character. */
const tables = new Map<string, Uint16Array>();

function bmpTable(family: string, bold: boolean): Uint16Array {
  const key = `${byName.get(family.toLowerCase()) ?? DEFAULT_FAMILY}\u0000${bold ? 1 : 0}`;
  let t = tables.get(key);
  if (!t) {
    const latin = face(family, bold);
    const cjk = face(CJK_FAMILY, bold);
    t = new Uint16Array(0x10000);
    for (let cp = 0; cp < 0x10000; cp++) t[cp] = isWide(cp) ? cjk.width(cp) : latin.width(cp);
    tables.set(key, t);
  }
  return t;
}

const byFont = new Map<string, Advances>();

export function advances(font: FontSpec): Advances {
  const key = `${font.family}\u0000${font.bold ? 1 : 0}\u0000${font.size}`;
  const hit = byFont.get(key);
  if (hit) return hit;
  // fonts and sizes are few; a theme that somehow used thousands would only cost this map
  if (byFont.size > 4096) byFont.clear();
  const a = makeAdvances(font);
  byFont.set(key, a);
  return a;
}

function makeAdvances(font: FontSpec): Advances {
  const t = bmpTable(font.family, font.bold);
  const latin = face(font.family, font.bold);
  const cjk = face(CJK_FAMILY, font.bold);
  return {
    units: (cp) => (cp < 0x10000 ? t[cp]! : isWide(cp) ? cjk.width(cp) : latin.width(cp)),
    scale: font.size / 72000,
  };
}

/** Width of a string in 1/1000 em; times `advances(font).scale` it is inches. */
export function textUnits(text: string, a: Advances): number {
  let units = 0;
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp < 0xdc00 && i + 1 < text.length) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo < 0xe000) {
        cp = (cp - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000;
        i++;
      }
    }
    units += a.units(cp);
  }
  return units;
}

/** Width of a string in inches: Latin from the Latin face, East Asian from the CJK face. */
export function textWidth(text: string, font: FontSpec): number {
  const a = advances(font);
  return textUnits(text, a) * a.scale;
}

/** Line heights in inches of a line without and with East Asian text (Noto Sans CJK's is taller). */
export function lineHeights(font: FontSpec, spacing: number): { plain: number; wide: number } {
  const lh = face(font.family, font.bold).lineHeight;
  const cjk = Math.max(lh, face(CJK_FAMILY, font.bold).lineHeight);
  return { plain: (font.size * lh * spacing) / 72, wide: (font.size * cjk * spacing) / 72 };
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
